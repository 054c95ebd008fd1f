#!/usr/bin/env bash
# Start-up and memory of the server and of `check`, each against a baseline measured in the same
# run, with the JVM flags of the Dockerfile (and the server's AppCDS archive, made as the image
# makes it):
# - the server against the null webhook (NullWebhook: the same Vert.x HTTPS stack and flags,
#   answering a fixed review), launched alternately RUNS times each, on every core and pinned to one
#   (taskset, in place of a 1-CPU limit: the JVM sizes its threads for one processor either way):
#   launch to the first reply, launch to ready (the null webhook is ready at its first reply), and
#   resident memory after 300 more reviews;
# - `check` over one small manifest (median of 7) against the JVM alone starting and exiting with
#   the launcher's flags.
# Writes target/bench/startup.md.    src/bench/run-startup.sh [runs]
cd "$(dirname "$0")/../.."
source src/bench/bench-env.sh
RUNS="${1:-5}"
build

PORT=8443
MANAGEMENT=9443
require_free $PORT
require_free $MANAGEMENT
REVIEW="$ROOT/$BENCH/reviews/fluentd-allowed.json"

probe() { # cpus (all or 1), server (webhook or null): prints startup_ms=.. ready_ms=.. rss_kb=.. pid=..
  local pin=()
  [[ $1 == 1 ]] && pin=(taskset -c 0)
  if [[ $2 == webhook ]]; then
    (cd target/quarkus-app && java -Dprobe.certs="$ROOT/certs" -Dprobe.ready=$MANAGEMENT -cp "$BENCH_CP" \
      dev.dswebhook.bench.StartupProbe $PORT "$REVIEW" "$ROOT/$BENCH/startup-webhook.log" \
      "${pin[@]}" "$JAVA" $WEBHOOK_FLAGS -Dquarkus.http.ssl-port=$PORT -Dquarkus.management.port=$MANAGEMENT -jar quarkus-run.jar)
  else
    java -Dprobe.certs="$ROOT/certs" -cp "$BENCH_CP" \
      dev.dswebhook.bench.StartupProbe $PORT "$REVIEW" "$ROOT/$BENCH/startup-null.log" \
      "${pin[@]}" "$JAVA" $JVM_FLAGS -cp "$BENCH_CP" dev.dswebhook.bench.NullWebhook $PORT
  fi
}

declare -A seen
for cpus in all 1; do
  for run in $(seq 1 "$RUNS"); do
    for server in webhook null; do
      line=$(probe $cpus $server)
      stop "$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<< "$line")"
      for field in startup_ms ready_ms rss_kb; do
        seen[$cpus,$server,$field]+="$(sed -n "s/.*$field=\([0-9]*\).*/\1/p" <<< "$line") "
      done
    done
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { # label, cpus, field, unit divisor, unit, goal
  local this null
  this=$(median <<< "${seen[$2,webhook,$3]}")
  null=$(median <<< "${seen[$2,null,$3]}")
  echo "| $1 | $(( this / $4 )) $5 | $(( null / $4 )) $5 | $(ratio "$this" "$null") | $6 |"
}

# check: the launcher as users run it, against the bare JVM with the same flags.
CHECK_INPUT=src/test/resources/fixtures/objects/fluentd.yaml
timed_ms() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; echo $(( ($(date +%s%N) - s) / 1000000 )); }
check_ms=(); jvm_ms=()
for _ in 1 2 3 4 5 6 7; do
  check_ms+=("$(timed_ms target/quarkus-app/bin/daemonset-check "$CHECK_INPUT")")
  jvm_ms+=("$(timed_ms java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m -Xshare:auto -version)")
done
check=$(median <<< "${check_ms[*]}")
jvm=$(median <<< "${jvm_ms[*]}")

{
  echo "# Start-up and memory, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)${AOT:+, AOT cache}"
  echo
  echo "JVM flags (from the Dockerfile, and EXTRA_FLAGS): \`$JVM_FLAGS\`; the webhook's archive: \`$ARCHIVE_FLAG\`"
  echo
  echo "Medians of $RUNS launches of each, alternating. Null: \`NullWebhook\`, same JVM and flags."
  echo
  echo "| What | Webhook | Null webhook | Ratio | Goal |"
  echo "| --- | --- | --- | --- | --- |"
  row "Launch to first reply, every core" all startup_ms 1 ms "≤ 1.2 ×"
  row "Launch to ready, every core" all ready_ms 1 ms "≤ 1,000 ms"
  row "Launch to first reply, one core" 1 startup_ms 1 ms "≤ 1.2 ×"
  row "Launch to ready, one core" 1 ready_ms 1 ms "≤ 1,500 ms"
  row "RSS after 300 reviews, every core" all rss_kb 1024 MiB "≤ 1.15 ×, ≤ 128 MiB"
  echo "| \`check\` over one small manifest (median of 7), against the JVM alone | $check ms | $jvm ms | $(ratio "$check" "$jvm") | ≤ 350 ms |"
  echo
  for cpus in all 1; do
    for server in webhook null; do
      echo "- $server, $cpus core(s): first reply ${seen[$cpus,$server,startup_ms]}ms; ready ${seen[$cpus,$server,ready_ms]}ms; RSS ${seen[$cpus,$server,rss_kb]}KiB"
    done
  done
  echo "- check: ${check_ms[*]} ms; the JVM alone: ${jvm_ms[*]} ms"
} > "$BENCH/startup.md"
cat "$BENCH/startup.md"
