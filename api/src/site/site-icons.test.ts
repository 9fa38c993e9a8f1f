import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { iconLetter, letterMarkSvg } from './site-icons.ts';

describe('icon letter and mark', () => {
  it("takes the French name's initial, else the default language's without the Arabic article", () => {
    expect(iconLetter({ names: { ar: 'الدار البيضاء', fr: 'Casablanca' }, defaultLocale: 'ar', slug: 'x' })).toBe('C');
    expect(iconLetter({ names: { ar: 'الدار البيضاء' }, defaultLocale: 'ar', slug: 'x' })).toBe('د');
    expect(iconLetter({ names: { fr: 'Ésaouira' }, defaultLocale: 'fr', slug: 'x' })).toBe('É');
    expect(iconLetter({ names: { zgh: 'ⵜⵉⵟⵟⴰⵡⵉⵏ' }, defaultLocale: 'zgh', slug: 'x' })).toBe('ⵜ');
  });

  it('never pastes anything but a validated colour or an escaped letter into the SVG', () => {
    const svg = letterMarkSvg({ primaryColor: '"/><script>', accentColor: '#112233', letter: '<', shape: 'rounded' });
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;');
    expect(svg).toContain('#0d5c46');
  });
});

/** The RGBA of one pixel of a PNG. */
async function pixel(png: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 4;
  return [...data.subarray(at, at + 4)];
}

describe.each(DATABASE_KINDS)("a tenant's own icons (%s)", (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let other: TenantRow;
  let anfa: TenantRow;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca', names: { ar: 'الدار البيضاء', fr: 'Casablanca' }, branding: { primaryColor: '#123456', accentColor: '#f2c14e' } });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa', names: { ar: 'أنفا', fr: 'Anfa' } });
    other = await newTenant(t.db, { slug: 'tetouan', names: { ar: 'تطوان', fr: 'Tétouan' }, branding: { primaryColor: '#7a1f1f', accentColor: '#f2c14e' } });
  });
  afterAll(() => t.dispose());

  const icon = async (host: string, name: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(`http://${host}/api/v1/site/icons/${name}`, { headers: { host, ...headers } });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  };

  it("draws each tenant's initial on its own primary colour, at the sizes phones ask for", async () => {
    const { res, bytes } = await icon(hostOf(city), 'icon-192.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 192, height: 192 });
    // Just inside the rounded corner: the primary colour; the corner itself: transparent.
    expect(await pixel(bytes, 40, 8)).toEqual([0x12, 0x34, 0x56, 255]);
    expect((await pixel(bytes, 0, 0))[3]).toBe(0);

    const apple = await icon(hostOf(city), 'apple-touch-icon.png');
    expect(await sharp(apple.bytes).metadata()).toMatchObject({ width: 180, height: 180 });
    // Opaque to the corner: iOS would paint transparency black.
    expect(await pixel(apple.bytes, 0, 0)).toEqual([0x12, 0x34, 0x56, 255]);

    const big = await icon(hostOf(other), 'icon-512.png');
    expect(await sharp(big.bytes).metadata()).toMatchObject({ width: 512, height: 512 });
    expect(await pixel(big.bytes, 100, 20)).toEqual([0x7a, 0x1f, 0x1f, 255]);

    const svg = await icon(hostOf(city), 'favicon.svg');
    expect(svg.res.headers.get('content-type')).toBe('image/svg+xml');
    const text = new TextDecoder().decode(svg.bytes);
    expect(text).toContain('#123456');
    expect(text).toContain('>C</text>');
    // The arrondissement inherits its commune's colours, with its own initial.
    const anfaSvg = new TextDecoder().decode((await icon(hostOf(anfa, city), 'favicon.svg')).bytes);
    expect(anfaSvg).toContain('#123456');
    expect(anfaSvg).toContain('>A</text>');
  });

  it('answers 304 to a client holding the current icon, and a new icon once the branding changes', async () => {
    const first = await icon(hostOf(city), 'icon-192.png');
    const etag = first.res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"icon-192\.png-/);
    expect((await icon(hostOf(city), 'icon-192.png', { 'if-none-match': etag })).res.status).toBe(304);

    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    const cookie = await signIn(t.app, hostOf(city), admin.email);
    const logo = await sharp({ create: { width: 300, height: 100, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } } }).png().toBuffer();
    const put = await t.app.request(`http://${hostOf(city)}/api/v1/admin/branding/logo`, {
      method: 'PUT',
      headers: { host: hostOf(city), origin: `http://${hostOf(city)}`, cookie, 'content-type': 'image/png' },
      body: logo,
    });
    expect(put.status).toBe(200);
    await expect.poll(async () => (await icon(hostOf(city), 'icon-192.png', { 'if-none-match': etag })).res.status).toBe(200);

    // Now drawn from the logo: red in the middle, on white.
    const withLogo = await icon(hostOf(city), 'icon-192.png');
    expect(await pixel(withLogo.bytes, 96, 96)).toEqual([200, 30, 30, 255]);
    expect(await pixel(withLogo.bytes, 96, 20)).toEqual([255, 255, 255, 255]);
    const favicon = new TextDecoder().decode((await icon(hostOf(city), 'favicon.svg')).bytes);
    expect(favicon).toContain('data:image/png;base64,');
    // The other commune keeps its own.
    expect(await pixel((await icon(hostOf(other), 'icon-192.png')).bytes, 40, 8)).toEqual([0x7a, 0x1f, 0x1f, 255]);
  });

  it('knows only its own icon names', async () => {
    expect((await icon(hostOf(city), 'secret.png')).res.status).toBe(422);
  });
});
