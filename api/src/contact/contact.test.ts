import { findCommune, registrySpecs } from '@jamaa/tenants/registry.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { ensurePlatformTenant } from '../seed/seed.ts';
import { provisionTenants } from '../tenancy/provisioning.service.ts';
import { findTenantsByCodes } from '../tenancy/provisioning.repository.ts';
import { withPlatform, withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import type { ContactDirectoryView, ContactLine, ContactLineInput, ContactOperator } from './contact.schemas.ts';

describe.each(DATABASE_KINDS)('contact directory (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let anfa: TenantRow;
  let cookie: string;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await ensurePlatformTenant(t.db, t.storage);
    const casablanca = findCommune('06.141.01.0');
    if (!casablanca) throw new Error('no Casablanca in the registry');
    await provisionTenants(t.db, t.storage, registrySpecs(casablanca), { actor: null });
    const rows = await withPlatform(t.db, (tx) => findTenantsByCodes(tx, ['06.141.01.0', '06.141.01.01']));
    city = rows.find((r) => r.code === '06.141.01.0') as TenantRow;
    anfa = rows.find((r) => r.code === '06.141.01.01') as TenantRow;
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    cookie = await signIn(t.app, hostOf(city), admin.email);
  });
  afterAll(() => t.dispose());

  const directory = async (host: string) => (await (await t.get(host, '/api/v1/contact')).json()) as ContactDirectoryView;
  const asAdmin = (method: string, path: string, body?: unknown) => call(t.app, method, hostOf(city), path, { cookie, ...(body === undefined ? {} : { body }) });
  const auditActions = () =>
    withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('audit_log').select(['action', 'before', 'after']).where('tenant_id', '=', city.id).orderBy('id').execute());

  it('gives a provisioned commune the national hotlines and its operators; its arrondissements show them as the commune’s', async () => {
    const own = await directory(hostOf(city));
    expect(own.lines.map((l) => l.number)).toEqual(expect.arrayContaining(['15', '19', '177']));
    expect(own.lines.find((l) => l.number === '15')).toMatchObject({ kind: 'short', free: true, main: true, tel: 'tel:15', display: '15', inherited: false });
    expect(own.operators.find((o) => o.service === 'water_electricity_sanitation')?.names.fr).toContain('SRM');
    const seenFromAnfa = await directory(hostOf(anfa, city));
    expect(seenFromAnfa.lines.length).toBe(own.lines.length);
    expect(seenFromAnfa.lines.every((l) => l.inherited)).toBe(true);
  });

  const lighting: ContactLineInput = { topic: 'lighting', number: '0800 00 12 34', free: true, labels: { fr: 'Éclairage public — pannes', ar: 'الإنارة العمومية — الأعطاب' }, hours: { fr: '24 h/24' } };

  it('lets an administrator add, change, reorder and delete a line, each change audited and shown publicly at once', async () => {
    const created = await asAdmin('POST', '/api/v1/admin/contact-lines', lighting);
    expect(created.status, await created.clone().text()).toBe(201);
    const line = (await created.json()) as ContactLine;
    expect(line).toMatchObject({ kind: 'free', number: '+212800001234', display: '0800 00 12 34', tel: 'tel:+212800001234' });
    expect((await directory(hostOf(city))).lines.at(-1)?.id).toBe(line.id);

    const changed = await asAdmin('PUT', `/api/v1/admin/contact-lines/${line.id}`, { ...lighting, number: '05 22 11 22 33', free: false, main: true });
    expect(changed.status).toBe(200);
    expect((await directory(hostOf(city))).lines.find((l) => l.id === line.id)).toMatchObject({ kind: 'line', display: '05 22 11 22 33', main: true });

    const ids = (await directory(hostOf(city))).lines.map((l) => l.id);
    const reordered = [line.id, ...ids.filter((id) => id !== line.id)];
    expect((await asAdmin('PUT', '/api/v1/admin/contact-lines-order', { ids: reordered })).status).toBe(204);
    expect((await directory(hostOf(city))).lines.map((l) => l.id)).toEqual(reordered);
    expect((await asAdmin('PUT', '/api/v1/admin/contact-lines-order', { ids: reordered.slice(1) })).status).toBe(422);

    expect((await asAdmin('DELETE', `/api/v1/admin/contact-lines/${line.id}`)).status).toBe(204);
    expect((await directory(hostOf(city))).lines.map((l) => l.id)).not.toContain(line.id);
    const actions = (await auditActions()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['contact_line.created', 'contact_line.changed', 'contact_lines.reordered', 'contact_line.deleted']));
    expect((await auditActions()).find((a) => a.action === 'contact_line.changed')).toMatchObject({ before: { number: '+212800001234' }, after: { number: '+212522112233' } });
  });

  it.each<[string, Partial<ContactLineInput>, { path: string; code: string }]>([
    ['a five-digit number', { number: '12345' }, { path: 'number', code: 'invalid_format' }],
    ['letters', { number: 'allo' }, { path: 'number', code: 'invalid_format' }],
    ['a foreign number', { number: '+33 1 23 45 67 89' }, { path: 'number', code: 'invalid_format' }],
    ['a short number declared as a commune line', { number: '15', kind: 'line' }, { path: 'kind', code: 'kind_mismatch' }],
    ['no Arabic nor French label', { labels: { zgh: 'ⵜⴰⴼⴰⵡⵜ' } }, { path: 'labels', code: 'required' }],
    ['an unknown topic', { topic: 'weather' as 'lighting' }, { path: 'topic', code: 'invalid_value' }],
  ])('refuses %s', async (_, change, issue) => {
    const res = await asAdmin('POST', '/api/v1/admin/contact-lines', { ...lighting, ...change });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { details: unknown[] } }).error.details).toContainEqual(expect.objectContaining(issue));
  });

  it('lets an administrator add and change an operator; an arrondissement cannot change the commune’s', async () => {
    const res = await asAdmin('POST', '/api/v1/admin/contact-operators', { service: 'waste', names: { fr: 'Collecte Exemple' }, phone: '0522000000', website: 'https://example.ma' });
    expect(res.status, await res.clone().text()).toBe(201);
    const op = (await res.json()) as ContactOperator;
    expect(op).toMatchObject({ phone: '+212522000000', display: '05 22 00 00 00', verified: true });
    expect((await asAdmin('POST', '/api/v1/admin/contact-operators', { service: 'waste', names: { fr: 'x' }, website: 'http://insecure.ma' })).status).toBe(422);
    const put = await asAdmin('PUT', `/api/v1/admin/contact-operators/${op.id}`, { service: 'waste', names: { fr: 'Collecte Exemple', ar: 'جمع' }, phone: null });
    expect(put.status).toBe(200);
    expect((await directory(hostOf(city))).operators.find((o) => o.id === op.id)).toMatchObject({ phone: null, names: { ar: 'جمع' } });
    expect((await call(t.app, 'GET', hostOf(anfa, city), '/api/v1/admin/contact', { cookie: null })).status).toBe(401);
  });
});
