import { createHash, randomUUID } from 'node:crypto';
import { fflate } from './zip.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { nextNumber } from '../counters/counters.ts';
import { insertFileRow } from '../files/files.repository.ts';
import { storageKey } from '../files/storage.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, errorCode, hostOf, newStaffUser, signIn, TEST_PASSWORD, type TestStaff } from '../testing/staff.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';

/** The archive's data, without what differs from one export to the next (the manifest's time). */
async function tablesOf(zip: Uint8Array): Promise<Record<string, string>> {
  const { strFromU8, unzipSync } = await fflate();
  const entries = unzipSync(zip);
  const out: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(entries)) {
    if (path === 'manifest.json') continue;
    out[path] = path.startsWith('files/') ? createHash('sha256').update(bytes).digest('hex') : strFromU8(bytes);
  }
  return out;
}

describe.each(DATABASE_KINDS)('tenant lifecycle (%s)', (kind) => {
  let t: TestApp;
  let platform: TenantRow;
  let city: TenantRow;
  let arr: TenantRow;
  let other: TenantRow;
  let admin: TestStaff;
  let operatorCookie: string;
  const logo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);

  beforeAll(async () => {
    t = await newTestApp(kind);
    platform = await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'oujda' });
    arr = await newTenant(t.db, { parent: city, slug: 'sidi-maafa' });
    other = await newTenant(t.db, { slug: 'tiznit' });
    admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }, { tenant: other, role: 'editor' }] });
    const operator = await newStaffUser(t.db, { operator: true });
    operatorCookie = await signIn(t.app, 'localhost', operator.email);
    // Data in several tables: a file in storage, a counter, an audit entry, texts.
    const fileId = randomUUID();
    const key = storageKey(city.id, 'logo', fileId);
    await t.storage.put(key, logo, 'image/png');
    await withTenant(t.db, { id: city.id }, async (tx) => {
      await insertFileRow(tx, { tenantId: city.id, id: fileId, purpose: 'logo', contentType: 'image/png', size: logo.byteLength, sha256: createHash('sha256').update(logo).digest('hex'), storageKey: key });
      await nextNumber(tx, { tenantId: city.id, series: 'complaints', year: 2026 });
      await recordAudit(tx, { tenantId: city.id, at: new Date(), actor: { id: admin.id, email: admin.email }, action: 'office.created', target: { type: 'office', id: 'x' }, meta: { ip: null, requestId: null } });
      await tx.insertInto('site_texts').values({ tenant_id: city.id, key: 'welcome', value: JSON.stringify({ ar: 'مرحبا', fr: 'Bienvenue', zgh: 'ⴰⵏⵙⵓⴼ' }) } as never).execute().catch(() => undefined);
    });
  });
  afterAll(() => t.dispose());

  const upload = (zip: Uint8Array) =>
    t.app.request('http://localhost/api/v1/operator/tenants/import', {
      method: 'POST',
      headers: { host: 'localhost', origin: 'http://localhost', cookie: operatorCookie, 'content-type': 'application/zip' },
      body: zip as Uint8Array<ArrayBuffer>,
    });
  const op = (method: string, path: string, body?: unknown) => call(t.app, method, 'localhost', `/api/v1/operator${path}`, { cookie: operatorCookie, body });

  it('is for the operator only', async () => {
    const cookie = await signIn(t.app, hostOf(other), admin.email);
    expect((await call(t.app, 'POST', hostOf(other), `/api/v1/operator/tenants/${city.id}/suspend`, { cookie, body: {} })).status).toBe(403);
    expect((await call(t.app, 'POST', 'localhost', `/api/v1/operator/tenants/${city.id}/suspend`, { body: {} })).status).toBe(401);
  });

  it('suspends: the site answers 503, staff are signed out and cannot sign in, nothing is deleted; reactivating restores all', async () => {
    const cookie = await signIn(t.app, hostOf(city), admin.email);
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/users', { cookie })).status).toBe(200);
    const before = await tablesOf(new Uint8Array(await (await op('POST', `/tenants/${city.id}/export`)).arrayBuffer()));

    const suspended = await op('POST', `/tenants/${city.id}/suspend`, { reason: 'unpaid hosting' });
    expect(suspended.status).toBe(200);
    const body = (await suspended.json()) as { tenants: { slug: string; status: string }[] };
    expect(body.tenants.map((x) => [x.slug, x.status])).toEqual([['oujda', 'suspended'], ['sidi-maafa', 'suspended']]);

    await expect.poll(async () => (await t.get(hostOf(city), '/api/v1/site')).status).toBe(503);
    expect(await errorCode(await t.get(hostOf(city), '/api/v1/site'))).toBe('TENANT_SUSPENDED');
    await expect.poll(async () => (await t.get(hostOf(arr, city), '/api/v1/site')).status).toBe(503);
    // Signing in is refused, and the session held before is gone.
    const login = await call(t.app, 'POST', hostOf(city), '/api/v1/auth/login', { body: { email: admin.email, password: TEST_PASSWORD } });
    expect(login.status).toBe(503);
    const sessions = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('sessions').select('id').where('tenant_id', '=', city.id).execute());
    expect(sessions).toEqual([]);
    // Other tenants are untouched: the same person still works there.
    const elsewhere = await signIn(t.app, hostOf(other), admin.email);
    expect((await call(t.app, 'GET', hostOf(other), '/api/v1/admin/dashboard', { cookie: elsewhere })).status).toBe(200);
    // Suspending twice is a conflict; the tenant's data is all there.
    expect(await errorCode(await op('POST', `/tenants/${city.id}/suspend`, {}))).toBe('TENANT_STATUS_CONFLICT');

    const reactivated = await op('POST', `/tenants/${city.id}/reactivate`, {});
    expect(reactivated.status).toBe(200);
    await expect.poll(async () => (await t.get(hostOf(city), '/api/v1/site')).status).toBe(200);
    await expect.poll(async () => (await t.get(hostOf(arr, city), '/api/v1/site')).status).toBe(200);
    const again = await signIn(t.app, hostOf(city), admin.email);
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/users', { cookie: again })).status).toBe(200);
    const after = await tablesOf(new Uint8Array(await (await op('POST', `/tenants/${city.id}/export`)).arrayBuffer()));
    // Only the log grew (suspended, reactivated, signed in: the operator is now named in it) and the
    // devices table; every other table is as it was.
    for (const path of Object.keys(before)) {
      if (['tenant.json', 'accounts.json', 'tables/audit_log.json', 'tables/trusted_devices.json'].includes(path)) continue;
      expect(after[path], path).toBe(before[path]);
    }
    // Both logs say who did it and why.
    const log = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('audit_log').select(['action', 'actor_email', 'after']).where('action', 'like', 'tenant.%').orderBy('id').execute());
    expect(log.map((e) => e.action)).toEqual(['tenant.suspended', 'tenant.reactivated']);
    expect(log[0]?.after).toMatchObject({ reason: 'unpaid hosting' });
  });

  it('archives: the site answers 404 until reactivated', async () => {
    expect((await op('POST', `/tenants/${other.id}/archive`, {})).status).toBe(200);
    await expect.poll(async () => (await t.get(hostOf(other), '/api/v1/site')).status).toBe(404);
    expect((await op('POST', `/tenants/${other.id}/reactivate`, {})).status).toBe(200);
    await expect.poll(async () => (await t.get(hostOf(other), '/api/v1/site')).status).toBe(200);
  });

  it('deletes only a suspended tenant, exported since its last change, with its slug typed; import brings it back identical', async () => {
    // A tenant with arrondissements cannot go first; its arrondissement can.
    expect(await errorCode(await op('DELETE', `/tenants/${arr.id}`, { confirmSlug: 'sidi-maafa' }))).toBe('TENANT_STATUS_CONFLICT');
    expect((await op('POST', `/tenants/${city.id}/suspend`, {})).status).toBe(200);
    expect(await errorCode(await op('DELETE', `/tenants/${city.id}`, { confirmSlug: 'oujda' }))).toBe('TENANT_HAS_CHILDREN');
    expect(await errorCode(await op('DELETE', `/tenants/${arr.id}`, { confirmSlug: 'sidi-maafa' }))).toBe('EXPORT_REQUIRED');
    const arrZip = await op('POST', `/tenants/${arr.id}/export`);
    expect(arrZip.status).toBe(200);
    expect(await errorCode(await op('DELETE', `/tenants/${arr.id}`, { confirmSlug: 'oujda' }))).toBe('CONFIRMATION_MISMATCH');
    const deletedArr = await op('DELETE', `/tenants/${arr.id}`, { confirmSlug: 'sidi-maafa' });
    expect(deletedArr.status).toBe(200);

    expect(await errorCode(await op('DELETE', `/tenants/${city.id}`, { confirmSlug: 'oujda' }))).toBe('EXPORT_REQUIRED');
    const exported = await op('POST', `/tenants/${city.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/zip');
    const first = new Uint8Array(await exported.arrayBuffer());
    const { strFromU8, unzipSync } = await fflate();
    const manifest = JSON.parse(strFromU8(unzipSync(first)['manifest.json']!)) as { tables: Record<string, number>; files: { key: string }[] };
    expect(manifest.tables).toMatchObject({ tenant_files: 1, counters: 1, memberships: 1 });
    expect(manifest.tables.audit_log).toBeGreaterThan(1);
    expect(manifest.tables).not.toHaveProperty('sessions');
    expect(manifest.files).toHaveLength(1);

    expect(await errorCode(await op('DELETE', `/tenants/${city.id}`, { confirmSlug: 'Oujda!' }))).toBe('CONFIRMATION_MISMATCH');
    const deleted = await op('DELETE', `/tenants/${city.id}`, { confirmSlug: 'oujda' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ slug: 'oujda', filesDeleted: 1 });
    await expect.poll(async () => (await t.get(hostOf(city), '/api/v1/site')).status).toBe(404);
    expect(await t.storage.exists(manifest.files[0]!.key)).toBe(false);
    const rows = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('memberships').select('user_id').where('tenant_id', '=', city.id).execute());
    expect(rows).toEqual([]);

    const imported = await upload(first);
    expect(imported.status, await imported.clone().text()).toBe(201);
    expect(await imported.json()).toMatchObject({ tenant: { slug: 'oujda', status: 'suspended' }, files: 1, accountsCreated: 0 });
    expect(await t.storage.exists(manifest.files[0]!.key)).toBe(true);
    // Importing twice is refused.
    const twice = await upload(first);
    expect(await errorCode(twice)).toBe('TENANT_EXISTS');

    const second = new Uint8Array(await (await op('POST', `/tenants/${city.id}/export`)).arrayBuffer());
    expect(await tablesOf(second)).toEqual(await tablesOf(first));

    expect((await op('POST', `/tenants/${city.id}/reactivate`, {})).status).toBe(200);
    await expect.poll(async () => (await t.get(hostOf(city), '/api/v1/site')).status).toBe(200);
    const back = await signIn(t.app, hostOf(city), admin.email);
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/users', { cookie: back })).status).toBe(200);
    // The platform's log keeps every step.
    const platformLog = await withTenant(t.db, { id: platform.id }, (tx) =>
      tx.selectFrom('audit_log').select('action').where('target_id', '=', city.id).where('action', 'like', 'tenant.%').orderBy('id').execute(),
    );
    expect(platformLog.map((e) => e.action)).toEqual(expect.arrayContaining(['tenant.exported', 'tenant.deleted', 'tenant.imported']));
  });
});
