#!/bin/sh
# The image's entry point: the webhook server, or, with `check` as the first argument, the check
# command over manifests mounted into the container:
#   docker run --rm -v "$PWD:/src" -w /src IMAGE check .
set -eu
if [ "${1:-}" = check ]; then
    shift
    # The server's JVM flags and class-data archive are for the server; the launcher has its own.
    unset JDK_JAVA_OPTIONS
    exec /app/bin/daemonset-check "$@"
fi
exec java -jar /app/quarkus-run.jar "$@"
