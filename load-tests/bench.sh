#!/usr/bin/env bash
# Hookline's throughput goals in one command: every figure is measured against a bare pass-through (wrk -> forwarder
# -> counting receiver, nothing stored) in the same run, on this machine, loopback only. Bounded and self-stopping.
#
#   load-tests/bench.sh RESULTS_FILE        (appends a Markdown report; also printed)
#
# Besides the ratios it reports what one event cost in CPU during each measured run: Hookline's, and PostgreSQL's
# when BENCH_PG is on this machine (every postgres process here, so a shared server's other work counts too).
#
# Environment (all optional):
#   RUNS=3        runs per ratio; the median is reported
#   SECS=20       measured seconds per run (after WARM seconds of the same load)
#   WARM=5        seconds of load before each measured run, for the forwarder and for Hookline alike; 5 is what the
#                 reference bench does, which on two busy cores measures a fresh JVM's compiler at work (about 30 s
#                 of load before it is done); WARM=40 measures the steady state
#   STEADY=1      the measured run follows the warm-up without a pause: by default the script waits for the
#                 warm-up's deliveries to arrive first, which also clears any backlog; STEADY=1 keeps the load
#                 going, as a producer would, so a backlog built during the warm-up (delivery falling behind ingest)
#                 shows in the measured run and in the drain after it. The delivered count then includes what the
#                 warm-up left queued (the rate stays what delivery managed), and the forwarder's run still pauses:
#                 it builds no backlog to carry over
#   CONNS=64      wrk connections
#   BACKLOG=1000000  pending deliveries for the slow-receiver memory test (0 skips it)
#   ONLY=ratios,mix,latency,backlog   which parts to run (default all): the closed-loop ratios (goals 1, 2, and 4
#                 with -Xmx256m), the realistic mix (goal 6), the open-loop latency (goal 3), the slow receiver with
#                 a backlog (goal 4)
#   WARM_LATENCY=30  seconds of closed-loop load before the latency run, so it measures a warm instance
#   LATENCY_RUNS=$RUNS  latency runs (each on a fresh instance; 0 skips the part); the medians are reported
#   LATENCY_PCT=70   the fixed rate of the latency run, in percent of the sustained rate measured just before it
#   WARM_OPEN=30     seconds the open-loop generator (a fresh JVM) runs at the fixed rate before it measures
#   LATENCY_JOPTS=   JVM options for the Hookline of the latency run, e.g. -Xlog:gc:file=/tmp/gc.log
#   BENCH_MIX_CHANGING=1  in the mix, every reaction changes its message's reaction state (a reactor's emoji changes
#                 from one reaction to the next); by default reactors repeat their emoji, which leaves it as it was
#   FILTER='{"platform":"whatsapp","chat_type":["direct","group"]}'   a filter (CONTRACT §10) on every webhook, e.g.
#                 one every event passes: the goals must hold when every webhook has a filter
#   BENCH_PG=postgresql://postgres@127.0.0.1:5432/   server for the throwaway databases this script creates (and
#                 drops again; it never touches a database it did not create)
#   HOOKLINE_*    any setting in the environment reaches every Hookline this script starts (the report lists them),
#                 e.g. HOOKLINE_JIT_DIRECTIVES=true; ports, database and tokens are always the script's own
# Needs: Java 17, Maven, wrk (apt-get install -y wrk), python3, curl, a PostgreSQL server at BENCH_PG.
set -euo pipefail
out=${1:?usage: load-tests/bench.sh RESULTS_FILE}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
RUNS=${RUNS:-3}; SECS=${SECS:-20}; WARM=${WARM:-5}; CONNS=${CONNS:-64}; BACKLOG=${BACKLOG:-1000000}
ONLY=${ONLY:-ratios,mix,latency,backlog}; WARM_LATENCY=${WARM_LATENCY:-30}; LATENCY_PCT=${LATENCY_PCT:-70}; WARM_OPEN=${WARM_OPEN:-30}; LATENCY_RUNS=${LATENCY_RUNS:-$RUNS}
part() { [[ ",$ONLY," == *",$1,"* ]]; }
PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/}
for tool in wrk python3 curl psql; do
  command -v $tool >/dev/null || { echo "bench.sh needs $tool on the PATH (wrk: apt-get install -y wrk)"; exit 1; }
done
logs=$(mktemp -d /tmp/hookline-bench.XXXXXX)
pids=(); dbs=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for d in "${dbs[@]}"; do psql -q "${PG}postgres" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

