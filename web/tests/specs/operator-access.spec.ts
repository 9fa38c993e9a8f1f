// The operator's access to residents' personal data (issue 12), JavaScript off: a resident files a complaint
// with an e-mail address; the national operator sees it in the commune's list without it; the commune's
// administrator grants access for 3 days with a reason; the operator then sees the address and text, told
// until when; the administrator revokes it, and the operator's view hides them again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, freshTotp, onPhone, screenshot } from '../support.ts';

const HOST = 'casablanca.localhost';
const PASSWORD = 'jamaa-demo-2026';

async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.locator(selector).click()]);
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Signs in from `url` (which sends to the sign-in page), with the TOTP code when the account has one. */
async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/sign-in')), page.locator('main form button[type="submit"]').click()]);
  if (page.url().includes('/sign-in/second-factor')) {
    await page.locator('#totp-code').fill(await freshTotp());
    await Promise.all([page.waitForURL((u) => !u.pathname.includes('/sign-in')), page.locator('form[action^="?/totp"] button').click()]);
  }
}

test("the operator sees a commune's complaints without personal data until its administrator grants access, and again after the revocation", async () => {
  const { server } = e2e();
  const email = `resident.${Date.now()}@example.ma`;
  await onPhone(false, async ({ page: resident }) => {
    await resident.goto(server.url(HOST, '/fr/complaints/new'));
    await resident.locator('input[name="category"]').first().check();
    await resident.locator('#complaint-description').fill('Fuite d’eau devant la maison de Fatima, rue 9.');
    await resident.locator('#complaint-address').fill('Rue 9, devant le n° 4');
    await resident.locator('#complaint-email').fill(email);
    await submit(resident, 'main form[enctype] button[type="submit"]');
    assert.match(resident.url(), /\/complaints\/private\//, 'filed');
  });

  await onPhone(false, async ({ page: operator }) => {
    await onPhone(false, async ({ page: admin }) => {
      // The operator finds the commune in its list and opens its complaints: no personal data.
      await signIn(operator, server.url('localhost', '/fr/admin/tenants?q=casablanca'), 'operator@demo.jamaa.ma');
      const row = operator.locator('tr[data-slug="casablanca"]');
      await Promise.all([operator.waitForURL(/\/admin\/tenants\/[0-9a-f-]+\/complaints$/), row.locator('a[href$="/complaints"]').click()]);
      const listUrl = operator.url();
      assert.equal(await operator.locator('[data-access="withheld"]').count(), 1);
      assert.doesNotMatch(await text(operator, 'main'), new RegExp(email.replace(/\./g, '\\.')));
      assert.doesNotMatch(await text(operator, 'main'), /Fuite d’eau/);
      await screenshot(operator, 'operator-complaints-withheld', 'fr');

      // The administrator grants access for 3 days, with a reason; a too short reason is refused first.
      await signIn(admin, server.url(HOST, '/fr/admin/access'), 'admin@casablanca.demo.jamaa.ma');
      assert.match(admin.url(), /\/fr\/admin\/access$/);
      assert.ok((await admin.locator('nav.sections a[href="/fr/admin/access"]').count()) === 1, 'listed among the sections');
      await admin.locator('#access-reason').fill('court');
      await admin.locator('#field-days').fill('3');
      await submit(admin, 'form[action="?/grant"] button[type="submit"]');
      assert.equal(await admin.locator('#access-reason-error').count(), 1, 'the reason is said too short');
      await admin.locator('#access-reason').fill('Assistance 2026-118 : une habitante ne retrouve pas son signalement');
      await submit(admin, 'form[action="?/grant"] button[type="submit"]');
      assert.match(await text(admin, '[role="status"]'), /Accès accordé/);
      assert.match(await text(admin, '#access-current'), /Accès en cours jusqu’au/);
      await screenshot(admin, 'operator-access-granted', 'fr');

      // The operator now sees the resident's contact and text, and until when.
      await operator.goto(listUrl);
      assert.match(await text(operator, '[data-access="granted"]'), /Accès accordé par la collectivité jusqu’au/);
      assert.match(await text(operator, 'main table'), new RegExp(email.replace(/\./g, '\\.')));
      assert.match(await text(operator, 'main table'), /Fuite d’eau/);
      await screenshot(operator, 'operator-complaints-granted', 'fr');

      // The administrators' dashboard says so, first, while the grant lasts.
      await admin.goto(server.url(HOST, '/fr/admin'));
      assert.match(await text(admin, 'main section[aria-labelledby="attention"]'), /L’opérateur national peut consulter les données personnelles des habitants jusqu’au .*Assistance 2026-118/);
      await screenshot(admin, 'operator-access-dashboard', 'fr');
      await admin.goto(server.url(HOST, '/fr/admin/access'));

      // Revoked: hidden again; the history says so.
      await submit(admin, 'form[action="?/revoke"] button[type="submit"]');
      assert.match(await text(admin, '[role="status"]'), /Accès révoqué/);
      assert.equal(await admin.locator('tr[data-state="revoked"]').count(), 1);
      await screenshot(admin, 'operator-access-revoked', 'fr');
      await operator.goto(listUrl);
      assert.equal(await operator.locator('[data-access="withheld"]').count(), 1);
      assert.doesNotMatch(await text(operator, 'main'), new RegExp(email.replace(/\./g, '\\.')));

      await admin.goto(server.url(HOST, '/fr/admin'));
      assert.doesNotMatch(await text(admin, 'main'), /L’opérateur national peut consulter/, 'gone from the dashboard once revoked');

      // The same page in Arabic: the history in words, right to left.
      await admin.goto(server.url(HOST, '/ar/admin/access'));
      assert.match(await text(admin, 'main h1'), /ولوج المشغل الوطني/);
      assert.equal(await admin.locator('html[dir="rtl"]').count(), 1);
      await screenshot(admin, 'operator-access-history', 'ar');
    });
  });
});
