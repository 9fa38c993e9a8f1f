#!/bin/sh
# Restores a dump made by scripts/backup.sh into a database, which must be EMPTY (a fresh
# `CREATE DATABASE … OWNER <owner>`), with the roles already present (README, "Database roles").
#   RESTORE_DATABASE_URL=postgres://owner@host/jamaa_restored scripts/restore.sh jamaa-….dump
# Refuses a database that already has Jamaa's tables, so a mistyped URL cannot overwrite production.
# Then: `npm run migrate -- status` against it (the dump carries its migration history), point
# DATABASE_URL at it, and restore the uploaded files (JAMAA_DATA_DIR/files or the bucket).
set -eu
file="${1:-}"
url="${RESTORE_DATABASE_URL:-}"
if [ -z "$file" ] || [ ! -f "$file" ] || [ -z "$url" ]; then
  echo "usage: RESTORE_DATABASE_URL=postgres://owner@host/empty_db scripts/restore.sh <dump file>" >&2
  exit 2
fi
existing=$(psql --dbname="$url" -XAtc "select count(*) from pg_tables where schemaname = 'public' and tablename in ('tenants', 'kysely_migration')")
if [ "$existing" != "0" ]; then
  echo "restore.sh: the target database already has Jamaa's tables; restore into a new, empty database" >&2
  exit 1
fi
# One transaction: all or nothing. --exit-on-error: a failing statement stops it.
pg_restore --dbname="$url" --single-transaction --exit-on-error "$file"
# The database-level privilege the least-privilege migration sets is not in a dump of the database's
# contents: repeat it.
psql --dbname="$url" -Xqc "revoke temporary on database \"$(psql --dbname="$url" -XAtc 'select current_database()')\" from public"
psql --dbname="$url" -XAtc "select 'restored: ' || (select count(*) from tenants) || ' tenants, ' || (select count(*) from kysely_migration) || ' migrations applied'"
