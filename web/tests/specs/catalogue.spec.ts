// The service catalogue on a phone, JavaScript off: browse, search in the three languages, read a service,
// print it; its structured data and the sitemap that lists it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, get, onPhone, screenshot } from '../support.ts';

const SERVICE = 'signature-legalisation';
const TIFINAGH_NAME = 'ⴰⵙⵙⵉⴷⵜ ⵏ ⵓⵣⵎⵓⵍ';

async function visit(page: Page, url: string, status = 200): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.equal(response?.status(), status, `GET ${url}`);
}

/** Types in the page's one search box and submits it as a resident would: Enter, no script. */
async function search(page: Page, query: string): Promise<void> {
  await page.locator('main form[role="search"] input[name="q"]').fill(query);
  await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('main form[role="search"] input[name="q"]').press('Enter')]);
}

const resultLinks = (page: Page) => page.locator('main ol.results a');

async function resultHrefs(page: Page): Promise<string[]> {
  return resultLinks(page).evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
}

/** Pages of a PDF, from its page tree (Chromium writes `/Type /Pages … /Count n`). */
function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const count = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text)?.[1];
  return count ? Number(count) : (text.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
}

test('Arabic search without hamza finds the signature legalisation service', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('ben-guerir.localhost', '/ar/search'));
    await search(page, 'تصحيح الامضاء');
    const hrefs = await resultHrefs(page);
    assert.equal(hrefs[0], `/ar/services/${SERVICE}`, `first result among ${hrefs.join(', ')}`);
    assert.match(await resultLinks(page).first().innerText(), /تصحيح الإمضاء/);
    assert.equal(await page.locator('main input[name="q"]').inputValue(), 'تصحيح الامضاء', 'the query stays in the box');
  });
});

test('French search without accents finds « Légalisation de signature »', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('ben-guerir.localhost', '/fr/search'));
    await search(page, 'legalisation');
    assert.equal((await resultHrefs(page))[0], `/fr/services/${SERVICE}`);
    assert.match(await resultLinks(page).first().innerText(), /Légalisation de signature/);
  });
});

test('a search by a service’s Tifinagh name finds it, on a zgh page', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('ben-guerir.localhost', '/zgh/search'));
    await screenshot(page, 'search-empty', 'zgh');
    await search(page, TIFINAGH_NAME);
    assert.equal((await resultHrefs(page))[0], `/zgh/services/${SERVICE}`);
    assert.match(await resultLinks(page).first().innerText(), new RegExp(TIFINAGH_NAME));
    await screenshot(page, 'search', 'zgh');
  });
});

test('the empty search page explains and offers three example searches that all find something', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    for (const lang of ['ar', 'fr', 'zgh']) {
      await visit(page, server.url('casablanca.localhost', `/${lang}/search`));
      assert.equal(await page.locator('meta[name="robots"]').count(), 0, 'the search page itself may be indexed');
      const examples = page.locator('main ul.examples a');
      assert.equal(await examples.count(), 3, lang);
      const hrefs = await examples.evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
      for (const href of hrefs) {
        assert.match(href, new RegExp(`^/${lang}/search\\?q=`));
        await visit(page, server.url('casablanca.localhost', href));
        assert.ok((await resultLinks(page).count()) > 0, `example ${decodeURIComponent(href)} finds a service`);
      }
    }
  });
});

test('a search that finds nothing says so, suggests the most needed services and leads to all services and the contact page', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('tetouan.localhost', '/fr/search?q=zzqxw'));
    const box = page.locator('main .no-result');
    assert.match(await box.innerText(), /zzqxw/);
    assert.equal(await box.locator('a[href="/fr/services"]').count(), 1);
    assert.equal(await box.locator('a[href="/fr/contact"]').count(), 1);
    const suggested = box.locator('ul.suggestions a[href^="/fr/services/"]');
    assert.ok((await suggested.count()) > 0, 'some services to try instead');
    await screenshot(page, 'search-no-result', 'fr');
    assert.equal(await page.locator('meta[name="robots"][content="noindex"]').count(), 1, 'result pages are not indexed');
  });
});

