#!/usr/bin/env bash
# Runs once per stack (the mongo-setup service): initiates replica set rs0 over the three members
# and creates the hub's own user, with readWrite on the hub's database only. Safe to run again.
set -euo pipefail
root_user=$(cat /run/secrets/mongo-root-username)
root_password=$(cat /run/secrets/mongo-root-password)
hub_user=$(cat /run/secrets/hub-mongodb-username)
hub_password=$(cat /run/secrets/hub-mongodb-password)
tls=(--tls --tlsCAFile /run/secrets/mongo-ca.crt)

# The root user exists on mongo-1 only until the set is initiated; log in there.
mongosh "${tls[@]}" --quiet --host mongo-1 -u "$root_user" -p "$root_password" \
  --authenticationDatabase admin --eval '
  try {
    rs.status();
    print("replica set already initiated");
  } catch (e) {
    rs.initiate({_id: "rs0", members: [
      {_id: 0, host: "mongo-1:27017", priority: 2},
      {_id: 1, host: "mongo-2:27017"},
      {_id: 2, host: "mongo-3:27017"}]});
  }
  let tries = 0;
  while (!db.hello().isWritablePrimary && tries++ < 60) { sleep(1000); }
  if (!db.hello().isWritablePrimary) { throw new Error("no primary after 60 s"); }
'

# The hub user: passed through the environment, not the command line, so ps does not show it.
HUB_USER="$hub_user" HUB_PASSWORD="$hub_password" \
mongosh "${tls[@]}" --quiet "mongodb://mongo-1,mongo-2,mongo-3/admin?replicaSet=rs0" \
  -u "$root_user" -p "$root_password" --authenticationDatabase admin --eval '
  const user = process.env.HUB_USER, pwd = process.env.HUB_PASSWORD;
  const roles = [{role: "readWrite", db: "rogatory"}];
  if (db.getSiblingDB("admin").getUser(user)) {
    db.getSiblingDB("admin").updateUser(user, {pwd, roles});
  } else {
    db.getSiblingDB("admin").createUser({user, pwd, roles});
  }
  print("user " + user + " ready");
'
