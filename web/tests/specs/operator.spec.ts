// The national operator on a phone (JavaScript off: every step is a plain page), in French and in Arabic: signs in on the platform host, finds a commune in
// the national registry by its usual spelling, onboards it with the prefilled form, and opens its new site,
// live at once on its own host (`<slug>.localhost`). Then governs the national catalogue: edits a service in
// a draft, reviews what changed per language, and publishes it; the new text shows on a commune's site.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, freshTotp, onPhone, screenshot } from '../support.ts';

const OPERATOR = 'operator@demo.jamaa.ma';
const PASSWORD = 'jamaa-demo-2026';

/**
 * Signs in from `url` (which sends to the sign-in page) with the password and then the TOTP code the
 * operator's console requires, and waits to be taken back there.
 */
async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="email"]').fill(OPERATOR);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/sign-in')), page.locator('main form button[type="submit"]').click()]);
  assert.match(page.url(), /\/admin\/sign-in\/second-factor/, 'the password alone does not open the console');
  await page.locator('#totp-code').fill(await freshTotp());
  await Promise.all([page.waitForURL((u) => !u.pathname.includes('/sign-in')), page.locator('form[action^="?/totp"] button').click()]);
}

/** Submits the form that holds `button` (no JavaScript needed) and waits for the page it leads to. */
async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.locator(button).click()]);
}

const CASES = [
  // The registry writes «Mohammadia»; the usual spelling is «Mohammedia».
  { lang: 'fr', query: 'Mohammedia', slug: 'mohammadia', name: 'Mohammadia', admin: 'admin@mohammedia.example.ma' },
  // The registry writes «الناضور»; residents and the press mostly write «الناظور».
  { lang: 'ar', query: 'الناظور', slug: 'nador', name: 'الناضور', admin: '' },
] as const;

for (const c of CASES) {
  test(`the operator onboards ${c.name} from the registry (${c.lang}) and opens its new site`, async () => {
    const { server } = e2e();
    await onPhone(false, async ({ page }) => {
      await signIn(page, server.url('localhost', `/${c.lang}/admin/onboarding`));
      assert.match(page.url(), new RegExp(`/${c.lang}/admin/onboarding$`));
      await screenshot(page, 'operator-onboarding', c.lang);

      // Search by the usual spelling: the commune is found, not yet on the platform.
      await page.locator('#field-q').fill(c.query);
      await submit(page, 'form.search button[type="submit"]');
      const hit = page.locator('ul.hits li').filter({ hasText: c.name }).first();
      assert.equal(await hit.locator('.badge').count(), 0, 'not onboarded yet');
      await screenshot(page, 'operator-registry-search', c.lang);

      // The form comes prefilled from the registry: a readable slug.
      await Promise.all([page.waitForURL(/[?&]code=/), hit.locator('a.button').click()]);
      assert.equal(await page.locator('#field-slug').inputValue(), c.slug);
      if (c.admin) await page.locator('#field-administratorEmail').fill(c.admin);
      await screenshot(page, 'operator-onboarding-form', c.lang);

      await submit(page, '#onboard-submit');
      const done = page.locator('.alert-success[role="status"]');
      assert.match((await done.textContent()) ?? '', new RegExp(c.slug));
      if (c.admin) assert.match((await done.textContent()) ?? '', new RegExp(c.admin.replace(/\./g, '\\.')), 'the invitation is said sent');
      await screenshot(page, 'operator-onboarded', c.lang);

      // The new site, on its own host, at once.
      const link = (await page.locator('#open-new-site').getAttribute('href')) ?? '';
      assert.match(link, new RegExp(`^http://${c.slug}\\.localhost:${server.port}/(ar|fr|zgh)$`));
      await page.locator('#open-new-site').click();
      await page.waitForURL((u) => u.hostname === `${c.slug}.localhost`);
      await page.goto(server.url(`${c.slug}.localhost`, `/${c.lang}`));
      assert.match((await page.locator('header').first().textContent()) ?? '', new RegExp(c.name));
      await screenshot(page, 'operator-new-site', c.lang);

      // Back on the platform: the new commune is in the operator's list, with no request yet.
      await page.goto(server.url('localhost', `/${c.lang}/admin/tenants?q=${c.slug}`));
      assert.match((await page.locator('main').textContent()) ?? '', new RegExp(c.slug));
    });
  });
}

test('the operator edits a national service in a draft, reviews it per language and publishes it; residents see the new text', async () => {
  const { server } = e2e();
  const summary = `Faire certifier sa signature au guichet, sans rendez-vous (${Date.now()}).`;
  await onPhone(false, async ({ page }) => {
    await signIn(page, server.url('localhost', '/fr/admin/governance'));
    assert.match(page.url(), /\/fr\/admin\/governance$/);
    await screenshot(page, 'operator-catalogue', 'fr');

    await Promise.all([page.waitForURL(/\/governance\/signature-legalisation$/), page.locator('tr[data-code="signature-legalisation"] a').click()]);
    await page.locator('#field-summary_fr').fill(summary);
    await submit(page, 'form[action="?/save"] button[type="submit"]');
    assert.match((await page.locator('[role="status"]').first().textContent()) ?? '', /brouillon/);
    await screenshot(page, 'operator-catalogue-edit', 'fr');

    await page.goto(server.url('localhost', '/fr/admin/governance/review'));
    const service = page.locator('section[data-code="signature-legalisation"]');
    assert.match((await service.textContent()) ?? '', /summary\.fr/);
    assert.match((await service.textContent()) ?? '', new RegExp(summary.replace(/[().]/g, '\\$&')));
    assert.ok(await page.locator('#conflicts').isVisible());
    await screenshot(page, 'operator-catalogue-review', 'fr');

    await submit(page, 'form[action="?/publish"] button[type="submit"]');
    assert.match((await page.locator('[role="status"]').first().textContent()) ?? '', /publiée/);
    await screenshot(page, 'operator-catalogue-published', 'fr');

    // Residents of any commune read the new text.
    await page.goto(server.url('tetouan.localhost', '/fr/services/signature-legalisation'));
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(summary.replace(/[().]/g, '\\$&')));
  });
});
