#!/usr/bin/env bash
# What a DaemonSet write pays through a real kube-apiserver because of the webhooks: server-side
# dry-run CREATEs and UPDATEs, one at a time, against no webhook, the packaged webhook and the
# null webhook registered the same way (k8s/overlays/local-url/), cold (the first writes after a
# fresh start) and warm. Writes target/bench/apiserver.md.
#   src/bench/run-apiserver.sh [warm-writes]
# ROUNDS (2: webhook, null, then null, webhook), COLD_WRITES (200) and WARMUP_SECONDS (20) change
# the other counts. JAVA and AOT=1 run both servers on JDK 25, the webhook with the image's AOT
# cache (bench-env.sh); CLUSTER=false runs the webhook without its cluster rules, which list pods
# from the API server on every validation; OFF_RULES=a,b switches rules off. Takes about 4 minutes
# with the defaults, the build included.
cd "$(dirname "$0")/../.."
source src/bench/bench-env.sh
WRITES="${1:-2000}"

# A real kube-apiserver and etcd, as the envtest tier uses them: io.fabric8:kube-api-test finds
# them in $KUBE_API_TEST_DIR, else downloads them; unpack a local copy where there is one, as .ci/run does.
export KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
if ! compgen -G "$KUBE_API_TEST_DIR/k8s/*/kube-apiserver" >/dev/null; then
  for source in "${ENVTEST_BINARIES:-}" ../shared/envtest /work/shared/envtest; do
    if [[ -n "$source" && -f "$source/install.sh" ]]; then
      bash "$source/install.sh" "$KUBE_API_TEST_DIR" >/dev/null
      break
    fi
  done
fi

# kube-api-test 7.5.2 starts etcd with its client URL on http://0.0.0.0:<port>, every address of the
# machine, and points the API server at that. The benchmark runs a copy of the binaries folder
# whose etcd and kube-apiserver are wrappers that move that URL to 127.0.0.1; the program then
# checks that nothing it started listens anywhere but on loopback.
LOOPBACK="$ROOT/$BENCH/envtest"
rm -rf "$LOOPBACK"
for version in "$KUBE_API_TEST_DIR"/k8s/*/; do
  into="$LOOPBACK/k8s/$(basename "$version")"
  mkdir -p "$into"
  ln -s "${version}kubectl" "$into/kubectl"
  for binary in etcd kube-apiserver; do
    printf '#!/usr/bin/env bash\nexec %q "${@//http:\\/\\/0.0.0.0:/http://127.0.0.1:}"\n' "${version}$binary" > "$into/$binary"
    chmod +x "$into/$binary"
  done
done
export KUBE_API_TEST_DIR="$LOOPBACK"
build

# The program starts and stops every server itself, on free loopback ports.
# Progress goes to standard error and target/bench/apiserver.log, the report to standard output.
"$JAVA" -XX:+UseSerialGC -Xms256m -Xmx256m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dpackaged.archive-flag="$ARCHIVE_FLAG" -Dbench.cluster="${CLUSTER:-true}" -Dbench.off-rules="${OFF_RULES:-}" \
  -Dbench.rounds="${ROUNDS:-2}" -Dbench.cold="${COLD_WRITES:-200}" -Dbench.warmup-seconds="${WARMUP_SECONDS:-20}" \
  -Dbench.report="$BENCH/apiserver.md" -cp "$BENCH_CP" dev.dswebhook.bench.ApiServerLatency "$WRITES" \
  2> >(tee "$BENCH/apiserver.log" >&2)
