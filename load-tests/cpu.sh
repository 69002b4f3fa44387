# Sourced by bench.sh and scaling.sh: CPU clock ticks (user + system, 1/CLK_TCK s each) used so far.
# ticks PID...   the sum over those processes (0 for one that is gone)
# pg_ticks       the sum over every postgres process on this machine, each counted once: the postmaster, its
#                background processes and the backends all have the process name "postgres" (matching their
#                "postgres: ..." command lines as well would count all but the postmaster twice)
ticks() { local s=0 t; for p in "$@"; do t=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0); s=$((s + t)); done; echo $s; }
pg_ticks() { ticks $(pgrep -x postgres); }
# jit_ticks PID  the part of ticks PID that the JVM's just-in-time compiler threads (C1, C2) used: on a fresh JVM they
#                compete with the event loops for the same cores until the hot code is compiled
jit_ticks() {
  local s=0 t
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ CompilerThre* | C2\ CompilerThre*) s=$((s + $(awk '{print $14+$15}' "$t/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo $s
}
