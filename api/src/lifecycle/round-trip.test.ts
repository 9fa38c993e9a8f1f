import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import type { Database } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { ensurePlatformTenant, seedDemoContent, seedDemoTenants } from '../seed/seed.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { localWeekendLegalisation } from '../testing/catalogue.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newTestStorage, type TestStorage } from '../testing/storage.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import { withPlatform } from '../tenancy/unit-of-work.ts';
import { mapCatalogueVersions } from './archive.repository.ts';
import { exportTenant, importTenant } from './archive.service.ts';
import { fflate } from './zip.ts';

/**
 * Issue 12, "how it is checked": a tenant exported from one database and imported into another, empty
 * one (migrated, started as a new deployment starts: the platform tenant and the national catalogue,
 * nothing else) exports again identical, table by table and file by file.
 */

interface Archive {
  manifest: { tables: Record<string, number>; files: { key: string; sha256: string }[]; accounts: number };
  /** Every entry but the manifest: JSON text, or a file's SHA-256. */
  entries: Record<string, string>;
}

async function open(zip: Uint8Array): Promise<Archive> {
  const { strFromU8, unzipSync } = await fflate();
  const raw = unzipSync(zip);
  const entries: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(raw)) {
    if (path === 'manifest.json') continue;
    entries[path] = path.startsWith('files/') ? createHash('sha256').update(bytes).digest('hex') : strFromU8(bytes);
  }
  return { manifest: JSON.parse(strFromU8(raw['manifest.json']!)) as Archive['manifest'], entries };
}

/** The rows of one `tables/<name>.json` entry. */
function rowsOf(archive: Archive, table: string): Record<string, unknown>[] {
  return JSON.parse(archive.entries[`tables/${table}.json`] ?? '[]') as Record<string, unknown>[];
}

