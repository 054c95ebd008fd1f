#!/usr/bin/env bash
# Load over HTTPS on loopback with keep-alive: the webhook against the null webhook, side by side
# in one run, at concurrency 1, 16 and 64, for each review size; then an open-loop run at
# 1,000 requests/s over 64 connections. Writes a Markdown report to target/bench/load.md.
#   src/bench/run-load.sh [seconds-per-run]
# SIZES and CONCURRENCY narrow the closed-loop runs, e.g. SIZES=fluentd CONCURRENCY="16 64".
cd "$(dirname "$0")/../.."
source src/bench/bench-env.sh
DURATION="${1:-15}"
SIZES="${SIZES:-fluentd 64k 1m}"
CONCURRENCY="${CONCURRENCY:-1 16 64}"
need wrk wrk
need h2load nghttp2-client
build

WEBHOOK_PORT=8443; NULL_PORT=8445; QUIET_PORT=8447; PATH_V=/validate-apps-v1-daemonset
require_free $WEBHOOK_PORT; require_free $NULL_PORT; require_free $QUIET_PORT
webhook_pid=$(start_webhook $WEBHOOK_PORT "$BENCH/webhook.log")
null_pid=$(start_null $NULL_PORT "$BENCH/null.log")
# The same webhook without its decision log, to measure what the log line costs in the same run.
quiet_pid=$(start_webhook $QUIET_PORT "$BENCH/quiet.log" -Dwebhook.decision-log.enabled=false)
trap 'stop $webhook_pid; stop $null_pid; stop $quiet_pid' EXIT
wait_https $WEBHOOK_PORT $PATH_V
wait_https $NULL_PORT $PATH_V
wait_https $QUIET_PORT $PATH_V

# machine_ticks: "busy total" CPU ticks of the whole machine, every process and the kernel.
machine_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }

# run_wrk PID PORT CONCURRENCY BODY SECONDS: prints "rps p50_ms p99_ms requests cpu_us_per_request errors
# wrk_cpu_us_per_request machine_cpu_us_per_request idle_percent"
run_wrk() {
  local pid=$1 port=$2 c=$3 body=$4 secs=$5 before after out threads=$(( $3 < 2 ? 1 : 2 )) m_before m_after wrk_times
  before=$(cpu_ticks "$pid"); m_before=$(machine_ticks)
  # bash's time reports wrk's own user and system seconds, the load generator's share of the cores.
  out=$( { TIMEFORMAT='wrk-cpu %U %S'; time wrk -t$threads -c"$c" -d"${secs}s" --latency -s src/bench/lua/review.lua \
    "https://localhost:$port$PATH_V" -- "$body"; } 2>&1 )
  after=$(cpu_ticks "$pid"); m_after=$(machine_ticks)
  echo "$out" > "$BENCH/wrk-$port-$c-$(basename "$body" .json).txt"
  awk -v ticks=$(( after - before )) -v hz="$(getconf CLK_TCK)" -v mb="$m_before" -v ma="$m_after" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /requests in/ { requests = $1 } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { errors += $NF } /Socket errors/ { errors += 1 }
    /^wrk-cpu/ { wrk = $2 + $3 }
    END {
      split(mb, b, " "); split(ma, a, " ")
      printf "%.0f %.3f %.3f %d %.1f %d %.1f %.1f %.1f\n", rps, p50, p99, requests, ticks * 1e6 / hz / requests, errors,
        wrk * 1e6 / requests, (a[1] - b[1]) * 1e6 / hz / requests, 100 - (a[1] - b[1]) * 100 / (a[2] - b[2])
    }' <<< "$out"
}

