#!/usr/bin/env bash
# Smoke test of the container image, run the way k8s/base runs it: builds the image, then starts
# it with the user, read-only root, /tmp, TLS Secret mount (in the kubelet's ..data layout),
# capabilities, environment and resource limits that the Deployment in k8s/base declares, all
# read from the rendered manifests rather than repeated here. It checks a review answered byte
# for byte as the README shows it, the three probes, the user, that every log line is JSON, that
# the application's files are root's, and the check command; it measures start-up to the first
# HTTPS reply (median of several starts), resident memory and the image's size, and cleans up.
#
# Usage, from the repository root:  src/container/smoke.sh [--no-build] [--starts N]
# Needs: podman or docker (ENGINE=... to choose), the Dockerfile's base images (on a machine
# without a registry, local stand-ins: README, "Build the image here"), kubectl (for kustomize),
# python3 with PyYAML, openssl and curl. Writes its report to target/smoke.md.
# Environment: IMAGE (default daemonset-webhook:smoke), CPUS (overrides the Deployment's CPU limit,
# "none" for no limit), STARTS (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."

BUILD=yes
STARTS=${STARTS:-3}
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-build) BUILD=no ;;
    --starts) STARTS=$2; shift ;;
    *) echo "usage: $0 [--no-build] [--starts N]" >&2; exit 2 ;;
  esac
  shift
done