async function countRows(db: Database, table: 'tenants' | 'staff_users' | 'catalogue_versions'): Promise<number> {
  const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A photo as a resident's phone sends it (the API re-encodes it). */
async function photo(): Promise<Blob> {
  const bytes = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a5b3a' } }).jpeg().toBuffer();
  return new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
}

describe.each(DATABASE_KINDS)('tenant archive round trip into an empty database (%s)', (kind) => {
  let source: TestApp;
  let target: TestDatabase;
  let targetServing: Database;
  let targetStorage: TestStorage;
  let casablanca: TenantRow;
  let anfa: TenantRow;
  const exported: Record<string, Uint8Array> = {};
  /** The source's server connection (on PostgreSQL the serving login, as the operator's API uses). */
  const deps = async () => ({ db: await source.db.serving(), storage: source.storage, clock: () => new Date() });

  beforeAll(async () => {
    source = await newTestApp(kind);
    // The source: a deployment as it starts (platform, catalogue), the demo tenants and their content…
    await ensurePlatformTenant(source.db, source.storage);
    await ensureCatalogue(source.db);
    await seedDemoTenants(source.db, source.storage);
    await seedDemoContent(source.db);
    casablanca = await source.db.kysely.selectFrom('tenants').selectAll().where('slug', '=', 'casablanca').where('kind', '=', 'commune').executeTakeFirstOrThrow();
    anfa = await source.db.kysely.selectFrom('tenants').selectAll().where('slug', '=', 'anfa').where('parent_id', '=', casablanca.id).executeTakeFirstOrThrow();

    // …then what its staff and residents do: each write goes through the API, as in production.
    const admin = await newStaffUser(source.db, { displayName: 'Administration', memberships: [{ tenant: casablanca, role: 'administrator' }, { tenant: anfa, role: 'administrator' }] });
    await newStaffUser(source.db, { memberships: [{ tenant: casablanca, role: 'agent', department: 'civil-status' }] });
    const city = hostOf(casablanca);
    const arr = hostOf(anfa, casablanca);
    const cookie = await signIn(source.app, city, admin.email);
    const arrCookie = await signIn(source.app, arr, admin.email);
    const ok = async (res: Promise<Response>, status = 200) => {
      const r = await res;
      if (r.status !== status) throw new Error(`${r.url}: ${r.status} ${await r.text()}`);
      return (await r.json()) as Record<string, unknown>;
    };
    // A catalogue override (it names the national version it was written against) and a local service.
    await ok(
      call(source.app, 'PUT', city, '/api/v1/admin/catalogue/offerings/signature-legalisation', {
        cookie,
        body: { overrides: { note: { ar: 'يوم السبت أيضا', fr: 'Aussi le samedi matin', zgh: 'ⴰⵙⵉⴹⵢⴰⵙ' }, cost: { kind: 'fixed', amountMad: 2 } } },
      }),
    );
    await ok(call(source.app, 'PUT', arr, '/api/v1/admin/catalogue/offerings/signature-legalisation', { cookie: arrCookie, body: { overrides: { hours: { fr: 'Samedi 9 h – 12 h' } } } }));
    await ok(
      call(source.app, 'POST', city, '/api/v1/admin/catalogue/local-services', {
        cookie,
        body: localWeekendLegalisation(),
      }),
      201,
    );
    // Content with two revisions.
    const item = await ok(
      call(source.app, 'POST', city, '/api/v1/admin/content', { cookie, body: { kind: 'news', title: { fr: 'Ouverture du marché', ar: 'افتتاح السوق' }, body: { fr: 'Le marché ouvre.' } } }),
      201,
    );
    await ok(call(source.app, 'PUT', city, `/api/v1/admin/content/${item.id as string}`, { cookie, body: { kind: 'news', title: { fr: 'Ouverture du marché couvert', ar: 'افتتاح السوق المغطى' }, body: { fr: 'Le marché couvert ouvre lundi.' } } }));
    await ok(call(source.app, 'POST', city, `/api/v1/admin/content/${item.id as string}/publish`, { cookie, body: {} }));
    // Complaints: one with a photo, replied to, the photo published; one on the arrondissement.
    const form = new FormData();
    for (const [k, v] of Object.entries({ category: 'street_lighting', description: 'Le lampadaire devant le n° 12 est éteint.', latitude: '33.5731', longitude: '-7.5898', contactName: 'Fatima', contactEmail: 'fatima@example.ma', locale: 'fr' })) form.set(k, v);
    form.append('photo', await photo(), 'IMG_0001.jpg');
    const filed = await source.app.request(`http://${city}/api/v1/complaints`, { method: 'POST', headers: { host: city, 'idempotency-key': 'round-trip-complaint-0001' }, body: form });
    expect(filed.status, await filed.clone().text()).toBe(201);
    const queue = await ok(call(source.app, 'GET', city, '/api/v1/admin/complaints', { cookie }));
    const complaintId = (queue.complaints as { id: string }[])[0]!.id;
    const detail = await ok(call(source.app, 'GET', city, `/api/v1/admin/complaints/${complaintId}`, { cookie }));
    const photoId = (detail.photos as { id: string }[])[0]!.id;
    await ok(call(source.app, 'POST', city, `/api/v1/admin/complaints/${complaintId}/replies`, { cookie, body: { body: 'Une équipe passe jeudi.', public: true, locale: 'fr' } }));
    await ok(call(source.app, 'POST', city, `/api/v1/admin/complaints/${complaintId}/photos/${photoId}/review`, { cookie, body: { status: 'published' } }));
    await ok(call(source.app, 'POST', arr, '/api/v1/complaints', { origin: null, body: { category: 'roads', description: 'Un trou dans la chaussée rue 7.', address: 'Rue 7', locale: 'fr' } }), 201);
    await ok(
      call(source.app, 'PUT', city, '/api/v1/admin/complaint-settings/templates', {
        cookie,
        body: { templates: [{ state: 'resolved', title: { fr: 'Réparé', ar: 'تم الإصلاح' }, body: { fr: 'La réparation est faite.', ar: 'تم الإصلاح.' } }] },
      }),
    );
    // Staff and keys: an invitation, an Open311 key.
    await ok(call(source.app, 'POST', city, '/api/v1/admin/users', { cookie, body: { email: 'nouvelle@example.ma', role: 'editor' } }), 201);
    await ok(call(source.app, 'POST', city, '/api/v1/admin/open311-keys', { cookie, body: { name: 'Application mobile' } }), 201);

    // The target: another database of the same kind, migrated, in which a new deployment has started.
    target = await newTestDatabase(kind);
    targetServing = await target.serving();
    targetStorage = await newTestStorage();
  });
  afterAll(async () => {
    await targetStorage?.dispose();
    await target?.dispose();
    await source?.dispose();
  });

  it('starts from a database with no tenant, no account and no catalogue', async () => {
    expect(await countRows(target, 'tenants')).toBe(0);
    expect(await countRows(target, 'staff_users')).toBe(0);
    expect(await countRows(target, 'catalogue_versions')).toBe(0);
    // What the runtime does on first start (api/src/runtime.ts `seed`, demo off).
    await ensurePlatformTenant(targetServing, targetStorage);
    await ensureCatalogue(targetServing);
    expect(await countRows(target, 'tenants')).toBe(1);
  });

  it('exports a tenant rich in data: every kind of row the issue names, and its files', async () => {
    for (const tenant of [casablanca, anfa]) exported[tenant.slug] = (await exportTenant(await deps(), tenant.id, null)).zip;
    const city = await open(exported.casablanca!);
    const rich = ['offices', 'service_offerings', 'local_services', 'content_items', 'content_revisions', 'complaints', 'complaint_events', 'complaint_photos'];
    rich.push('complaint_reply_templates', 'tenant_files', 'memberships', 'invitations', 'open311_keys', 'audit_log', 'site_texts', 'tenant_domains', 'contact_lines', 'mail_outbox');
    for (const table of rich) expect(city.manifest.tables[table], table).toBeGreaterThan(0);
    expect(city.manifest.tables.content_revisions).toBeGreaterThan(1);
    // Files: the logo of the demo manifest and the complaint's photo.
    expect(city.manifest.files.length).toBeGreaterThanOrEqual(2);
    expect(rowsOf(city, 'service_offerings').some((r) => r.base_version_id !== null)).toBe(true);
    const arr = await open(exported.anfa!);
    expect(arr.manifest.tables.complaints).toBe(1);
  });

  it('refuses an arrondissement whose commune is not there, and writes nothing', async () => {
    await expect(importTenant({ db: targetServing, storage: targetStorage, clock: () => new Date() }, exported.anfa!, null)).rejects.toMatchObject({ code: 'ARCHIVE_PARENT_MISSING' });
    expect(await countRows(target, 'tenants')).toBe(1);
    expect(await countRows(target, 'staff_users')).toBe(0);
    for (const { key } of (await open(exported.anfa!)).manifest.files) expect(await targetStorage.exists(key), key).toBe(false);
  });

  it('imports the commune then its arrondissement, and exports them again identical, table by table and file by file', async () => {
    const into = { db: targetServing, storage: targetStorage, clock: () => new Date() };
    const city = await importTenant(into, exported.casablanca!, null);
    expect(city.tenant.slug).toBe('casablanca');
    expect(city.accountsCreated).toBeGreaterThan(0);
    await importTenant(into, exported.anfa!, null);

    const platformIds = {
      source: (await source.db.kysely.selectFrom('tenants').select('id').where('kind', '=', 'platform').executeTakeFirstOrThrow()).id,
      target: (await target.kysely.selectFrom('tenants').select('id').where('kind', '=', 'platform').executeTakeFirstOrThrow()).id,
    };
    const versionHash = async (db: Database, id: unknown) =>
      id === null ? null : (await db.kysely.selectFrom('catalogue_versions').select('content_hash').where('id', '=', id as string).executeTakeFirst())?.content_hash;

    for (const tenant of [casablanca, anfa]) {
      const before = await open(exported[tenant.slug]!);
      const after = await open((await exportTenant(into, tenant.id, null)).zip);
      expect(after.manifest.tables, tenant.slug).toEqual(before.manifest.tables);
      expect(after.manifest.files, tenant.slug).toEqual(before.manifest.files);
      expect(Object.keys(after.entries).sort()).toEqual(Object.keys(before.entries).sort());
      for (const [path, text] of Object.entries(before.entries)) {
        if (path === 'tenant.json' && tenant.kind === 'commune') {
          // A commune's parent is the platform tenant of the database it is in (docs/TENANT-ARCHIVE.md).
          const [a, b] = [JSON.parse(text) as Record<string, unknown>, JSON.parse(after.entries[path]!) as Record<string, unknown>];
          expect(a.parent_id).toBe(platformIds.source);
          expect(b.parent_id).toBe(platformIds.target);
          expect({ ...b, parent_id: null }).toEqual({ ...a, parent_id: null });
          continue;
        }
        if (path === 'catalogue-versions.json') {
          // The same national versions, each under its id in the database exported from.
          const [a, b] = [JSON.parse(text) as { id: string }[], JSON.parse(after.entries[path]!) as { id: string }[]];
          expect(a.length).toBeGreaterThan(0);
          expect(b.map((v) => ({ ...v, id: null }))).toEqual(a.map((v) => ({ ...v, id: null })));
          for (const [i, v] of a.entries()) expect(await versionHash(target, b[i]!.id)).toBe(await versionHash(source.db, v.id));
          continue;
        }
        if (path === 'tables/service_offerings.json') {
          // The catalogue version an override was written against: the same version (by content), under
          // the id it has in each database (docs/TENANT-ARCHIVE.md).
          const [a, b] = [rowsOf(before, 'service_offerings'), rowsOf(after, 'service_offerings')];
          expect(b.length).toBe(a.length);
          for (const [i, row] of a.entries()) {
            expect(await versionHash(target, b[i]!.base_version_id)).toBe(await versionHash(source.db, row.base_version_id));
            expect({ ...b[i], base_version_id: null }).toEqual({ ...row, base_version_id: null });
          }
          continue;
        }
        expect(after.entries[path], `${tenant.slug}: ${path}`).toBe(text);
      }
    }
  });

  it('maps an archived catalogue version to the one with the same text here, and to null when this database never published it', async () => {
    const here = await target.kysely.selectFrom('catalogue_versions').select(['id', 'content_hash']).where('is_current', '=', true).executeTakeFirstOrThrow();
    const [elsewhere, unknown, older] = [randomUUID(), randomUUID(), randomUUID()];
    const mapped = await withPlatform(targetServing, (tx) =>
      mapCatalogueVersions(tx, [
        { id: elsewhere, content_hash: here.content_hash },
        { id: unknown, content_hash: 'a-version-never-published-here' },
        { id: older, content_hash: null },
        { id: here.id, content_hash: null },
      ]),
    );
    expect(Object.fromEntries(mapped)).toEqual({ [elsewhere]: here.id, [unknown]: null, [older]: null, [here.id]: here.id });
  });
});
