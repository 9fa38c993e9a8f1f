import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '@jamaa/migrations/index.ts';
import { isCitus } from '../db/citus.ts';
import { migrateToLatest, newMigrator } from '../db/database.ts';
import type { TenantRow } from '../db/schema.ts';
import { hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE } from '../branding/branding.schemas.ts';
import { AppError } from '../shared/errors.ts';
import { withPlatform, withProvisioning, withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS, newTestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { newTestStorage, STORAGE_KINDS, type TestStorage } from '../testing/storage.ts';
import {
  deleteFiles,
  findFile,
  moveLegacyFiles,
  PURPOSE_RULES,
  recordFile,
  removeStoredObjects,
  storeUpload,
  usingStoredFile,
  type FilePurpose,
} from './files.service.ts';

const MB = 1024 * 1024;
const readAll = async (body: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(body).arrayBuffer());
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A small but well-formed PDF, padded to about `size` bytes. */
function pdf(size = 20_000): Uint8Array {
  const head = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n';
  const tail = 'trailer\n<< /Root 1 0 R >>\n%%EOF\n';
  return new Uint8Array(Buffer.from(head + '%'.repeat(Math.max(0, size - head.length - tail.length)) + tail, 'latin1'));
}

/** A phone photo: JPEG with the camera's make and a GPS position (Casablanca) in its EXIF. */
async function photoWithGps(width = 3000, height = 2000): Promise<Uint8Array> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: '#5b8c3a' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Pocket 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 35/1 2/1', GPSLongitudeRef: 'W', GPSLongitude: '7/1 37/1 11/1', GPSMapDatum: 'WGS-84-SECRET' },
    })
    .toBuffer();
  return new Uint8Array(bytes);
}

/** A web stream (as a request body is) of `chunks` chunks of `size` bytes after `head`; counts what was pulled and whether it was cancelled. */
function requestStream(head: Uint8Array, chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulled++;
        if (sent === 0) controller.enqueue(head);
        else if (sent <= chunks) controller.enqueue(new Uint8Array(size));
        else controller.close();
        sent++;
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; details: unknown }> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { code: err.code, status: err.status, details: err.details };
}

