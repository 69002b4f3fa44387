# Sourced by bench.sh and scaling.sh: CPU clock ticks (user + system, 1/CLK_TCK s each) used so far.
# ticks PID...   the sum over those processes (0 for one that is gone)
# pg_ticks       the sum over every postgres process on this machine, each counted once: the postmaster, its
#                background processes and the backends all have the process name "postgres" (matching their
#                "postgres: ..." command lines as well would count all but the postmaster twice)
ticks() { local s=0 t; for p in "$@"; do t=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0); s=$((s + t)); done; echo $s; }
pg_ticks() { ticks $(pgrep -x postgres); }
