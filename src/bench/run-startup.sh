#!/usr/bin/env bash
# Start-up and memory, with the JVM flags of the Dockerfile: time from process launch to the
# first successful HTTPS reply (median of 5 launches), resident memory once idle after that
# reply, and resident memory after 60 s of load at concurrency 64.
# Writes target/bench/startup.md.    src/bench/run-startup.sh [load-seconds]
cd "$(dirname "$0")/../.."
source src/bench/bench-env.sh
LOAD_SECONDS="${1:-60}"
need wrk wrk
build

PORT=8443
require_free $PORT
probe() {
  (cd target/quarkus-app && java -Dprobe.certs="$ROOT/certs" -cp "$BENCH_CP" dev.dswebhook.bench.StartupProbe $PORT \
    "$ROOT/$BENCH/reviews/fluentd-allowed.json" "$ROOT/$BENCH/startup-server.log" java $WEBHOOK_FLAGS -jar quarkus-run.jar)
}

results=()
for run in 1 2 3 4 5; do
  line=$(probe)
  pid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<< "$line")
  results+=("$line")
  if [[ $run -lt 5 ]]; then stop "$pid"; fi
done
trap 'stop $pid' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
startup_ms=$(printf '%s\n' "${results[@]}" | sed -n 's/.*startup_ms=\([0-9]*\).*/\1/p' | median)
idle_kb=$(printf '%s\n' "${results[@]}" | sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p' | median)

wrk -t2 -c64 -d"${LOAD_SECONDS}s" -s src/bench/lua/review.lua "https://localhost:$PORT/validate-apps-v1-daemonset" \
  -- "$BENCH/reviews/fluentd-allowed.json" > "$BENCH/startup-load.txt"
loaded_kb=$(rss_kb "$pid")

{
  echo "# Start-up and memory, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo
  echo "JVM flags (from the Dockerfile, with its AppCDS archive): \`$JVM_FLAGS -XX:SharedArchiveFile=app-cds.jsa\`"
  echo
  echo "| What | Measured | Target |"
  echo "| --- | --- | --- |"
  echo "| Launch to first successful HTTPS reply (median of 5) | ${startup_ms} ms | ≤ 1500 ms |"
  echo "| Resident memory, idle after the first reply (median of 5) | $(( idle_kb / 1024 )) MB | ≤ 150 MB |"
  echo "| Resident memory after ${LOAD_SECONDS} s at concurrency 64 ($(awk '/requests in/ {print $1}' "$BENCH/startup-load.txt") requests) | $(( loaded_kb / 1024 )) MB | ≤ 200 MB |"
  echo
  echo "All five launches: ${results[*]}"
} > "$BENCH/startup.md"
cat "$BENCH/startup.md"
