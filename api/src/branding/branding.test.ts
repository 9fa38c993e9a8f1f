import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, errorCode, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import type { TenantRow } from '../db/schema.ts';
import type { Site } from '../site/site.schemas.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import type { BrandingSettings, ContrastProblem } from './branding.schemas.ts';

/** A PNG of `width` × `height`, half transparent. */
const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer();

describe.each(DATABASE_KINDS)('branding administration (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let anfa: TenantRow;
  let cityCookie: string;
  let anfaCookie: string;
  let adminEmail: string;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca', branding: { primaryColor: '#123456', accentColor: '#f2c14e' } });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }, { tenant: anfa, role: 'administrator' }] });
    adminEmail = admin.email;
    cityCookie = await signIn(t.app, hostOf(city), admin.email);
    anfaCookie = await signIn(t.app, hostOf(anfa, city), admin.email);
  });
  afterAll(() => t.dispose());

  const cityHost = () => hostOf(city);
  const anfaHost = () => hostOf(anfa, city);
  const cookieOf = (host: string) => (host === cityHost() ? cityCookie : anfaCookie);
  const asAdmin = (host: string, method: string, path: string, body?: unknown) =>
    call(t.app, method, host, path, { cookie: cookieOf(host), ...(body === undefined ? {} : { body }) });
  const branding = async (host: string) => (await (await asAdmin(host, 'GET', '/api/v1/admin/branding')).json()) as BrandingSettings;
  const site = async (host: string) => (await (await t.get(host, '/api/v1/site')).json()) as Site;
  const upload = (host: string, bytes: Uint8Array, contentType: string | null) =>
    t.app.request(`http://${host}/api/v1/admin/branding/logo`, {
      method: 'PUT',
      headers: { host, origin: `http://${host}`, cookie: cookieOf(host), ...(contentType ? { 'content-type': contentType } : {}) },
      body: bytes,
    });
  const audit = (tenant: TenantRow) =>
    withTenant(t.db, { id: tenant.id }, (tx) => tx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant.id).orderBy('id').execute());
  const logoFiles = (tenant: TenantRow) =>
    withTenant(t.db, { id: tenant.id }, (tx) => tx.selectFrom('tenant_files').select(['id', 'sha256']).where('tenant_id', '=', tenant.id).execute());

  it("shows the colours in effect and that an arrondissement inherits its commune's", async () => {
    expect(await branding(cityHost())).toEqual({
      primaryColor: '#123456',
      accentColor: '#f2c14e',
      logoUrl: null,
      inherited: { primaryColor: false, accentColor: false, logo: true },
    });
    expect(await branding(anfaHost())).toEqual({
      primaryColor: '#123456',
      accentColor: '#f2c14e',
      logoUrl: null,
      inherited: { primaryColor: true, accentColor: true, logo: true },
    });
  });

  it('sets an own colour field by field, shows it on the public site at once, and goes back to inheriting with null', async () => {
    const set = await asAdmin(anfaHost(), 'PUT', '/api/v1/admin/branding', { primaryColor: '#1F6F8B' });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ primaryColor: '#1f6f8b', accentColor: '#f2c14e', inherited: { primaryColor: false, accentColor: true } });
    await expect.poll(async () => (await site(anfaHost())).branding.primaryColor).toBe('#1f6f8b');
    expect((await site(cityHost())).branding.primaryColor).toBe('#123456');
    expect((await audit(anfa)).findLast((a) => a.action === 'branding.colors_changed')).toMatchObject({
      target_type: 'tenant',
      target_id: anfa.id,
      before: { primaryColor: null, accentColor: null },
      after: { primaryColor: '#1f6f8b', accentColor: null },
    });

    // A change of the commune reaches the arrondissement where it still inherits.
    await asAdmin(cityHost(), 'PUT', '/api/v1/admin/branding', { accentColor: '#e8b04a' });
    await expect.poll(async () => (await site(anfaHost())).branding.accentColor).toBe('#e8b04a');

    const back = await asAdmin(anfaHost(), 'PUT', '/api/v1/admin/branding', { primaryColor: null });
    expect(await back.json()).toMatchObject({ primaryColor: '#123456', inherited: { primaryColor: true } });
    await expect.poll(async () => (await site(anfaHost())).branding.primaryColor).toBe('#123456');
  });

  it('refuses a primary colour white text cannot be read on, or an accent lost against it, saying which and by how much, and changes nothing', async () => {
    const before = await branding(cityHost());
    const refused = await asAdmin(cityHost(), 'PUT', '/api/v1/admin/branding', { primaryColor: '#777777', accentColor: '#8a8a8a' });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { code: string; details: ContrastProblem[] } };
    expect(body.error.code).toBe('CONTRAST_TOO_LOW');
    expect(body.error.details).toEqual([
      { path: 'primaryColor', code: 'contrast_too_low', color: '#777777', against: '#ffffff', ratio: 4.47, minimum: 4.5 },
      expect.objectContaining({ path: 'accentColor', color: '#8a8a8a', against: '#777777', minimum: 3 }),
    ]);
    expect(await branding(cityHost())).toEqual(before);
    expect((await asAdmin(cityHost(), 'PUT', '/api/v1/admin/branding', { primaryColor: '#767676', accentColor: '#ffffff' })).status).toBe(200);
  });

  it('accepts a light accent beside a dark primary colour, and re-saving what is in effect', async () => {
    const legacy = await newTenant(t.db, { slug: 'legacy', branding: { primaryColor: '#1a5f7a', accentColor: '#f2c14e' } });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: legacy, role: 'administrator' }] });
    const cookie = await signIn(t.app, hostOf(legacy), admin.email);
    const save = (body: unknown) => call(t.app, 'PUT', hostOf(legacy), '/api/v1/admin/branding', { cookie, body });
    expect((await save({ primaryColor: '#0d5c46', accentColor: '#f2c14e' })).status).toBe(200);
    // An accent too close to the primary colour is refused …
    expect(await errorCode(await save({ accentColor: '#2a6f5a' }))).toBe('CONTRAST_TOO_LOW');
    // … and so is a primary colour that the accent would vanish against.
    expect(await errorCode(await save({ primaryColor: '#fafafa' }))).toBe('CONTRAST_TOO_LOW');
  });

  it('refuses what is not a #rrggbb colour, and unknown fields', async () => {
    expect(await errorCode(await asAdmin(cityHost(), 'PUT', '/api/v1/admin/branding', { primaryColor: 'navy' }))).toBe('VALIDATION_FAILED');
    expect(await errorCode(await asAdmin(cityHost(), 'PUT', '/api/v1/admin/branding', { logo: 'x' }))).toBe('VALIDATION_FAILED');
  });

  it('stores an uploaded logo as PNG within 512 × 512, transparency kept; the public URL changes with it', async () => {
    const first = await upload(cityHost(), await png(1024, 600), 'image/png');
    expect(first.status, await first.clone().text()).toBe(200);
    const settings = (await first.json()) as BrandingSettings;
    expect(settings.logoUrl).toMatch(/^\/api\/v1\/site\/logo\?v=[0-9a-f]{16}$/);
    expect(settings.inherited.logo).toBe(false);
    await expect.poll(async () => (await site(cityHost())).branding.logoUrl).toBe(settings.logoUrl);

    const served = await t.get(cityHost(), settings.logoUrl ?? '');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(new Uint8Array(await served.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 512, height: 300, hasAlpha: true });

    // The arrondissement shows its commune's logo, marked inherited.
    await expect.poll(async () => (await site(anfaHost())).branding.logoUrl).toBe(settings.logoUrl);
    expect((await branding(anfaHost())).inherited.logo).toBe(true);

    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    // A new logo: a new URL, and the old file is gone. The old URL is no longer cached for a year.
    const second = (await (await upload(cityHost(), await png(300, 300), 'image/png')).json()) as BrandingSettings;
    expect(second.logoUrl).not.toBe(settings.logoUrl);
    await expect.poll(async () => (await site(cityHost())).branding.logoUrl).toBe(second.logoUrl);
    expect((await t.get(cityHost(), settings.logoUrl ?? '')).headers.get('cache-control')).toBe('public, max-age=300');
    expect(await logoFiles(city)).toHaveLength(1);
    expect((await audit(city)).findLast((a) => a.action === 'branding.logo_changed')).toMatchObject({
      before: { contentType: 'image/png' },
      after: { contentType: 'image/png', width: 300, height: 300 },
    });
  });

  it('never enlarges, turns a photo upright and drops its metadata', async () => {
    const jpeg = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#336699' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Artist: 'someone', Copyright: 'secret' } })
      .toBuffer();
    const res = await upload(anfaHost(), jpeg, 'image/jpeg; charset=binary');
    expect(res.status, await res.clone().text()).toBe(200);
    const { logoUrl } = (await res.json()) as BrandingSettings;
    await expect.poll(async () => (await site(anfaHost())).branding.logoUrl).toBe(logoUrl);
    const bytes = new Uint8Array(await (await t.get(anfaHost(), logoUrl ?? '')).arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 100, height: 200 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(Buffer.from(bytes).includes('secret')).toBe(false);
  });

  it.each([
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', 'image/svg+xml', 415, 'UNSUPPORTED_IMAGE'],
    ['SVG sent as PNG', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', 'image/png', 415, 'UNSUPPORTED_IMAGE'],
    ['bytes that are no image', 'hello', 'image/webp', 415, 'UNSUPPORTED_IMAGE'],
    ['no Content-Type', 'hello', null, 415, 'UNSUPPORTED_IMAGE'],
  ])('refuses %s', async (_, text, type, status, code) => {
    const res = await upload(cityHost(), new TextEncoder().encode(text), type);
    expect(res.status).toBe(status);
    expect(await errorCode(res)).toBe(code);
  });

  it('takes a 1.5 MB image: the app-wide 64 KiB body limit does not apply to the logo', async () => {
    // Noise does not compress: a 708 × 708 RGB PNG stored without compression is about 1.5 MB.
    const side = 708;
    const noise = new Uint8Array(side * side * 3).map(() => Math.floor(Math.random() * 256));
    const heavy = await sharp(noise, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(heavy.byteLength).toBeGreaterThan(1.4 * 1024 * 1024);
    expect(heavy.byteLength).toBeLessThan(2 * 1024 * 1024);
    const res = await upload(cityHost(), heavy, 'image/png');
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('refuses an image over 2 MB, and one that would decode to too many pixels', async () => {
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    const tooLarge = await upload(cityHost(), big, 'image/png');
    expect(tooLarge.status).toBe(413);
    expect(await errorCode(tooLarge)).toBe('IMAGE_TOO_LARGE');
    // Small on disk, 25 million pixels once decoded.
    const bomb = await sharp({ create: { width: 5000, height: 5000, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const refused = await upload(cityHost(), bomb, 'image/png');
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ error: { code: 'UNSUPPORTED_IMAGE', details: { reason: 'too_many_pixels' } } });
  });

  it("removes an own logo: the commune's shows again, then none", async () => {
    const cityLogo = (await branding(cityHost())).logoUrl;
    const removed = (await (await asAdmin(anfaHost(), 'DELETE', '/api/v1/admin/branding/logo')).json()) as BrandingSettings;
    expect(removed).toMatchObject({ logoUrl: cityLogo, inherited: { logo: true } });
    expect(await logoFiles(anfa)).toHaveLength(0);
    await expect.poll(async () => (await site(anfaHost())).branding.logoUrl).toBe(cityLogo);

    const none = (await (await asAdmin(cityHost(), 'DELETE', '/api/v1/admin/branding/logo')).json()) as BrandingSettings;
    expect(none.logoUrl).toBeNull();
    await expect.poll(async () => (await site(anfaHost())).branding.logoUrl).toBeNull();
    expect((await t.get(cityHost(), '/api/v1/site/logo')).status).toBe(404);
    expect((await audit(city)).findLast((a) => a.action === 'branding.logo_removed')).toMatchObject({ actor_email: adminEmail, after: null });
  });
});
