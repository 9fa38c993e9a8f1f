import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { ensurePlatformTenant } from '../seed/seed.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newTestStorage, type TestStorage } from '../testing/storage.ts';
import { findPlatformTenant, findTenantByCode } from '../tenancy/tenants.repository.ts';
import { withPlatform, withTenant } from '../tenancy/unit-of-work.ts';
import { codesFromCsv, onboardBatch, onboardCommune, regionCodes, type OnboardingDeps } from './onboarding.service.ts';
import { searchRegistry } from './registry-search.ts';

describe('the registry search', () => {
  it('finds a commune by its common spellings, in Arabic or French, and by its official code', () => {
    expect(searchRegistry('Mohammedia')[0]?.code).toBe('06.371.01.01');
    expect(searchRegistry('بنجرير')[0]?.slug).toBe('ben-guerir');
    expect(searchRegistry('Benguerir')[0]?.slug).toBe('ben-guerir');
    expect(searchRegistry('الناظور')[0]?.nameFr).toBe('Nador');
    expect(searchRegistry('06.141.01.0')[0]?.nameFr).toBe('Casablanca');
    expect(searchRegistry('061410100')).toEqual([]);
    expect(searchRegistry('07427010')[0]?.slug).toBe('ben-guerir');
  });

  it('prefills what the form needs: names, region, province, type, population, a readable slug, the arrondissements', () => {
    const ajdirs = searchRegistry('Ajdir');
    expect(ajdirs.map((h) => h.slug).sort()).toEqual(['ajdir-al-hoceima', 'ajdir-taza']);
    const casablanca = searchRegistry('الدار البيضاء')[0];
    expect(casablanca).toMatchObject({ nameAr: 'الدار البيضاء', type: 'urban', province: { code: '06.141' }, region: { code: '06' } });
    expect(casablanca?.arrondissements).toHaveLength(16);
  });

  it('reads codes from a CSV file, with or without a header', () => {
    expect(codesFromCsv('code,name\n06.371.01.01,Mohammadia\n\n xx ,bad\n')).toEqual(['06.371.01.01', 'xx']);
    expect(codesFromCsv('07.427.01.01\r\n02.381.01.05\r\n')).toEqual(['07.427.01.01', '02.381.01.05']);
  });
});