test('services are listed by category and filtered by audience with plain links', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('ben-guerir.localhost', '/fr/services'));
    const sections = page.locator('main section.category');
    assert.ok((await sections.count()) >= 5, 'several categories');
    const all = await page.locator('main section.category a.service').count();
    assert.ok(all >= 40, `${all} services`);
    assert.ok((await page.locator('main .badge.online', { hasText: 'rokhas.ma' }).count()) > 0, 'rokhas.ma badges');
    assert.equal(await page.locator('main form[role="search"][action="/fr/search"][method="GET"]').count(), 1);

    await page.locator('nav.filter a', { hasText: 'Entreprises' }).click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/fr\/services\?audience=businesses$/);
    const businesses = await page.locator('main section.category a.service').count();
    assert.ok(businesses > 0 && businesses < all, `${businesses} of ${all} for businesses`);

    await page.locator('nav.filter a', { hasText: 'Urbanisme' }).click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/fr\/services\?category=urbanism&audience=businesses$/);
    assert.equal(await sections.count(), 1);
    await visit(page, server.url('ben-guerir.localhost', '/fr/services?category=no-such-category'), 404);
    await visit(page, server.url('ben-guerir.localhost', '/fr/services?audience=tourists'), 404);
  });
});

test('a service page in Arabic and French: checklist, office with hours and map link, on a phone', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    for (const lang of ['ar', 'fr'] as const) {
      await visit(page, server.url('anfa.casablanca.localhost', `/${lang}/services/${SERVICE}`));
      const checklist = page.locator('main ul.checklist');
      const boxes = checklist.locator('label input[type="checkbox"]');
      assert.ok((await boxes.count()) >= 2, 'documents as checkboxes inside labels');
      // Ticking works with JavaScript off: a click on the label toggles its box.
      await checklist.locator('label').first().click();
      assert.equal(await boxes.first().isChecked(), true);
      assert.equal(await page.locator('main ol.steps li').count() >= 2, true, 'steps in order');

      const office = page.locator('main .where .office');
      assert.match(await office.locator('.office-name').innerText(), lang === 'ar' ? /مكتب تصحيح الإمضاءات/ : /Bureau de légalisation/);
      // The usual week, then the Ramadan one.
      assert.equal(await office.locator('dl.hours').count(), 2, 'usual and Ramadan hours');
      assert.equal(await office.locator('dl.hours').first().locator('> div').count(), 7, 'hours for each weekday');
      const days = await office.locator('dl.hours').first().locator('dt').allInnerTexts();
      assert.equal(days[0], lang === 'ar' ? 'الاثنين' : 'lundi');
      assert.match(String(await office.locator('a.map-link').getAttribute('href')), /^geo:33\.\d+,-7\.\d+\?q=/, "the phone's map app");
      const web = office.locator('a.route-web');
      assert.match(String(await web.getAttribute('href')), /^https:\/\/www\.openstreetmap\.org\/directions\?/);
      assert.match(String(await web.getAttribute('rel')), /external/);
      assert.match(await page.locator('main .service-foot time').innerText(), /2026/);
      assert.equal(await page.locator('script:not([type="application/ld+json"])').count(), 0, 'no script that runs');
      await screenshot(page, `service-${SERVICE}`, lang);
    }
  });
});

test('a service handled on a national platform links to it', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('ben-guerir.localhost', '/fr/services/building-permit'));
    const link = page.locator('main a.platform-link');
    assert.match(String(await link.getAttribute('href')), /^https:\/\/(www\.)?rokhas\.ma/);
    assert.match(String(await link.getAttribute('rel')), /noopener/);
    assert.match(String(await link.getAttribute('rel')), /external/);
    await screenshot(page, 'service-building-permit', 'fr');
  });
});

test('the service page carries GovernmentService JSON-LD, and the CSP lets it be without a violation', async () => {
  const { server } = e2e();
  await onPhone(true, async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await visit(page, server.url('anfa.casablanca.localhost', `/fr/services/${SERVICE}`));
    const blocks = page.locator('script[type="application/ld+json"]');
    assert.equal(await blocks.count(), 1);
    const data = JSON.parse((await blocks.textContent()) ?? 'null') as Record<string, unknown>;
    assert.equal(data['@type'], 'GovernmentService');
    assert.equal(data['name'], 'Légalisation de signature');
    assert.equal(data['inLanguage'], 'fr');
    const provider = data['provider'] as Record<string, unknown>;
    assert.equal(provider['@type'], 'GovernmentOrganization');
    assert.equal(provider['name'], 'Casablanca', 'an arrondissement’s services are its commune’s');
    assert.ok(provider['address'], 'the provider has an address');
    assert.deepEqual(data['areaServed'], { '@type': 'AdministrativeArea', name: 'Anfa' });
    const channels = data['availableChannel'] as Record<string, unknown>[];
    assert.equal((channels[0]?.['serviceLocation'] as Record<string, unknown>)['@type'], 'Place');
    await page.waitForTimeout(200);
    assert.deepEqual(problems, [], 'no console error, CSP violation included');

    // The detector works: an image from a data: URL is outside img-src 'self' and is reported.
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.body.append(img);
    });
    await page.waitForTimeout(200);
    assert.ok(problems.some((problem) => /Content Security Policy|CSP violation/i.test(problem)), `a violation is seen: ${problems.join(' | ')}`);
  });
});

