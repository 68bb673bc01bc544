#!/usr/bin/env bash
# Start Debian's PostgreSQL 15 on loopback and make the role/database the federation profile
# uses (user lakeproof, password lakeproof, database lakeproof). Idempotent; run as root.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pg_ctlcluster 15 main status >/dev/null 2>&1 || pg_ctlcluster 15 main start
for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='lakeproof'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE lakeproof LOGIN PASSWORD 'lakeproof'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='lakeproof'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE DATABASE lakeproof OWNER lakeproof\""
echo "postgres ready: host=127.0.0.1 port=5432 user=lakeproof password=lakeproof dbname=lakeproof"
