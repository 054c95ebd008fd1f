#!/usr/bin/env bash
# Records an AppCDS archive for the server: starts it once with throwaway certificates, sends it
# one review, stops it, and lets the JVM archive every class it loaded on the way. A later start
# with -XX:SharedArchiveFile=app-cds.jsa maps those classes instead of loading them again.
# The archive is only valid for the JVM that made it, so the Dockerfile runs this on the image's
# own JVM, and the benchmarks run it on theirs.
# Usage: appcds-training.sh <quarkus-app dir> <java flags...>     (needs openssl and curl)
set -euo pipefail
app="$(cd "$1" && pwd)"; shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# generate.sh sits beside this script in the image build, and in certs/ in the repository.
generate="$here/generate.sh"
[[ -f "$generate" ]] || generate="$here/../../../certs/generate.sh"
bash "$generate" --out "$work" --no-k8s >/dev/null
cat > "$work/review.json" <<'JSON'
{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"training","kind":{"group":"apps","version":"v1","kind":"DaemonSet"},"operation":"CREATE","namespace":"default","userInfo":{"username":"training"},"object":{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"training"},"spec":{"selector":{"matchLabels":{"app":"t"}},"template":{"metadata":{"labels":{"app":"t"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}}}
JSON

# JAVA names another JVM; with AOT=1 (JDK 25) the run records an AOT cache, app.aot, instead.
if [[ "${AOT:-}" == 1 ]]; then archive=app.aot; record=-XX:AOTCacheOutput=app.aot
else archive=app-cds.jsa; record=-XX:ArchiveClassesAtExit=app-cds.jsa; fi
cd "$app"
rm -f "$archive"
"${JAVA:-java}" "$@" "$record" \
  -Dquarkus.tls.webhook.key-store.pem.0.cert="$work/tls.crt" -Dquarkus.tls.webhook.key-store.pem.0.key="$work/tls.key" \
  -Dquarkus.http.ssl-port=18443 -Dquarkus.management.port=19000 -Dquarkus.shutdown.delay=0s -Dwebhook.decision-log.enabled=false \
  -jar quarkus-run.jar > "$work/training.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
  for path in /mutate-apps-v1-daemonset /validate-apps-v1-daemonset; do
    curl -sf --cacert "$work/ca.crt" -H 'Content-Type: application/json' --data @"$work/review.json" \
      "https://localhost:18443$path" >/dev/null 2>&1 && answered=yes
  done
  [[ "${answered:-}" == yes ]] && break
  sleep 0.2
done
kill -TERM "$pid"
wait "$pid" || true
[[ "${answered:-}" == yes && -s "$archive" ]] || { cat "$work/training.log" >&2; echo "AppCDS training failed" >&2; exit 1; }
echo "appcds: wrote $app/$archive ($(du -h "$archive" | cut -f1))"