test('the service page prints on one A4 page, without navigation, with link addresses and empty boxes', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    for (const [host, lang, code] of [
      ['anfa.casablanca.localhost', 'ar', SERVICE],
      ['anfa.casablanca.localhost', 'fr', SERVICE],
      ['ben-guerir.localhost', 'zgh', SERVICE],
      ['ben-guerir.localhost', 'ar', 'building-permit'],
      ['ben-guerir.localhost', 'fr', 'birth-declaration'],
    ] as const) {
      await visit(page, server.url(host, `/${lang}/services/${code}`));
      await page.emulateMedia({ media: 'print' });
      for (const hidden of ['nav.switcher', 'nav.site-nav', 'nav.breadcrumb', 'footer.colophon']) {
        assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not printed`);
      }
      const after = await page
        .locator('main a.route-web')
        .first()
        .evaluate((a) => getComputedStyle(a, '::after').content)
        .catch(() => 'none');
      assert.match(after, /openstreetmap|attr\(href\)/, 'the map link’s address is printed');
      const box = await page.locator('main ul.checklist input[type="checkbox"]').first().evaluate((input) => {
        const style = getComputedStyle(input);
        return { appearance: style.appearance, border: style.borderTopStyle };
      });
      assert.deepEqual(box, { appearance: 'none', border: 'solid' }, 'checkboxes print as empty boxes');
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      assert.equal(pdfPageCount(pdf), 1, `${host}/${lang}/services/${code} prints on one page`);
      await page.emulateMedia({ media: 'screen' });
    }
  });
});

test('offices: each with address, hours and a map link; the commune’s marked on an arrondissement', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('anfa.casablanca.localhost', '/fr/offices'));
    const offices = page.locator('main ul.offices > li');
    assert.ok((await offices.count()) >= 3);
    for (const office of await offices.all()) {
      // The usual week (Ramadan hours follow in a second list where the office has them).
      assert.equal(await office.locator('dl.hours').first().locator('> div').count(), 7);
      assert.equal(await office.locator('a.map-link').count(), 1, 'a directions link for the phone’s map app');
      assert.equal(await office.locator('a.route-web').count(), 1, 'and one on the web');
    }
    assert.ok((await page.locator('main ul.offices > li.inherited', { hasText: 'Bureau de la commune de Casablanca' }).count()) > 0);
    await screenshot(page, 'offices', 'fr');
  });
});

test('the home page leads to services, search and offices', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await visit(page, server.url('tetouan.localhost', '/ar'));
    const section = page.locator('main section.services');
    assert.equal(await section.locator('form[role="search"][action="/ar/search"]').count(), 1);
    assert.equal(await section.locator('a[href="/ar/services"]').count(), 1);
    assert.equal(await section.locator('a[href="/ar/offices"]').count(), 1);
    await section.locator('input[name="q"]').fill('رخصة البناء');
    await Promise.all([page.waitForURL(/\/ar\/search\?q=/), section.locator('input[name="q"]').press('Enter')]);
    assert.ok(((await resultHrefs(page)) ?? []).includes('/ar/services/building-permit'));
  });
});

test('catalogue pages are not found where they cannot be', async () => {
  const { server } = e2e();
  const cases: [string, string, number][] = [
    ['ben-guerir.localhost', '/fr/services/no-such-service', 404],
    ['ben-guerir.localhost', '/fr/services/NOT_A_CODE', 404],
    ['localhost', '/fr/services', 404],
    ['localhost', '/fr/search?q=x', 404],
    ['localhost', '/fr/offices', 404],
    ['nowhere.localhost', '/fr/services', 404],
  ];
  for (const [host, path, status] of cases) {
    assert.equal((await get(server.port, host, path)).status, status, `${host}${path}`);
  }
});

test('the sitemap lists every page in every language with hreflang alternates, and robots.txt points to it', async () => {
  const { server } = e2e();
  const origin = server.url('anfa.casablanca.localhost');
  const sitemap = await get(server.port, 'anfa.casablanca.localhost', '/sitemap.xml');
  assert.equal(sitemap.status, 200);
  assert.match(String(sitemap.headers['content-type']), /^application\/xml/);
  const urls = [...sitemap.body.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1] ?? '');
  const entry = (loc: string) => urls.find((url) => url.includes(`<loc>${loc}</loc>`));
  for (const locale of ['ar', 'fr', 'zgh']) {
    for (const path of ['', '/about', '/services', '/search', '/offices', `/services/${SERVICE}`, '/services/building-permit']) {
      assert.ok(entry(`${origin}/${locale}${path}`), `${locale}${path} listed`);
    }
    const service = entry(`${origin}/${locale}/services/${SERVICE}`) ?? '';
    for (const alternate of ['ar', 'fr', 'zgh']) {
      assert.ok(
        service.includes(`<xhtml:link rel="alternate" hreflang="${alternate}" href="${origin}/${alternate}/services/${SERVICE}"/>`),
        `${locale} entry names its ${alternate} version`,
      );
    }
  }
  assert.ok(urls.filter((url) => url.includes('/services/')).length >= 40 * 3, 'every service page, in three languages');
  // The content windows and their items: Anfa's own news, and the city's news shared with its arrondissements.
  for (const locale of ['ar', 'fr', 'zgh']) {
    for (const path of ['/city', '/council', '/council/sessions', '/news', '/notices', '/petitions', '/news/nettoyage-plage-ain-diab', '/news/journees-portes-ouvertes-etat-civil']) {
      assert.ok(entry(`${origin}/${locale}${path}`), `${locale}${path} listed`);
    }
    const news = entry(`${origin}/${locale}/news/nettoyage-plage-ain-diab`) ?? '';
    for (const alternate of ['ar', 'fr', 'zgh']) {
      assert.ok(news.includes(`<xhtml:link rel="alternate" hreflang="${alternate}" href="${origin}/${alternate}/news/nettoyage-plage-ain-diab"/>`), `${locale} news entry names its ${alternate} version`);
    }
  }

  const robots = await get(server.port, 'anfa.casablanca.localhost', '/robots.txt');
  assert.equal(robots.status, 200);
  assert.match(robots.body, new RegExp(`^Sitemap: ${origin}/sitemap.xml$`, 'm'));

  for (const host of ['casablanca.localhost', 'ben-guerir.localhost', 'tetouan.localhost', 'localhost']) {
    assert.equal((await get(server.port, host, '/sitemap.xml')).status, 200, `${host} sitemap`);
    assert.equal((await get(server.port, host, '/robots.txt')).status, 200, `${host} robots.txt`);
  }
  for (const path of ['/sitemap.xml', '/robots.txt']) {
    const unknown = await get(server.port, 'nowhere.localhost', path);
    assert.equal(unknown.status, 404, `unknown host ${path}`);
    assert.doesNotMatch(unknown.body, /casablanca|anfa/i);
  }
});

test('page weight of a service page on a first visit', async () => {
  const { server } = e2e();
  for (const lang of ['ar', 'fr', 'zgh'] as const) {
    await onPhone(false, async ({ page, context }) => {
      const sizes: { url: string; bytes: number }[] = [];
      context.on('requestfinished', (request) => {
        void request.sizes().then((s) => sizes.push({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize }));
      });
      await page.goto(server.url('anfa.casablanca.localhost', `/${lang}/services/${SERVICE}`), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready).catch(() => undefined);
      await page.waitForTimeout(300);
      const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
      const lines = sizes.map((s) => `  ${(s.bytes / 1024).toFixed(1).padStart(6)} kB  ${new URL(s.url).pathname}`);
      console.log(`# service page, ${lang}, first visit: ${(total / 1024).toFixed(1)} kB in ${sizes.length} requests\n${lines.join('\n')}`);
      // A slow 3G connection moves about 50 kB/s: keep the first visit within a few seconds.
      assert.ok(total < 200 * 1024, `${lang}: ${total} bytes`);
    });
  }
});
