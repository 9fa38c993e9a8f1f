import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import type { TenantRow } from '../db/schema.ts';
import { insertFileRow } from '../files/files.repository.ts';
import { ensurePlatformTenant } from '../seed/seed.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newTenant } from '../testing/factories.ts';
import { call, newStaffUser, signIn } from '../testing/staff.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { quantile } from './overview.service.ts';

const NOW = new Date('2027-03-15T10:00:00Z');
const DAY = 86_400_000;

/** A complaint as the complaints module would have stored it, with a resident's text and contact. */
async function file(t: TestApp, tenant: TenantRow, n: number, values: { created: Date; state: string; due: Date; closed?: Date; mergedInto?: string }): Promise<string> {
  return withTenant(t.db, { id: tenant.id }, async (tx) => {
    const row = await tx
      .insertInto('complaints')
      .values({
        tenant_id: tenant.id,
        tracking: `T-${tenant.slug}-${n}`,
        year: values.created.getUTCFullYear(),
        number: n,
        access_token_hash: n.toString(16).padStart(64, '0'),
        category: 'other',
        description: 'Lampadaire en panne devant chez Fatima Zahra',
        address: '12 rue des Oliviers',
        contact_name: 'Fatima Zahra',
        contact_email: 'fatima@example.ma',
        contact_phone: '+212600000000',
        locale: 'fr',
        channel: 'web',
        state: values.state,
        deadline_days: 60,
        due_at: values.due,
        due_date: values.due.toISOString().slice(0, 10),
        merged_into: values.mergedInto ?? null,
        created_at: values.created,
        updated_at: values.closed ?? values.created,
        closed_at: values.closed ?? null,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return (row as { id: string }).id;
  });
}

describe.each(DATABASE_KINDS)("the operator's request figures (%s)", (kind) => {
  let t: TestApp;
  let cookie: string;
  let oujda: TenantRow;
  let ifrane: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: () => NOW });
    await ensurePlatformTenant(t.db, t.storage);
    await ensureCatalogue(t.db);
    oujda = await newTenant(t.db, { slug: 'oujda' });
    ifrane = await newTenant(t.db, { slug: 'ifrane' });
    const operator = await newStaffUser(t.db, { operator: true });
    cookie = await signIn(t.app, 'localhost', operator.email, { clock: () => NOW });
    const jan = new Date('2027-01-10T09:00:00Z');
    const feb = new Date('2027-02-20T09:00:00Z');
    // Oujda: two open, one of them past its deadline; one resolved in 2 days; one merged into another (counts once).
    const kept = await file(t, oujda, 1, { created: jan, state: 'received', due: new Date(NOW.getTime() - DAY) });
    await file(t, oujda, 2, { created: feb, state: 'in_progress', due: new Date(NOW.getTime() + 10 * DAY) });
    await file(t, oujda, 3, { created: jan, state: 'resolved', due: feb, closed: new Date(jan.getTime() + 2 * DAY) });
    await file(t, oujda, 4, { created: feb, state: 'received', due: new Date(NOW.getTime() - DAY), mergedInto: kept });
    // Ifrane: one resolved in 10 days, one rejected.
    await file(t, ifrane, 1, { created: feb, state: 'resolved', due: NOW, closed: new Date(feb.getTime() + 10 * DAY) });
    // Filed at 00:30 on 1 June 2026 in Morocco (UTC+1 then, by the tz database), still 31 May in UTC: June's.
    const lateMay = new Date('2026-05-31T23:30:00Z');
    await file(t, ifrane, 2, { created: lateMay, state: 'rejected', due: NOW, closed: new Date(lateMay.getTime() + DAY) });
  });
  afterAll(() => t.dispose());

  const get = async (path: string) => {
    const res = await call(t.app, 'GET', 'localhost', path, { cookie });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('shows open and overdue requests per tenant in the tenants list', async () => {
    const { tenants } = JSON.parse(await get('/api/v1/operator/tenants')) as { tenants: { slug: string; openRequests: number; overdueRequests: number }[] };
    expect(tenants.find((x) => x.slug === 'oujda')).toMatchObject({ openRequests: 2, overdueRequests: 1 });
    expect(tenants.find((x) => x.slug === 'ifrane')).toMatchObject({ openRequests: 0, overdueRequests: 0 });
  });

  it('shows the storage each tenant uses: the bytes of its files, none of another tenant’s', async () => {
    const stored = async (tenant: TenantRow, size: number) =>
      withTenant(t.db, { id: tenant.id }, (tx) =>
        insertFileRow(tx, { tenantId: tenant.id, id: crypto.randomUUID(), purpose: 'document', contentType: 'application/pdf', size, sha256: '0'.repeat(64), storageKey: `${tenant.id}/document/${size}` }),
      );
    const storage = async () =>
      Object.fromEntries(
        (JSON.parse(await get('/api/v1/operator/tenants')) as { tenants: { slug: string; storageBytes: number }[] }).tenants
          .filter((x) => ['oujda', 'ifrane'].includes(x.slug))
          .map((x) => [x.slug, x.storageBytes]),
      );
    const before = await storage();
    await stored(oujda, 3_000);
    await stored(oujda, 2_000_000);
    expect(await storage()).toEqual({ oujda: (before.oujda ?? 0) + 2_003_000, ifrane: before.ifrane });
  });

  it('counts requests per month and the days taken to resolve them, across tenants', async () => {
    const stats = JSON.parse(await get('/api/v1/operator/statistics')) as { requestsPerMonth: unknown; resolutionDays: unknown };
    expect(stats.requestsPerMonth).toEqual([
      { month: '2026-06', requests: 1 },
      { month: '2027-01', requests: 2 },
      { month: '2027-02', requests: 2 },
    ]);
    expect(stats.resolutionDays).toEqual({ median: 2, p90: 10, resolved: 2 });
  });

  it('lowers the conformance score of a tenant with overdue requests', async () => {
    const { tenants } = JSON.parse(await get('/api/v1/operator/conformance')) as { tenants: { slug: string; score: number; overdueRequests: number }[] };
    const o = tenants.find((x) => x.slug === 'oujda');
    const i = tenants.find((x) => x.slug === 'ifrane');
    expect(o?.overdueRequests).toBe(1);
    expect(i?.overdueRequests).toBe(0);
    // Otherwise alike, Oujda now needs help first.
    expect(o?.score).toBeLessThan(i?.score ?? 0);
  });

  it("never hands the operator a resident's words or contact", async () => {
    const answers = await Promise.all(['/api/v1/operator/tenants', '/api/v1/operator/statistics', '/api/v1/operator/conformance'].map(get));
    for (const text of answers) {
      expect(text).not.toMatch(/Fatima|fatima@example\.ma|\+212600000000|Oliviers|Lampadaire/);
    }
  });

  it('takes the nearest-rank quantile of a histogram', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([{ days: 1, n: 3 }, { days: 10, n: 1 }], 0.5)).toBe(1);
    expect(quantile([{ days: 1, n: 3 }, { days: 10, n: 1 }], 0.9)).toBe(10);
  });
});