describe.each(STORAGE_KINDS)('uploads through the files service (%s storage)', (kind) => {
  let storage: TestStorage;
  const tenantId = randomUUID();
  beforeAll(async () => {
    storage = await newTestStorage(kind);
  });
  afterAll(() => storage.dispose());

  it('keeps a PDF byte for byte, streamed to storage as it arrives, hashed on the way', async () => {
    const bytes = pdf(3 * MB);
    const { body, state } = requestStream(bytes.subarray(0, 5000), 0, 0);
    // The rest of the document follows the head in many small chunks.
    const rest = bytes.subarray(5000);
    async function* all() {
      for await (const c of body) yield c;
      for (let at = 0; at < rest.length; at += 64 * 1024) yield rest.subarray(at, at + 64 * 1024);
    }
    const file = await storeUpload(storage, tenantId, 'document', all());
    expect(state.pulled).toBeGreaterThan(0);
    expect(file).toMatchObject({ contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes), width: null, height: null });
    const stored = await storage.get(file.storageKey);
    expect(stored).toMatchObject({ contentType: 'application/pdf', size: bytes.length });
    expect(sha256(await readAll(stored!.body))).toBe(sha256(bytes));
  });

  it('stops reading past the limit while streaming, refuses with 413 and leaves nothing stored', async () => {
    const tenant = randomUUID();
    const limit = PURPOSE_RULES.document.maxBytes;
    const { body, state } = requestStream(pdf(4096), 200, MB);
    const refused = await refusal(storeUpload(storage, tenant, 'document', body));
    expect(refused).toMatchObject({ code: 'FILE_TOO_LARGE', status: 413, details: { maxBytes: limit } });
    // Reading stopped at the limit (not at the 200 MB the client would have sent) and the body was cancelled.
    expect(state.pulled).toBeLessThanOrEqual(limit / MB + 2);
    expect(state.cancelled).toBe(true);
    expect(await storage.keys(tenant)).toEqual([]);
  });

  it('refuses an image over its limit the same way, before decoding anything', async () => {
    const tenant = randomUUID();
    const png = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer());
    const { body, state } = requestStream(png, 100, 512 * 1024);
    expect(await refusal(storeUpload(storage, tenant, 'logo', body))).toMatchObject({ code: 'IMAGE_TOO_LARGE', status: 413 });
    expect(state.pulled).toBeLessThanOrEqual(2 * 2 + 2);
    expect(state.cancelled).toBe(true);
    expect(await storage.keys(tenant)).toEqual([]);
  });

  it('refuses a declared size over the limit without reading a byte', async () => {
    const { body, state } = requestStream(pdf(), 1, 1);
    const refused = await refusal(storeUpload(storage, tenantId, 'complaint_photo', body, { declaredSize: 50 * MB }));
    expect(refused).toMatchObject({ code: 'IMAGE_TOO_LARGE', details: { size: 50 * MB } });
    expect(state.pulled).toBe(0);
  });

  it.each<[string, FilePurpose, () => Promise<Uint8Array> | Uint8Array, string, string | null]>([
    ['a PDF sent as a logo', 'logo', () => pdf(), 'UNSUPPORTED_IMAGE', 'application/pdf'],
    ['a photo sent as a document', 'document', () => photoWithGps(40, 30), 'UNSUPPORTED_FILE_TYPE', 'image/jpeg'],
    ['a ZIP archive renamed .pdf', 'document', () => new Uint8Array(Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00' + 'x'.repeat(200), 'latin1')), 'UNSUPPORTED_FILE_TYPE', 'application/zip'],
    ['an HTML page renamed .pdf', 'attachment', () => new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'UNSUPPORTED_FILE_TYPE', null],
    ['an SVG (scripts) renamed .png', 'image', () => new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'UNSUPPORTED_IMAGE', null],
    ['a GIF', 'complaint_photo', () => new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')), 'UNSUPPORTED_IMAGE', 'image/gif'],
    ['nothing at all', 'attachment', () => new Uint8Array(0), 'UNSUPPORTED_FILE_TYPE', null],
  ])('judges the type from the bytes: refuses %s (415), storing nothing', async (_, purpose, make, code, detected) => {
    const tenant = randomUUID();
    const refused = await refusal(storeUpload(storage, tenant, purpose, await make()));
    expect(refused).toMatchObject({ code, status: 415, details: { contentType: detected } });
    expect(await storage.keys(tenant)).toEqual([]);
  });

  it('refuses a JPEG whose body is broken after a valid signature', async () => {
    const photo = await photoWithGps(100, 80);
    const broken = new Uint8Array([...photo.subarray(0, 200), ...new Uint8Array(3000)]);
    expect(await refusal(storeUpload(storage, tenantId, 'complaint_photo', broken))).toMatchObject({
      code: 'UNSUPPORTED_IMAGE',
      details: { reason: 'undecodable' },
    });
  });

  it("re-encodes a phone photo: its GPS position and camera do not survive, and it is scaled down", async () => {
    const input = await photoWithGps();
    // The test photo does carry a position and a camera.
    const before = await sharp(input).metadata();
    expect(before.exif?.includes(Buffer.from('WGS-84-SECRET'))).toBe(true);
    expect(Buffer.from(input).includes('PhoneMaker')).toBe(true);

    const file = await storeUpload(storage, tenantId, 'complaint_photo', input);
    expect(file).toMatchObject({ contentType: 'image/jpeg', width: 2048, height: 1365 });
    const stored = await readAll((await storage.get(file.storageKey))!.body);
    expect(file.sha256).toBe(sha256(stored));
    const after = await sharp(stored).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 2048, height: 1365 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    for (const marker of ['WGS-84-SECRET', 'PhoneMaker', 'Pocket 12', 'Exif']) expect(Buffer.from(stored).includes(marker), marker).toBe(false);
  });

  it('keeps transparency where the purpose stores PNG or WebP, and flattens it on white for a JPEG', async () => {
    const clear = new Uint8Array(await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer());
    const logo = await storeUpload(storage, tenantId, 'logo', clear);
    const image = await storeUpload(storage, tenantId, 'image', clear);
    const photo = await storeUpload(storage, tenantId, 'attachment', clear);
    const meta = async (key: string) => sharp(await readAll((await storage.get(key))!.body)).metadata();
    expect(await meta(logo.storageKey)).toMatchObject({ format: 'png', hasAlpha: true });
    expect(await meta(image.storageKey)).toMatchObject({ format: 'webp', hasAlpha: true });
    expect(await meta(photo.storageKey)).toMatchObject({ format: 'jpeg', hasAlpha: false });
    const { data } = await sharp(await readAll((await storage.get(photo.storageKey))!.body)).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(250);
  });
});

describe.each(DATABASE_KINDS)('file metadata (%s)', (kind) => {
  let t: TestApp;
  let a: TenantRow;
  let b: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    a = await newTenant(t.db, { slug: 'files-a' });
    b = await newTenant(t.db, { slug: 'files-b' });
  });
  afterAll(() => t.dispose());

  const storeFor = async (tenant: TenantRow, purpose: FilePurpose = 'document') => {
    const file = await storeUpload(t.storage, tenant.id, purpose, pdf());
    await withTenant(t.db, { id: tenant.id }, (tx) => recordFile(tx, file));
    return file;
  };

  it('records what a file is and where its bytes are, under its tenant', async () => {
    const file = await storeFor(a);
    const row = await withTenant(t.db, { id: a.id }, (tx) => findFile(tx, a.id, file.id));
    expect(row).toMatchObject({ tenantId: a.id, id: file.id, purpose: 'document', contentType: 'application/pdf', size: file.size, sha256: file.sha256 });
    expect(row?.storageKey).toBe(`${a.id}/document/${file.id}`);
  });

  it("does not let one tenant see, delete or claim another's files (row-level security)", async () => {
    const file = await storeFor(a);
    // By id, and with a query that forgets its tenant.
    expect(await withTenant(t.db, { id: b.id }, (tx) => findFile(tx, a.id, file.id))).toBeUndefined();
    const all = await withTenant(t.db, { id: b.id }, (tx) => sql<{ tenant_id: string }>`select tenant_id from tenant_files`.execute(tx));
    expect(all.rows.every((r) => r.tenant_id === b.id)).toBe(true);
    expect(await withPlatform(t.db, (tx) => sql`select * from tenant_files`.execute(tx))).toMatchObject({ rows: [] });
    // Delete as B: nothing happens, A's row and bytes stay.
    expect(await withTenant(t.db, { id: b.id }, (tx) => deleteFiles(tx, { fileId: file.id }))).toEqual([]);
    expect(await withTenant(t.db, { id: a.id }, (tx) => findFile(tx, a.id, file.id))).toBeDefined();
    expect(await t.storage.exists(file.storageKey)).toBe(true);
    // Record A's stored file as B's: refused by the policy.
    await expect(withTenant(t.db, { id: b.id }, (tx) => recordFile(tx, file))).rejects.toThrow(/row-level security/);
  });

  it('lets an arrondissement read its commune’s file rows, never write them', async () => {
    const child = await newTenant(t.db, { parent: a, slug: 'files-a-child' });
    const doc = await storeFor(a);
    const scope = { id: child.id, readable: [child.id, a.id] };
    expect(await withTenant(t.db, scope, (tx) => findFile(tx, a.id, doc.id))).toMatchObject({ id: doc.id });
    expect(await withTenant(t.db, scope, (tx) => deleteFiles(tx, { fileId: doc.id }))).toEqual([]);
  });

  it('deletes a file: the row in the transaction, then its bytes', async () => {
    const file = await storeFor(a);
    const keys = await withTenant(t.db, { id: a.id }, (tx) => deleteFiles(tx, { fileId: file.id }));
    expect(keys).toEqual([file.storageKey]);
    await removeStoredObjects(t.storage, keys);
    expect(await withTenant(t.db, { id: a.id }, (tx) => findFile(tx, a.id, file.id))).toBeUndefined();
    expect(await t.storage.exists(file.storageKey)).toBe(false);
  });

  it('removes the stored bytes when the transaction that was to record them fails', async () => {
    const file = await storeUpload(t.storage, a.id, 'attachment', pdf());
    expect(await t.storage.exists(file.storageKey)).toBe(true);
    await expect(
      usingStoredFile(t.storage, file, () =>
        withTenant(t.db, { id: a.id }, async (tx) => {
          await recordFile(tx, file);
          throw new Error('the change was refused');
        }),
      ),
    ).rejects.toThrow('the change was refused');
    expect(await t.storage.exists(file.storageKey)).toBe(false);
    expect(await withTenant(t.db, { id: a.id }, (tx) => findFile(tx, a.id, file.id))).toBeUndefined();
  });

  it('refuses a purpose the table does not know, and a row with its bytes in two places', async () => {
    const row = { tenant_id: a.id, content_type: 'application/pdf', size: 1, sha256: 'x' };
    await expect(
      withTenant(t.db, { id: a.id }, (tx) => tx.insertInto('tenant_files').values({ ...row, purpose: 'executable' as FilePurpose, storage_key: `${a.id}/x/y` }).execute()),
    ).rejects.toThrow(/tenant_files_purpose_check/);
    await expect(
      withTenant(t.db, { id: a.id }, (tx) =>
        tx.insertInto('tenant_files').values({ ...row, purpose: 'document', storage_key: `${a.id}/x/z`, legacy_bytes: new Uint8Array([1]) }).execute(),
      ),
    ).rejects.toThrow(/tenant_files_bytes_in_one_place/);
  });
});

