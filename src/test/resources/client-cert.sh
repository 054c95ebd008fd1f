#!/usr/bin/env bash
# Makes a client CA and a client certificate it signs, for the mutual TLS tests:
#   <dir>/client-ca.crt, <dir>/client.crt, <dir>/client.key
# Usage: client-cert.sh DIR COMMON_NAME
set -euo pipefail
out="$1"
name="$2"
mkdir -p "$out"
cd "$out"
umask 077
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out client-ca.key 2>/dev/null
openssl req -x509 -new -key client-ca.key -sha256 -days 30 -subj "/CN=${name}-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out client-ca.crt
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out client.key 2>/dev/null
openssl req -new -key client.key -subj "/CN=${name}" -out client.csr
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA client-ca.crt -CAkey client-ca.key -set_serial "0x$(openssl rand -hex 16)" \
  -sha256 -days 30 -extfile client.ext -out client.crt 2>/dev/null
chmod 644 client-ca.crt client.crt
