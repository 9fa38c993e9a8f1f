#!/bin/sh
# A throwaway Citus cluster on this machine, for running the database tests against a coordinator
# (docs/scaling.md): `scripts/citus-cluster.sh up` creates three PostgreSQL clusters (coordinator on 5440,
# workers on 5441 and 5442, trust authentication on loopback, citus preloaded) and registers the workers;
# `scripts/citus-cluster.sh down` removes them. Needs root, Debian's postgresql-common and the Citus
# extension installed for the server's major version (built from citusdata/citus: ./configure && make install).
set -eu
VERSION="${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -1)}"
PORTS="5440 5441 5442"

up() {
  for port in $PORTS; do
    name="citus$port"
    pg_createcluster -q "$VERSION" "$name" -p "$port" -- --auth=trust >/dev/null
    conf="/etc/postgresql/$VERSION/$name"
    {
      echo "shared_preload_libraries = 'citus'"
      echo "listen_addresses = '127.0.0.1'"
      echo "citus.node_conninfo = 'sslmode=disable'"
      echo "max_connections = 200"
      echo "max_worker_processes = 32"
    } >>"$conf/postgresql.conf"
    echo "host all all 127.0.0.1/32 trust" >"$conf/pg_hba.conf"
    echo "local all all trust" >>"$conf/pg_hba.conf"
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$name" start
    psql -qAt -h 127.0.0.1 -p "$port" -U postgres -c "create database test" >/dev/null
    psql -qAt -h 127.0.0.1 -p "$port" -U postgres -d test -c "create extension citus" >/dev/null
  done
  psql -qAt -h 127.0.0.1 -p 5440 -U postgres -d test -c "select citus_set_coordinator_host('127.0.0.1', 5440)" >/dev/null
  for port in 5441 5442; do
    psql -qAt -h 127.0.0.1 -p 5440 -U postgres -d test -c "select citus_add_node('127.0.0.1', $port)" >/dev/null
  done
  psql -qAt -h 127.0.0.1 -p 5440 -U postgres -d test -c "select 'citus ' || citus_version()"
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:5440/test"
}

down() {
  for port in $PORTS; do
    pg_dropcluster --stop "$VERSION" "citus$port" 2>/dev/null || true
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
