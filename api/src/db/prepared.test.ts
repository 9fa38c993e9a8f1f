import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { completeClaim, insertClaim, type ClaimStep, type KeyId } from '../idempotency/idempotency.repository.ts';
import { sha256Hex } from '../idempotency/idempotency.service.ts';
import { createMailer } from '../mail/mailer.ts';
import { createSmsSender } from '../mail/sms.ts';
import { TenantDirectory } from '../tenancy/tenant-directory.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestDatabase, DATABASE_KINDS, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { countServingQueries, statementsOf } from '../testing/round-trips.ts';
import { call, hostOf } from '../testing/staff.ts';
import { newTestStorage, type TestStorage } from '../testing/storage.ts';
import { openDatabase, type Database } from './database.ts';
import { MAX_NAMED, StatementNames } from './prepared.ts';
import type { TenantRow } from './schema.ts';
import { servingUrl } from './roles.ts';

/**
 * The allow-list's statements (`PREPARE`: a keyed submission's claim and its complaint) run as named statements
 * on PostgreSQL (db/prepared.ts). Each test serves through a pool of ONE connection of the serving login, so
 * that every statement meets the statements prepared before it on that same connection.
 */
describe('statement names', () => {
  it('names a text the same each time, another text otherwise, and at most MAX_NAMED texts (the rest run unnamed)', () => {
    const names = new StatementNames();
    const first = names.nameOf('select 1 /* jamaa:prepare */');
    expect(first).toMatch(/^jamaa_0_[0-9a-f]{32}$/);
    expect(names.nameOf('select 1 /* jamaa:prepare */')).toBe(first);
    expect(names.nameOf('select 2 /* jamaa:prepare */')).not.toBe(first);
    for (let i = 3; i <= MAX_NAMED; i++) expect(names.nameOf(`select ${i} /* jamaa:prepare */`)).not.toBeNull();
    expect(names.nameOf(`select ${MAX_NAMED + 1} /* jamaa:prepare */`)).toBeNull();
    expect(names.nameOf('select 1 /* jamaa:prepare */')).toBe(first);
  });

  it('gives every text a new name once renewed (a plan was refused)', () => {
    const names = new StatementNames();
    const before = names.nameOf('select 1 /* jamaa:prepare */');
    names.renew();
    expect(names.nameOf('select 1 /* jamaa:prepare */')).toMatch(/^jamaa_1_/);
    expect(names.nameOf('select 1 /* jamaa:prepare */')).not.toBe(before);
  });
});

