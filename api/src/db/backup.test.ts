import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { admin, withDatabase } from '../testing/postgres.ts';
import { openDatabase } from './database.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const run = (script: string, args: string[], env: Record<string, string>) =>
  execFileSync(path.join(ROOT, 'scripts', script), args, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** scripts/backup.sh and scripts/restore.sh on the local PostgreSQL, into a throwaway database. */
describe.skipIf(!process.env.DATABASE_URL)('backup and restore (postgres)', () => {
  let source: TestDatabase;
  const target = `jamaa_restore_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jamaa-backup-'));
  const serverUrl = process.env.DATABASE_URL as string;

  beforeAll(async () => {
    source = await newTestDatabase('postgres');
    await sql`
      insert into tenants (kind, code, slug, status, names, locales, default_locale, fallback_locales, branding)
      values ('platform', 'platform', 'platform', 'active', '{"fr":"Plateforme"}', '{fr}', 'fr', '{}', '{}')`.execute(source.kysely);
    await admin(serverUrl, [`create database ${target}`]);
  });
  afterAll(async () => {
    await source.dispose();
    await admin(serverUrl, [`drop database if exists ${target} with (force)`]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dumps a database and restores it, data, migration history, row-level security and grants, into an empty one', async () => {
    const file = path.join(dir, 'jamaa.dump');
    expect(run('backup.sh', [file], { BACKUP_DATABASE_URL: source.url! })).toContain('backup written');
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    const restoredUrl = withDatabase(serverUrl, target);
    expect(run('restore.sh', [file], { RESTORE_DATABASE_URL: restoredUrl })).toMatch(/restored: 1 tenants, \d+ migrations applied/);

    const restored = await openDatabase({ kind: 'postgres', url: restoredUrl, poolSize: 1 });
    try {
      const { rows } = await sql<{ code: string; forced: boolean; granted: boolean; migrations: number }>`
        select (select code from tenants) as code,
          (select relforcerowsecurity from pg_class where relname = 'memberships') as forced,
          has_table_privilege('jamaa_app', 'memberships', 'SELECT') as granted,
          (select count(*)::int from kysely_migration) as migrations`.execute(restored.kysely);
      const original = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(source.kysely);
      expect(rows[0]).toMatchObject({ code: 'platform', forced: true, granted: true, migrations: original.rows[0]?.n });
    } finally {
      await restored.close();
    }
  });

  it('refuses to restore over a database that already has Jamaa in it', () => {
    const file = path.join(dir, 'jamaa.dump');
    expect(() => run('restore.sh', [file], { RESTORE_DATABASE_URL: source.url! })).toThrow(/already has Jamaa's tables/);
  });
});
