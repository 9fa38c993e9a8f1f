// "Where do I go": on Casablanca's site, a civil-status service lists the 16 arrondissements' offices; on a
// phone that shares its position, the nearest one is two taps from the home page, in ar, fr and zgh.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { e2e, onPhone, openPhone, screenshot, SCREENSHOT_DIR } from '../support.ts';

const HOST = 'casablanca.localhost';
const SERVICE = 'birth-certificate-extract';
/** A resident standing in Sidi Moumen, far from the first offices of the list (Anfa, Maârif…). */
const SIDI_MOUMEN = { latitude: 33.581, longitude: -7.514 };
const ARRONDISSEMENTS = 16;

test('from the Casablanca home page to the nearest civil-status office in two taps, by the phone’s position, in ar, fr and zgh', { timeout: 180_000 }, async () => {
  const { server, browser } = e2e();
  for (const lang of ['ar', 'fr', 'zgh'] as const) {
    const phone = await openPhone(browser, { javaScriptEnabled: true });
    try {
      const { page, context } = phone;
      await context.grantPermissions(['geolocation'], { origin: server.url(HOST) });
      await context.setGeolocation(SIDI_MOUMEN);
      await page.goto(server.url(HOST, `/${lang}`));
      // The search box is on the first screen of a phone.
      const search = page.locator('main input[type="search"]').first();
      const box = await search.boundingBox();
      assert.ok(box && box.y + box.height <= 844, `${lang}: the search box is on the first screen (${JSON.stringify(box)})`);
      assert.equal(await page.locator('script').count(), 0, `${lang}: the home page ships no script`);
      await screenshot(page, 'home-casablanca', lang);

      // Tap 1: the birth certificate copy, among the services residents need most.
      const popular = page.locator(`main ul.popular a[href="/${lang}/services/${SERVICE}"]`);
      assert.equal(await popular.count(), 1, `${lang}: a direct link from the home page`);
      await Promise.all([page.waitForEvent('load'), popular.click()]);
      const list = page.locator('main [data-nearest-list] > li');
      assert.equal(await list.count(), ARRONDISSEMENTS + 1, `${lang}: the 16 arrondissements and Hay Hassani's Oulfa annex`);

      // The one script of the page: the typed "nearest" enhancement, bundled on its own and small.
      const scripts = page.locator('script:not([type="application/ld+json"])');
      assert.equal(await scripts.count(), 1, `${lang}: one script`);
      const src = String(await scripts.getAttribute('src'));
      assert.match(src, /^\/_app\/immutable\/enhance\/nearest-offices\.[\w-]+\.js$/);
      const bytes = await page.evaluate(async (url) => {
        const response = await fetch(url);
        return response.ok ? (await response.arrayBuffer()).byteLength : -response.status;
      }, src);
      assert.ok(bytes > 0 && bytes < 4_000, `${lang}: the script is served and stays under 4 kB (${bytes})`);

      // Tap 2: find the nearest.
      const nearest = page.locator('main [data-nearest-button]');
      assert.equal(await nearest.isVisible(), true, `${lang}: the button shows once the script runs`);
      await nearest.click();
      await page.locator('main [data-nearest-list] > li[data-nearest-first]').waitFor();
      const first = list.first();
      assert.match(String(await first.locator('a.map-link').getAttribute('href')), /^geo:33\.58\d*,-7\.515\d*\?q=/, `${lang}: Sidi Moumen comes first`);
      assert.equal(await first.getAttribute('data-lat'), '33.58');
      assert.equal(await first.locator('[data-distance]').isVisible(), true, `${lang}: its distance is shown`);
      assert.equal(await first.locator('a.map-link').isVisible(), true, `${lang}: its directions link is on screen`);
      assert.notEqual((await page.locator('main [data-nearest-status]').innerText()).trim(), '', `${lang}: the status says the list is sorted`);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `nearest-civil-status-${lang}.png`) });
      await first.locator('details.hours-fold summary').click();
      assert.equal(await first.locator('dl.hours').count(), 2, `${lang}: usual and Ramadan hours`);
      await first.locator('details.hours-fold').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `nearest-civil-status-hours-${lang}.png`) });
    } finally {
      await phone.close();
    }
  }
});

test('without JavaScript the city lists every arrondissement’s civil-status office, with hours, Ramadan hours and directions', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    for (const lang of ['ar', 'fr'] as const) {
      await page.goto(server.url(HOST, `/${lang}/services/${SERVICE}`));
      const list = page.locator('main [data-nearest-list] > li');
      assert.equal(await list.count(), ARRONDISSEMENTS + 1);
      assert.equal(await page.locator('main [data-nearest-button]').isVisible(), false, 'no button that would do nothing');
      const anfa = list.first();
      assert.match(await anfa.innerText(), lang === 'ar' ? /أنفا/ : /Anfa/);
      await anfa.locator('details.hours-fold summary').click();
      assert.equal(await anfa.locator('dl.hours').count(), 2, 'usual and Ramadan hours');
      assert.match(String(await anfa.locator('a.route-web').getAttribute('href')), /^https:\/\/www\.openstreetmap\.org\/directions\?/);
      await screenshot(page, 'arrondissement-offices-nojs', lang);
    }
  });
});
