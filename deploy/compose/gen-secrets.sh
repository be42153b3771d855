#!/usr/bin/env bash
# Generates every certificate, key and password the Compose stack needs, into ./secrets/
# (owner-only permissions). Refuses to overwrite an existing ./secrets/: rotate deliberately.
#
#   mongo-ca.crt/.key          the replica set's own CA (the key is not mounted anywhere)
#   mongo-ca.p12               the CA certificate as a PKCS#12 trust store for the hubs' driver
#   mongo-N.crt/.key           each member's TLS certificate (server and member auth), SAN mongo-N
#   mongo-keyfile              the shared secret of intra-replica-set authentication
#   mongo-root-*               the administrator created on the first start of mongo-1
#   hub-mongodb-*              the hub's own user (readWrite on database rogatory)
#   hub-mongodb-uri            its connection string, read by the hubs as rogatory.mongodb.uri
#   hub-keystore-password      the password of the hub's PKCS#12 key stores (pki/)
#
# The hub's own PKI (its CA, TLS key, administrator credential) and the transparency log's
# signing key are not made here: hub-1 creates them on its first start in the shared volumes.
set -euo pipefail
cd "$(dirname "$0")"
out=secrets
if [ -e "$out" ]; then
  echo "$out/ exists; move it away first to generate new secrets" >&2
  exit 1
fi
umask 077
mkdir "$out"

random() { openssl rand -base64 "$1" | tr -d '\n/+=' | cut -c1-"$2"; }
write() { printf '%s' "$2" > "$out/$1"; }

days=825
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj "/CN=Rogatory MongoDB CA" -keyout "$out/mongo-ca.key" -out "$out/mongo-ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null

for n in 1 2 3; do
  member="mongo-$n"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/O=Rogatory/OU=MongoDB/CN=$member" -keyout "$out/$member.key" -out "$out/$member.csr" \
    2>/dev/null
  # The same O/OU on every member: mongod accepts the other members' certificates.
  openssl x509 -req -in "$out/$member.csr" -CA "$out/mongo-ca.crt" -CAkey "$out/mongo-ca.key" \
    -CAcreateserial -days "$days" -out "$out/$member.crt" -extfile <(printf '%s\n' \
      "subjectAltName=DNS:$member,DNS:localhost" \
      "keyUsage=critical,digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth,clientAuth") 2>/dev/null
  rm "$out/$member.csr"
done
rm -f "$out/mongo-ca.srl"

# A trust store holds only the public CA certificate; its password protects nothing secret.
keytool -importcert -noprompt -alias mongo-ca -file "$out/mongo-ca.crt" \
  -keystore "$out/mongo-ca.p12" -storetype PKCS12 -storepass public >/dev/null 2>&1

# 756 bytes of base64, as MongoDB's documentation suggests for a keyFile.
openssl rand -base64 756 > "$out/mongo-keyfile"

write mongo-root-username "root"
write mongo-root-password "$(random 48 40)"
write hub-mongodb-username "rogatory-hub"
hub_password="$(random 48 40)"
write hub-mongodb-password "$hub_password"
write hub-mongodb-uri \
  "mongodb://rogatory-hub:$hub_password@mongo-1:27017,mongo-2:27017,mongo-3:27017/rogatory?replicaSet=rs0&tls=true&authSource=admin&w=majority&journal=true"
write hub-keystore-password "$(random 48 40)"

# Containers read the files as other users (mongodb, the hub's uid); Compose mounts them
# read-only. Keep the directory itself private on the host.
chmod 755 "$out"
chmod 444 "$out"/*
chmod 400 "$out/mongo-ca.key"
chmod 700 "$out"
echo "secrets written to $PWD/$out"