describe.each(DATABASE_KINDS)('onboarding (%s)', (kind) => {
  let db: TestDatabase;
  let serving: Database;
  let storage: TestStorage;
  let mailer: Mailer;
  let deps: OnboardingDeps;
  const operator = { id: '', email: 'operator@example.ma', displayName: 'Opérateur' };

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    serving = await db.serving();
    storage = await newTestStorage('disk');
    await ensurePlatformTenant(db, storage);
    await ensureCatalogue(db);
    const config = loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test' });
    const logger = pino({ level: 'silent' });
    mailer = createMailer(config, { db: serving, logger, clock: () => new Date() });
    deps = { db: serving, storage, mailer, config, logger, clock: () => new Date() };
  });
  afterAll(async () => {
    await mailer?.close();
    await storage?.dispose();
    await db?.dispose();
  });

  const tenant = (code: string) => withPlatform(db, (tx) => findTenantByCode(tx, code));
  const count = async (table: 'tenants' | 'tenant_domains' | 'invitations' | 'mail_outbox' | 'offices' | 'audit_log' | 'service_offerings') =>
    Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(
        (['tenants', 'tenant_domains', 'invitations', 'mail_outbox', 'offices', 'audit_log', 'service_offerings'] as const).map(async (t) => [t, await count(t)]),
      ),
    );

  it('onboards a plain commune: live at once, readable slug, starter content, chosen services, the first administrator invited through the platform outbox', async () => {
    const result = await onboardCommune(
      deps,
      {
        code: '01.051.01.09',
        domains: ['Ajdir.example.ma'],
        defaultLocale: 'fr',
        services: ['signature-legalisation'],
        administratorEmail: 'Admin@Ajdir.example.ma',
      },
      { actor: null },
    );
    expect(result.commune).toMatchObject({ code: '01.051.01.09', slug: 'ajdir-al-hoceima' });
    expect(result.arrondissements).toEqual([]);
    expect(result.invitation).toEqual({ email: 'admin@ajdir.example.ma' });
    expect(result.services.offered).toBe(1);
    expect(result.services.total).toBeGreaterThan(10);

    const row = await tenant('01.051.01.09');
    expect(row).toMatchObject({ status: 'active', slug: 'ajdir-al-hoceima', default_locale: 'fr', population: 5630 });
    const id = row?.id ?? '';
    const own = await withTenant(db, { id }, async (tx) => ({
      offices: await tx.selectFrom('offices').select(['key', 'names']).where('tenant_id', '=', id).execute(),
      disabled: await tx.selectFrom('service_offerings').select('service_code').where('tenant_id', '=', id).where('enabled', '=', false).execute(),
      invitations: await tx.selectFrom('invitations').select(['email', 'role']).where('tenant_id', '=', id).execute(),
      outbox: await tx.selectFrom('mail_outbox').select(['to_address', 'body_text', 'status']).where('tenant_id', '=', id).execute(),
    }));
    expect(own.offices).toEqual([{ key: 'main', names: expect.objectContaining({ fr: 'Siège de la commune' }) }]);
    expect(own.disabled.length).toBe(result.services.total - 1);
    expect(own.disabled.map((d) => d.service_code)).not.toContain('signature-legalisation');
    expect(own.invitations).toEqual([{ email: 'admin@ajdir.example.ma', role: 'administrator' }]);
    // With no SMTP, the tenant's outbox keeps a trace without the link; the platform's holds the mail.
    expect(own.outbox.every((m) => !/admin\/invitation\//.test(m.body_text))).toBe(true);
    const platform = await withPlatform(db, (tx) => findPlatformTenant(tx));
    const held = await withTenant(db, { id: platform?.id ?? '' }, (tx) =>
      tx.selectFrom('mail_outbox').select(['to_address', 'body_text', 'status']).where('tenant_id', '=', platform?.id ?? '').execute(),
    );
    expect(held).toEqual([{ to_address: 'admin@ajdir.example.ma', status: 'held', body_text: expect.stringMatching(/\/fr\/admin\/invitation\/[a-z2-7]{32}/) }]);
    const audit = await withTenant(db, { id: platform?.id ?? '' }, (tx) =>
      tx.selectFrom('audit_log').select(['action', 'target_label']).where('tenant_id', '=', platform?.id ?? '').execute(),
    );
    expect(audit).toContainEqual({ action: 'tenant.onboarded', target_label: 'ajdir-al-hoceima' });
  });

  it('onboards a city with all its arrondissements in one step', async () => {
    const result = await onboardCommune(deps, { code: '04.441.01.0' }, { actor: null });
    expect(result.commune.slug).toBe('sale');
    expect(result.arrondissements.map((a) => a.kind)).toEqual(Array(5).fill('arrondissement'));
    for (const a of result.arrondissements) expect((await tenant(a.code))?.parent_id).toBe(result.commune.id);
    await expect(onboardCommune(deps, { code: '04.441.01.0' }, { actor: null })).rejects.toMatchObject({ code: 'TENANT_EXISTS' });
  });

  it.each(['provisioned', 'content', 'services', 'invited', 'audited'] as const)('leaves nothing behind when it fails after %s', async (step) => {
    const before = await snapshot();
    await expect(
      onboardCommune(deps, { code: '03.231.01.0', domains: ['fes-test.ma'], services: ['signature-legalisation'], administratorEmail: 'a@fes.ma' }, { actor: null }, {
        after: (s) => {
          if (s === step) throw new Error(`injected failure after ${s}`);
        },
      }),
    ).rejects.toThrow(/injected failure/);
    expect(await snapshot()).toEqual(before);
    expect(await tenant('03.231.01.0')).toBeUndefined();
  });

  it('refuses a slug or a domain that is taken, creating nothing', async () => {
    const before = await snapshot();
    await expect(onboardCommune(deps, { code: '07.427.01.01', slug: 'sale' }, { actor: null })).rejects.toMatchObject({ code: 'ONBOARDING_REFUSED' });
    await expect(onboardCommune(deps, { code: '07.427.01.01', domains: ['ajdir.example.ma'] }, { actor: null })).rejects.toMatchObject({ code: 'ONBOARDING_REFUSED' });
    await expect(onboardCommune(deps, { code: '99.999.99.99' }, { actor: null })).rejects.toMatchObject({ code: 'REGISTRY_CODE_UNKNOWN' });
    expect(await snapshot()).toEqual(before);
  });

  it('onboards in bulk with bad rows refused by reason, and creates nothing when run again', async () => {
    const codes = ['07.427.01.01', 'not-a-code', '99.999.99.99', '01.511.01.0', '01.511.01.05', '07.427.01.01', '04.441.01.0', '01.051.01.09'];
    const first = await onboardBatch(deps, codes, { actor: null });
    expect(first.created.map((r) => [r.row, r.code, r.tenants])).toEqual([
      [1, '07.427.01.01', 1],
      [4, '01.511.01.0', 5],
    ]);
    expect(first.skipped.map((r) => [r.row, r.code, r.reason])).toEqual([
      [5, '01.511.01.05', 'onboarded_with_city'],
      [7, '04.441.01.0', null],
      [8, '01.051.01.09', null],
    ]);
    expect(first.refused.map((r) => [r.row, r.reason])).toEqual([
      [2, 'malformed_code'],
      [3, 'unknown_code'],
      [6, 'duplicate_code'],
    ]);
    const tenants = await count('tenants');
    const again = await onboardBatch(deps, codes, { actor: null });
    expect(again.created).toEqual([]);
    expect(again.skipped).toHaveLength(5);
    expect(await count('tenants')).toBe(tenants);
  });

  it('onboards a region by name or code', () => {
    expect(regionCodes('Oriental')).toHaveLength(124);
    expect(regionCodes('02')).toEqual(regionCodes('الشرق'));
    expect(() => regionCodes('Atlantis')).toThrow(/no region/);
  });
});
