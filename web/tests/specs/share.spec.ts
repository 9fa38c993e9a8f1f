// Sharing and recognising a tenant's site: its own icons and installable web app on a phone, link
// previews (Open Graph) and titles that name the commune, the translation notice said once per page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2e, get, onPhone, screenshot } from '../support.ts';

/** The `content` of `<meta property|name="key">` in an HTML page. */
function meta(body: string, key: string): string | undefined {
  const tag = new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`).exec(body);
  return tag?.[1];
}

test('on a phone, each tenant links its own manifest and icons, and they load', async () => {
  const { server } = e2e();
  await onPhone(true, async ({ page }) => {
    // Fetched by the phone's browser itself (Node's resolver knows no *.localhost).
    const fetchJson = (href: string) =>
      page.evaluate(async (url) => {
        const res = await fetch(url);
        return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
      }, href);
    const loadImage = (href: string) =>
      page.evaluate(async (url) => {
        const res = await fetch(url);
        const bytes = (await res.arrayBuffer()).byteLength;
        const img = new Image();
        img.src = url;
        await img.decode();
        return { status: res.status, type: res.headers.get('content-type') ?? '', size: `${img.naturalWidth}x${img.naturalHeight}`, bytes };
      }, href);
    const touchSizes = new Set<number>();
    for (const [host, lang] of [['casablanca.localhost', 'fr'], ['tetouan.localhost', 'ar'], ['ben-guerir.localhost', 'zgh']] as const) {
      await page.goto(server.url(host, `/${lang}`), { waitUntil: 'load' });
      const href = await page.locator('link[rel="manifest"]').getAttribute('href');
      assert.equal(href, `/manifest.webmanifest?lang=${lang}`);
      const answer = await fetchJson(href ?? '');
      assert.equal(answer.status, 200, `${host} manifest`);
      assert.match(answer.type, /^application\/manifest\+json/);
      const manifest = JSON.parse(answer.body) as { name: string; lang: string; dir: string; start_url: string; display: string; theme_color: string; icons: { src: string; sizes: string; type: string }[] };
      assert.equal(manifest.lang, lang);
      assert.equal(manifest.dir, lang === 'ar' ? 'rtl' : 'ltr');
      assert.equal(manifest.start_url, `/${lang}`);
      assert.equal(manifest.display, 'standalone');
      assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
      assert.equal(await page.locator('meta[name="theme-color"]').getAttribute('content'), manifest.theme_color);
      // The start page answers, and every icon decodes at the size it claims.
      assert.equal((await fetchJson(manifest.start_url)).status, 200);
      for (const icon of manifest.icons) {
        const image = await loadImage(icon.src);
        assert.equal(image.status, 200, `${host} ${icon.src}`);
        assert.equal(image.type, icon.type, `${host} ${icon.src} type`);
        if (icon.sizes !== 'any') assert.equal(image.size, icon.sizes, `${host} ${icon.src} size`);
      }
      const touch = await loadImage((await page.locator('link[rel="apple-touch-icon"]').getAttribute('href')) ?? '');
      assert.equal(touch.size, '180x180', `${host} touch icon`);
      touchSizes.add(touch.bytes);
      const favicon = await loadImage((await page.locator('link[rel="icon"]').getAttribute('href')) ?? '');
      assert.equal(favicon.type, 'image/svg+xml', `${host} favicon`);
    }
    assert.equal(touchSizes.size, 3, 'three tenants, three different touch icons');
    await page.goto(server.url('casablanca.localhost', '/fr/services'), { waitUntil: 'load' });
    await screenshot(page, 'share-services', 'fr');
  });
});

test('link previews and titles name the commune, in the page language, on the canonical address', async () => {
  const { server } = e2e();
  const { status, body } = await get(server.port, 'anfa.casablanca.localhost', '/fr/services');
  assert.equal(status, 200);
  const origin = server.url('anfa.casablanca.localhost');
  const title = /<title>([^<]+)<\/title>/.exec(body)?.[1] ?? '';
  assert.match(title, /^Services — Arrondissement Anfa \(Casablanca\)$/);
  assert.equal(meta(body, 'og:title'), 'Services');
  assert.equal(meta(body, 'og:site_name'), 'Arrondissement Anfa (Casablanca)');
  assert.equal(meta(body, 'og:locale'), 'fr_FR');
  assert.deepEqual([...body.matchAll(/<meta property="og:locale:alternate" content="([^"]+)"/g)].map((m) => m[1]).sort(), ['ar_AR', 'tz_MA']);
  assert.equal(meta(body, 'og:url'), `${origin}/fr/services`);
  assert.equal(meta(body, 'og:image'), `${origin}/icon-512.png`);
  assert.ok(meta(body, 'og:description'), 'og:description');
  assert.ok(body.includes(`<link rel="alternate" hreflang="x-default" href="${origin}/ar/services"`), 'x-default on a page other than home');

  const ar = await get(server.port, 'casablanca.localhost', '/ar');
  assert.match(/<title>([^<]+)<\/title>/.exec(ar.body)?.[1] ?? '', /^جماعة الدار البيضاء$/);
  assert.equal(meta(ar.body, 'og:locale'), 'ar_AR');

  // Icons and manifest on a host that is no tenant: a plain 404, nobody else's.
  for (const path of ['/favicon.svg', '/icon-192.png', '/manifest.webmanifest']) {
    const unknown = await get(server.port, 'nowhere.localhost', path);
    assert.equal(unknown.status, 404, `unknown host ${path}`);
  }
  // A client holding the current icon is told so.
  const icon = await get(server.port, 'casablanca.localhost', '/icon-192.png');
  const again = await get(server.port, 'casablanca.localhost', '/icon-192.png', { 'if-none-match': String(icon.headers.etag) });
  assert.equal(again.status, 304);
});
