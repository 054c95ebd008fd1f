#!/bin/sh
# The image's entry point: the webhook server, or, with `check` as the first argument, the check
# command over manifests mounted into the container:
#   docker run --rm -v "$PWD:/src" -w /src IMAGE check .
# The server's JVM flags are in /app/jvm.options (from the Dockerfile's JAVA_FLAGS); JAVA_OPTS adds
# to them, for example JAVA_OPTS=-Xmx192m.
set -eu
if [ "${1:-}" = check ]; then
    shift
    exec /app/bin/daemonset-check "$@"
fi
# The class-data archive names the jar by the path it was recorded with, relative to /app.
cd /app
# shellcheck disable=SC2086 # JAVA_OPTS is a list of words on purpose
exec java @/app/jvm.options ${JAVA_OPTS:-} -jar quarkus-run.jar "$@"
