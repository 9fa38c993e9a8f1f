import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, errorCode, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import type { OfficeView } from '../catalogue/catalogue.schemas.ts';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import type { TenantRow } from '../db/schema.ts';
import { addDays, localDateOf } from '../deadlines/local-time.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import type { AdminOffice, AdminOfficeList, OfficeInput, OfficeInUse } from './offices.schemas.ts';

/** Moroccan calendar days from today, as the service counts them. */
const day = (offset: number) => addDays(localDateOf(new Date()), offset);

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
    ['Ramadan hours closing before they open', { ramadanHours: [{ days: ['mon'], opens: '15:00', closes: '09:00' }] }, { path: 'ramadanHours.0.closes', code: 'closes_before_opens' }],
    [
      'a closure ending before it starts',
      { closures: [{ from: day(10), to: day(12), reason: { fr: 'Travaux' } }, { from: day(20), to: day(18), reason: { fr: 'Travaux' } }] },
      { path: 'closures.1.to', code: 'ends_before_starts' },
    ],
    ['a closure more than two years ahead', { closures: [{ from: day(800), to: day(801), reason: { ar: 'أشغال' } }] }, { path: 'closures.0.from', code: 'too_far_ahead' }],
    ['a closure without a reason in Arabic or French', { closures: [{ from: day(3), to: day(3), reason: { zgh: 'ⵜⵉⵡⵓⵔⵉ' } }] }, { path: 'closures.0.reason', code: 'required' }],
    ['a closure on a day that does not exist', { closures: [{ from: '2027-02-30', to: '2027-03-01', reason: { fr: 'Travaux' } }] }, { path: 'closures.0.from', code: 'invalid_format' }],
    [
      'more than twenty closures',
      { closures: Array.from({ length: 21 }, (_, i) => ({ from: day(i + 1), to: day(i + 1), reason: { fr: 'Fermé' } })) },
      { path: 'closures', code: 'too_big' },
    ],
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

  it('keeps Ramadan hours and closures to come, drops those already over, and shows them to the public; a PUT without them keeps them', async () => {
    const office = await create(cityHost(), {
      ...civilStatus,
      names: { fr: 'Annexe Sidi Belyout' },
      ramadanHours: [{ days: ['tue', 'mon'], opens: '09:00', closes: '15:00' }],
      closures: [
        { from: day(30), to: day(31), reason: { fr: ' Inventaire ', ar: 'جرد' } },
        { from: day(-5), to: day(-1), reason: { fr: 'Travaux finis' } },
        { from: day(-2), to: day(0), reason: { fr: 'Travaux', ar: 'أشغال', zgh: '' } },
      ],
    });
    const kept = [
      { from: day(-2), to: day(0), reason: { fr: 'Travaux', ar: 'أشغال' } },
      { from: day(30), to: day(31), reason: { fr: 'Inventaire', ar: 'جرد' } },
    ];
    expect(office.ramadanHours).toEqual([{ days: ['mon', 'tue'], opens: '09:00', closes: '15:00' }]);
    expect(office.closures).toEqual(kept);
    const shown = (await publicOffices(cityHost())).find((o) => o.id === office.id);
    expect(shown).toMatchObject({ ramadanHours: office.ramadanHours, closures: kept });
    expect((await audit(city)).findLast((a) => a.action === 'office.created')).toMatchObject({ after: { closures: kept, ramadanHours: office.ramadanHours } });

    // A client that does not know the fields leaves them as they are.
    const put = await asAdmin(cityHost(), 'PUT', `/api/v1/admin/offices/${office.id}`, { ...civilStatus, names: { fr: 'Annexe Sidi Belyout' } });
    expect(((await put.json()) as AdminOffice).closures).toEqual(kept);
    // Emptied: gone, and the audit log says what was there.
    const cleared = await asAdmin(cityHost(), 'PUT', `/api/v1/admin/offices/${office.id}`, { ...civilStatus, names: { fr: 'Annexe Sidi Belyout' }, ramadanHours: [], closures: [] });
    expect((await cleared.json()) as AdminOffice).toMatchObject({ ramadanHours: [], closures: [] });
    expect((await audit(city)).findLast((a) => a.action === 'office.changed')).toMatchObject({ before: { closures: kept }, after: { closures: [] } });

    // Refused input changes nothing.
    const refused = await asAdmin(cityHost(), 'PUT', `/api/v1/admin/offices/${office.id}`, { ...civilStatus, closures: [{ from: day(5), to: day(4), reason: { fr: 'x' } }] });
    expect(refused.status).toBe(422);
    expect((await publicOffices(cityHost())).find((o) => o.id === office.id)?.closures).toEqual([]);
  });

  it("shows an arrondissement its commune's offices read-only, and answers NOT_FOUND for them and for another tenant's", async () => {
    const list = ((await (await asAdmin(anfaHost(), 'GET', '/api/v1/admin/offices')).json()) as AdminOfficeList).offices;
    expect(list[0]).toMatchObject({ key: 'tax', readOnly: false });
    expect(list.slice(1).every((o) => o.readOnly && o.inherited)).toBe(true);
    expect(list.slice(1).map((o) => o.key)).toContain('bureau-d-etat-civil-annexe-maarif');

    const communeOffice = list.find((o) => o.readOnly);
    for (const method of ['PUT', 'DELETE']) {
      const body = method === 'PUT' ? { ...civilStatus, closures: [{ from: day(1), to: day(2), reason: { fr: 'Fermé' } }] } : undefined;
      const res = await asAdmin(anfaHost(), method, `/api/v1/admin/offices/${communeOffice?.id}`, body);
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('NOT_FOUND');
      expect(await errorCode(await asAdmin(hostOf(other), method, `/api/v1/admin/offices/${communeOffice?.id}`, body))).toBe('NOT_FOUND');
    }
    expect((await publicOffices(cityHost())).find((o) => o.id === communeOffice?.id)?.closures).toEqual([]);
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
