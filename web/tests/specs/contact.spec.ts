// Whom to call, on a phone: the contact page in ar, fr and zgh (tap-to-call numbers, free-call marks,
// operators), the main numbers in every footer, and the console's contact screen, where an administrator
// changes a line and sees it at once on the public page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, freshTotp, onPhone, screenshot } from '../support.ts';

const HOST = 'casablanca.localhost';
const TITLES = { ar: 'اتصل بنا', fr: 'Contact', zgh: 'ⴰⵎⵢⴰⵡⴰⴹ' } as const;

test('the contact page lists tap-to-call hotlines, free calls and operators in ar, fr and zgh; the footer carries the main numbers', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    for (const lang of ['ar', 'fr', 'zgh'] as const) {
      await page.goto(server.url(HOST, `/${lang}`));
      // The public nav leads to the contact page; every footer has the main numbers.
      assert.equal(await page.locator(`nav.site-nav a[href="/${lang}/contact"]`).count(), 1);
      const footerNumbers = await page.locator('footer a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(footerNumbers.includes('tel:15') && footerNumbers.includes('tel:19'), `${lang}: footer numbers ${footerNumbers.join(', ')}`);

      await page.goto(server.url(HOST, `/${lang}/contact`));
      assert.equal((await page.locator('h1').textContent())?.trim(), TITLES[lang]);
      const fifteen = page.locator('main li.line[data-topic="civil_protection"]');
      assert.equal(await fifteen.locator('a[href="tel:15"]').count(), 1, `${lang}: 15 is tap-to-call`);
      assert.ok((await fifteen.locator('.free').count()) === 1, `${lang}: 15 is marked as a free call`);
      assert.ok((await page.locator('main li.operator').count()) >= 1, `${lang}: the operators are listed`);
      const srm = await page.locator('main li.operator').first().textContent();
      // No Tifinagh name yet: zgh shows the Arabic one (fallback order ar, fr).
      assert.match(srm ?? '', lang === 'fr' ? /Casablanca-Settat|SRM/ : /الشركة الجهوية/);
      await screenshot(page, 'contact-page', lang);
    }
  });
});

/** Signs in as Casablanca's administrator (password, then a TOTP code; a code already used waits for the next). */
async function signInAdmin(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="email"]').fill('admin@casablanca.demo.jamaa.ma');
  await page.locator('input[name="password"]').fill('jamaa-demo-2026');
  await Promise.all([page.waitForEvent('load'), page.locator('main form button[type="submit"]').click()]);
  for (let attempt = 0; attempt < 3 && page.url().includes('second-factor'); attempt++) {
    if (attempt > 0) await page.waitForTimeout(31_000 - (Date.now() % 30_000));
    await page.locator('#totp-code').fill(await freshTotp());
    await Promise.all([page.waitForEvent('load'), page.locator('form[action^="?/totp"] button').click()]);
  }
  assert.ok(!page.url().includes('sign-in'), `signed in (${page.url()})`);
}

test('an administrator edits a hotline in the console and residents see it on the contact page', { timeout: 180_000 }, async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await signInAdmin(page, server.url(HOST, '/fr/admin/contact'));
    await page.goto(server.url(HOST, '/fr/admin/contact'));
    assert.equal(await page.locator('nav.sections a[href="/fr/admin/contact"]').count(), 1, 'the console nav has the section');
    const police = page.locator('li.panel:has(form[data-line="19"])');
    await police.locator('summary').click();

    // Nonsense is refused, in the user's language, and what was typed is kept.
    await police.locator('input[name="number"]').fill('12345');
    await Promise.all([page.waitForEvent('load'), police.locator('button[type="submit"]').first().click()]);
    const refused = page.locator('li.panel:has(details[open])');
    assert.match((await refused.locator('.field.invalid .error').first().textContent()) ?? '', /numéro court/);
    assert.equal(await refused.locator('input[name="number"]').inputValue(), '12345');
    await screenshot(page, 'contact-console-refused', 'fr');

    await refused.locator('input[name="number"]').fill('19');
    await refused.locator('input[name="labels_fr"]').fill('Police — appel depuis un portable aussi');
    await Promise.all([page.waitForEvent('load'), refused.locator('button[type="submit"]').first().click()]);
    assert.equal(await page.locator('.alert-success').count(), 1, 'saved');
    await screenshot(page, 'contact-console-saved', 'fr');

    await page.goto(server.url(HOST, '/fr/contact'));
    assert.match((await page.locator('main li.line[data-topic="police"]').textContent()) ?? '', /appel depuis un portable aussi/);
  });
});
