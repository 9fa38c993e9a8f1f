import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TenantSpec } from '@jamaa/tenants/manifest.ts';
import { findCommune, registrySpec, registrySpecs } from '@jamaa/tenants/registry.ts';
import { insertStaffUser } from '../accounts/staff.repository.ts';
import type { Database } from '../db/database.ts';
import { ensurePlatformTenant } from '../seed/seed.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newTestStorage, type TestStorage } from '../testing/storage.ts';
import { findClaimedDomains, findTenantsByCodes } from './provisioning.repository.ts';
import { provisionTenants } from './provisioning.service.ts';
import { TENANT_CHANGED_CHANNEL, withPlatform, withPlatformAdmin, withTenant } from './unit-of-work.ts';

const commune = (code: string) => {
  const c = findCommune(code);
  if (!c) throw new Error(`no commune ${code}`);
  return c;
};

describe.each(DATABASE_KINDS)('provisioning tenants (%s)', (kind) => {
  let db: TestDatabase;
  /** What the server serves with (on PostgreSQL the `jamaa_server` login): onboarding runs there. */
  let serving: Database;
  let storage: TestStorage;
  let operator: { id: string; email: string };

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    serving = await db.serving();
    storage = await newTestStorage('disk');
    await ensurePlatformTenant(db, storage);
    const user = await withPlatformAdmin(db, (tx) =>
      insertStaffUser(tx, { email: 'operator@example.ma', displayName: 'Operator', passwordHash: 'x', at: new Date() }),
    );
    operator = { id: user.id, email: user.email };
  });
  afterAll(async () => {
    await storage?.dispose();
    await db?.dispose();
  });

  const tenants = (codes: readonly string[]) => withPlatform(db, (tx) => findTenantsByCodes(tx, codes));
  const countTenants = async () => Number((await db.kysely.selectFrom('tenants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const auditOf = (tenantId: string) =>
    withTenant(db, { id: tenantId }, (tx) => tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).execute());
  const welcomeOf = (tenantId: string) =>
    withTenant(db, { id: tenantId }, (tx) => tx.selectFrom('site_texts').select('value').where('tenant_id', '=', tenantId).where('key', '=', 'home.welcome').executeTakeFirst());

  it('creates a commune from the registry, live at once, under a readable slug, audited as the operator', async () => {
    const at = new Date('2026-12-04T10:00:00Z');
    const report = await provisionTenants(serving, storage, [registrySpec(commune('01.051.01.09'))], {
      actor: operator,
      meta: { ip: '192.0.2.1', requestId: 'req-1' },
      at,
    });
    expect(report.skipped).toEqual([]);
    expect(report.refused).toEqual([]);
    expect(report.created).toEqual([{ code: '01.051.01.09', slug: 'ajdir-al-hoceima', kind: 'commune', id: expect.any(String) }]);
    const [ajdir] = await tenants(['01.051.01.09']);
    expect(ajdir).toMatchObject({ slug: 'ajdir-al-hoceima', kind: 'commune', status: 'active', population: 5630 });
    expect(ajdir?.names).toMatchObject({ ar: 'أجدير', fr: 'Ajdir' });
    expect((await welcomeOf(ajdir?.id ?? ''))?.value).toMatchObject({ fr: 'Bienvenue à Ajdir.' });
    const audit = await auditOf(ajdir?.id ?? '');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'tenant.provisioned',
      actor_id: operator.id,
      actor_email: operator.email,
      target_type: 'tenant',
      target_id: ajdir?.id,
      target_label: 'ajdir-al-hoceima',
      ip: '192.0.2.1',
      request_id: 'req-1',
    });
    expect(audit[0]?.at.toISOString()).toBe(at.toISOString());
  });

  it('creates a city with all its arrondissements in one call, each audited in its own log', async () => {
    const report = await provisionTenants(serving, storage, registrySpecs(commune('04.421.01.0')), { actor: null });
    expect(report.created.map((t) => t.kind)).toEqual(['commune', 'arrondissement', 'arrondissement', 'arrondissement', 'arrondissement', 'arrondissement']);
    const rows = await tenants(report.created.map((t) => t.code));
    const rabat = rows.find((t) => t.kind === 'commune');
    expect(rabat?.slug).toBe('rabat');
    expect(rows.filter((t) => t.kind === 'arrondissement').every((t) => t.parent_id === rabat?.id)).toBe(true);
    // An arrondissement with the city's colours stores no override: it inherits them.
    expect(rows.filter((t) => t.kind === 'arrondissement').map((t) => t.branding)).toEqual(Array(5).fill({}));
    for (const t of rows) {
      const audit = await auditOf(t.id);
      expect(audit.map((a) => [a.action, a.actor_id]), t.slug).toEqual([['tenant.provisioned', null]]);
    }
  });

  it('leaves nothing behind when a tenant fails mid-batch', async () => {
    const before = await countTenants();
    const specs = registrySpecs(commune('04.441.01.0'), { domains: ['sale-test.ma'] });
    // The third tenant's logo cannot be read: the batch fails after two tenants were written.
    const broken: TenantSpec[] = specs.map((s, i) =>
      i === 2 ? { ...s, branding: { ...s.branding, logo: { path: '/nonexistent/logo.svg', contentType: 'image/svg+xml' } } } : s,
    );
    await expect(provisionTenants(serving, storage, broken, { actor: operator })).rejects.toThrow(/ENOENT/);
    expect(await countTenants()).toBe(before);
    expect(await tenants(specs.map((s) => s.code))).toEqual([]);
    expect(await withPlatform(db, (tx) => findClaimedDomains(tx, ['sale-test.ma']))).toEqual([]);
    // The same batch, fixed, then goes through whole.
    expect((await provisionTenants(serving, storage, specs, { actor: operator })).created).toHaveLength(6);
  });

  it('creates nothing new when run twice, and refuses bad rows with their reason while creating the rest', async () => {
    const marrakech = registrySpecs(commune('07.351.01.0'));
    const orphan: TenantSpec = { ...registrySpec(commune('07.427.01.01')), code: '99.999.99.98', kind: 'arrondissement', slug: 'orphan', parentCode: '99.999.99.99' };
    const clash: TenantSpec = { ...registrySpec(commune('07.427.01.17')), slug: 'marrakech' };
    const first = await provisionTenants(serving, storage, [...marrakech, orphan, clash], { actor: operator });
    expect(first.created).toHaveLength(marrakech.length);
    expect(first.refused).toEqual([
      { code: clash.code, slug: 'marrakech', reason: 'slug_taken', detail: expect.any(String) },
      { code: '99.999.99.98', slug: 'orphan', reason: 'parent_missing', detail: expect.any(String) },
    ]);
    const count = await countTenants();
    const second = await provisionTenants(serving, storage, marrakech, { actor: operator });
    expect(second.created).toEqual([]);
    expect(second.refused).toEqual([]);
    expect(second.skipped.map((t) => t.code)).toEqual(marrakech.map((s) => s.code));
    expect(await countTenants()).toBe(count);
    const city = (await tenants(['07.351.01.0']))[0];
    expect((await auditOf(city?.id ?? '')).filter((a) => a.action === 'tenant.provisioned')).toHaveLength(1);
  });

  it('announces a batch with one change notification, however many tenants it creates', async () => {
    const payloads: string[] = [];
    const unlisten = await db.listen(TENANT_CHANGED_CHANNEL, (payload) => payloads.push(payload));
    try {
      const report = await provisionTenants(serving, storage, registrySpecs(commune('03.231.01.0')), { actor: null });
      expect(report.created).toHaveLength(7);
      // Notifications arrive in commit order: once this one is heard, the batch's have all arrived.
      await withPlatform(db, (tx) => sql`select pg_notify(${TENANT_CHANGED_CHANNEL}, 'sentinel')`.execute(tx));
      await vi.waitFor(() => expect(payloads).toContain('sentinel'), { timeout: 30_000, interval: 50 });
      expect(payloads).toEqual(['batch', 'sentinel']);
    } finally {
      await unlisten();
    }
  });

  it('serialises concurrent batches: the same city onboarded twice at once is created once', async () => {
    const tanger = registrySpecs(commune('01.511.01.0'));
    const [a, b] = await Promise.all([
      provisionTenants(serving, storage, tanger, { actor: null }),
      provisionTenants(serving, storage, tanger, { actor: null }),
    ]);
    expect([a.created.length, b.created.length].sort()).toEqual([0, tanger.length]);
    expect([a.skipped.length, b.skipped.length].sort()).toEqual([0, tanger.length]);
  });
});