describe.runIf(DATABASE_KINDS.includes('postgres'))('prepared statements (postgres)', () => {
  let owner: TestDatabase;
  let db: Database;
  let a: TenantRow;
  let b: TenantRow;

  beforeEach(async () => {
    owner = await newTestDatabase('postgres');
    db = await openDatabase({ kind: 'postgres', url: servingUrl(owner.url as string, process.env.DATABASE_SERVER_PASSWORD || null), poolSize: 1 });
    await newPlatform(owner);
    a = await newTenant(owner, { slug: 'casablanca' });
    b = await newTenant(owner, { slug: 'rabat' });
  });
  afterEach(async () => {
    await db.close();
    await owner.dispose();
  });

  const claimOf = (at = new Date()) => ({ requestHash: 'a'.repeat(64), claimedAt: at, lockedUntil: new Date(at.getTime() + 60_000), expiresAt: new Date(at.getTime() + 86_400_000) });
  /** A claim step that writes nothing: the claim's statement with its `seen` part (the row in the way). */
  const noStep: ClaimStep = { statement: (claimed) => sql`select 1 as one where ${claimed}`, settle: async () => {} };
  const prepared = () =>
    withTenant(db, { id: a.id }, async (tx) => (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(tx)).rows);

  it('prepares the claim once per connection, and no statement outside the allow-list', async () => {
    for (const n of [1, 2, 3]) {
      const key: KeyId = { tenantId: a.id, scope: 'test.prepared', keyHash: sha256Hex(`k${n}`) };
      expect(await withTenant(db, { id: a.id }, (tx) => insertClaim(tx, key, claimOf(), noStep))).toEqual({ claimed: true, rows: [{ one: 1 }] });
      expect(await withTenant(db, { id: a.id }, (tx) => insertClaim(tx, key, claimOf(), noStep))).toMatchObject({ claimed: false });
    }
    const statements = await prepared();
    expect(statements).toHaveLength(1);
    expect(statements[0]?.name).toMatch(/^jamaa_0_[0-9a-f]{32}$/);
    expect(statements[0]?.statement).toMatch(/insert into "idempotency_keys"[\s\S]*\/\* jamaa:prepare \*\/$/);
  });

  it('names nothing when turned off (DATABASE_PREPARED_STATEMENTS=false)', async () => {
    const off = await openDatabase({ kind: 'postgres', url: servingUrl(owner.url as string, process.env.DATABASE_SERVER_PASSWORD || null), poolSize: 1, preparedStatements: false });
    try {
      const key: KeyId = { tenantId: a.id, scope: 'test.prepared', keyHash: sha256Hex('off') };
      expect(await withTenant(off, { id: a.id }, (tx) => insertClaim(tx, key, claimOf(), noStep))).toEqual({ claimed: true, rows: [{ one: 1 }] });
      const { rows } = await withTenant(off, { id: a.id }, (tx) => sql<{ name: string }>`select name from pg_prepared_statements`.execute(tx));
      expect(rows).toEqual([]);
    } finally {
      await off.close();
    }
  });

  it("runs a prepared claim under each run's tenant: tenant B neither sees nor claims tenant A's key", async () => {
    const keyHash = sha256Hex('shared-key');
    const ofA: KeyId = { tenantId: a.id, scope: 'test.prepared', keyHash };
    // A's runs first, more than the five after which PostgreSQL may keep one generic plan for the statement.
    for (const n of [1, 2, 3, 4, 5, 6, 7]) await withTenant(db, { id: a.id }, (tx) => insertClaim(tx, { ...ofA, keyHash: sha256Hex(`a${n}`) }, claimOf(), noStep));
    const claimedAt = new Date();
    expect(await withTenant(db, { id: a.id }, (tx) => insertClaim(tx, ofA, claimOf(claimedAt), noStep))).toMatchObject({ claimed: true });
    const answer = { status: 201, contentType: 'application/json', body: new TextEncoder().encode('{"secret":"of A"}') };
    expect(await withTenant(db, { id: a.id }, (tx) => completeClaim(tx, ofA, claimedAt, answer))).toBe(true);
    // The same prepared statement, now as tenant B: B's own key of the same value is B's to claim.
    expect(await withTenant(db, { id: b.id }, (tx) => insertClaim(tx, { ...ofA, tenantId: b.id }, claimOf(), noStep))).toEqual({ claimed: true, rows: [{ one: 1 }] });
    // Given A's tenant id (a bug), B's claim is refused, whether A holds that key or not: it neither takes A's key
    // nor answers A's stored answer.
    await expect(withTenant(db, { id: b.id }, (tx) => insertClaim(tx, ofA, claimOf(), noStep))).rejects.toThrow(/row-level security/);
    await expect(withTenant(db, { id: b.id }, (tx) => insertClaim(tx, { ...ofA, keyHash: sha256Hex('other') }, claimOf(), noStep))).rejects.toThrow(/row-level security/);
    // A still sees its own answer, and these were runs of one prepared statement.
    expect(await withTenant(db, { id: a.id }, (tx) => insertClaim(tx, ofA, claimOf(), noStep))).toMatchObject({ claimed: false, seen: { state: 'done', response_status: 201 } });
    expect(await prepared()).toHaveLength(1);
  });

  it('runs a unit of work again when a migration changed a prepared statement\'s result columns, with the statement prepared afresh', async () => {
    const key = (n: number): KeyId => ({ tenantId: a.id, scope: 'test.prepared', keyHash: sha256Hex(`m${n}`) });
    await withTenant(db, { id: a.id }, (tx) => insertClaim(tx, key(1), claimOf(), noStep));
    const before = await prepared();
    // A column the claim's statement answers changes type: PostgreSQL refuses the cached plan (0A000).
    await sql`alter table idempotency_keys alter column response_content_type type varchar(200)`.execute(owner.kysely);
    let runs = 0;
    const result = await withTenant(db, { id: a.id }, (tx) => {
      runs++;
      return insertClaim(tx, key(2), claimOf(), noStep);
    });
    expect(result).toEqual({ claimed: true, rows: [{ one: 1 }] });
    expect(runs).toBe(2);
    const rows = await withTenant(db, { id: a.id }, (tx) => tx.selectFrom('idempotency_keys').select('key_hash').where('tenant_id', '=', a.id).execute());
    expect(rows.map((r) => r.key_hash).sort()).toEqual([key(1).keyHash, key(2).keyHash].sort());
    // The next runs use the new statement, once: the refused one went with its connection.
    await withTenant(db, { id: a.id }, (tx) => insertClaim(tx, key(3), claimOf(), noStep));
    const after = await prepared();
    expect(after).toHaveLength(1);
    expect(after[0]?.name).not.toBe(before[0]?.name);
    expect(after[0]?.name).toMatch(/^jamaa_1_/);
  });
});

