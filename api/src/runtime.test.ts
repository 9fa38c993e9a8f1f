import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { servingUrl, sessionRole } from './db/roles.ts';
import { createRuntime } from './runtime.ts';
import { escalateOverdue } from './complaints/complaints.service.ts';
import { DATABASE_KINDS } from './testing/databases.ts';
import { admin, withDatabase } from './testing/postgres.ts';

const logger = pino({ level: 'silent' });
const configFor = (url: string) => loadConfig({ DATABASE_URL: url, JAMAA_DEMO: 'false', PLATFORM_DOMAIN: 'localhost', NODE_ENV: 'test', LOG_LEVEL: 'silent' });

/** Backends connected to `database` as anyone but the serving login, as the server's superuser sees them. */
async function otherBackends(serverUrl: string, database: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ who: string }>(
      `select usename || ' ' || coalesce(application_name, '') as who from pg_stat_activity where datname = $1 and usename <> 'jamaa_server'`,
      [database],
    );
    return rows.map((r) => r.who);
  } finally {
    await client.end();
  }
}

// How the server opens its connections on PostgreSQL (PGlite has one superuser connection; see
// docs/ARCHITECTURE.md). Fresh, empty databases: the runtime migrates them itself.
describe.skipIf(!DATABASE_KINDS.includes('postgres'))('runtime on PostgreSQL', () => {
  const serverUrl = process.env.DATABASE_URL as string;
  const migrated = `jamaa_test_rt_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const empty = `jamaa_test_rt_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

  beforeAll(async () => {
    await admin(serverUrl, [`create database ${migrated}`, `create database ${empty}`]);
  });
  afterAll(async () => {
    await admin(serverUrl, [`drop database if exists ${migrated} with (force)`, `drop database if exists ${empty} with (force)`]);
  }, 60_000);

  it("migrates as the owner, then serves as jamaa_server and closes the owner's connections", async () => {
    const runtime = await createRuntime(configFor(withDatabase(serverUrl, migrated)), logger);
    try {
      expect(await sessionRole(runtime.db)).toBe('jamaa_server');
      const site = await runtime.app.request('http://localhost/api/v1/site', { headers: { host: 'localhost' } });
      expect(site.status).toBe(200);
      expect(await site.json()).toMatchObject({ kind: 'platform' });
      // The escalation timer's work runs as the serving login too (every tenant, one unit of work each).
      await expect(escalateOverdue({ ...runtime, clock: () => new Date() }, new Date())).resolves.toBe(0);
      expect(await runtime.escalation.runNow()).toBe(0);
      // The owner's pool is closed once start-up is done (a backend may take a moment to go).
      let others = await otherBackends(serverUrl, migrated);
      for (let i = 0; i < 100 && others.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        others = await otherBackends(serverUrl, migrated);
      }
      expect(others).toEqual([]);
      // What an injected RESET ROLE would reach: nothing.
      await expect(
        runtime.db.kysely.connection().execute(async (conn) => {
          await sql`reset role`.execute(conn);
          return sql`select email, password_hash from staff_users`.execute(conn);
        }),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await runtime.close();
    }
  }, 120_000);

  it('with DATABASE_URL the serving login, serves a migrated database without migrating, and refuses a database with migrations pending', async () => {
    await expect(createRuntime(configFor(servingUrl(withDatabase(serverUrl, empty), null)), logger)).rejects.toThrow(/npm run migrate/);
    // …and left it alone: the serving login may not migrate.
    const client = new pg.Client({ connectionString: withDatabase(serverUrl, empty) });
    await client.connect();
    try {
      expect((await client.query(`select to_regclass('public.tenants') as t`)).rows[0]).toEqual({ t: null });
    } finally {
      await client.end();
    }

    const runtime = await createRuntime(configFor(servingUrl(withDatabase(serverUrl, migrated), null)), logger);
    try {
      expect(await sessionRole(runtime.db)).toBe('jamaa_server');
      expect((await runtime.app.request('http://localhost/readyz', { headers: { host: 'localhost' } })).status).toBe(200);
      expect((await runtime.app.request('http://localhost/api/v1/site', { headers: { host: 'localhost' } })).status).toBe(200);
    } finally {
      await runtime.close();
    }
  }, 120_000);
});
