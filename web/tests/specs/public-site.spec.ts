// The public sites of communes, arrondissements and the platform, on a phone, in the three languages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, get, onPhone, screenshot } from '../support.ts';

const TIFINAGH = /[\u2D30-\u2D7F]/;

/** Opens a phone, runs `body`, checks that no request left this machine, and closes the phone. */
async function visit(page: Page, url: string, status = 200): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.equal(response?.status(), status, `GET ${url}`);
}

async function htmlAttributes(page: Page): Promise<{ lang: string | null; dir: string | null }> {
  const html = page.locator('html');
  return { lang: await html.getAttribute('lang'), dir: await html.getAttribute('dir') };
}

const arrondissementLinks = (page: Page) => page.locator('section[aria-labelledby="arrondissements"] ul a');

test('Casablanca in Arabic, without JavaScript: RTL, its name and its 16 arrondissements', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('casablanca.localhost', '/ar'));
    assert.deepEqual(await htmlAttributes(page), { lang: 'ar', dir: 'rtl' });
    assert.equal((await page.locator('h1').innerText()).trim(), 'الدار البيضاء');
    const links = arrondissementLinks(page);
    assert.equal(await links.count(), 16);
    const names = (await links.allInnerTexts()).map((name) => name.trim());
    assert.ok(names.includes('أنفا'), `أنفا among ${names.join(', ')}`);
    assert.equal(await page.locator('script').count(), 0, 'public pages ship no script');
    await screenshot(page, 'casablanca', 'ar');

    await links.filter({ hasText: 'أنفا' }).click();
    await page.waitForLoadState('load');
    assert.equal(page.url(), server.url('anfa.casablanca.localhost', '/ar'));
    assert.deepEqual(await htmlAttributes(page), { lang: 'ar', dir: 'rtl' });
    await screenshot(page, 'anfa', 'ar');
  });
});

test('Anfa in French: LTR, its name, and a link back to Casablanca', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('anfa.casablanca.localhost', '/fr'));
    assert.deepEqual(await htmlAttributes(page), { lang: 'fr', dir: 'ltr' });
    assert.match(await page.locator('h1').innerText(), /Anfa/);
    const back = page.locator('a.parent-link');
    assert.match(await back.innerText(), /Casablanca/);
    assert.equal(await back.getAttribute('href'), server.url('casablanca.localhost', '/fr'));
    await screenshot(page, 'anfa', 'fr');
    await back.click();
    await page.waitForLoadState('load');
    assert.equal(page.url(), server.url('casablanca.localhost', '/fr'));
    assert.equal((await page.locator('h1').innerText()).trim(), 'Casablanca');
    await screenshot(page, 'casablanca', 'fr');
  });
});

test('zgh pages are in Tifinagh, drawn with the self-hosted Noto Sans Tifinagh', async () => {
  const { server } = e2e();
  await onPhone(true, async ({ page, requests }) => {
    for (const [host, name] of [
      ['casablanca.localhost', 'casablanca'],
      ['anfa.casablanca.localhost', 'anfa'],
    ] as const) {
      await visit(page, server.url(host, '/zgh'));
      assert.deepEqual(await htmlAttributes(page), { lang: 'zgh', dir: 'ltr' });
      assert.match(await page.locator('main').innerText(), TIFINAGH);
      const font = await page.evaluate(async () => {
        await document.fonts.ready;
        const faces = [...document.fonts].filter((face) => face.family.replace(/["']/g, '') === 'Noto Sans Tifinagh');
        return {
          loaded: faces.some((face) => face.status === 'loaded'),
          usable: document.fonts.check('16px "Noto Sans Tifinagh"', 'ⵜⴰⵎⴰⵣⵉⵖⵜ'),
        };
      });
      assert.deepEqual(font, { loaded: true, usable: true }, `Noto Sans Tifinagh loaded on ${host}`);
      await screenshot(page, name, 'zgh');
    }
    const fonts = requests.filter((url) => url.endsWith('.woff2'));
    assert.ok(fonts.some((url) => url.includes('noto-sans-tifinagh')), `a Tifinagh woff2 among ${fonts.join(', ')}`);
    assert.ok(!requests.some((url) => url.endsWith('.woff')), 'no WOFF fallback is fetched');
  });
});

test('Ben Guerir and Tétouan home pages work', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('ben-guerir.localhost', '/ar'));
    assert.equal((await page.locator('h1').innerText()).trim(), 'ابن جرير');
    await screenshot(page, 'ben-guerir', 'ar');
    await visit(page, server.url('tetouan.localhost', '/fr'));
    assert.equal((await page.locator('h1').innerText()).trim(), 'Tétouan');
    await screenshot(page, 'tetouan', 'fr');
    await visit(page, server.url('tetouan.localhost', '/ar'));
    assert.equal((await page.locator('h1').innerText()).trim(), 'تطوان');
  });
});

