import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, errorCode, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import type { OfficeView } from '../catalogue/catalogue.schemas.ts';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import type { TenantRow } from '../db/schema.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import type { AdminOffice, AdminOfficeList, OfficeInput, OfficeInUse } from './offices.schemas.ts';

const civilStatus: OfficeInput = {
  kind: 'civil_status',
  names: { ar: 'مكتب الحالة المدنية', fr: 'Bureau d’état civil — Annexe Maârif' },
  address: { fr: '12, rue Ibn Batouta' },
  latitude: 33.5731,
  longitude: -7.6298,
  hours: [{ days: ['fri', 'mon', 'tue'], opens: '08:30', closes: '16:30' }],
  phone: '05 22-00.00 00',
  email: 'Etat-Civil@Casablanca.ma',
};

describe.each(DATABASE_KINDS)('offices administration (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let anfa: TenantRow;
  let other: TenantRow;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    await ensureCatalogue(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    other = await newTenant(t.db, { slug: 'tetouan' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }, { tenant: anfa, role: 'administrator' }] });
    const stranger = await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'administrator' }] });
    cookies.set(hostOf(city), await signIn(t.app, hostOf(city), admin.email));
    cookies.set(hostOf(anfa, city), await signIn(t.app, hostOf(anfa, city), admin.email));
    cookies.set(hostOf(other), await signIn(t.app, hostOf(other), stranger.email));
  });
  afterAll(() => t.dispose());

  const cityHost = () => hostOf(city);
  const anfaHost = () => hostOf(anfa, city);
  const asAdmin = (host: string, method: string, path: string, body?: unknown) =>
    call(t.app, method, host, path, { cookie: cookies.get(host) ?? null, ...(body === undefined ? {} : { body }) });
  const create = async (host: string, body: OfficeInput) => {
    const res = await asAdmin(host, 'POST', '/api/v1/admin/offices', body);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as AdminOffice;
  };
  const publicOffices = async (host: string) => ((await (await t.get(host, '/api/v1/offices')).json()) as { offices: OfficeView[] }).offices;
  const audit = (tenant: TenantRow) =>
    withTenant(t.db, { id: tenant.id }, (tx) => tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant.id).orderBy('id').execute());
  const validationDetails = async (res: Response) => ((await res.json()) as { error: { code: string; details: { path: string; code: string }[] } }).error;

  it('adds an office with a key made from its French name and a normalised phone; the public list shows it at once', async () => {
    const office = await create(cityHost(), civilStatus);
    expect(office).toMatchObject({
      key: 'bureau-d-etat-civil-annexe-maarif',
      kind: 'civil_status',
      phone: '+212522000000',
      email: 'etat-civil@casablanca.ma',
      hours: [{ days: ['mon', 'tue', 'fri'], opens: '08:30', closes: '16:30' }],
      readOnly: false,
      inherited: false,
      position: 0,
    });
    expect(office.mapUrl).toContain('mlat=33.5731');
    expect((await publicOffices(cityHost())).map((o) => o.id)).toEqual([office.id]);
    expect((await audit(city)).findLast((a) => a.action === 'office.created')).toMatchObject({
      target_type: 'office',
      target_id: office.id,
      after: { key: office.key, phone: '+212522000000' },
    });

    // The same name again: a free key, placed after the first.
    expect(await create(cityHost(), civilStatus)).toMatchObject({ key: 'bureau-d-etat-civil-annexe-maarif-2', position: 1 });
    // No French name: the kind gives the key.
    expect(await create(cityHost(), { kind: 'tax', names: { ar: 'مصلحة الجبايات' } })).toMatchObject({ key: 'tax', address: {}, latitude: null, hours: [] });
  });

  it('refuses a key already taken here, but not one taken by another tenant', async () => {
    const taken = await asAdmin(cityHost(), 'POST', '/api/v1/admin/offices', { ...civilStatus, key: 'tax' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: { code: 'OFFICE_EXISTS', details: { key: 'tax' } } });
    expect((await create(anfaHost(), { kind: 'tax', key: 'tax', names: { fr: 'Fiscalité Anfa' } })).key).toBe('tax');
  });

  it.each<[string, Partial<OfficeInput>, { path: string; code: string }]>([
    ['neither an Arabic nor a French name', { names: { zgh: 'ⵜⴰⵙⵏⴰⵡⵜ' } }, { path: 'names', code: 'required' }],
    ['a latitude without a longitude', { longitude: null }, { path: 'longitude', code: 'required' }],
    ['a place outside Morocco (Paris)', { latitude: 48.85, longitude: 2.35 }, { path: 'latitude', code: 'too_big' }],
    ['swapped coordinates', { latitude: -7.6298, longitude: 33.5731 }, { path: 'latitude', code: 'too_small' }],
    ['hours closing before they open', { hours: [{ days: ['mon'], opens: '16:30', closes: '08:30' }] }, { path: 'hours.0.closes', code: 'closes_before_opens' }],
    ['a time that is no time', { hours: [{ days: ['mon'], opens: '8h30', closes: '16:30' }] }, { path: 'hours.0.opens', code: 'invalid_format' }],
    ['an unknown day', { hours: [{ days: ['monday' as 'mon'], opens: '08:30', closes: '16:30' }] }, { path: 'hours.0.days.0', code: 'invalid_value' }],
    ['an unknown kind', { kind: 'prison' as 'tax' }, { path: 'kind', code: 'invalid_value' }],
    ['a foreign phone number', { phone: '+33 1 23 45 67 89' }, { path: 'phone', code: 'invalid_format' }],
    ['an e-mail that is none', { email: 'bureau@' }, { path: 'email', code: 'invalid_format' }],
  ])('refuses %s', async (_, change, issue) => {
    const res = await asAdmin(cityHost(), 'POST', '/api/v1/admin/offices', { ...civilStatus, ...change });
    expect(res.status).toBe(422);
    const error = await validationDetails(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toContainEqual(expect.objectContaining(issue));
  });

  it('replaces an office, keeping its key when none is given, audited with before and after', async () => {
    const office = await create(cityHost(), { ...civilStatus, names: { fr: 'Guichet unique' }, kind: 'urbanism_one_stop_shop' });
    const res = await asAdmin(cityHost(), 'PUT', `/api/v1/admin/offices/${office.id}`, {
      kind: 'urbanism_one_stop_shop',
      names: { fr: 'Guichet unique d’urbanisme', ar: 'الشباك الوحيد للتعمير' },
      phone: '+212 (0)6 12 34 56 78',
    });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as AdminOffice;
    expect(updated).toMatchObject({ id: office.id, key: office.key, phone: '+212612345678', latitude: null, hours: [], position: office.position });
    expect((await publicOffices(cityHost())).find((o) => o.id === office.id)?.names.fr).toBe('Guichet unique d’urbanisme');
    expect((await audit(city)).findLast((a) => a.action === 'office.changed')).toMatchObject({
      target_id: office.id,
      before: { names: { fr: 'Guichet unique' } },
      after: { names: { fr: 'Guichet unique d’urbanisme' }, phone: '+212612345678' },
    });
    const clash = await asAdmin(cityHost(), 'PUT', `/api/v1/admin/offices/${office.id}`, { kind: 'tax', key: 'tax', names: { fr: 'x' } });
    expect(await errorCode(clash)).toBe('OFFICE_EXISTS');
  });

  it("shows an arrondissement its commune's offices read-only, and answers NOT_FOUND for them and for another tenant's", async () => {
    const list = ((await (await asAdmin(anfaHost(), 'GET', '/api/v1/admin/offices')).json()) as AdminOfficeList).offices;
    expect(list[0]).toMatchObject({ key: 'tax', readOnly: false });
    expect(list.slice(1).every((o) => o.readOnly && o.inherited)).toBe(true);
    expect(list.slice(1).map((o) => o.key)).toContain('bureau-d-etat-civil-annexe-maarif');

    const communeOffice = list.find((o) => o.readOnly);
    for (const method of ['PUT', 'DELETE']) {
      const res = await asAdmin(anfaHost(), method, `/api/v1/admin/offices/${communeOffice?.id}`, method === 'PUT' ? civilStatus : undefined);
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('NOT_FOUND');
      expect(await errorCode(await asAdmin(hostOf(other), method, `/api/v1/admin/offices/${communeOffice?.id}`, method === 'PUT' ? civilStatus : undefined))).toBe(
        'NOT_FOUND',
      );
    }
    expect(((await (await asAdmin(hostOf(other), 'GET', '/api/v1/admin/offices')).json()) as AdminOfficeList).offices).toEqual([]);
  });

  it("refuses to delete an office a service offering names — an arrondissement's included — then deletes it once freed", async () => {
    const office = await create(cityHost(), { kind: 'legalisation', names: { fr: 'Légalisation centrale' } });
    const point = (officeId: string | null) =>
      asAdmin(anfaHost(), 'PUT', '/api/v1/admin/catalogue/offerings/signature-legalisation', { overrides: { officeId } });
    expect((await point(office.id)).status).toBe(200);

    const refused = await asAdmin(cityHost(), 'DELETE', `/api/v1/admin/offices/${office.id}`);
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; details: OfficeInUse } };
    expect(body.error.code).toBe('OFFICE_IN_USE');
    expect(body.error.details).toEqual({ services: [{ code: 'signature-legalisation', tenantId: anfa.id, tenantSlug: 'anfa' }] });
    expect((await publicOffices(cityHost())).map((o) => o.id)).toContain(office.id);

    await point(null);
    expect((await asAdmin(cityHost(), 'DELETE', `/api/v1/admin/offices/${office.id}`)).status).toBe(204);
    expect((await publicOffices(cityHost())).map((o) => o.id)).not.toContain(office.id);
    expect((await publicOffices(anfaHost())).map((o) => o.id)).not.toContain(office.id);
    expect((await audit(city)).findLast((a) => a.action === 'office.deleted')).toMatchObject({ target_id: office.id, before: { names: { fr: 'Légalisation centrale' } }, after: null });
    expect((await asAdmin(cityHost(), 'DELETE', `/api/v1/admin/offices/${office.id}`)).status).toBe(404);
  });
});