report="$BENCH/load.md"
{
  echo "# Load over HTTPS, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk and both servers on one machine"
  echo
  echo "JVM flags (both servers, from the Dockerfile): \`$JVM_FLAGS\` (the webhook also with the image's AppCDS archive); $DURATION s per run; validating webhook, allowed reviews."
  echo
  echo "| Size | Concurrency | Webhook req/s | Null req/s | Throughput ratio | Webhook p50 / p99 ms | Null p50 / p99 ms | Webhook CPU µs/req | Null CPU µs/req | CPU ratio | Without the log, CPU µs/req (ratio) | Log line µs/req | Errors |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$report"

# Warm both JITs the same way before measuring anything.
for port in $WEBHOOK_PORT $NULL_PORT $QUIET_PORT; do
  pid=$([[ $port == $WEBHOOK_PORT ]] && echo $webhook_pid || { [[ $port == $NULL_PORT ]] && echo $null_pid || echo $quiet_pid; })
  for size in fluentd 64k 1m; do run_wrk "$pid" $port 16 "$BENCH/reviews/$size-allowed.json" 5 > /dev/null; done
done

where=()
for size in $SIZES; do
  for c in $CONCURRENCY; do
    body="$BENCH/reviews/$size-allowed.json"
    read -r w_rps w_p50 w_p99 w_n w_cpu w_err w_wrk w_all w_idle <<< "$(run_wrk $webhook_pid $WEBHOOK_PORT $c "$body" "$DURATION")"
    read -r n_rps n_p50 n_p99 n_n n_cpu n_err n_wrk n_all n_idle <<< "$(run_wrk $null_pid $NULL_PORT $c "$body" "$DURATION")"
    read -r q_rps q_p50 q_p99 q_n q_cpu q_err q_wrk q_all q_idle <<< "$(run_wrk $quiet_pid $QUIET_PORT $c "$body" "$DURATION")"
    awk -v s="$size" -v c="$c" -v wr="$w_rps" -v nr="$n_rps" -v w50="$w_p50" -v w99="$w_p99" -v n50="$n_p50" -v n99="$n_p99" \
        -v wc="$w_cpu" -v nc="$n_cpu" -v qc="$q_cpu" -v e="$(( w_err + n_err + q_err ))" \
      'BEGIN { printf "| %s | %d | %d | %d | %.2f | %.3f / %.3f | %.3f / %.3f | %.1f | %.1f | %.2f | %.1f (%.2f) | %.1f | %d |\n", s, c, wr, nr, wr / nr, w50, w99, n50, n99, wc, nc, wc / nc, qc, qc / nc, wc - qc, e }' >> "$report"
    where+=("$(printf '| %s | %s | %s / %s | %s / %s | %s / %s | %s / %s |' "$size" "$c" "$w_cpu" "$n_cpu" "$w_wrk" "$n_wrk" \
      "$w_all" "$n_all" "$w_idle" "$n_idle")")
  done
done

{
  echo
  echo "Where the CPU goes, in µs per request, webhook / null: the server, wrk, and the whole machine (both"
  echo "servers idle but present, wrk, the kernel); and the share of the two cores left idle. Closed-loop"
  echo "throughput is the two cores divided by the machine's CPU per request, so its ratio follows the"
  echo "machine column, not the server column."
  echo
  echo "| Size | Concurrency | Server | wrk | Machine | Idle % |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${where[@]}"
} >> "$report"

# Open loop: a fixed 1,000 requests/s over 64 keep-alive connections; h2load logs every request.
run_h2load() { # port, log
  rm -f "$2" # h2load appends to its log
  h2load --h1 -c 64 --rps "$(awk 'BEGIN { printf "%.4f", 1000 / 64 }')" -D "$DURATION" --warm-up-time 2 \
    -H 'content-type: application/json' -d "$BENCH/reviews/fluentd-allowed.json" \
    --log-file "$2" "https://localhost:$1$PATH_V" > "$2.out" 2>&1
  # The log holds start time, status and duration in microseconds, one request per line.
  sort -n -k3 "$2" | awk '{ d[NR] = $3; if ($2 != 200) bad++ } END {
    printf "%d %.3f %.3f %d\n", NR, d[int(NR * 0.50)] / 1000, d[int(NR * 0.99)] / 1000, bad }'
}
read -r w_n w_p50 w_p99 w_bad <<< "$(run_h2load $WEBHOOK_PORT "$BENCH/h2load-webhook.log")"
read -r n_n n_p50 n_p99 n_bad <<< "$(run_h2load $NULL_PORT "$BENCH/h2load-null.log")"
{
  echo
  echo "Open loop, 1,000 requests/s over 64 keep-alive connections (h2load --h1 --rps), fluentd review, $DURATION s:"
  echo
  echo "| Server | Requests | p50 ms | p99 ms | Non-200 |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| webhook | $w_n | $w_p50 | $w_p99 | $w_bad |"
  echo "| null | $n_n | $n_p50 | $n_p99 | $n_bad |"
} >> "$report"
cat "$report"
