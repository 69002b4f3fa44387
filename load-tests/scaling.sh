#!/usr/bin/env bash
# One Hookline against two on the same PostgreSQL, on this machine, each against the pass-through in the same run
# (docs/scaling.md). wrk's connections are spread over the instances' ingest ports; one webhook per event, pointing at
# one counting receiver. Loopback only, bounded, self-stopping.
#
#   load-tests/scaling.sh RESULTS_FILE
#
# Environment: SECS=20 measured seconds, WARM=30 seconds of warm-up load first (a fresh JVM needs about 30 s before
# its JIT has compiled the hot path; docs/performance.md), CONNS=64 wrk connections in all,
# BENCH_PG=postgresql://postgres@127.0.0.1:5432/ (a throwaway database is created there and dropped again).
set -euo pipefail
out=${1:?usage: load-tests/scaling.sh RESULTS_FILE}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/.." && pwd)
SECS=${SECS:-20}; WARM=${WARM:-30}; CONNS=${CONNS:-64}; PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/}
for tool in wrk python3 curl psql; do command -v $tool >/dev/null || { echo "scaling.sh needs $tool"; exit 1; }; done
logs=$(mktemp -d /tmp/hookline-scaling.XXXXXX); pids=(); dbs=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  for d in "${dbs[@]}"; do psql -q "${PG}postgres" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
jar=$root/target/hookline.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -B -q package -DskipTests)
fi
(cd "$here" && mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null)
CP="$here/target/classes:$(cat "$here/target/cp.txt")"
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
up() { for _ in $(seq 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not up: $1"; exit 1; }
count() { curl -s "http://127.0.0.1:$1/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'; }
source "$here/cpu.sh"
body=$here/bench/message.json

# load on the given ingest ports for $1 seconds, connections spread over them; sets RPS (sum)
load() { # secs port...
  local secs=$1; shift; local n=$#; local c=$(( CONNS / n )); local i=0 files=()
  for p in "$@"; do
    BENCH_BODY="$body" BENCH_TOKEN=benchingest wrk -t1 -c"$c" -d"${secs}s" -s "$here/bench/post.lua" \
      "http://127.0.0.1:$p/v1/events" >"$logs/wrk-$i.out" 2>&1 & files+=("$logs/wrk-$i.out"); i=$((i + 1))
  done
  wait $(jobs -p | tail -n "$n") 2>/dev/null || true
  RPS=$(cat "${files[@]}" | awk '/Requests\/sec/{s+=$2} END{printf "%.0f", s}')
}
drained() { local prev=-1 cur; for _ in $(seq 150); do cur=$(count "$1"); [ "$cur" = "$prev" ] && return 0; prev=$cur; sleep 2; done; }

# the ceiling: the pass-through forwarder with the same load
sp=$(port); java -Xmx512m -cp "$CP" hookline.load.CountingReceiver "$sp" 0 >>"$logs/sink.log" 2>&1 & pids+=($!)
up "http://127.0.0.1:$sp/stats"
fp=$(port); java -cp "$CP" hookline.load.PassThroughForwarder "$fp" "$sp" 1 >>"$logs/forwarder.log" 2>&1 & F=$!; pids+=($F)
for _ in $(seq 150); do curl -sf -o /dev/null -XPOST -d '{}' "http://127.0.0.1:$fp/" && break; sleep 0.2; done
load "$WARM" "$fp"; drained "$sp"; load "$SECS" "$fp"; CEIL=$RPS; kill $F; wait $F 2>/dev/null || true

# N instances on one fresh database
run() { # instances
  local n=$1 db="hookline_scaling_$$_$1" hl=() ports=() ap
  psql -q "${PG}postgres" -c "CREATE DATABASE $db" >/dev/null; dbs+=("$db")
  for i in $(seq "$n"); do
    local ip; ip=$(port); ap=$(port)
    HOOKLINE_INGEST_PORT=$ip HOOKLINE_ADMIN_PORT=$ap HOOKLINE_DB_URL="${PG}$db" HOOKLINE_ADMIN_TOKEN=benchadmin \
    HOOKLINE_INGEST_TOKENS=benchingest HOOKLINE_ALLOW_PRIVATE_TARGETS=true \
      java -jar "$jar" >>"$logs/hookline-$n-$i.log" 2>&1 & hl+=($!); pids+=($!)
    up "http://127.0.0.1:$ap/health"; ports+=("$ip")
    if [ "$i" = 1 ]; then
      curl -sf -X PUT -H "Authorization: Bearer benchadmin" -H "Content-Type: application/json" \
        -d '{"name":"bench","notification_email":"ops@bench.test"}' "http://127.0.0.1:$ap/v1/workspaces/bench" >/dev/null
      curl -sf -X POST -H "Authorization: Bearer benchadmin" -H "Content-Type: application/json" \
        -d "{\"url\":\"http://127.0.0.1:$sp/hook\",\"event_type\":\"message:new\"}" \
        "http://127.0.0.1:$ap/v1/workspaces/bench/webhooks" >/dev/null
    fi
  done
  sleep 2   # the other instances learn of the workspace and webhook through the change feed
  load "$WARM" "${ports[@]}"; drained "$sp"
  local c0 h0 p0 t0 c1 h1 p1 t1
  c0=$(count "$sp"); h0=$(ticks "${hl[@]}"); p0=$(pg_ticks); t0=$(date +%s%3N)
  load "$SECS" "${ports[@]}"; local accepted=$RPS
  h1=$(ticks "${hl[@]}"); p1=$(pg_ticks); t1=$(date +%s%3N)
  drained "$sp"; c1=$(count "$sp")
  awk -v n="$n" -v d=$((c1 - c0)) -v ms=$((t1 - t0)) -v c="$CEIL" -v acc="$accepted" -v h=$((h1 - h0)) -v p=$((p1 - p0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN{ev = d / (ms / 1000); printf "| %d | %.0f | %.0f | **%.2f** | %.2f | %.2f |\n", n, acc, ev, ev / c, h / hz / (ms / 1000), p / hz / (ms / 1000)}'
  for p in "${hl[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}
{
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): load-tests/scaling.sh, ${WARM}s warm-up, ${SECS}s measured, $CONNS connections"
  echo
  echo "Machine: $(nproc) cores. Ceiling (pass-through, same load): $CEIL events/s."
  echo
  echo "| instances | accepted events/s | delivered events/s | ratio to the ceiling | Hookline cores busy (all instances) | PostgreSQL cores busy |"
  echo "|---|---|---|---|---|---|"
  run 1
  run 2
} | tee -a "$out"
