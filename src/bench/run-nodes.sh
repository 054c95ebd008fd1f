#!/usr/bin/env bash
# What the rules that read Nodes cost: the heap the webhook's cache keeps per Node against the
# whole object an informer would keep (serial collector, so the heap after a full collection is
# what is retained), and the time to place one DaemonSet on 500 and 5,000 Nodes against one
# admission decision of the fluentd review, in the same JMH run.
#   src/bench/run-nodes.sh [nodes]       (results in target/bench/nodes.txt)
cd "$(dirname "$0")/../.."
source src/bench/bench-env.sh
mvn -B -q -Pbench -DskipTests package
BENCH_CP="$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$BENCH/classpath.txt")"
{
  java -XX:+UseSerialGC -Xmx2g -cp "$BENCH_CP" dev.dswebhook.cluster.CacheFootprint "${1:-5000}"
  java -cp "$BENCH_CP" org.openjdk.jmh.Main 'CoverageBenchmark|DecisionPathBenchmark' \
    -p size=fluentd -p webhook=validate -p verdict=allowed -rf text -rff "$BENCH/jmh-nodes.txt" \
    | grep -E '^(Benchmark|CoverageBenchmark|DecisionPathBenchmark)'
} | tee "$BENCH/nodes.txt"