# --- build: a jar older than its sources is rebuilt; the load-test classes are compiled
jar=$root/target/hookline.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building target/hookline.jar (missing or older than the sources)"
  (cd "$root" && mvn -B -q package -DskipTests)
fi
(cd "$here" && mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null)
CP="$here/target/classes:$(cat "$here/target/cp.txt")"

port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
now_ms() { date +%s%3N; }
up() { for _ in $(seq 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not up: $1"; exit 1; }
rss_mib() { ps -o rss= -p "$1" | awk '{printf "%.0f", $1/1024}'; }

start_sink() { # port [delay_ms]
  java -Xmx512m -cp "$CP" hookline.load.CountingReceiver "$1" "${2:-0}" >>"$logs/sink-$1.log" 2>&1 &
  pids+=($!); up "http://127.0.0.1:$1/stats"
}
sink_count() { curl -s "http://127.0.0.1:$1/stats" | json 'd["count"]'; }
sink_last() { curl -s "http://127.0.0.1:$1/stats" | json 'd["last_ms"]'; }
sink_reset() { curl -s -XPOST "http://127.0.0.1:$1/reset" >/dev/null; }
drained() { # sink_port: waits until the count has not moved for 2 s (at most 300 s)
  local prev=-1 cur
  for _ in $(seq 150); do cur=$(sink_count "$1"); [ "$cur" = "$prev" ] && return 0; prev=$cur; sleep 2; done
}

# wrk closed loop; sets WRK_RPS, WRK_OK (2xx answers), WRK_P99, WRK_CPU (cores wrk kept busy), WRK_END (epoch ms)
closed_loop() { # url secs lua body_file
  local t0 t1 times
  TIMEFORMAT='%U %S'
  t0=$(now_ms)
  { time BENCH_BODY="$4" BENCH_TOKEN=benchingest wrk -t1 -c"$CONNS" -d"${2}s" --latency -s "$3" "$1" \
      >"$logs/wrk.out" 2>&1 || true; } 2>"$logs/wrk.time"
  t1=$(now_ms); WRK_END=$t1
  WRK_RPS=$(awk '/Requests\/sec/{printf "%.0f", $2}' "$logs/wrk.out")
  local total non2xx
  total=$(awk '/requests in/{print $1}' "$logs/wrk.out")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$logs/wrk.out"); non2xx=${non2xx:-0}
  WRK_OK=$(( total - non2xx ))
  WRK_P99=$(awk '$1=="99%"{print $2}' "$logs/wrk.out")
  times=$(tail -n 1 "$logs/wrk.time")
  WRK_CPU=$(awk -v u="${times% *}" -v s="${times#* }" -v ms=$((t1 - t0)) 'BEGIN{printf "%.2f", (u+s)/(ms/1000)}')
}

# the ceiling: forwarder with the given fan-out; sets CEIL (events/s), CEIL_GEN_CPU
ceiling() { # fanout lua body
  local sp fp; sp=$(port); fp=$(port)
  start_sink "$sp"
  java -cp "$CP" hookline.load.PassThroughForwarder "$fp" "$sp" "$1" >>"$logs/forwarder.log" 2>&1 & local F=$!
  pids+=($F)
  for _ in $(seq 150); do curl -sf -o /dev/null -XPOST -d '{}' "http://127.0.0.1:$fp/" && break; sleep 0.2; done
  closed_loop "http://127.0.0.1:$fp/v1/events" "$WARM" "$2" "$3"; drained "$sp"
  closed_loop "http://127.0.0.1:$fp/v1/events" "$SECS" "$2" "$3"
  CEIL=$WRK_RPS; CEIL_GEN_CPU=$WRK_CPU
  kill "$F" "${pids[-2]}" 2>/dev/null || true; wait "$F" 2>/dev/null || true
}

# Hookline on fresh ports and a fresh database this script creates; sets HL (pid), HLDB, IP, AP
start_hookline() { # java_opts
  HLDB="hookline_bench_$$_${#dbs[@]}"
  psql -q "${PG}postgres" -c "CREATE DATABASE $HLDB" >/dev/null; dbs+=("$HLDB")
  local db=$HLDB
  IP=$(port); AP=$(port)
  HOOKLINE_INGEST_PORT=$IP HOOKLINE_ADMIN_PORT=$AP HOOKLINE_DB_URL="${PG}$db" HOOKLINE_ADMIN_TOKEN=benchadmin \
  HOOKLINE_INGEST_TOKENS=benchingest HOOKLINE_ALLOW_PRIVATE_TARGETS=true \
    java $1 -jar "$jar" >>"$logs/hookline.log" 2>&1 &
  HL=$!; pids+=($HL)
  up "http://127.0.0.1:$AP/health"
  admin PUT /v1/workspaces/bench '{"name":"bench","notification_email":"ops@bench.test"}'
}
stop_hookline() {
  kill "$HL" 2>/dev/null || true; wait "$HL" 2>/dev/null || true
  psql -q "${PG}postgres" -c "DROP DATABASE IF EXISTS $HLDB WITH (FORCE)" >/dev/null 2>&1 || true
}
admin() { curl -sf -X "$1" -H "Authorization: Bearer benchadmin" -H "Content-Type: application/json" \
  ${3:+-d "$3"} "http://127.0.0.1:$AP$2" >/dev/null; }
hook() { admin POST /v1/workspaces/bench/webhooks \
  "{\"url\":\"http://127.0.0.1:$1/hook\",\"event_type\":\"$2\"${FILTER:+,\"filter\":$FILTER}}"; }

# RSS sampler: the peak resident memory of a pid, written to a file every 0.5 s
sample_rss() { # pid file
  ( peak=0; while kill -0 "$1" 2>/dev/null; do
      r=$(ps -o rss= -p "$1" 2>/dev/null | tr -d ' '); [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r && echo $((peak / 1024)) >"$2"
      sleep 0.5; done ) & pids+=($!)
}

source "$here/cpu.sh"
# "H/P/J%": µs of CPU per event that Hookline and PostgreSQL used between two readings, and the share of Hookline's
# that went to its JIT compiler threads; P is "-" unless BENCH_PG is on this machine (127.0.0.1 or localhost), and
# then it counts every postgres process here, other users' work too
cpu_per_event() { # hookline_ticks postgres_ticks events jit_ticks
  local local_pg=0; [[ "$PG" =~ ://([^@/]*@)?(127\.0\.0\.1|localhost)[:/] ]] && local_pg=1
  awk -v h="$1" -v p="$2" -v ev="$3" -v j="$4" -v hz="$(getconf CLK_TCK)" -v lp="$local_pg" 'BEGIN {
    if (ev <= 0 || h <= 0) { printf "-/-/-"; exit }
    if (lp) printf "%.0f/%.0f", h * 1e6 / hz / ev, p * 1e6 / hz / ev; else printf "%.0f/-", h * 1e6 / hz / ev
    printf "/%.0f%%", 100 * j / h }'
}

# one Hookline run against the forwarder in the same run;
# sets PAIR_ROW="ceiling hookline ratio drain_ms missing rss ingest_p99 gen_cpu(ceiling/hookline) cpu_us(hl/pg)"
pair() { # fanout java_opts lua body [event_types]
  local fan=$1 types=${5:-message:new}
  ceiling "$fan" "$3" "$4"
  local sp; sp=$(port); start_sink "$sp"
  start_hookline "$2"; sample_rss "$HL" "$logs/rss"
  for t in $types; do for _ in $(seq "$fan"); do hook "$sp" "$t"; done; done
  [ "$3" = "$here/bench/mix.lua" ] && seed_hot_messages
  closed_loop "http://127.0.0.1:$IP/v1/events" "$WARM" "$3" "$4"
  [ "${STEADY:-0}" = 1 ] || drained "$sp"
  sink_reset "$sp"
  local t0; t0=$(now_ms)
  local h0 p0 j0; h0=$(ticks "$HL"); p0=$(pg_ticks); j0=$(jit_ticks "$HL")
  closed_loop "http://127.0.0.1:$IP/v1/events" "$SECS" "$3" "$4"
  local accepted=$WRK_OK end=$WRK_END p99=$WRK_P99 gen=$WRK_CPU cpu
  cpu=$(cpu_per_event $(( $(ticks "$HL") - h0 )) $(( $(pg_ticks) - p0 )) "$accepted" $(( $(jit_ticks "$HL") - j0 )))
  drained "$sp"
  local n last; n=$(sink_count "$sp"); last=$(sink_last "$sp")
  local rss; rss=$(cat "$logs/rss" 2>/dev/null || echo 0)
  stop_hookline; kill "${pids[-3]}" 2>/dev/null || true
  PAIR_ROW=$(awk -v n="$n" -v f="$fan" -v t0="$t0" -v last="$last" -v end="$end" -v c="$CEIL" -v acc="$accepted" -v rss="$rss" \
      -v p99="$p99" -v gen="$gen" -v cg="$CEIL_GEN_CPU" -v cpu="$cpu" \
    'BEGIN{ ev = n / f / ((last - t0) / 1000); drain = last - end; if (drain < 0) drain = 0;
            miss = acc * f - n; if (miss < 0) miss = 0;
            printf "%.0f %.0f %.2f %d %d %s %s %s/%s %s\n", c, ev, ev / c, drain, miss, rss, p99, cg, gen, cpu }')
}

seed_hot_messages() { # the 16 messages the mix's reactions point at
  local i; for i in $(seq 16); do
    sed "s/__UID__/hot-$i/; s/__T__/0/" "$here/bench/message.json" | curl -sf -o /dev/null -X POST \
      -H "Authorization: Bearer benchingest" -H "Content-Type: application/json" --data-binary @- \
      "http://127.0.0.1:$IP/v1/events"
  done
}

settled_pending() { # waits until Hookline's pending_events count moves by fewer than 500 rows in 2 s; prints it
  local prev=-1 cur
  for _ in $(seq 150); do
    cur=$(psql -Atq "${PG}$HLDB" -c "SELECT count(*) FROM pending_events")
    [ "$prev" -ge 0 ] && [ $(( cur > prev ? cur - prev : prev - cur )) -lt 500 ] && break
    prev=$cur; sleep 2
  done
  echo "$cur"
}

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }   # one of the values (goal() finds its row by it)
middle() { sort -n | awk '{a[NR]=$1} END{print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }   # the median proper

# goals 1, 2, 6 (and 4 with -Xmx256m): RUNS pairs, median ratio; prints one table row
goal() { # label fanout java_opts lua body [types] [runs]
  local rows=() r
  for r in $(seq "${7:-$RUNS}"); do
    pair "$2" "$3" "$4" "$5" "${6:-}"
    rows+=("$PAIR_ROW")
    echo "  $1 run $r: ${rows[-1]}" >&2
  done
  local ratios; ratios=$(printf '%s\n' "${rows[@]}" | awk '{print $3}' | sort -n | tr '\n' ' ')
  local med; med=$(printf '%s\n' "${rows[@]}" | awk '{print $3}' | median)
  local row; row=$(printf '%s\n' "${rows[@]}" | awk -v m="$med" '$3==m{print; exit}')
  set -- $row
  echo "| $label | $1 | $2 | **$3** ($ratios) | $4 | $5 | $6 | $7 | $8 | $9 |"
}

body=$here/bench/message.json
report=$logs/report.md
{
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): load-tests/bench.sh, $RUNS run(s) of ${SECS}s after ${WARM}s of warm-up$([ "${STEADY:-0}" = 1 ] && echo ' (steady: no pause between them, so deliveries missing counts only the measured run loosely)'), $CONNS connections"
  echo
  echo "Parts: $ONLY. Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1)."
  # settings given to the Hookline under test through the environment, so a report says what it measured
  extra=$(env | grep -E '^HOOKLINE_' | grep -v -E '^HOOKLINE_[A-Z_]*(TOKEN|SECRET|PASSWORD|DB_URL|SMTP)[A-Z_]*=' | sort | tr '\n' ' ' || true)
  echo "Hookline settings from the environment: ${extra:-none (the defaults)}."
  echo "Load generator: wrk (closed loop) for throughput; hookline.load.OpenLoopRaw (fixed rate, raw sockets) for latency; hookline.load.OpenLoop (fixed rate, Vert.x client) for the healthy webhook beside a backlog."
} >"$report"
if part ratios || part mix; then {
  echo "Generator CPU is shown as cores kept busy (ceiling run / Hookline run); the machine has $(nproc)."
  echo "CPU per event: µs of CPU that Hookline / PostgreSQL (every postgres process on this machine, if BENCH_PG is local) used during the measured run, per accepted event; JIT: the share of Hookline's CPU its just-in-time compiler threads used meanwhile."
  echo
  echo "| goal | ceiling events/s | Hookline events/s delivered | ratio, median (all runs) | drained after load stops, ms | deliveries missing | Hookline peak RSS MiB | ingest p99 (closed loop) | wrk CPU | CPU µs per event, Hookline/PostgreSQL/JIT share of Hookline's |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} >>"$report"; fi
if part ratios; then
  label="1 webhook per event"; goal "$label" 1 "" "$here/bench/post.lua" "$body" >>"$report"
  label="10 webhooks per event"; goal "$label" 10 "" "$here/bench/post.lua" "$body" >>"$report"
  label="1 webhook, -Xmx256m"; goal "$label" 1 "-Xmx256m" "$here/bench/post.lua" "$body" "" 1 >>"$report"
  label="10 webhooks, -Xmx256m"; goal "$label" 10 "-Xmx256m" "$here/bench/post.lua" "$body" "" 1 >>"$report"
fi
if part mix; then
  label="mix: 60% messages, 15% calls, 25% group reactions on 16 hot messages${BENCH_MIX_CHANGING:+, each changing the reaction state of its message}"
  goal "$label" 1 "" "$here/bench/mix.lua" "$body" "message:new call:incoming:missed message:reaction" >>"$report"
fi

# goal 3: open-loop latency at 70 % of the maximum sustained 1-webhook rate. The goal is about a warm instance:
# WARM_LATENCY seconds of closed-loop load first (a fresh JVM needs about 30 s of load before its compiler has
# caught up, see docs/performance.md), then 10 s of closed loop measure this instance's sustained rate, then the
# fixed-rate run at 70 % of it. Without that warm-up the fixed rate meets a cold JVM, and the queue built in the
# first seconds is still draining during the measured ones. LATENCY_RUNS runs, each on a fresh instance; the
# medians are the result: one slow PostgreSQL commit (a WAL flush that stalls on the disk) can set a run's p99.
latency_run() { # sets LAT_ROW: sustained rate | fixed rate | generator line | e2e p99 | generator cores | slow seconds
  local sp ol t e2e max_rate rate slow
  sp=$(port); start_sink "$sp"; start_hookline "${LATENCY_JOPTS:-}"; hook "$sp" message:new
  closed_loop "http://127.0.0.1:$IP/v1/events" "$WARM_LATENCY" "$here/bench/post.lua" "$body"; drained "$sp"
  closed_loop "http://127.0.0.1:$IP/v1/events" 10 "$here/bench/post.lua" "$body"; drained "$sp"
  max_rate=$WRK_RPS; rate=$(( max_rate * LATENCY_PCT / 100 ))
  TIMEFORMAT='%U %S'
  # OpenLoopRaw: plain non-blocking sockets, about a third of the CPU of the Vert.x-client generator (OpenLoop), so
  # on two cores the generator takes less from the instance it measures
  { time java -cp "$CP" hookline.load.OpenLoopRaw "http://127.0.0.1:$IP/v1/events" benchingest "$rate" "$SECS" "$body" \
      256 "$WARM_OPEN" "http://127.0.0.1:$sp/reset" >"$logs/openloop.out"; } 2>"$logs/openloop.time"
  drained "$sp"
  ol=$(cat "$logs/openloop.out"); t=$(tail -n 1 "$logs/openloop.time")
  e2e=$(curl -s "http://127.0.0.1:$sp/stats" | json 'd["latency_p99_ms"]')
  stop_hookline; kill "${pids[-2]}" 2>/dev/null || true
  { grep '^failed' "$logs/openloop.time" || true; } | sed "s/^/run $((${#lat_rows[@]} + 1)): requests /" >>"$logs/latency-failures"
  slow=$({ grep '^slow seconds' "$logs/openloop.time" || echo "-"; } | sed 's/^slow seconds (a request over 25 ms): //')
  LAT_ROW="$max_rate|$rate|$ol|$e2e|$(awk -v u="${t% *}" -v s="${t#* }" -v d="$((SECS + WARM_OPEN))" 'BEGIN{printf "%.2f", (u+s)/d}')|$slow"
}
if part latency && [ "$LATENCY_RUNS" -gt 0 ]; then
  lat_rows=(); : >"$logs/latency-failures"
  for r in $(seq "$LATENCY_RUNS"); do
    latency_run; lat_rows+=("$LAT_ROW")
    echo "  latency run $r: ${lat_rows[-1]}" >&2
  done
  field() { printf '%s\n' "${lat_rows[@]}" | awk -F'|' -v f="$1" '{print $f}'; }
  p99s=$(field 3 | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')
  {
    echo
    echo "Latency at $LATENCY_PCT % of the sustained 1-webhook rate of a warm instance (after ${WARM_LATENCY} s of load), open loop,"
    echo "${SECS} s measured after ${WARM_OPEN} s at the fixed rate, $LATENCY_RUNS run(s), each on a fresh instance:"
    echo
    echo "| sustained events/s | fixed rate | ingest (generator) | ingest-to-receiver p99 ms | generator CPU, cores | seconds with an answer over 25 ms |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${lat_rows[@]}" | awk -F'|' '{printf "| %s | %s | `%s` | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}'
    echo
    echo "Medians: ingest p99 **$(echo "$p99s" | middle) ms** (goal ≤ 25), ingest-to-receiver p99 **$(field 4 | middle) ms** (goal ≤ 50)."
    [ ! -s "$logs/latency-failures" ] || { echo; cat "$logs/latency-failures"; }
  } >>"$report"
fi

# goal 4: one slow webhook (2 s answers) with a large backlog next to a healthy one, -Xmx256m
if part backlog && [ "$BACKLOG" -gt 0 ]; then
  healthy=$(port); slow=$(port); start_sink "$healthy"; start_sink "$slow" 2000
  start_hookline "-Xmx256m"; sample_rss "$HL" "$logs/rss-backlog"
  admin PUT /v1/workspaces/slow '{"name":"slow","notification_email":"ops@bench.test"}'
  hook "$healthy" message:new
  admin POST /v1/workspaces/slow/webhooks "{\"url\":\"http://127.0.0.1:$slow/hook\",\"event_type\":\"message:new\"}"
  ol_rate=1000
  java -cp "$CP" hookline.load.OpenLoop "http://127.0.0.1:$IP/v1/events" benchingest $ol_rate "$SECS" "$body" 256 10 \
    "http://127.0.0.1:$healthy/reset" >/dev/null
  drained "$healthy"; alone=$(curl -s "http://127.0.0.1:$healthy/stats" | json 'd["latency_p99_ms"]')
  sed 's/"workspace_id":"bench"/"workspace_id":"slow"/' "$body" >"$logs/slow.json"
  bl=$(java -cp "$CP" hookline.load.BatchLoad "http://127.0.0.1:$IP/v1/events/batch" benchingest "$BACKLOG" "$logs/slow.json")
  slow0=$(sink_count "$slow"); ts0=$(now_ms)
  java -cp "$CP" hookline.load.OpenLoop "http://127.0.0.1:$IP/v1/events" benchingest $ol_rate "$SECS" "$body" 256 5 \
    "http://127.0.0.1:$healthy/reset" >/dev/null
  drained "$healthy"; beside=$(curl -s "http://127.0.0.1:$healthy/stats" | json 'd["latency_p99_ms"]')
  # That run began while Hookline was still parking what the slow lane cannot hold. The goal's situation is the
  # backlog waiting: once the parked count has settled (it then only shrinks at the slow receiver's pace), again.
  tp0=$(now_ms); parked=$(settled_pending); tp1=$(now_ms)
  java -cp "$CP" hookline.load.OpenLoop "http://127.0.0.1:$IP/v1/events" benchingest $ol_rate "$SECS" "$body" 256 5 \
    "http://127.0.0.1:$healthy/reset" >/dev/null
  drained "$healthy"; waiting=$(curl -s "http://127.0.0.1:$healthy/stats" | json 'd["latency_p99_ms"]')
  slow1=$(sink_count "$slow"); ts1=$(now_ms)
  oom=$(grep -c OutOfMemoryError "$logs/hookline.log" || true)
  rss_now=$(rss_mib "$HL"); peak=$(cat "$logs/rss-backlog")
  stop_hookline
  {
    echo
    echo "Slow receiver (2 s per answer) with a backlog of $BACKLOG deliveries next to a healthy webhook, -Xmx256m:"
    echo "\`$bl\`; healthy p99 alone ${alone} ms; beside the backlog while it was being parked ${beside} ms;"
    echo "beside the parked backlog ($parked events in pending_events, settled $(( (tp1 - tp0) / 1000 )) s after"
    echo "that run) ${waiting} ms (open loop, $ol_rate events/s);"
    echo "the slow receiver got $((slow1 - slow0)) deliveries in $(( (ts1 - ts0) / 1000 )) s while the backlog waited;"
    echo "Hookline peak RSS $peak MiB (now $rss_now MiB); OutOfMemoryError in the log: $oom."
  } >>"$report"
fi

cat "$report" | tee -a "$out"
echo "(logs: $logs)"
