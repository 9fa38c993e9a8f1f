import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { newMiddlewareTestApp, type MiddlewareTestApp } from '../testing/middleware-app.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { submissionLimit, throttleSubmissions } from './throttle-submissions.ts';
import { purgeIdleBuckets, subscriberOf, takeToken, type BucketRule } from './throttling.service.ts';

const MINUTE = 60_000;

describe('token buckets', () => {
  const rule: BucketRule = { capacity: 3, refillPerHour: 6 };
  const t0 = new Date('2026-12-04T09:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('allow a burst of the capacity, then tell the wait until the next token', () => {
    let state = { tokens: 3, updatedAt: t0 };
    for (let i = 0; i < 3; i++) {
      const r = takeToken(state, t0, rule);
      expect(r.verdict).toEqual({ allowed: true });
      state = r.state;
    }
    expect(takeToken(state, t0, rule).verdict).toEqual({ allowed: false, retryAfterSeconds: 600 });
    expect(takeToken(state, at(4 * MINUTE), rule).verdict).toEqual({ allowed: false, retryAfterSeconds: 360 });
    expect(takeToken(state, at(10 * MINUTE), rule).verdict).toEqual({ allowed: true });
  });

  it('never refill above the capacity', () => {
    const r = takeToken({ tokens: 0, updatedAt: t0 }, at(24 * 60 * MINUTE), rule);
    expect(r.state.tokens).toBe(2);
  });
});

