#!/usr/bin/env bash
# Chaos run, loopback only, bounded (RATE x DURATION events) and self-stopping:
#   Hookline under load is killed with -9 and restarted, PostgreSQL is restarted, Hookline gets SIGTERM and is
#   restarted; then it prints accepted / delivered / lost / duplicated. lost must be 0.
#   RATE=events/s (default 300)  DURATION=seconds (default 40)
# Restarting PostgreSQL affects every database of the local server: run it on a development machine.
set -euo pipefail
RATE=${RATE:-300}
DURATION=${DURATION:-40}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# ports and the database come from the environment; the database must be new and is the only one ever dropped
DB=${LOAD_DB:-hookline_chaos_$$}
INGEST=${INGEST_PORT:-$(free_port)}; ADMIN=${ADMIN_PORT:-$(free_port)}; RECEIVER=${RECEIVER_PORT:-$(free_port)}
created_db=false
ADMIN_TOKEN=chaos-admin-token; INGEST_TOKEN=chaos-ingest-token
PG_VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)
hl_pid=""; driver_pid=""
cleanup() {
  [ -n "$hl_pid" ] && kill -9 "$hl_pid" 2>/dev/null; [ -n "$driver_pid" ] && kill "$driver_pid" 2>/dev/null
  if [ "$created_db" = true ]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  fi
  true
}
trap cleanup EXIT

jar=$root/target/hookline.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -B -q package -DskipTests)
fi
cd "$here"
mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="target/classes:$(cat target/cp.txt)"
mkdir -p target
if [ -n "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
  echo "database $DB already exists; set LOAD_DB to a new name"; exit 1
fi
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $DB"; created_db=true

start_hookline() {
  HOOKLINE_DB_URL=postgresql://postgres@127.0.0.1:5432/$DB HOOKLINE_INGEST_PORT=$INGEST HOOKLINE_ADMIN_PORT=$ADMIN \
  HOOKLINE_ADMIN_TOKEN=$ADMIN_TOKEN HOOKLINE_INGEST_TOKENS=$INGEST_TOKEN HOOKLINE_ALLOW_PRIVATE_TARGETS=true \
  HOOKLINE_INSTANCE_LEASE_MS=3000 HOOKLINE_SHUTDOWN_DEADLINE_MS=5000 \
    java -jar "$root/target/hookline.jar" >> target/chaos-hookline.log 2>&1 &
  hl_pid=$!
  for _ in $(seq 1 60); do curl -sf localhost:$ADMIN/ready >/dev/null && return 0; sleep 0.5; done
  echo "Hookline did not start"; exit 1
}
at() { echo "[chaos] t=$(( $(date +%s) - t0 ))s $*"; }

: > target/chaos-hookline.log
start_hookline
auth=(-H "Authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json')
curl -sf -XPUT localhost:$ADMIN/v1/workspaces/chaos "${auth[@]}" -d '{"name":"chaos"}' >/dev/null
curl -sf -XPOST localhost:$ADMIN/v1/workspaces/chaos/webhooks "${auth[@]}" \
  -d "{\"url\":\"http://127.0.0.1:$RECEIVER/hook\",\"event_type\":\"message:new\"}" >/dev/null

t0=$(date +%s)
java -cp "$CP" hookline.load.Chaos "http://127.0.0.1:$INGEST" $INGEST_TOKEN chaos $RECEIVER "$RATE" "$DURATION" 120 \
  > target/chaos-driver.log 2>&1 &
driver_pid=$!
step=$(( DURATION / 5 ))

sleep "$step"; at "kill -9 Hookline (pid $hl_pid)"; kill -9 "$hl_pid"; wait "$hl_pid" 2>/dev/null || true
start_hookline; at "Hookline restarted (pid $hl_pid)"
sleep "$step"; at "restarting PostgreSQL"
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main restart
at "PostgreSQL back"
sleep "$step"; at "SIGTERM Hookline (pid $hl_pid)"; kill -TERM "$hl_pid"
code=0; wait "$hl_pid" || code=$?
at "Hookline exited with $code"
start_hookline; at "Hookline restarted (pid $hl_pid)"

wait "$driver_pid" && status=0 || status=$?
driver_pid=""
grep RESULT target/chaos-driver.log
echo "SIGTERM exit code: $code"
exit $status
