import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, testClock } from '../testing/staff.ts';
import { loadConfig } from '../config.ts';
import type { TenantRow } from '../db/schema.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withPlatform, withTenant } from '../tenancy/unit-of-work.ts';
import { createDispatcher, DEFAULT_TIMINGS, retryDelay, type DispatchTimings, type MailTransport } from './dispatcher.ts';
import { createSmtpTransport } from './mailer.ts';
import { claimDueMessages, listOutboxMessages, listTenantsWithDueMail } from './outbox.repository.ts';
import { queueMail } from './outbox.service.ts';
import { startSmtpListener, type SmtpListener } from './testing.ts';

const silent = pino({ level: 'silent' });
const FROM = 'Jamaa <no-reply@jamaa.test>';

describe('retry delays', () => {
  it('double after each failed attempt, up to the cap', () => {
    const timings = { retryBaseMs: 30_000, retryMaxMs: 4 * 60 * MINUTE };
    expect([1, 2, 3, 4].map((n) => retryDelay(n, timings))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(20, timings)).toBe(4 * 60 * MINUTE);
  });
});

describe.each(DATABASE_KINDS)('the mail dispatcher (%s)', (kind) => {
  const clock = testClock();
  const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', NODE_ENV: 'test' });
  const timings: DispatchTimings = { ...DEFAULT_TIMINGS, retryBaseMs: MINUTE, maxAttempts: 3, batchSize: 5 };
  let db: TestDatabase;
  let tenant: TenantRow;
  let smtp: SmtpListener;

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    await newPlatform(db);
    tenant = await newTenant(db, { slug: 'oujda', locales: ['fr', 'ar'], names: { fr: 'Oujda', ar: 'وجدة' } });
    smtp = await startSmtpListener();
  });
  afterAll(async () => {
    await smtp.close();
    await db.dispose();
  });

  /** Writes a password reset mail for `to` in a transaction of the tenant, as the reset request does. */
  const queue = (to: string) =>
    withTenant(db, { id: tenant.id }, (tx) =>
      queueMail(tx, { config, mailer: { kind: 'smtp' } }, tenant, { to, template: { kind: 'password_reset', email: to, minutes: 60 }, path: '/admin/password-reset/abc' }, clock.now()),
    );
  const row = async (to: string) => (await withTenant(db, { id: tenant.id }, (tx) => listOutboxMessages(tx, tenant.id, 500))).find((m) => m.to_address === to);
  const received = (listener: SmtpListener, to: string) => listener.messages.filter((m) => m.to.includes(to));
  const dispatcher = (transport: MailTransport, overrides: Partial<DispatchTimings> = {}) =>
    createDispatcher({ db, transport, logger: silent, clock: clock.now }, { ...timings, ...overrides });

  it('delivers a message written while the mail server was down once it is back, exactly once', async () => {
    const gone = await startSmtpListener();
    const port = Number(new URL(gone.url).port);
    await gone.close();
    const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`, FROM);
    const d = dispatcher(transport);
    try {
      await queue('down@example.ma');
      expect(await d.runOnce()).toBe(0);
      expect(await row('down@example.ma')).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED|connect/i) });
      expect((await row('down@example.ma'))?.next_attempt_at?.getTime()).toBe(clock.now().getTime() + MINUTE);

      const back = await startSmtpListener({ port });
      try {
        expect(await d.runOnce()).toBe(0); // not due yet: no hammering of a server that just failed
        clock.advance(MINUTE);
        expect(await d.runOnce()).toBe(1);
        clock.advance(60 * MINUTE);
        expect(await d.runOnce()).toBe(0);
        expect(received(back, 'down@example.ma')).toHaveLength(1);
        expect(received(back, 'down@example.ma')[0]?.text).toMatch(/^http:\/\/oujda\.localhost:3000\/fr\/admin\/password-reset\/abc$/m);
        expect(await row('down@example.ma')).toMatchObject({ status: 'sent', attempts: 2, body_text: '', last_error: null, subject: expect.stringContaining('Jamaa') });
      } finally {
        await back.close();
      }
    } finally {
      await d.stop();
      await transport.close();
    }
  });

  it('sends nothing for a change that rolled back', async () => {
    await expect(
      withTenant(db, { id: tenant.id }, async (tx) => {
        await queueMail(tx, { config, mailer: { kind: 'smtp' } }, tenant, { to: 'rolled@example.ma', template: { kind: 'password_reset', email: 'rolled@example.ma', minutes: 60 }, path: '/x' }, clock.now());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const transport = createSmtpTransport(smtp.url, FROM);
    const d = dispatcher(transport);
    await d.runOnce();
    await d.stop();
    await transport.close();
    expect(await row('rolled@example.ma')).toBeUndefined();
    expect(received(smtp, 'rolled@example.ma')).toEqual([]);
  });

  it('lets two dispatchers share the work without sending any message twice', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `both-${i}@example.ma`);
    for (const to of addresses) await queue(to);
    const transports = [createSmtpTransport(smtp.url, FROM), createSmtpTransport(smtp.url, FROM)];
    const [a, b] = transports.map((tr) => dispatcher(tr)) as [ReturnType<typeof dispatcher>, ReturnType<typeof dispatcher>];
    const [sentA, sentB] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(sentA + sentB).toBe(12);
    expect(await a.runOnce()).toBe(0);
    await Promise.all([a.stop(), b.stop(), ...transports.map((tr) => tr.close())]);
    for (const to of addresses) expect(received(smtp, to), to).toHaveLength(1);
  });

  it("leaves a message taken by another dispatcher alone until that one's lease runs out", async () => {
    await queue('taken@example.ma');
    // Another process takes it and dies before sending.
    const at = clock.now();
    const taken = await withTenant(db, { id: tenant.id }, (tx) => claimDueMessages(tx, { at, until: new Date(at.getTime() + 5 * MINUTE), limit: 50 }));
    expect(taken.map((m) => m.to_address)).toEqual(['taken@example.ma']);
    const transport = createSmtpTransport(smtp.url, FROM);
    const d = dispatcher(transport);
    try {
      expect(await d.runOnce()).toBe(0);
      clock.advance(5 * MINUTE);
      expect(await d.runOnce()).toBe(1);
      expect(received(smtp, 'taken@example.ma')).toHaveLength(1);
    } finally {
      await d.stop();
      await transport.close();
    }
  });

  it('gives up at once on a recipient the server refuses, and blanks the secret body', async () => {
    const refusing = await startSmtpListener({ refuse: (address) => address === 'nobody@example.ma' });
    const transport = createSmtpTransport(refusing.url, FROM);
    const d = dispatcher(transport);
    try {
      await queue('nobody@example.ma');
      expect(await d.runOnce()).toBe(0);
      expect(await row('nobody@example.ma')).toMatchObject({ status: 'failed', attempts: 1, body_text: '', last_error: expect.stringMatching(/550|mailbox/) });
    } finally {
      await d.stop();
      await transport.close();
      await refusing.close();
    }
  });

  it('retries with growing delays, then gives up and blanks the secret body', async () => {
    const attempts: string[] = [];
    const broken: MailTransport = {
      async send(m) {
        attempts.push(m.to);
        throw new Error('connection reset');
      },
      async close() {},
    };
    const d = dispatcher(broken);
    await queue('flaky@example.ma');
    const delays: number[] = [];
    for (let i = 0; i < timings.maxAttempts; i++) {
      await d.runOnce();
      const r = await row('flaky@example.ma');
      if (r?.next_attempt_at) {
        delays.push(r.next_attempt_at.getTime() - clock.now().getTime());
        clock.advance(r.next_attempt_at.getTime() - clock.now().getTime());
      }
    }
    await d.stop();
    expect(delays).toEqual([MINUTE, 2 * MINUTE]);
    expect(attempts.filter((to) => to === 'flaky@example.ma')).toHaveLength(3);
    expect(await row('flaky@example.ma')).toMatchObject({ status: 'failed', attempts: 3, body_text: '', next_attempt_at: null, last_error: 'connection reset' });
  });

  it('finds the tenants with mail due across tenants as the request role, and leaves the unit of work as it was', async () => {
    const other = await newTenant(db, { slug: 'safi', locales: ['ar'] });
    await withTenant(db, { id: other.id }, (tx) =>
      queueMail(tx, { config, mailer: { kind: 'smtp' } }, other, { to: 'safi@example.ma', template: { kind: 'password_reset', email: 'x', minutes: 60 }, path: '/x' }, clock.now()),
    );
    await queue('oujda@example.ma');
    const seen = await withPlatform(db, async (tx) => {
      const ids = await listTenantsWithDueMail(tx, clock.now());
      const { rows } = await sql<{ role: string; scope: string | null }>`select current_user as role, current_setting('app.tenant_scope', true) as scope`.execute(tx);
      return { ids, ...rows[0] };
    });
    expect([...seen.ids].sort()).toEqual([tenant.id, other.id].sort());
    expect(seen.role).toBe('jamaa_app');
    expect(seen.scope ?? '').toBe('');
    const transport = createSmtpTransport(smtp.url, FROM);
    const d = dispatcher(transport);
    expect(await d.runOnce()).toBe(2);
    await d.stop();
    await transport.close();
    expect(await withPlatform(db, (tx) => listTenantsWithDueMail(tx, clock.now()))).toEqual([]);
  });
});