test('text missing in the page language is shown in another, marked and announced', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    // Tétouan has no welcome text in zgh in the demo data: it falls back on its next language.
    await visit(page, server.url('tetouan.localhost', '/zgh'));
    const fallback = page.locator('main .fallback-text').first();
    const lang = await fallback.getAttribute('lang');
    assert.ok(lang === 'ar' || lang === 'fr', `fallback text marked with its language (${lang})`);
    assert.equal(await fallback.getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr');
    // Said once, at the top of the page, without JavaScript; each untranslated block has a short label.
    const notices = page.locator('main .fallback-page-notice');
    assert.equal(await notices.count(), 1, 'one notice per page');
    assert.ok(await notices.isVisible(), 'the notice is visible');
    assert.match(await notices.innerText(), TIFINAGH, 'the notice is in the page language');
    assert.ok(await page.locator('main [data-fallback]').first().isVisible(), 'the untranslated block is labelled');
    await screenshot(page, 'tetouan', 'zgh');
  });
});

test('the platform host finds its communes by search and by region → province, without JavaScript', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('localhost', '/'));
    assert.match(new URL(page.url()).pathname, /^\/(ar|fr|zgh)$/, 'redirected to a language');
    await visit(page, server.url('localhost', '/fr'));
    // The home page lists regions, never the communes themselves.
    const section = page.locator('section[aria-labelledby="communes"]');
    assert.equal(await section.locator('a[href*=".localhost"]').count(), 0, 'no commune linked from the home page');
    await screenshot(page, 'platform', 'fr');
    // Search: a plain form, submitted with Enter.
    await page.getByLabel('Trouver une commune').fill('casa');
    await Promise.all([page.waitForURL(/\/fr\/communes\?q=casa/), page.keyboard.press('Enter')]);
    const result = page.locator('section[aria-labelledby="results"] a', { hasText: 'Casablanca' });
    assert.equal(await result.getAttribute('href'), server.url('casablanca.localhost', '/fr'));
    assert.match(await result.innerText(), /16 arrondissements/);
    // Browse: region, then province, then the commune's site.
    await visit(page, server.url('localhost', '/fr'));
    await Promise.all([page.waitForURL(/\/fr\/communes\/\d\d$/), section.getByRole('link', { name: /Marrakech-Safi/ }).click()]);
    await Promise.all([page.waitForURL(/\/fr\/communes\/\d\d\/\d+$/), page.getByRole('link', { name: /Rehamna/ }).click()]);
    assert.equal(await page.getByRole('link', { name: 'Ben Guerir' }).getAttribute('href'), server.url('ben-guerir.localhost', '/fr'));
    await visit(page, server.url('localhost', '/ar'));
    await screenshot(page, 'platform', 'ar');
  });
});

test('an unknown host gets a 404 page in Arabic and French, and never another tenant', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    for (const path of ['/', '/fr', '/ar/about']) {
      await visit(page, server.url('nowhere.localhost', path), 404);
    }
    const ar = page.locator('section[lang="ar"][dir="rtl"]');
    const fr = page.locator('section[lang="fr"][dir="ltr"]');
    assert.match(await ar.innerText(), /غير موجود/);
    assert.match(await fr.innerText(), /n’existe pas sur Jamaa/);
    assert.doesNotMatch(await page.locator('body').innerText(), /Casablanca|الدار البيضاء|not found/i);
    await screenshot(page, 'unknown-host', 'ar-fr');
  });
});

