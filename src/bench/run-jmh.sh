#!/usr/bin/env bash
# Micro-benchmarks of the full decision path (bytes in, decode, judge, reply bytes out), for the
# validating and mutating webhook, allowed and denied, on the fluentd review and the same object
# grown to about 64 KiB and 1 MiB. Reports time and bytes allocated per review.
#   src/bench/run-jmh.sh [extra JMH options]       (results in target/bench/jmh.txt)
cd "$(dirname "$0")/../.."
source src/bench/bench-env.sh
build
java -cp "$BENCH_CP" org.openjdk.jmh.Main DecisionPathBenchmark -prof gc -rf text -rff "$BENCH/jmh.txt" "$@" \
  | grep -E '^(Benchmark|DecisionPathBenchmark\.decide( |:gc\.alloc\.rate\.norm))'
