import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { countServingQueries, statementsOf } from '../testing/round-trips.ts';
import { call, hostOf } from '../testing/staff.ts';

/**
 * Issue 14: a keyed complaint submission (with an Idempotency-Key, as the web form sends) costs a fixed
 * number of round trips to PostgreSQL, each a loopback write that wakes the database on the same cores
 * (docs/performance.md, Notes). Pinned here so that a change that adds one shows; lower it when a change
 * removes one. Counted on the serving login's pool, for the statements of one request only.
 */
const KEYED_SUBMISSION_ROUND_TRIPS = 4;
/**
 * Begin (with the role and tenant), the key's claim with the submission limit, the complaint with its number and
 * the key's answer, commit: the claim and the complaint are one unit of work (`claimInHandler`). The first one
 * of a tenant (or the first after a staff write) also reads the form's rules, in the same transaction.
 */
const FIRST_SUBMISSION_ROUND_TRIPS = KEYED_SUBMISSION_ROUND_TRIPS + 2;

describe.runIf(DATABASE_KINDS.includes('postgres'))('round trips of a complaint submission (postgres)', () => {
  let t: TestApp;
  let tenant: TenantRow;
  let host: string;

  beforeAll(async () => {
    // With the page cache and its cache of public reads, as the server runs.
    t = await newTestApp('postgres', { pages: true });
    await newPlatform(t.db);
    tenant = await newTenant(t.db, { slug: 'casablanca' });
    host = hostOf(tenant);
    await countServingQueries(t.db);
  });
  afterAll(() => t?.dispose());

  const submit = async (key: string, body: Record<string, unknown>) => {
    const { result: res, statements } = await statementsOf(() => call(t.app, 'POST', host, '/api/v1/complaints', { body, origin: null, headers: { 'idempotency-key': key } }));
    return { res, statements };
  };
  const complaint = (n: number) => ({ category: 'roads', description: `Nid-de-poule devant le numéro ${n}.`, address: `${n} rue des Orangers`, locale: 'fr' });

  it(`files a keyed complaint in ${KEYED_SUBMISSION_ROUND_TRIPS} round trips once the form's rules are known (${FIRST_SUBMISSION_ROUND_TRIPS} before), and replays it in fewer`, async () => {
    // The tenant's host is known to this process (resolved once, kept), as after any earlier request.
    expect((await t.get(host, '/api/v1/complaints/track/CASA-2026-999999')).status).toBe(404);
    // The first submission of a tenant reads its categories and settings (kept afterwards).
    const warmUp = await submit('round-trips-warm-up-0001', complaint(1));
    expect(warmUp.res.status).toBe(201);
    expect(warmUp.statements, warmUp.statements.join('\n')).toHaveLength(FIRST_SUBMISSION_ROUND_TRIPS);

    const first = await submit('round-trips-keyed-0002', complaint(2));
    expect(first.res.status).toBe(201);
    expect(first.statements, first.statements.join('\n')).toHaveLength(KEYED_SUBMISSION_ROUND_TRIPS);

    // A retry with the same key: the stored answer, the same bytes, no second complaint.
    const again = await submit('round-trips-keyed-0002', complaint(2));
    expect(again.res.status).toBe(201);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.res.text()).toBe(await first.res.text());
    expect(again.statements.length).toBeLessThan(KEYED_SUBMISSION_ROUND_TRIPS);
    const stored = await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(2);
  });

  it('writes nothing for a refused submission, and takes no number: the next one is numbered on', async () => {
    const before = await t.db.kysely.selectFrom('complaints').select(['tracking']).where('tenant_id', '=', tenant.id).orderBy('number', 'desc').executeTakeFirstOrThrow();
    const refused = await submit('round-trips-refused-0003', { ...complaint(3), category: 'no_such_category' });
    expect(refused.res.status).toBe(422);
    expect(refused.statements.join('\n')).not.toMatch(/insert into "complaints"|insert into "counters"/i);
    const next = await submit('round-trips-refused-0003', complaint(3));
    expect(next.res.status).toBe(201);
    const { tracking } = (await next.res.json()) as { tracking: string };
    const n = (text: string) => Number(text.split('-').pop());
    expect(n(tracking)).toBe(n(before.tracking) + 1);
  });
});
