import type { Context } from 'hono';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLastNumber, nextNumber } from '../counters/counters.ts';
import type { TenantRow } from '../db/schema.ts';
import type { AppEnv } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { newMiddlewareTestApp, type MiddlewareTestApp } from '../testing/middleware-app.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { idempotent } from './idempotent.ts';
import { FORM_TOKEN_FIELD, idempotencyHeaders, newFormToken, parseIdempotencyKey } from './idempotency.schemas.ts';
import { admit, ANSWER_SLOT, answerPart, answerWithin, jsonAnswer, purgeExpiredKeys, sha256Hex } from './idempotency.service.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('idempotency keys as clients send them', () => {
  it('accepts a UUID or a token, bare or as a structured-field string, and refuses short or odd ones', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey(' "8e03978e-40d5-43e8-bc93-6894a57f9324" ')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('short')).toBeNull();
    expect(parseIdempotencyKey('has spaces in the middle of it')).toBeNull();
    expect(parseIdempotencyKey(undefined)).toBeNull();
  });

  it('gives each form a fresh token, which the form action turns into the header', () => {
    const token = newFormToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newFormToken()).not.toBe(token);
    const form = new FormData();
    form.set(FORM_TOKEN_FIELD, token);
    expect(idempotencyHeaders(form)).toEqual({ 'Idempotency-Key': token });
    expect(idempotencyHeaders(new FormData())).toEqual({});
    expect(idempotencyHeaders(new URLSearchParams({ [FORM_TOKEN_FIELD]: 'x' }))).toEqual({});
  });
});

describe("an answer stored by the handler's own statement (answerPart)", () => {
  const held = () => ({ id: { tenantId: 't', scope: 's', keyHash: 'k' }, claimedAt: new Date(0), answered: false });
  it('stores the JSON the handler answers, its slot filled by the statement, and counts only once stored', () => {
    const key = held();
    const part = answerPart(key, 201, JSON.stringify({ tracking: ANSWER_SLOT, token: 'abc', path: '/fr/x' }));
    expect(part.bytesWith('CASA-2026-000042')).toBe(JSON.stringify({ tracking: 'CASA-2026-000042', token: 'abc', path: '/fr/x' }));
    part.settle(false);
    expect(key.answered).toBe(false);
    part.settle(true);
    expect(key.answered).toBe(true);
  });
  it('refuses an answer without its slot, or with two', () => {
    expect(() => answerPart(held(), 201, JSON.stringify({ tracking: 'CASA-2026-000042' }))).toThrow(/slot/);
    expect(() => answerPart(held(), 201, JSON.stringify({ a: ANSWER_SLOT, b: ANSWER_SLOT }))).toThrow(/slot/);
  });
});

