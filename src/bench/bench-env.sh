# Shared by the benchmark scripts: builds what they need and starts servers with the JVM flags
# the Dockerfile uses. Source it from the repository root.
set -euo pipefail

BENCH=target/bench
mkdir -p "$BENCH"

# The JVM flags of the container image, read from the Dockerfile so the two never differ; the
# webhook also gets the image's AppCDS archive, made the same way (see build below).
JVM_FLAGS="$(sed -n 's/^ARG JAVA_FLAGS="\([^"]*\)".*/\1/p' Dockerfile)"
[[ -n "$JVM_FLAGS" ]] || { echo "no JAVA_FLAGS in the Dockerfile" >&2; exit 1; }
ROOT="$PWD"
# The archive records the jar by a relative path, so the webhook runs from its own folder, as in
# the image, and is told where the certificates are.
# No API server here: the cluster-aware rules are off (run-apiserver.sh measures them behind a real one).
# JAVA chooses another JVM for the servers (JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java), and
# AOT=1, on JDK 25, an AOT cache (JEP 483 and 515) in place of the AppCDS archive; EXTRA_FLAGS adds
# flags to both servers, such as -XX:+UseCompactObjectHeaders.
JAVA="${JAVA:-java}"
JVM_FLAGS="$JVM_FLAGS ${EXTRA_FLAGS:-}"
if [[ "${AOT:-}" == 1 ]]; then ARCHIVE_FLAG="-XX:AOTCache=app.aot"; else ARCHIVE_FLAG="-XX:SharedArchiveFile=app-cds.jsa"; fi
WEBHOOK_FLAGS="$JVM_FLAGS $ARCHIVE_FLAG -Dwebhook.cluster.enabled=false -Dquarkus.tls.webhook.key-store.pem.0.cert=$ROOT/certs/tls.crt -Dquarkus.tls.webhook.key-store.pem.0.key=$ROOT/certs/tls.key"

need() { # installs a Debian package when its command is missing
  command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}

build() {
  mvn -B -q -Pbench -DskipTests package
  BENCH_CP="$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$BENCH/classpath.txt")"
  java -cp "$BENCH_CP" dev.dswebhook.bench.BenchReviews "$BENCH/reviews" >/dev/null
  # The same AppCDS step as the Dockerfile's.
  JAVA="$JAVA" AOT="${AOT:-}" bash src/main/docker/appcds-training.sh target/quarkus-app $JVM_FLAGS
}

# cpu_ticks PID: user+system CPU time of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# rss_kb PID: resident memory.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# The webhook writes a JSON line per decision to stdout, as in a pod, into a pipe whose reader
# keeps the first 2 MB (start-up and the first decisions) and discards the rest, as a log
# collector would consume it; a file would grow by gigabytes in a long run.
start_webhook() { # port, log file, [more JVM flags]; prints the PID
  (cd target/quarkus-app && exec "$JAVA" $WEBHOOK_FLAGS ${3:-} -Dquarkus.http.ssl-port="$1" -Dquarkus.management.port=$(( $1 + 1000 )) \
    -jar quarkus-run.jar > >(exec > /dev/null; head -c 2000000 > "$ROOT/$2"; cat) 2>&1) &
  echo $!
}

start_null() { # port, log file; prints the PID
  "$JAVA" $JVM_FLAGS -cp "$BENCH_CP" dev.dswebhook.bench.NullWebhook "$1" > "$2" 2>&1 &
  echo $!
}

wait_https() { # port path
  for _ in $(seq 1 300); do
    if curl -sf --cacert certs/ca.crt -H 'Content-Type: application/json' \
        --data-binary @"$BENCH/reviews/fluentd-allowed.json" "https://localhost:$1$2" >/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2
  return 1
}

stop() { # PID: stops a server and waits until it has exited (its graceful shutdown takes 5 s)
  kill "$1" 2>/dev/null || return 0
  while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
}

require_free() { # PORT: fails when something already listens there
  if (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; then
    echo "port $1 is in use; stop whatever listens there first" >&2
    exit 1
  fi
}