describe('client addresses', () => {
  it('group IPv6 clients by /64 and read IPv4-mapped addresses as IPv4', () => {
    expect(subscriberOf('203.0.113.7')).toBe('203.0.113.7');
    expect(subscriberOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(subscriberOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(subscriberOf('[2001:0db8:0001:0002:ffff:0:0:9]')).toBe('2001:db8:1:2::/64');
    expect(subscriberOf('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(subscriberOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(subscriberOf('not an address')).toBeNull();
    expect(subscriberOf(null)).toBeNull();
  });
});

describe.each(DATABASE_KINDS)('throttled submissions (%s)', (kind) => {
  let now = new Date('2026-12-04T09:00:00Z').getTime();
  const clock = () => new Date(now);
  let m: MiddlewareTestApp;
  let a: TenantRow;
  let b: TenantRow;
  let c: TenantRow;
  let handled = 0;

  beforeAll(async () => {
    m = await newMiddlewareTestApp(kind, { clock });
    await newPlatform(m.t.db);
    a = await newTenant(m.t.db, { slug: 'a' });
    b = await newTenant(m.t.db, { slug: 'b' });
    c = await newTenant(m.t.db, { slug: 'c' });
    const throttle = throttleSubmissions(m.deps, {
      operation: 'test.submit',
      perAddress: { capacity: 3, refillPerHour: 6 },
      perTenant: { capacity: 5, refillPerHour: 60 },
      skip: (ctx) => ctx.req.header('x-test-staff') === 'yes',
    });
    m.app.post('/api/submit', m.tenant, throttle, (ctx) => {
      handled++;
      return ctx.json({ ok: true }, 201);
    });
    // The limit checked in an Idempotency-Key's claim, as on complaint submission.
    const limit = submissionLimit(m.deps, { operation: 'test.keyed', perAddress: { capacity: 2, refillPerHour: 6 }, perTenant: { capacity: 50, refillPerHour: 60 } });
    m.app.post('/api/keyed', m.tenant, idempotent(m.deps, { scope: 'test.keyed', onClaim: limit }), (ctx) => {
      handled++;
      return ctx.json({ n: handled }, 201);
    });
  });
  afterAll(() => m.dispose());

  const submit = async (tenant: TenantRow, address: string | undefined, headers: Record<string, string> = {}): Promise<Response> =>
    m.app.request(
      `http://${tenant.slug}.localhost/api/submit`,
      { method: 'POST', headers: { host: `${tenant.slug}.localhost`, 'content-type': 'application/json', ...headers }, body: '{}' },
      address === undefined ? {} : { clientAddress: address },
    );

  it('refuses the fourth submission from one address with 429, Retry-After and the wait in details', async () => {
    for (let i = 0; i < 3; i++) expect((await submit(a, '203.0.113.7')).status).toBe(201);
    const refused = await submit(a, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('600');
    expect(await refused.json()).toMatchObject({ error: { code: 'TOO_MANY_SUBMISSIONS', details: { retryAfterSeconds: 600 } } });
    // Another address is not concerned, nor the same address on another tenant.
    expect((await submit(a, '198.51.100.9')).status).toBe(201);
    expect((await submit(b, '203.0.113.7')).status).toBe(201);
    // Ten minutes later the address has a token again.
    now += 10 * MINUTE;
    expect((await submit(a, '203.0.113.7')).status).toBe(201);
  });

  it("refuses any address once the tenant's bucket is empty, and a refusal takes no token", async () => {
    const handledBefore = handled;
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push((await submit(c, `192.0.2.${i + 1}`)).status);
    expect(outcomes).toEqual([201, 201, 201, 201, 201, 429]);
    expect(handled).toBe(handledBefore + 5);
    const refused = await submit(c, '192.0.2.99');
    expect(refused.headers.get('retry-after')).toBe('60');
    // One minute later the tenant has exactly one token: the refusals took none.
    now += MINUTE;
    expect((await submit(c, '192.0.2.100')).status).toBe(201);
    expect((await submit(c, '192.0.2.101')).status).toBe(429);
  });

  it('counts a whole IPv6 /64 as one client, and skips the requests the route exempts', async () => {
    now += 60 * MINUTE;
    for (const host of ['1', '2', '3']) expect((await submit(b, `2001:db8:aa:bb::${host}`)).status).toBe(201);
    expect((await submit(b, '2001:db8:aa:bb:ffff::4')).status).toBe(429);
    expect((await submit(b, '2001:db8:aa:cc::1')).status).toBe(201);
    expect((await submit(b, '2001:db8:aa:bb::5', { 'x-test-staff': 'yes' })).status).toBe(201);
  });

  it('gives a burst of simultaneous submissions exactly the tokens there are, whatever their order', async () => {
    const d = await newTenant(m.t.db, { slug: 'd' });
    const statuses = await Promise.all(Array.from({ length: 12 }, () => submit(d, '203.0.113.250').then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it("checked in an Idempotency-Key's claim: a replay costs no submission, a refused request claims nothing, a request without a key is counted too", async () => {
    const e = await newTenant(m.t.db, { slug: 'e' });
    const keyed = (key: string | null) =>
      m.app.request(
        `http://e.localhost/api/keyed`,
        { method: 'POST', headers: { host: 'e.localhost', 'content-type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) }, body: '{}' },
        { clientAddress: '203.0.113.80' },
      );
    const first = await keyed('keyed-submission-0001');
    expect(first.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await keyed('keyed-submission-0001')).headers.get('idempotent-replayed')).toBe('true');
    // Two tokens: the replays took none.
    expect((await keyed('keyed-submission-0002')).status).toBe(201);
    const refused = await keyed('keyed-submission-0003');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('600');
    // Ten minutes later a token is back, and the refused key runs: the refusal held no claim on it.
    now += 10 * MINUTE;
    const later = await keyed('keyed-submission-0003');
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    // Without a key the same limit applies.
    expect((await keyed(null)).status).toBe(429);
  });

  it('keeps no client address in clear', async () => {
    const { rows } = await withTenant(m.t.db, { id: a.id }, (tx) => sql<{ bucket: string }>`select bucket from submission_throttle`.execute(tx));
    expect(rows.length).toBeGreaterThan(1);
    for (const { bucket } of rows) expect(bucket).not.toMatch(/203\.0\.113|198\.51\.100/);
  });

  it(
    'lets exactly the capacity through when one address submits many times at once',
    async () => {
      now += 24 * 60 * MINUTE;
      const statuses = await Promise.all(Array.from({ length: 15 }, () => submit(a, '203.0.113.50').then((r) => r.status)));
      expect(statuses.filter((s) => s === 201)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12);
    },
    60_000,
  );

  it('throttles only the tenant when the client address is unknown', async () => {
    now += 24 * 60 * MINUTE;
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await submit(b, undefined)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('purges idle buckets, which then start full again', async () => {
    now += 2 * 24 * 60 * MINUTE;
    expect(await purgeIdleBuckets(m.t.db, clock())).toBeGreaterThan(0);
    const { rows } = await withTenant(m.t.db, { id: a.id }, (tx) => sql`select bucket from submission_throttle`.execute(tx));
    expect(rows).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await submit(a, '203.0.113.7')).status).toBe(201);
    expect((await submit(a, '203.0.113.7')).status).toBe(429);
  });
});
