#!/usr/bin/env bash
# Load test: the same Gatling open-model run against the pass-through baseline and against Hookline, on this
# machine, loopback only; bounded by RATE x DURATION events per target, stops by itself.
#
#   load-tests/run.sh RESULTS_FILE     (appends a Markdown report to RESULTS_FILE; also printed)
#
#   RATE=events/s (default 3000)  DURATION=seconds (default 30)  WARMUP=seconds at half rate (default 10)
#   RECEIVER_PORT, FORWARDER_PORT, INGEST_PORT, ADMIN_PORT: default to free ports
#   LOAD_DB: the database to create for the run (default hookline_load_<pid>); it must not exist yet, and it is
#            dropped at the end. A database this script did not create is never dropped.
#   PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres): the PostgreSQL server
set -euo pipefail
results=${1:?usage: load-tests/run.sh RESULTS_FILE}
RATE=${RATE:-3000}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-10}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
RECEIVER_PORT=${RECEIVER_PORT:-$(free_port)}; FORWARDER_PORT=${FORWARDER_PORT:-$(free_port)}
INGEST_PORT=${INGEST_PORT:-$(free_port)}; ADMIN_PORT=${ADMIN_PORT:-$(free_port)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${LOAD_DB:-hookline_load_$$}
ADMIN_TOKEN=load-admin-token; INGEST_TOKEN=load-ingest-token
pids=(); created_db=false
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  if [ "$created_db" = true ]; then psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

jar=$root/target/hookline.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building target/hookline.jar (missing or older than the sources)"
  (cd "$root" && mvn -B -q package -DskipTests)
fi
cd "$here"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="target/classes:$(cat target/cp.txt)"

gatling() { # target duration rate -> prints the Global Information block
  mvn -B gatling:test -Dgatling.simulationClass=hookline.load.IngestSimulation -Dgatling.data.enableAnalytics=false \
    -Dtarget="$1" -Dduration="$2" -Drate="$3" -Dtoken=$INGEST_TOKEN -Dworkspace=load 2>&1 \
    | sed -n '/Global Information/,/Response Time Distribution/p'
}
field() { echo "$1" | grep "$2" | awk -F'|' '{gsub(/[ ,]/,"",$3); print $3}'; }
drain() { # wait until the receiver count stops moving (at most 120 s)
  local last=-1 now
  for _ in $(seq 1 120); do
    now=$(curl -s localhost:$RECEIVER_PORT/stats | sed 's/.*"count":\([0-9]*\).*/\1/')
    [ "$now" = "$last" ] && break
    last=$now; sleep 1
  done
}
measure() { # name target
  local out stats
  gatling "$2" "$WARMUP" $((RATE / 2)) >/dev/null; drain
  curl -s -XPOST localhost:$RECEIVER_PORT/reset >/dev/null
  out=$(gatling "$2" "$DURATION" "$RATE"); drain
  stats=$(curl -s localhost:$RECEIVER_PORT/stats)
  local ok p50 p99 rps count secs lp50 lp99
  ok=$(field "$out" "request count"); rps=$(field "$out" "mean throughput")
  p50=$(field "$out" "50th percentile"); p99=$(field "$out" "99th percentile")
  count=$(echo "$stats" | sed 's/.*"count":\([0-9]*\).*/\1/')
  secs=$(echo "$stats" | sed 's/.*"seconds":\([0-9.]*\).*/\1/')
  lp50=$(echo "$stats" | sed 's/.*"latency_p50_ms":\([0-9-]*\).*/\1/')
  lp99=$(echo "$stats" | sed 's/.*"latency_p99_ms":\([0-9-]*\).*/\1/')
  echo "$1 $ok $rps $p50 $p99 $count $(awk "BEGIN{printf \"%.0f\", $count/$secs}") $lp50 $lp99"
}

java -cp "$CP" hookline.load.CountingReceiver $RECEIVER_PORT >/dev/null & pids+=($!)
java -cp "$CP" hookline.load.PassThroughForwarder $FORWARDER_PORT $RECEIVER_PORT >/dev/null & pids+=($!)
sleep 2
baseline=$(measure baseline http://127.0.0.1:$FORWARDER_PORT)
kill "${pids[1]}"

if [ -n "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
  echo "database $DB already exists; it is not this script's to use or drop: set LOAD_DB to a new name"; exit 1
fi
psql -d postgres -qc "CREATE DATABASE $DB"; created_db=true
HOOKLINE_DB_URL=postgresql://$PGUSER@$PGHOST:$PGPORT/$DB HOOKLINE_INGEST_PORT=$INGEST_PORT \
  HOOKLINE_ADMIN_PORT=$ADMIN_PORT HOOKLINE_ADMIN_TOKEN=$ADMIN_TOKEN HOOKLINE_INGEST_TOKENS=$INGEST_TOKEN \
  HOOKLINE_ALLOW_PRIVATE_TARGETS=true java -jar "$root/target/hookline.jar" > target/hookline.log 2>&1 & pids+=($!)
for _ in $(seq 1 60); do curl -sf localhost:$ADMIN_PORT/ready >/dev/null && break; sleep 1; done
auth=(-H "Authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json')
curl -sf -XPUT localhost:$ADMIN_PORT/v1/workspaces/load "${auth[@]}" -d '{"name":"load"}' >/dev/null
curl -sf -XPOST localhost:$ADMIN_PORT/v1/workspaces/load/webhooks "${auth[@]}" \
  -d "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook\",\"event_type\":\"message:new\"}" >/dev/null
hookline=$(measure hookline http://127.0.0.1:$INGEST_PORT)
# accepted but never delivered: events of the run without a successful attempt
lost=$(psql -d "$DB" -tAc "SELECT count(*) FROM events e WHERE NOT EXISTS
  (SELECT 1 FROM attempts a WHERE a.event_id = e.id AND a.success)")

report() {
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — RATE=$RATE/s for ${DURATION}s, one webhook per event"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; Gatling, target, receiver and PostgreSQL share them."
  echo
  echo "| target | requests OK | accepted/s | ingest p50 ms | ingest p99 ms | delivered | delivered/s | ingest→delivery p50 ms | p99 ms |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for row in "$baseline" "$hookline"; do
    set -- $row
    echo "| $1 | $2 | $3 | $4 | $5 | $6 | $7 | $8 | $9 |"
  done
  set -- $baseline; local b_acc=$3 b_del=$7
  set -- $hookline
  echo
  echo "Ratios hookline/baseline: accepted/s $(awk "BEGIN{printf \"%.2f\", $3/$b_acc}"), delivered/s $(awk "BEGIN{printf \"%.2f\", $7/$b_del}"). Accepted but not delivered after drain: $lost."
}
report | tee -a "$results"
