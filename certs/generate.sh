#!/usr/bin/env bash
# Makes a throwaway CA and a serving certificate for the webhook, as PEM files in this folder:
#   ca.crt, ca.key   the CA (the API server trusts ca.crt through the caBundle)
#   tls.crt, tls.key the serving certificate and its key, signed by the CA
#
# Usage: certs/generate.sh [--force] [--service NAME] [--namespace NS] [--days N]
#   --force      replace existing files (by default, existing files are never touched)
#   --service    the Service name for the cluster DNS names (default: daemonset-webhook)
#   --namespace  the Service namespace (default: daemonset-webhook)
#   --days       validity of the serving certificate (default: 365; the CA gets ten times that)
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
force=false
service=daemonset-webhook
namespace=daemonset-webhook
days=365

while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) force=true; shift ;;
    --service) service="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "generate.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v openssl >/dev/null || { echo "generate.sh: openssl is required (apt-get install openssl)" >&2; exit 1; }

files=(ca.crt ca.key tls.crt tls.key)
present=0
for f in "${files[@]}"; do [[ -e "$dir/$f" ]] && present=$((present + 1)); done

if [[ "$force" == false && "$present" -eq ${#files[@]} ]]; then
  echo "certs: $dir already holds ca.crt, ca.key, tls.crt and tls.key; nothing to do (use --force to replace them)"
  exit 0
fi
if [[ "$force" == false && "$present" -gt 0 ]]; then
  echo "generate.sh: $dir holds some but not all of ${files[*]}; refusing to overwrite them (use --force)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077

# ECDSA P-256: accepted by every API server, and its handshakes cost a fraction of RSA's.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ca.key" 2>/dev/null
openssl req -x509 -new -key "$work/ca.key" -sha256 -days $((days * 10)) \
  -subj "/CN=daemonset-webhook-ca" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" \
  -out "$work/ca.crt"

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/tls.key" 2>/dev/null
openssl req -new -key "$work/tls.key" -subj "/CN=${service}.${namespace}.svc" -out "$work/tls.csr"
cat > "$work/leaf.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=DNS:${service},DNS:${service}.${namespace},DNS:${service}.${namespace}.svc,DNS:${service}.${namespace}.svc.cluster.local,DNS:localhost,IP:127.0.0.1
EXT
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -sha256 -days "$days" \
  -extfile "$work/leaf.ext" -out "$work/tls.crt" 2>/dev/null

openssl verify -CAfile "$work/ca.crt" "$work/tls.crt" >/dev/null

chmod 644 "$work/ca.crt" "$work/tls.crt"
chmod 600 "$work/ca.key" "$work/tls.key"
for f in "${files[@]}"; do mv -f "$work/$f" "$dir/$f"; done
echo "certs: wrote ca.crt, ca.key, tls.crt and tls.key to $dir for ${service}.${namespace}.svc, localhost and 127.0.0.1"
