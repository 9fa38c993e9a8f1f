#!/bin/sh
# Backs up a Jamaa database with pg_dump (custom format: compressed, restorable table by table).
#   scripts/backup.sh [file]            # default: jamaa-YYYYmmddTHHMMSSZ.dump in the current directory
# Connection: BACKUP_DATABASE_URL, else MIGRATION_DATABASE_URL, else DATABASE_URL — the OWNER's URL
# (the serving login jamaa_server can read nothing by itself). Roles are cluster-wide and not in the
# dump: recreate them on the target first (README, "Database roles"), or let the migrations do it.
# Uploaded files are not in the database: back up JAMAA_DATA_DIR/files or the S3 bucket alongside.
set -eu
url="${BACKUP_DATABASE_URL:-${MIGRATION_DATABASE_URL:-${DATABASE_URL:-}}}"
if [ -z "$url" ]; then
  echo "backup.sh: set BACKUP_DATABASE_URL (or MIGRATION_DATABASE_URL / DATABASE_URL) to the owner's postgres:// URL" >&2
  exit 2
fi
out="${1:-jamaa-$(date -u +%Y%m%dT%H%M%SZ).dump}"
tmp="$out.partial"
# --no-owner/--no-privileges are NOT used: ownership and grants (row-level security rests on them) are
# part of what is restored. Written under a temporary name, renamed only when complete.
pg_dump --dbname="$url" --format=custom --compress=6 --file="$tmp"
mv "$tmp" "$out"
# A dump that pg_restore cannot list is no backup.
pg_restore --list "$out" > /dev/null
echo "backup written: $out ($(wc -c < "$out") bytes)"
