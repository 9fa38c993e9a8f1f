import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { countServingQueries, statementsOf } from '../testing/round-trips.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';

/**
 * Issue 14: a page of the staff queue (`/{lang}/admin/complaints`) asks the API for the queue and the
 * categories (and, for an administrator, the staff and arrondissements lists). Each call's round trips to
 * PostgreSQL are pinned here, counted on the serving login's pool for that request only, as in
 * complaints.round-trips.test.ts: a change that adds one shows; lower them when a change removes one.
 * Casablanca has an arrondissement, so the staff member's scope is read as on the real city's pages.
 */
const QUEUE_ROUND_TRIPS = 10;
/**
 * The first read of a tenant's queue in a minute also escalates its overdue complaints, and the first of the
 * process reads the commune's active arrondissements (kept in the cache of public reads), each in its own transaction.
 */
const FIRST_QUEUE_ROUND_TRIPS = QUEUE_ROUND_TRIPS + 6;
/** The categories come from the cache of public reads once read (here by the residents' submissions). */
const CATEGORIES_ROUND_TRIPS = 3;
/** The console's layout reads the session first (`/auth/me`): not this change's, counted for the page's total. */
const ME_ROUND_TRIPS = 3;

describe.runIf(DATABASE_KINDS.includes('postgres'))('round trips of a page of the staff queue (postgres)', () => {
  let t: TestApp;
  let casa: TenantRow;
  let host: string;
  let cookie: string;

  beforeAll(async () => {
    t = await newTestApp('postgres', { pages: true });
    await newPlatform(t.db);
    casa = await newTenant(t.db, { slug: 'casablanca' });
    await newTenant(t.db, { slug: 'anfa', parent: casa });
    host = hostOf(casa);
    const supervisor = await newStaffUser(t.db, { memberships: [{ tenant: casa, role: 'supervisor' }] });
    cookie = await signIn(t.app, host, supervisor.email);
    for (const n of [1, 2, 3]) {
      const res = await call(t.app, 'POST', host, '/api/v1/complaints', { body: { category: 'roads', description: `Nid-de-poule devant le numéro ${n}.`, address: `${n} rue des Orangers`, locale: 'fr' } });
      expect(res.status).toBe(201);
    }
    await countServingQueries(t.db);
  });
  afterAll(() => t?.dispose());

  const get = (path: string) => statementsOf(() => call(t.app, 'GET', host, `/api/v1/admin${path}`, { cookie }));

  it(`answers a page of the open queue in ${QUEUE_ROUND_TRIPS} round trips (${FIRST_QUEUE_ROUND_TRIPS} with the escalation) and the categories in ${CATEGORIES_ROUND_TRIPS}`, async () => {
    const first = await get('/complaints?state=open');
    expect(first.result.status).toBe(200);
    expect(first.statements, first.statements.join('\n')).toHaveLength(FIRST_QUEUE_ROUND_TRIPS);
    const escalation = /^select \* from "complaints" where "tenant_id" = \$1 and "state" in/m;
    expect(first.statements.join('\n')).toMatch(escalation);
    const queue = await get('/complaints?state=open');
    expect(queue.result.status).toBe(200);
    const body = (await queue.result.json()) as { complaints: { tracking: string }[]; total: number };
    expect(body.total).toBe(3);
    expect(body.complaints).toHaveLength(3);
    expect(queue.statements, queue.statements.join('\n')).toHaveLength(QUEUE_ROUND_TRIPS);
    expect(queue.statements.join('\n')).not.toMatch(escalation);

    const categories = await get('/complaint-settings/categories');
    expect(categories.result.status).toBe(200);
    expect(((await categories.result.json()) as { categories: { code: string }[] }).categories.map((c) => c.code)).toContain('roads');
    expect(categories.statements, categories.statements.join('\n')).toHaveLength(CATEGORIES_ROUND_TRIPS);

    const me = await statementsOf(() => call(t.app, 'GET', host, '/api/v1/auth/me', { cookie }));
    expect(me.result.status).toBe(200);
    expect(me.statements, me.statements.join('\n')).toHaveLength(ME_ROUND_TRIPS);
  });
});
