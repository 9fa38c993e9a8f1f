#!/bin/sh
# Runs Debian's caddy for real on loopback, with its internal CA and on-demand TLS whose `ask` is the
# platform's /api/v1/domains/check, in front of the API (node api/src/server.ts) on a throwaway database of
# the local PostgreSQL with the demo tenants. Checks that an active tenant's domain gets a certificate and
# is served, and that an unknown domain and a suspended tenant's domain get none.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test scripts/caddy-check.sh
set -eu
command -v caddy >/dev/null || { echo "caddy-check: install Debian's caddy (apt-get install -y caddy)" >&2; exit 2; }
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL server (owner/superuser), e.g. postgres://postgres@127.0.0.1:5432/test}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# Node 24 (the root `node` devDependency) runs the TypeScript sources; the system node may be older.
NODE="$ROOT/node_modules/.bin/node"; [ -x "$NODE" ] || NODE=node
WORK=$(mktemp -d)
DB="jamaa_caddy_$(date +%s)"
APP_PORT=${APP_PORT:-3917}
HTTPS_PORT=${HTTPS_PORT:-18443}
db_url=$("$NODE" -e "const u=new URL(process.argv[1]); u.pathname='/$DB'; console.log(u.toString())" "$DATABASE_URL")
app_pid=''; caddy_pid=''
cleanup() {
  [ -n "$caddy_pid" ] && kill "$caddy_pid" 2>/dev/null || true
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  sleep 1
  psql "$DATABASE_URL" -Xqc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
psql "$DATABASE_URL" -Xqc "create database $DB"

# The platform: demo tenants under jamaa.localhost (casablanca.jamaa.localhost, tetouan.jamaa.localhost…).
DATABASE_URL="$db_url" PORT=$APP_PORT HOST=127.0.0.1 PLATFORM_DOMAIN=jamaa.localhost JAMAA_DEMO=true TRUST_PROXY=true \
  JAMAA_DATA_DIR="$WORK/data" LOG_LEVEL=warn "$NODE" "$ROOT/api/src/server.ts" > "$WORK/app.log" 2>&1 &
app_pid=$!
i=0; until curl -fsS "http://127.0.0.1:$APP_PORT/readyz" >/dev/null 2>&1; do
  i=$((i+1)); if [ $i -gt 180 ] || ! kill -0 "$app_pid" 2>/dev/null; then cat "$WORK/app.log"; echo "caddy-check: the app did not start" >&2; exit 1; fi; sleep 1
done

# Suspend one tenant (the lifecycle's status column) and tell every process, as the app does.
psql "$db_url" -Xqc "update tenants set status = 'suspended' where slug = 'tetouan'" \
  -c "select pg_notify('jamaa_tenant_changed', id::text) from tenants where slug = 'tetouan'" >/dev/null

cat > "$WORK/Caddyfile" <<CADDY
{
	admin off
	local_certs
	skip_install_trust
	http_port 18080
	https_port $HTTPS_PORT
	storage file_system $WORK/caddy
	on_demand_tls {
		ask http://127.0.0.1:$APP_PORT/api/v1/domains/check
	}
}
https:// {
	tls {
		on_demand
	}
	respond /metrics 404
	reverse_proxy 127.0.0.1:$APP_PORT
}
CADDY
caddy run --config "$WORK/Caddyfile" --adapter caddyfile > "$WORK/caddy.log" 2>&1 &
caddy_pid=$!
i=0; until [ -f "$WORK/caddy/pki/authorities/local/root.crt" ]; do
  i=$((i+1)); [ $i -gt 30 ] && { cat "$WORK/caddy.log"; echo "caddy-check: caddy did not start" >&2; exit 1; }; sleep 1
done
CA="$WORK/caddy/pki/authorities/local/root.crt"

fetch() { curl -sS --max-time 20 --cacert "$CA" --resolve "$1:$HTTPS_PORT:127.0.0.1" "https://$1:$HTTPS_PORT/api/v1/site" 2>&1; }
fail=0
out=$(fetch casablanca.jamaa.localhost) && echo "$out" | grep -q '"code"' \
  && echo "ok   active tenant casablanca.jamaa.localhost: certificate from Caddy's local CA, site served" \
  || { echo "FAIL active tenant: $out"; fail=1; }
out=$(fetch unknown-place.jamaa.localhost) \
  && { echo "FAIL unknown domain was served: $out"; fail=1; } \
  || echo "ok   unknown-place.jamaa.localhost: no certificate (TLS refused)"
out=$(fetch tetouan.jamaa.localhost) \
  && { echo "FAIL suspended tenant got a certificate: $out"; fail=1; } \
  || echo "ok   suspended tetouan.jamaa.localhost: no certificate (TLS refused)"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$CA" --resolve "casablanca.jamaa.localhost:$HTTPS_PORT:127.0.0.1" "https://casablanca.jamaa.localhost:$HTTPS_PORT/metrics")
[ "$code" = 404 ] && echo "ok   /metrics is not served through Caddy (404)" || { echo "FAIL /metrics through Caddy: $code"; fail=1; }
exit $fail