describe.each(DATABASE_KINDS)('idempotent submissions (%s)', (kind) => {
  let now = new Date('2026-12-04T09:00:00Z').getTime();
  const clock = () => new Date(now);
  let m: MiddlewareTestApp;
  let a: TenantRow;
  let b: TenantRow;
  let executions = 0;
  const gates = new Map<string, { entered: () => void; open: Promise<void> }>();

  /** A gate the handler stops at: `enteredP` resolves once it is there, `release()` lets it go on. */
  function gate(name: string) {
    let entered!: () => void;
    let release!: () => void;
    const enteredP = new Promise<void>((resolve) => (entered = resolve));
    const open = new Promise<void>((resolve) => (release = resolve));
    gates.set(name, { entered, open });
    return { enteredP, release };
  }

  beforeAll(async () => {
    m = await newMiddlewareTestApp(kind, { clock });
    await newPlatform(m.t.db);
    a = await newTenant(m.t.db, { slug: 'a' });
    b = await newTenant(m.t.db, { slug: 'b' });
    // The record a submission creates: a number from the tenant's counter, so "one record" is countable.
    const handler = async (c: Context<AppEnv>) => {
      const body = c.req.header('content-type')?.startsWith('application/json') ? ((await c.req.json()) as Record<string, string>) : await c.req.parseBody();
      executions++;
      const g = typeof body.gate === 'string' ? gates.get(body.gate) : undefined;
      if (g) {
        g.entered();
        await g.open;
      }
      if (body.fail === 'validation') throw new AppError('VALIDATION_FAILED', 'bad field');
      if (body.fail === 'crash') throw new Error('boom');
      const tenantId = c.get('resolved').tenant.id;
      const number = await withTenant(m.t.db, { id: tenantId }, (tx) => nextNumber(tx, { tenantId, series: 'submissions', year: 2026 }));
      return c.json({ number, text: body.text ?? null }, 201);
    };
    m.app.post('/api/submit', m.tenant, idempotent(m.deps, { scope: 'test.submit', waitMs: 20_000 }), handler);
    // A handler that stores its answer in its own transaction, as complaint submission does.
    const within = async (c: Context<AppEnv>) => {
      const body = (await c.req.json()) as Record<string, string>;
      executions++;
      const tenantId = c.get('resolved').tenant.id;
      const held = c.get('heldKey');
      const answer = await withTenant(m.t.db, { id: tenantId }, async (tx) => {
        const result = { number: await nextNumber(tx, { tenantId, series: 'submissions', year: 2026 }), text: body.text ?? null };
        if (held) await answerWithin(tx, held, jsonAnswer(201, result));
        if (body.fail === 'inside') throw new Error('failed before commit');
        return result;
      });
      // The process failing between the commit and the answer (a crash, a lost connection).
      if (body.fail === 'after') throw new Error('failed after commit');
      return c.json(answer, 201);
    };
    m.app.post('/api/within', m.tenant, idempotent(m.deps, { scope: 'test.within' }), within);
    m.app.post('/api/impatient', m.tenant, idempotent(m.deps, { scope: 'test.impatient', waitMs: 200 }), handler);
    m.app.post('/api/required', m.tenant, idempotent(m.deps, { scope: 'test.required', required: true }), handler);
  });
  afterAll(() => m.dispose());

  const host = (t: TenantRow) => `${t.slug}.localhost`;
  const post = (tenant: TenantRow, body: Record<string, unknown>, key?: string, path = '/api/submit') =>
    m.app.request(`http://${host(tenant)}${path}`, {
      method: 'POST',
      headers: { host: host(tenant), 'content-type': 'application/json', ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
      body: JSON.stringify(body),
    });
  const records = (tenant: TenantRow) => withTenant(m.t.db, { id: tenant.id }, (tx) => findLastNumber(tx, tenant.id, 'submissions', 2026));
  const newKey = () => crypto.randomUUID();

  it("stores a handler's answer in the handler's own transaction: a failure after it committed is never run again, one before leaves the key free", async () => {
    const before = await records(a);
    const key = newKey();
    const failed = await post(a, { text: 'lamp', fail: 'after' }, key, '/api/within');
    expect(failed.status).toBe(500);
    expect(await records(a)).toBe(before + 1);
    // The resident retries: the answer that committed with the record, not a second record.
    const retry = await post(a, { text: 'lamp', fail: 'after' }, key, '/api/within');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual({ number: before + 1, text: 'lamp' });
    expect(await records(a)).toBe(before + 1);

    const other = newKey();
    expect((await post(a, { text: 'bench', fail: 'inside' }, other, '/api/within')).status).toBe(500);
    expect(await records(a)).toBe(before + 1);
    const ran = await post(a, { text: 'bench' }, other, '/api/within');
    expect(ran.status).toBe(201);
    expect(ran.headers.get('idempotent-replayed')).toBeNull();
    expect(await ran.json()).toEqual({ number: before + 2, text: 'bench' });
    const replay = await post(a, { text: 'bench' }, other, '/api/within');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual({ number: before + 2, text: 'bench' });
  });

  it('answers a retry with the first answer, and creates one record', async () => {
    const key = newKey();
    const before = await records(a);
    const first = await post(a, { text: 'lamp out' }, key);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const again = await post(a, { text: 'lamp out' }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await again.json()).toEqual(firstBody);
    expect(await records(a)).toBe(before + 1);
    // The header may be a structured-field string, as the IETF draft writes it.
    expect(await (await post(a, { text: 'lamp out' }, `"${key}"`)).json()).toEqual(firstBody);
  });

  it('refuses the same key with another body, and records nothing', async () => {
    const key = newKey();
    await post(a, { text: 'first' }, key);
    const before = await records(a);
    const other = await post(a, { text: 'second' }, key);
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await records(a)).toBe(before);
  });

  it('runs requests without a key as usual, unless the route requires one; refuses a malformed key', async () => {
    const before = await records(a);
    expect((await post(a, { text: 'x' })).status).toBe(201);
    expect((await post(a, { text: 'x' })).status).toBe(201);
    expect(await records(a)).toBe(before + 2);
    const missing = await post(a, { text: 'x' }, undefined, '/api/required');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_INVALID' } });
    const malformed = await post(a, { text: 'x' }, 'not a key');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_INVALID' } });
  });

  it("never replays one tenant's answer on another tenant's host", async () => {
    const key = newKey();
    const onA = await (await post(a, { text: 'same' }, key)).json();
    const bBefore = await records(b);
    const onB = await post(b, { text: 'same' }, key);
    expect(onB.status).toBe(201);
    expect(onB.headers.get('idempotent-replayed')).toBeNull();
    expect(await onB.json()).toEqual({ number: bBefore + 1, text: 'same' });
    expect(await (await post(a, { text: 'same' }, key)).json()).toEqual(onA);
    const { rows } = await withTenant(m.t.db, { id: b.id }, (tx) => sql<{ tenant_id: string }>`select tenant_id from idempotency_keys`.execute(tx));
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([b.id]));
  });

  it('gives the key back after a refusal or a failure, so the retry runs', async () => {
    const key = newKey();
    const refused = await post(a, { text: 'x', fail: 'validation' }, key);
    expect(refused.status).toBe(422);
    const corrected = await post(a, { text: 'x' }, key);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();

    const crashKey = newKey();
    expect((await post(a, { text: 'y', fail: 'crash' }, crashKey)).status).toBe(500);
    expect((await post(a, { text: 'y', fail: 'crash' }, crashKey)).status).toBe(500);
    const executionsBefore = executions;
    expect((await post(a, { text: 'y' }, crashKey)).status).toBe(201);
    expect(executions).toBe(executionsBefore + 1);
  });

  it('makes a duplicate wait for the first answer while the first request runs, without running it twice', async () => {
    const key = newKey();
    const { enteredP, release } = gate('slow');
    const before = await records(a);
    const executionsBefore = executions;
    const first = post(a, { text: 'slow', gate: 'slow' }, key);
    await enteredP;
    const duplicate = post(a, { text: 'slow', gate: 'slow' }, key);
    // The duplicate is polling: give it a few rounds before letting the first one finish.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const [r1, r2] = await Promise.all([first, duplicate]);
    expect(r1.status).toBe(201);
    expect(r2.status).toBe(201);
    expect(r2.headers.get('idempotent-replayed')).toBe('true');
    expect(await r2.json()).toEqual(await r1.json());
    expect(executions).toBe(executionsBefore + 1);
    expect(await records(a)).toBe(before + 1);
  });

  it('answers 409 to a duplicate that waited long enough, and still runs the request once', async () => {
    const key = newKey();
    const { enteredP, release } = gate('stuck');
    const executionsBefore = executions;
    const first = post(a, { text: 'stuck', gate: 'stuck' }, key, '/api/impatient');
    await enteredP;
    const duplicate = await post(a, { text: 'stuck', gate: 'stuck' }, key, '/api/impatient');
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_IN_FLIGHT' } });
    release();
    expect((await first).status).toBe(201);
    expect(executions).toBe(executionsBefore + 1);
  });

  it(
    'runs a burst of identical submissions once and gives them all the same answer',
    async () => {
      const key = newKey();
      const before = await records(a);
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(a, { text: 'double tap' }, key)));
      const bodies = await Promise.all(responses.map((r) => r.json()));
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(new Set(bodies.map((x) => JSON.stringify(x))).size).toBe(1);
      expect(responses.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
      expect(await records(a)).toBe(before + 1);
    },
    60_000,
  );

  it('accepts the key from the hidden form field of a form posted as is', async () => {
    const token = newFormToken();
    const form = () =>
      m.app.request(`http://${host(a)}/api/submit`, {
        method: 'POST',
        headers: { host: host(a), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ text: 'by form', [FORM_TOKEN_FIELD]: token }).toString(),
      });
    const first = await form();
    expect(first.status).toBe(201);
    const again = await form();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
  });

  it('recognises a form sent again with a new multipart boundary as the same submission', async () => {
    const token = newFormToken();
    const send = () => {
      const form = new FormData();
      form.set('text', 'with a photo');
      form.set('photo', new File([new Uint8Array([1, 2, 3])], 'lamp.jpg', { type: 'image/jpeg' }));
      form.set(FORM_TOKEN_FIELD, token);
      // Each Request serialises the form with a fresh boundary, as browsers do.
      return m.app.request(new Request(`http://${host(a)}/api/submit`, { method: 'POST', headers: { host: host(a) }, body: form }));
    };
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
  });

  it('forgets a key after 24 hours, and purges expired keys tenant by tenant', async () => {
    const key = newKey();
    const first = await (await post(b, { text: 'old' }, key)).json();
    now += 24 * HOUR;
    const later = await post(b, { text: 'old' }, key);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(await later.json()).not.toEqual(first);
    now += 24 * HOUR;
    const count = (t: TenantRow) => withTenant(m.t.db, { id: t.id }, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from idempotency_keys`.execute(tx)).rows[0]?.n);
    const [onA, onB] = [await count(a), await count(b)];
    expect(onA).toBeGreaterThan(0);
    expect(await purgeExpiredKeys(m.t.db, clock())).toBe((onA ?? 0) + (onB ?? 0));
    expect([await count(a), await count(b)]).toEqual([0, 0]);
  });

  it('lets a request take over a claim whose holder died, once its lease has passed', async () => {
    const key = newKey();
    const body = JSON.stringify({ text: 'orphan' });
    // A claim made by a process that then died: never completed, never released.
    const requestHash = sha256Hex(new TextEncoder().encode(`POST\n/api/impatient\napplication/json\n${body}`));
    const claimed = await admit(m.t.db, { tenantId: a.id, scope: 'test.impatient', keyHash: sha256Hex(key), requestHash, now: clock() });
    expect(claimed.kind).toBe('run');
    expect((await post(a, { text: 'orphan' }, key, '/api/impatient')).status).toBe(409);
    now += MINUTE + 1;
    const takenOver = await post(a, { text: 'orphan' }, key, '/api/impatient');
    expect(takenOver.status).toBe(201);
    expect(takenOver.headers.get('idempotent-replayed')).toBeNull();
    expect((await post(a, { text: 'orphan' }, key, '/api/impatient')).headers.get('idempotent-replayed')).toBe('true');
  });
});
