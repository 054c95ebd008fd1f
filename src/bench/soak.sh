#!/usr/bin/env bash
# Soak: 10 minutes of validating reviews at concurrency 64 through wrk, sampling the server's
# resident memory, threads and open file descriptors every 30 s. Not run in CI.
# Writes target/bench/soak.md.    src/bench/soak.sh [minutes]
cd "$(dirname "$0")/../.."
source src/bench/bench-env.sh
MINUTES="${1:-10}"
need wrk wrk
build

PORT=8443
require_free $PORT
pid=$(start_webhook $PORT "$BENCH/soak-server.log")
trap 'stop $pid' EXIT
wait_https $PORT /validate-apps-v1-daemonset

sample() { # elapsed seconds
  printf '| %s | %d | %s | %s |\n' "$1" "$(( $(rss_kb "$pid") / 1024 ))" \
    "$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")" "$(ls "/proc/$pid/fd" | wc -l)"
}

report="$BENCH/soak.md"
{
  echo "# Soak, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores: $MINUTES min at concurrency 64, fluentd reviews"
  echo
  echo "| Elapsed s | RSS MB | Threads | Open fds |"
  echo "| --- | --- | --- | --- |"
  sample 0
} > "$report"

wrk -t2 -c64 -d"${MINUTES}m" --latency -s src/bench/lua/review.lua "https://localhost:$PORT/validate-apps-v1-daemonset" \
  -- "$BENCH/reviews/fluentd-allowed.json" > "$BENCH/soak-wrk.txt" &
wrk_pid=$!
for (( s = 30; s <= MINUTES * 60; s += 30 )); do
  sleep 30
  sample "$s" >> "$report"
done
wait $wrk_pid
sleep 5
sample "after" >> "$report"
{
  echo
  echo "wrk: $(grep -E 'requests in' "$BENCH/soak-wrk.txt" | xargs), $(grep -E '^Requests/sec' "$BENCH/soak-wrk.txt" | xargs)"
  errors=$(grep -E 'Non-2xx|Socket errors' "$BENCH/soak-wrk.txt" | xargs || true)
  echo "Errors (non-2xx and socket errors): ${errors:-none}"
  grep -E '^ +(50|99)%' "$BENCH/soak-wrk.txt" | sed 's/^ */Latency /'
} >> "$report"
cat "$report"