/** The app of `newTestApp`, serving through ONE connection of the serving login (see above). */
interface ServingApp {
  db: Database;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

async function servingApp(owner: TestDatabase): Promise<ServingApp> {
  const db = await openDatabase({ kind: 'postgres', url: servingUrl(owner.url as string, process.env.DATABASE_SERVER_PASSWORD || null), poolSize: 1 });
  const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test' });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const clock = () => new Date();
  const storage = await newTestStorage();
  const directory = new TenantDirectory({ db, platformDomain: config.platformDomain, logger });
  await directory.start();
  const mailer = createMailer(config, { db, logger, clock });
  const sms = createSmsSender(config, { db, logger, clock });
  const app = createApp({ config, db, directory, logger, clock, mailer, sms, storage });
  return {
    db,
    app,
    async close() {
      await directory.stop();
      await mailer.close();
      await sms.close();
      await storage.dispose();
      await db.close();
    },
  };
}

describe.runIf(DATABASE_KINDS.includes('postgres'))('keyed complaint submissions across a migration (postgres)', () => {
  let owner: TestDatabase;
  let served: ServingApp;
  let app: ServingApp['app'];
  let tenant: TenantRow;
  let host: string;

  beforeAll(async () => {
    owner = await newTestDatabase('postgres');
    served = await servingApp(owner);
    app = served.app;
    await newPlatform(owner);
    tenant = await newTenant(owner, { slug: 'casablanca' });
    host = hostOf(tenant);
    await countServingQueries({ serving: async () => served.db } as unknown as TestDatabase);
  });
  afterAll(async () => {
    await served?.close();
    await owner?.dispose();
  });

  const submit = (key: string, n: number) =>
    statementsOf(() => call(app, 'POST', host, '/api/v1/complaints', { body: { category: 'roads', description: `Nid-de-poule devant le numéro ${n}.`, address: `${n} rue des Orangers`, locale: 'fr' }, origin: null, headers: { 'idempotency-key': key } }));
  const stored = async () => (await owner.kysely.selectFrom('complaints').select(['tracking', 'description']).where('tenant_id', '=', tenant.id).orderBy('number').execute()).map((r) => r.tracking);
  const openings = (statements: string[]) => statements.filter((s) => s.startsWith('begin')).length;

  it('files a complaint after a migration added a column to complaints, in one unit of work', async () => {
    const first = await submit('prepared-migration-0001', 1);
    expect(first.result.status).toBe(201);
    await sql`alter table complaints add column h76_extra text`.execute(owner.kysely);
    const second = await submit('prepared-migration-0002', 2);
    expect(second.result.status).toBe(201);
    expect(openings(second.statements), second.statements.join('\n')).toBe(1);
    const answers = [(await first.result.json()) as { tracking: string }, (await second.result.json()) as { tracking: string }];
    expect(await stored()).toEqual(answers.map((x) => x.tracking));
  });

  it("files a complaint once after a migration changed a returned column's type (its unit runs again), and numbers on without a gap", async () => {
    const before = await stored();
    await sql`alter table complaints alter column contact_email type varchar(320)`.execute(owner.kysely);
    const next = await submit('prepared-migration-0003', 3);
    expect(next.result.status).toBe(201);
    expect(openings(next.statements), next.statements.join('\n')).toBe(2);
    const { tracking } = (await next.result.json()) as { tracking: string };
    expect(await stored()).toEqual([...before, tracking]);
    const n = (text: string) => Number(text.split('-').pop());
    expect(n(tracking)).toBe(n(before.at(-1) as string) + 1);
    // A retry with the same key answers the same complaint.
    const again = await submit('prepared-migration-0003', 3);
    expect(again.result.status).toBe(201);
    expect(((await again.result.json()) as { tracking: string }).tracking).toBe(tracking);
    expect(await stored()).toEqual([...before, tracking]);
  });
});

/**
 * Past five runs of a named statement PostgreSQL may keep one generic plan for it, in which the tenant is a
 * parameter bound at each run; row-level security reads each run's `app.tenant_id`. On a Citus coordinator the
 * claim's statement (a chain of data-modifying CTEs) has no generic distributed plan: Citus prices it out, and
 * PostgreSQL plans each run for its values (with `plan_cache_mode = force_generic_plan` it fails: "could not
 * create distributed plan"). Either way each tenant's submissions must land on its own rows and numbers.
 */
describe.runIf(DATABASE_KINDS.includes('postgres'))("two tenants' keyed submissions through one connection, past the plan cache's five runs (postgres)", () => {
  let owner: TestDatabase;
  let served: ServingApp;
  let casablanca: TenantRow;
  let rabat: TenantRow;

  beforeAll(async () => {
    owner = await newTestDatabase('postgres');
    served = await servingApp(owner);
    await newPlatform(owner);
    casablanca = await newTenant(owner, { slug: 'casablanca' });
    rabat = await newTenant(owner, { slug: 'rabat' });
  });
  afterAll(async () => {
    await served?.close();
    await owner?.dispose();
  });

  const submit = (tenant: TenantRow, n: number) =>
    call(served.app, 'POST', hostOf(tenant), '/api/v1/complaints', {
      body: { category: 'roads', description: `Nid-de-poule devant le numéro ${n} (${tenant.slug}).`, address: `${n} rue des Orangers`, locale: 'fr' },
      origin: null,
      headers: { 'idempotency-key': `generic-${tenant.slug}-${String(n).padStart(4, '0')}` },
    });
  const stored = async (tenant: TenantRow) =>
    (await owner.kysely.selectFrom('complaints').select(['tracking', 'description']).where('tenant_id', '=', tenant.id).orderBy('number').execute()).map((r) => `${r.tracking} ${r.description}`);

  it("files each tenant's complaints under its own numbers, on its own rows, alternating tenants run after run", async () => {
    const answers = new Map<string, string[]>([[casablanca.id, []], [rabat.id, []]]);
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      for (const tenant of [casablanca, rabat]) {
        const res = await submit(tenant, n);
        expect(res.status).toBe(201);
        answers.get(tenant.id)?.push(`${((await res.json()) as { tracking: string }).tracking} Nid-de-poule devant le numéro ${n} (${tenant.slug}).`);
      }
    }
    expect(await stored(casablanca)).toEqual(answers.get(casablanca.id));
    expect(await stored(rabat)).toEqual(answers.get(rabat.id));
    for (const tenant of [casablanca, rabat]) expect(answers.get(tenant.id)?.map((a) => Number(a.split(' ')[0]?.split('-').pop()))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // A replay answers the tenant's own complaint, and the other tenant's host does not know it.
    const again = await submit(rabat, 3);
    expect(((await again.json()) as { tracking: string }).tracking).toBe(answers.get(rabat.id)?.[2]?.split(' ')[0]);
    const tracking = answers.get(casablanca.id)?.[0]?.split(' ')[0] as string;
    expect((await call(served.app, 'GET', hostOf(rabat), `/api/v1/complaints/track/${tracking}`)).status).toBe(404);
    // These were runs of the two named statements (the claim's and the complaint's), each prepared once.
    const runs = await withTenant(served.db, { id: casablanca.id }, async (tx) =>
      (await sql<{ runs: number }>`select (generic_plans + custom_plans)::int as runs from pg_prepared_statements where name like 'jamaa_%' order by name`.execute(tx)).rows,
    );
    expect(runs).toHaveLength(2);
    for (const { runs: n } of runs) expect(n).toBeGreaterThanOrEqual(14);
  });
});
