import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { DAY, hostOf, newStaffUser, testClock } from '../testing/staff.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { updateComplaint } from './complaints.repository.ts';
import { startEscalationTimer, submitComplaint, type ComplaintDeps } from './complaints.service.ts';
import type { FilingInput } from './complaints.schemas.ts';

const INPUT: FilingInput = { category: 'roads', description: 'Nid-de-poule rue 5', latitude: 33.57, longitude: -7.59, anonymous: false, locale: 'fr' };

describe.each(DATABASE_KINDS)('complaints: escalation and numbering through the service (%s)', (kind) => {
  const clock = testClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let deps: ComplaintDeps;
  let casa: TenantRow;
  let resolved: ResolvedTenant;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    await newPlatform(t.db);
    casa = await newTenant(t.db, { slug: 'casablanca' });
    resolved = (await t.directory.resolve(hostOf(casa))) as ResolvedTenant;
    const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test' });
    deps = { db: await t.db.serving(), clock: clock.now, config, mailer: t.mailer, storage: t.storage, logger: pino({ level: 'silent' }) };
  });
  afterAll(() => t?.dispose());

  it('escalates an overdue complaint to the supervisor once — audit entry, history and mail — never a closed one, never twice', async () => {
    const supervisor = await newStaffUser(t.db, { memberships: [{ tenant: casa, role: 'supervisor' }] });
    const administrator = await newStaffUser(t.db, { memberships: [{ tenant: casa, role: 'administrator' }] });
    const overdue = await submitComplaint(deps, resolved, INPUT, { channel: 'web' });
    const answered = await submitComplaint(deps, resolved, INPUT, { channel: 'web' });
    // Two replicas' timers; the interval never fires during the test, runs are asked for.
    const timers = [startEscalationTimer(deps, { intervalMs: 3_600_000 }), startEscalationTimer(deps, { intervalMs: 3_600_000 })];
    try {
      clock.advance(59 * DAY);
      expect(await timers[0]?.runNow()).toBe(0);

      await withTenant(t.db, { id: casa.id }, (tx) => updateComplaint(tx, answered.id, { state: 'resolved', closed_at: clock.now(), updated_at: clock.now() }));
      clock.advance(3 * DAY);
      const runs = await Promise.all(timers.map((timer) => timer.runNow()));
      expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
      clock.advance(DAY);
      expect(await timers[1]?.runNow()).toBe(0);
      expect(await timers[0]?.runNow()).toBe(0);
    } finally {
      await Promise.all(timers.map((timer) => timer.stop()));
    }

    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('tenant_id', '=', casa.id).where('action', '=', 'complaint.escalated').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.target_label).toBe(overdue.tracking);
    const events = await t.db.kysely.selectFrom('complaint_events').select(['complaint_id']).where('tenant_id', '=', casa.id).where('kind', '=', 'escalated').execute();
    expect(events.map((e) => e.complaint_id)).toEqual([overdue.id]);
    const row = await t.db.kysely.selectFrom('complaints').select(['escalated_at']).where('id', '=', overdue.id).executeTakeFirstOrThrow();
    expect(row.escalated_at).not.toBeNull();

    const mail = await t.db.kysely.selectFrom('mail_outbox').select(['to_address', 'subject', 'body_text']).where('tenant_id', '=', casa.id).where('kind', '=', 'complaint_escalated').execute();
    expect(mail.map((m) => m.to_address)).toEqual([supervisor.email]);
    expect(mail[0]?.subject).toContain(overdue.tracking);
    expect(mail.map((m) => m.to_address)).not.toContain(administrator.email);
  });

  it('numbers 50 concurrent submissions 1…50 without a gap or a repeat, failed ones giving their number back', async () => {
    const city = await newTenant(t.db, { slug: 'tanger' });
    const here = (await t.directory.resolve(hostOf(city))) as ResolvedTenant;
    // Five submissions fail after taking their number (the database refuses a text over 5000 characters).
    const tooLong = { ...INPUT, description: 'x'.repeat(6000) };
    const attempts = Array.from({ length: 55 }, (_, i) => (i % 11 === 5 ? tooLong : INPUT));
    const results = await Promise.allSettled(attempts.map((input) => submitComplaint(deps, here, input, { channel: 'web' })));
    const filed = results.filter((r) => r.status === 'fulfilled').map((r) => r.value.tracking);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(5);
    expect(filed).toHaveLength(50);
    const numbers = filed.map((tracking) => Number(tracking.split('-').at(-1))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(filed).size).toBe(50);
    const rows = await t.db.kysely.selectFrom('complaints').select(['number']).where('tenant_id', '=', city.id).orderBy('number').execute();
    expect(rows.map((r) => r.number)).toEqual(numbers);
  }, 120_000);
});