describe.each(DATABASE_KINDS)('logos kept in the database before file storage (%s)', (kind) => {
  it('are moved to storage at the next start, once, and served as before', async (ctx) => {
    const t = await newTestApp(kind);
    try {
      // Both tests migrate down, which Citus refuses on distributed tables (docs/scaling.md).
      if (await isCitus(t.db)) ctx.skip();
      // The database as it was before 2026_12_04_0040, with a logo stored as bytes.
      const before = Object.keys(migrations)[Object.keys(migrations).indexOf('2026_12_04_0040_file_storage') - 1]!;
      const { error } = await newMigrator(t.db).migrateTo(before);
      expect(error).toBeUndefined();
      await newPlatform(t.db);
      const city = await newTenant(t.db, { slug: 'old-city' });
      const png = new Uint8Array(await sharp({ create: { width: 20, height: 10, channels: 3, background: '#0d5c46' } }).png().toBuffer());
      const hash = sha256(png);
      const fileId = await withTenant(t.db, { id: city.id }, async (tx) => {
        const row = await sql<{ id: string }>`
          insert into tenant_files (tenant_id, purpose, content_type, bytes, sha256)
          values (${city.id}, 'logo', 'image/png', ${png}, ${hash}) returning id`.execute(tx);
        return row.rows[0]!.id;
      });
      const logo = { fileId, sha256: hash, contentType: 'image/png' };
      await withProvisioning(t.db, (tx) => tx.updateTable('tenants').set({ branding: JSON.stringify({ logo }) }).where('id', '=', city.id).execute());

      // Upgrade, then start: the migration keeps the bytes aside, the start-up step moves them.
      await migrateToLatest(t.db);
      const kept = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('tenant_files').selectAll().where('id', '=', fileId).executeTakeFirstOrThrow());
      expect(kept).toMatchObject({ size: png.length, storage_key: null });
      expect(await moveLegacyFiles(t.db, t.storage)).toEqual({ moved: 1 });
      expect(await moveLegacyFiles(t.db, t.storage)).toEqual({ moved: 0 });

      const moved = await withTenant(t.db, { id: city.id }, (tx) => tx.selectFrom('tenant_files').selectAll().where('id', '=', fileId).executeTakeFirstOrThrow());
      expect(moved).toMatchObject({ legacy_bytes: null, storage_key: `${city.id}/logo/${fileId}`, sha256: hash });
      expect(await t.storage.keys(city.id)).toEqual([`${city.id}/logo/${fileId}`]);

      await t.directory.stop();
      await t.directory.start();
      const served = await t.get('old-city.localhost', `/api/v1/site/logo?v=${hash.slice(0, 16)}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('etag')).toBe(`"${hash}"`);
      expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(hash);
    } finally {
      await t.dispose();
    }
  });

  it('refuse to go back down once bytes are in storage, rather than lose them', async (ctx) => {
    const t = await newTestApp(kind);
    try {
      if (await isCitus(t.db)) ctx.skip();
      await newPlatform(t.db);
      const tenant = await newTenant(t.db);
      const file = await storeUpload(t.storage, tenant.id, 'document', pdf());
      await withTenant(t.db, { id: tenant.id }, (tx) => recordFile(tx, file));
      const before = Object.keys(migrations)[Object.keys(migrations).indexOf('2026_12_04_0040_file_storage') - 1]!;
      const { error } = await newMigrator(t.db).migrateTo(before);
      expect(String(error)).toMatch(/bytes are in storage/);
    } finally {
      await t.dispose();
    }
  });
});

describe.each(DATABASE_KINDS)('the public logo on S3-compatible storage (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await newTestApp(kind, { storage: 's3' });
    await newPlatform(t.db);
  });
  afterAll(() => t.dispose());

  it('is streamed from the bucket with its length, hash ETag and caching, and 304 when unchanged', async () => {
    const city = await newTenant(t.db, { slug: 's3-city' });
    const file = await storeUpload(t.storage, city.id, 'logo', new Uint8Array(await sharp({ create: { width: 900, height: 300, channels: 4, background: '#c0ffee' } }).png().toBuffer()));
    await withTenant(t.db, { id: city.id }, (tx) => recordFile(tx, file));
    const logo = { fileId: file.id, sha256: file.sha256, contentType: file.contentType };
    await withProvisioning(t.db, (tx) => tx.updateTable('tenants').set({ branding: JSON.stringify({ logo }) }).where('id', '=', city.id).execute());
    await t.directory.stop();
    await t.directory.start();

    expect(t.storage.kind).toBe('s3');
    expect(await t.storage.keys(city.id)).toEqual([file.storageKey]);
    const url = `/api/v1/site/logo?v=${file.sha256.slice(0, 16)}`;
    const res = await t.get('s3-city.localhost', url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(file.size));
    expect(res.headers.get('etag')).toBe(`"${file.sha256}"`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await sharp(new Uint8Array(await res.arrayBuffer())).metadata()).toMatchObject({ width: 512, height: 171 });
    const again = await t.get('s3-city.localhost', url, { 'if-none-match': `W/"x", "${file.sha256}"` });
    expect(again.status).toBe(304);
    expect((await t.get('s3-city.localhost', '/api/v1/site/logo?v=old')).headers.get('cache-control')).toBe('public, max-age=300');
    // HEAD and 304 answer from the row: no object is opened (a stream nobody reads would hold a connection).
    const get = t.storage.get;
    let opened = 0;
    t.storage.get = (key) => (opened++, get(key));
    const head = await t.app.request(`http://s3-city.localhost${url}`, { method: 'HEAD', headers: { host: 's3-city.localhost' } });
    expect((await t.get('s3-city.localhost', url, { 'if-none-match': `"${file.sha256}"` })).status).toBe(304);
    t.storage.get = get;
    expect(opened).toBe(0);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(file.size));
    expect(head.headers.get('etag')).toBe(`"${file.sha256}"`);

    // The bytes gone from the bucket (a lost object): a 404, not a broken answer.
    await t.storage.delete(file.storageKey);
    expect((await t.get('s3-city.localhost', url)).status).toBe(404);
  });
});