test('the language switcher keeps the current page', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('casablanca.localhost', '/fr/about'));
    const switcher = page.locator('nav.switcher');
    for (const [locale, label] of [
      ['ar', 'العربية'],
      ['fr', 'Français'],
      ['zgh', 'ⵜⴰⵎⴰⵣⵉⵖⵜ'],
    ] as const) {
      const link = switcher.locator(`a[hreflang="${locale}"]`);
      assert.equal((await link.innerText()).trim(), label);
      assert.equal(await link.getAttribute('lang'), locale);
      assert.equal(await link.getAttribute('href'), `/${locale}/about`);
    }
    assert.equal(await switcher.locator('a[aria-current="true"]').getAttribute('hreflang'), 'fr');
    await screenshot(page, 'about', 'fr');
    await switcher.locator('a[hreflang="ar"]').click();
    await page.waitForLoadState('load');
    assert.equal(page.url(), server.url('casablanca.localhost', '/ar/about'));
    assert.deepEqual(await htmlAttributes(page), { lang: 'ar', dir: 'rtl' });
    assert.match(await page.locator('main').innerText(), /Haut-Commissariat au Plan, RGPH 2024/);
    await screenshot(page, 'about', 'ar');
    await switcher.locator('a[hreflang="zgh"]').click();
    await page.waitForLoadState('load');
    assert.equal(page.url(), server.url('casablanca.localhost', '/zgh/about'));
    await screenshot(page, 'about', 'zgh');
  });
});

test('an IP address as Host gets a 400, never the platform and never a 500; health checks still answer on it', async () => {
  const { server } = e2e();
  for (const host of ['127.0.0.1', '999.999.999.999', '[::1]', '0x7f.1']) {
    for (const path of ['/', '/fr', '/api/v1/site']) {
      const { status, body } = await get(server.port, host, path);
      assert.equal(status, 400, `${host} ${path}`);
      assert.ok(!body.includes('casablanca.localhost'), `${host} ${path} must not be the platform's page`);
    }
    assert.equal((await get(server.port, host, '/healthz')).status, 200, `${host} /healthz`);
  }
  // Where SvelteKit can read the URL, the visitor gets the translated error page.
  const page = await get(server.port, '127.0.0.1', '/fr');
  assert.match(page.body, /<html lang="fr"/);
});

test('pages announce their other languages, canonical URL and description', async () => {
  const { server } = e2e();
  const { status, body } = await get(server.port, 'anfa.casablanca.localhost', '/fr');
  assert.equal(status, 200);
  const origin = server.url('anfa.casablanca.localhost');
  for (const locale of ['ar', 'fr', 'zgh']) {
    assert.ok(body.includes(`<link rel="alternate" hreflang="${locale}" href="${origin}/${locale}"`), `hreflang ${locale}`);
  }
  assert.ok(body.includes(`<link rel="alternate" hreflang="x-default" href="${origin}/"`), 'x-default');
  assert.ok(body.includes(`<link rel="canonical" href="${origin}/fr"`), 'canonical');
  assert.match(body, /<meta name="description" content="[^"]+"/);
  assert.match(body, /<title>[^<]+<\/title>/);
});

test('/ redirects by Accept-Language among the tenant’s languages, and says it varies', async () => {
  const { server } = e2e();
  const fr = await get(server.port, 'casablanca.localhost', '/', { 'accept-language': 'fr-MA,fr;q=0.9,ar;q=0.5' });
  assert.equal(fr.status, 302);
  assert.equal(fr.headers.location, '/fr');
  assert.match(String(fr.headers.vary), /accept-language/i);
  const none = await get(server.port, 'casablanca.localhost', '/', { 'accept-language': 'en-US,en;q=0.9' });
  assert.equal(none.status, 302);
  assert.match(String(none.headers.location), /^\/(ar|fr|zgh)$/);
});

test('pages send a same-origin-only Content-Security-Policy', async () => {
  const { server } = e2e();
  const { headers } = await get(server.port, 'casablanca.localhost', '/ar');
  const csp = String(headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /https?:\/\//, 'no third-party origin is allowed');
});
