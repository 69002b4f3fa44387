#!/usr/bin/env bash
# Regenerates src/main/resources/io/hookline/app/c2-directives.json, Hookline's directive for the JVM's C2 compiler
# (HOOKLINE_JIT_DIRECTIVES): the methods C2 is not to inline. Run it from a checkout after a dependency or JDK upgrade,
# then measure with bench.sh or the reference bench before committing the new list.
#
# It runs Hookline without the directive and with HotSpot's inlining printout, under the loads of bench.sh in turn
# (SECS seconds each, after a start): the 1 KB message to one webhook, to ten, and the realistic mix. It keeps every
# callee that C2 inlined at a hot call site although its bytecode is over MIN_BYTES (100) bytes, i.e. the inlining that
# -XX:FreqInlineSize=100 would not do, leaving out the class-loading and bytecode-spinning code of the JDK that only
# runs at start. Loopback only; a throwaway database on BENCH_PG, dropped at the end; about 2 minutes.
#
#   SECS=20 MIN_BYTES=100 BENCH_PG=postgresql://postgres@127.0.0.1:5432/ load-tests/jit-directives.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
SECS=${SECS:-20}; MIN_BYTES=${MIN_BYTES:-100}; PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/}
out=$root/src/main/resources/io/hookline/app/c2-directives.json
for tool in wrk python3 curl psql mvn; do
  command -v $tool >/dev/null || { echo "jit-directives.sh needs $tool on the PATH (wrk: apt-get install -y wrk)"; exit 1; }
done
(cd "$root" && mvn -B -q package -DskipTests)
(cd "$here" && mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null)
CP="$here/target/classes:$(cat "$here/target/cp.txt")"
logs=$(mktemp -d /tmp/hookline-jit.XXXXXX); db="hookline_jit_$$"; pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "${PG}postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
up() { for _ in $(seq 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not up: $1"; exit 1; }
sp=$(port); ip=$(port); ap=$(port)
java -Xmx512m -cp "$CP" hookline.load.CountingReceiver "$sp" 0 >"$logs/sink.log" 2>&1 & pids+=($!)
up "http://127.0.0.1:$sp/stats"
psql -q "${PG}postgres" -c "CREATE DATABASE $db" >/dev/null
HOOKLINE_INGEST_PORT=$ip HOOKLINE_ADMIN_PORT=$ap HOOKLINE_DB_URL="${PG}$db" HOOKLINE_ADMIN_TOKEN=jitadmin \
HOOKLINE_INGEST_TOKENS=benchingest HOOKLINE_ALLOW_PRIVATE_TARGETS=true HOOKLINE_JIT_DIRECTIVES=false \
  java -XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation -XX:+PrintInlining -jar "$root/target/hookline.jar" \
  >"$logs/hookline.log" 2>&1 & pids+=($!)
up "http://127.0.0.1:$ap/health"
admin() { curl -sf -X "$1" -H "Authorization: Bearer jitadmin" -H "Content-Type: application/json" \
  ${3:+-d "$3"} "http://127.0.0.1:$ap$2" >/dev/null; }
hooks() { for t in "$@"; do admin POST /v1/workspaces/bench/webhooks "{\"url\":\"http://127.0.0.1:$sp/hook\",\"event_type\":\"$t\"}"; done; }
load() { BENCH_BODY="$here/bench/message.json" BENCH_TOKEN=benchingest wrk -t1 -c64 -d"${SECS}s" -s "$1" \
  "http://127.0.0.1:$ip/v1/events" >/dev/null; }
admin PUT /v1/workspaces/bench '{"name":"bench","notification_email":"ops@bench.test"}'
hooks message:new; load "$here/bench/post.lua"                      # one webhook
hooks $(printf 'message:new %.0s' $(seq 9)); load "$here/bench/post.lua"   # ten webhooks
for id in $(curl -sf -H "Authorization: Bearer jitadmin" "http://127.0.0.1:$ap/v1/workspaces/bench/webhooks" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(w["id"] for w in d["data"]))'); do
  admin DELETE "/v1/workspaces/bench/webhooks/$id"
done
hooks message:new call:incoming:missed message:reaction            # the mix, reactions on 16 hot messages
for i in $(seq 16); do
  sed "s/__UID__/hot-$i/; s/__T__/0/" "$here/bench/message.json" | curl -sf -o /dev/null -X POST \
    -H "Authorization: Bearer benchingest" -H "Content-Type: application/json" --data-binary @- \
    "http://127.0.0.1:$ip/v1/events"
done
load "$here/bench/mix.lua"
python3 - "$logs/hookline.log" "$MIN_BYTES" "$out" <<'PY'
import re, sys
log, least, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# start-up only: class loading, jar reading, lambda and method-handle spinning
skip = ("jdk/internal/org/objectweb/asm/", "jdk/internal/loader/", "java/util/zip/", "java/util/jar/",
        "java/lang/invoke/", "sun/invoke/", "java/io/", "jdk/internal/misc/", "java/lang/Class.", "org/postgresql/")
hot = re.compile(r"@ \d+\s+(\S+)::(\S+) \((\d+) bytes\)\s+inline \(hot\)")
names = set()
for line in open(log, errors="replace"):
    m = hot.search(line)
    if m and int(m.group(3)) > least:
        name = m.group(1).replace(".", "/") + "." + m.group(2)
        if not name.startswith(skip):
            names.add(name)
if len(names) < 50:
    sys.exit("only %d methods found; did the loads run? see %s" % (len(names), log))
with open(out, "w") as f:
    f.write("[\n  {\n    match: \"*.*\",\n    c2: {\n      inline: [\n")
    f.write(",\n".join('        "-%s"' % n for n in sorted(names)))
    f.write("\n      ]\n    }\n  }\n]\n")
print("%d methods written to %s" % (len(names), out))
PY