describe.each(DATABASE_KINDS)('logo uploads and their stored bytes (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let cookie: string;
  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'logo-city' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    cookie = await signIn(t.app, hostOf(city), admin.email);
  });
  afterAll(() => t.dispose());

  const upload = (bytes: Uint8Array, headers: Record<string, string> = {}) =>
    t.app.request(`http://${hostOf(city)}/api/v1/admin/branding/logo`, {
      method: 'PUT',
      headers: { host: hostOf(city), origin: `http://${hostOf(city)}`, cookie, 'content-type': 'image/png', ...headers },
      body: bytes,
    });
  const png = async (width: number) => new Uint8Array(await sharp({ create: { width, height: 50, channels: 3, background: '#123456' } }).png().toBuffer());

  it('keeps only the current logo in storage: a replaced or removed logo loses its bytes, a refused one leaves none', async () => {
    expect((await upload(await png(100))).status).toBe(200);
    const [first] = await t.storage.keys(city.id);
    expect(first).toMatch(new RegExp(`^${city.id}/logo/`));

    expect((await upload(await png(200))).status).toBe(200);
    const [second, ...more] = await t.storage.keys(city.id);
    expect(more).toEqual([]);
    expect(second).not.toBe(first);

    // Refused by type and by size: the stored bytes do not change.
    expect((await upload(pdf())).status).toBe(415);
    expect((await upload(new Uint8Array(3 * MB), { 'content-length': String(3 * MB) })).status).toBe(413);
    expect(await t.storage.keys(city.id)).toEqual([second]);

    const removed = await t.app.request(`http://${hostOf(city)}/api/v1/admin/branding/logo`, {
      method: 'DELETE',
      headers: { host: hostOf(city), origin: `http://${hostOf(city)}`, cookie },
    });
    expect(removed.status).toBe(200);
    expect(await t.storage.keys(city.id)).toEqual([]);
  });
});

describe('file purposes', () => {
  it('have a limit and at least one accepted type each; documents take PDFs only', () => {
    for (const [purpose, rule] of Object.entries(PURPOSE_RULES)) {
      expect(rule.maxBytes, purpose).toBeGreaterThan(0);
      expect(rule.image !== null || rule.pdf, purpose).toBe(true);
    }
    expect(PURPOSE_RULES.document).toMatchObject({ image: null, pdf: true });
    // The console checks a logo's size before sending it, with the branding feature's constants.
    expect(PURPOSE_RULES.logo).toMatchObject({ maxBytes: LOGO_MAX_BYTES, pdf: false, image: { maxSide: LOGO_MAX_SIDE, format: 'png' } });
  });

  it('make random bytes no file of any purpose', async () => {
    const storage = await newTestStorage('disk');
    try {
      for (const purpose of Object.keys(PURPOSE_RULES) as FilePurpose[]) {
        await expect(storeUpload(storage, randomUUID(), purpose, new Uint8Array(randomBytes(10_000)))).rejects.toBeInstanceOf(AppError);
      }
    } finally {
      await storage.dispose();
    }
  });
});