ENGINE=${ENGINE:-$(command -v podman || command -v docker || true)}
[[ -n "$ENGINE" ]] || { echo "smoke: needs podman or docker" >&2; exit 2; }
KUBECTL=${KUBECTL:-$(command -v kubectl || ls "$HOME"/.kubeapitest/k8s/*/kubectl 2>/dev/null | tail -1 || true)}
[[ -n "$KUBECTL" ]] || { echo "smoke: needs kubectl (for kubectl kustomize)" >&2; exit 2; }
python3 -c 'import yaml' 2>/dev/null || { echo "smoke: needs python3 with PyYAML (apt-get install python3-yaml)" >&2; exit 2; }
IMAGE=${IMAGE:-daemonset-webhook:smoke}
NAME=dswebhook-smoke-$$
WORK=$(mktemp -d)
HTTPS_PORT=${HTTPS_PORT:-18443}
MGMT_PORT=${MGMT_PORT:-19000}
cleanup() {
  "$ENGINE" rm -f "$NAME" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
failures=0
check() { # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

if [[ $BUILD == yes ]]; then
  echo "smoke: building $IMAGE with $ENGINE"
  build_args=()
  [[ $(basename "$ENGINE") == podman ]] && build_args+=(--pull=never)
  "$ENGINE" build "${build_args[@]}" -t "$IMAGE" . >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }
fi

# What the Deployment declares, from the rendered kustomization.
"$KUBECTL" kustomize k8s/base > "$WORK/base.yaml"
python3 - "$WORK/base.yaml" > "$WORK/pod.env" <<'PY'
import sys, yaml, shlex
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
dep = next(d for d in docs if d["kind"] == "Deployment")
pod = dep["spec"]["template"]["spec"]
c = pod["containers"][0]
psc, csc = pod.get("securityContext", {}), c.get("securityContext", {})
limits = c.get("resources", {}).get("limits", {})
ports = {p["name"]: p["containerPort"] for p in c["ports"]}
mounts = {m["name"]: m for m in c.get("volumeMounts", [])}
volumes = {v["name"]: v for v in pod.get("volumes", [])}
def out(k, v): print(f"{k}={shlex.quote(str(v))}")
out("RUN_USER", csc.get("runAsUser", psc.get("runAsUser", "")))
out("RUN_GROUP", csc.get("runAsGroup", psc.get("runAsGroup", "")))
out("READ_ONLY_ROOT", str(csc.get("readOnlyRootFilesystem", False)).lower())
out("NO_NEW_PRIVILEGES", str(csc.get("allowPrivilegeEscalation", True) is False).lower())
out("CAP_DROP", ",".join(csc.get("capabilities", {}).get("drop", [])))
out("MEMORY_LIMIT", limits.get("memory", ""))
out("CPU_LIMIT", limits.get("cpu", ""))
out("HTTPS_CONTAINER_PORT", ports["https"])
out("MGMT_CONTAINER_PORT", ports["management"])
tls = next(m for m in mounts.values() if volumes[m["name"]].get("secret"))
out("TLS_PATH", tls["mountPath"])
out("TLS_MODE", oct(volumes[tls["name"]]["secret"].get("defaultMode", 0o644))[2:])
tmps = [m for m in mounts.values() if "emptyDir" in volumes[m["name"]]]
out("TMPFS", " ".join(f"{m['mountPath']}:size={volumes[m['name']]['emptyDir'].get('sizeLimit', '64Mi').replace('Mi', 'm')}" for m in tmps))
out("ENV", " ".join(f"{e['name']}={e['value']}" for e in c.get("env", []) if "value" in e))
for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
    out(probe.upper(), c[probe]["httpGet"]["path"])
PY
# shellcheck disable=SC1091
source "$WORK/pod.env"
[[ -n "${CPUS:-}" ]] && CPU_LIMIT=$CPUS
[[ $CPU_LIMIT == none ]] && CPU_LIMIT=""

# The TLS Secret as the kubelet lays it out: files behind a ..data symlink to a timestamped folder.
bash certs/generate.sh --out "$WORK/certs" --no-k8s >/dev/null
secret="$WORK/secret"
mkdir -p "$secret/..2026_01_01_00_00_00.000000000"
cp "$WORK/certs/tls.crt" "$WORK/certs/tls.key" "$secret/..2026_01_01_00_00_00.000000000/"
ln -s ..2026_01_01_00_00_00.000000000 "$secret/..data"
ln -s ..data/tls.crt "$secret/tls.crt"
ln -s ..data/tls.key "$secret/tls.key"
chmod "$TLS_MODE" "$secret/..2026_01_01_00_00_00.000000000/"tls.*
# Group-readable, as fsGroup makes the Secret's files for the pod.
chgrp -R "$RUN_GROUP" "$secret/..2026_01_01_00_00_00.000000000" 2>/dev/null || chmod a+r "$secret/..2026_01_01_00_00_00.000000000/"tls.*

run_args=(--name "$NAME" -d --user "$RUN_USER:$RUN_GROUP" --group-add "$RUN_GROUP"
  -v "$secret:$TLS_PATH:ro" -p "127.0.0.1:$HTTPS_PORT:$HTTPS_CONTAINER_PORT" -p "127.0.0.1:$MGMT_PORT:$MGMT_CONTAINER_PORT"
  # No API server here: the cluster-aware rules are off, which the Deployment leaves on.
  -e WEBHOOK_CLUSTER_ENABLED=false)
[[ $READ_ONLY_ROOT == true ]] && run_args+=(--read-only)
[[ $NO_NEW_PRIVILEGES == true ]] && run_args+=(--security-opt no-new-privileges)
for cap in ${CAP_DROP//,/ }; do run_args+=(--cap-drop "$cap"); done
[[ -n $MEMORY_LIMIT ]] && run_args+=(--memory "$(echo "$MEMORY_LIMIT" | sed 's/Mi$/m/; s/Gi$/g/')")
[[ -n $CPU_LIMIT ]] && run_args+=(--cpus "$CPU_LIMIT")
for t in $TMPFS; do run_args+=(--tmpfs "$t"); done
for e in $ENV; do run_args+=(-e "$e"); done

review=src/test/resources/reviews/fluentd-create.json
expected=$(awk '/mutate-apps-v1-daemonset$/ { getline; print; exit }' README.md)
[[ $expected == '{"apiVersion"'* ]] || { echo "smoke: cannot find the README's mutate reply" >&2; exit 1; }
https() { curl -s --max-time 2 --cacert "$WORK/certs/ca.crt" --resolve "localhost:$HTTPS_PORT:127.0.0.1" \
  -H 'Content-Type: application/json' --data @"$review" "https://localhost:$HTTPS_PORT$1"; }

starts=()
readies=()
for i in $(seq 1 "$STARTS"); do
  "$ENGINE" rm -f "$NAME" >/dev/null 2>&1 || true
  t0=$(date +%s%N)
  "$ENGINE" run "${run_args[@]}" "$IMAGE" >/dev/null
  for _ in $(seq 1 600); do
    if https /mutate-apps-v1-daemonset >/dev/null 2>&1; then break; fi
    sleep 0.02
  done
  starts+=($(( ($(date +%s%N) - t0) / 1000000 )))
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$MGMT_PORT$READINESSPROBE" >/dev/null && break
    sleep 0.02
  done
  readies+=($(( ($(date +%s%N) - t0) / 1000000 )))
  echo "smoke: start $i: first HTTPS reply after ${starts[-1]} ms, ready after ${readies[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
median_start=$(median "${starts[@]}")
median_ready=$(median "${readies[@]}")

# Wait for readiness (the warm-up) before the checks.
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$MGMT_PORT$READINESSPROBE" >/dev/null && break
  sleep 0.1
done
ready_json=$(curl -s "http://127.0.0.1:$MGMT_PORT$READINESSPROBE")

check "the fluentd review is answered byte for byte as the README shows" test "$(https /mutate-apps-v1-daemonset)" = "$expected"
for probe in "$LIVENESSPROBE" "$READINESSPROBE" "$STARTUPPROBE"; do
  check "probe $probe is UP" bash -c "curl -sf http://127.0.0.1:$MGMT_PORT$probe | grep -q '\"status\": *\"UP\"'"
done
check "the server runs as uid $RUN_USER" test "$("$ENGINE" exec "$NAME" sh -c 'awk "/^Uid:/ {print \$2}" /proc/1/status')" = "$RUN_USER"
check "the application's files belong to root and are read-only to it" \
  test "$("$ENGINE" exec "$NAME" sh -c 'find /app -not -user root | wc -l; find /app -perm -o+w -o -perm -g+w | wc -l' | tr -d ' \n')" = "00"
check "the AOT cache is mapped" bash -c "$ENGINE exec $NAME sh -c 'grep -c app.aot /proc/1/maps' | grep -qv '^0$'"
"$ENGINE" logs "$NAME" > "$WORK/stdout.log" 2> "$WORK/stderr.log"
check "every log line, stdout and stderr, is JSON" python3 -c '
import json, sys
for name in sys.argv[1:]:
    for line in open(name):
        json.loads(line)' "$WORK/stdout.log" "$WORK/stderr.log"
check "no WARN or ERROR on a clean start" bash -c "! grep -h '\"level\":\"\\(WARN\\|ERROR\\)\"' $WORK/stdout.log $WORK/stderr.log"
rss_kb=$("$ENGINE" exec "$NAME" awk '/^VmRSS:/ {print $2}' /proc/1/status)
for _ in $(seq 1 200); do https /validate-apps-v1-daemonset >/dev/null; done
rss_after_kb=$("$ENGINE" exec "$NAME" awk '/^VmRSS:/ {print $2}' /proc/1/status)
limit_mib=$(echo "$MEMORY_LIMIT" | sed 's/Mi$//')
check "resident memory ($((rss_after_kb / 1024)) MiB) is under the memory limit ($MEMORY_LIMIT)" test $((rss_after_kb / 1024)) -lt "$limit_mib"
set +e
check_out=$("$ENGINE" run --rm -v "$PWD/src/test/resources/fixtures/manifests:/src:ro" -w /src "$IMAGE" check invalid.yaml 2>&1)
check_code=$?
set -e
check "'check' in the image judges manifests (exit 1, the finding at its line)" \
  bash -c "[[ $check_code == 1 && \"\$1\" == invalid.yaml:13:7:\ error:* ]]" _ "$check_out"
size_mb=$(( $("$ENGINE" image inspect --format '{{.Size}}' "$IMAGE") / 1000000 ))

mkdir -p target
{
  echo "# Container smoke test, $(date -u +%Y-%m-%dT%H:%MZ), $(basename "$ENGINE"), $(nproc) cores"
  echo
  echo "Run as k8s/base runs it: user $RUN_USER, read-only root: $READ_ONLY_ROOT, tmpfs $TMPFS, memory limit $MEMORY_LIMIT, CPU limit ${CPU_LIMIT:-none}."
  echo
  echo "| Measure | Value |"
  echo "| --- | --- |"
  echo "| \`run\` to the first HTTPS reply, $STARTS starts | median ${median_start} ms (${starts[*]}) |"
  echo "| \`run\` to ready (the readiness probe UP, warm-up done) | median ${median_ready} ms (${readies[*]}) |"
  echo "| readiness (warm-up) | $(echo "$ready_json" | python3 -c 'import json,sys; c={x["name"]: x.get("data", {}) for x in json.load(sys.stdin)["checks"]}; print("warm-up took", c.get("warm-up", {}).get("tookMillis"), "ms")') |"
  echo "| resident memory after the first reply / after 200 more | $((rss_kb / 1024)) MiB / $((rss_after_kb / 1024)) MiB |"
  echo "| image size | ${size_mb} MB |"
  echo "| checks failed | $failures |"
} | tee target/smoke.md
exit $(( failures > 0 ))
