// The staff console on a phone: signing in with a second factor (JavaScript off), what each role is shown
// and refused, signing out; then, with JavaScript on, an administrator's day: invite a colleague, who
// accepts with the link the operator passes on from the platform outbox, and change the commune's
// colours, seen at once on the public site.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { request as httpRequest } from 'node:http';
import { e2e, freshTotp, get, onPhone, screenshot } from '../support.ts';

const PASSWORD = 'jamaa-demo-2026';

/** Submits the form that holds `button` and waits for the page it leads to. */
async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.locator(button).click()]);
}

/** Signs in from `url` (which sends to the sign-in page) and waits to be taken onwards. */
async function signIn(page: Page, url: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/sign-in')), page.locator('main form button[type="submit"]').click()]);
  // An account with a second factor (the operator's console requires one) is asked its code.
  if (page.url().includes('/sign-in/second-factor')) {
    await page.locator('#totp-code').fill(await freshTotp());
    await Promise.all([page.waitForURL((u) => !u.pathname.includes('/sign-in')), page.locator('form[action^="?/totp"] button').click()]);
  }
}

/** A form POST straight to the server (as another site's page would send it), with the given Origin. */
function postForm(port: number, host: string, path: string, origin: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { host: `${host}:${port}`, origin, 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const alertText = async (page: Page) => (await page.locator('[role="alert"]').first().textContent())?.trim() ?? '';
const sectionLinks = (page: Page) => page.locator('nav.sections a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

test('an administrator signs in with a password and a TOTP code, JavaScript off, and signs out', async () => {
  const { server } = e2e();
  const host = 'casablanca.localhost';
  await onPhone(false, async ({ page }) => {
    // /admin picks the language; an anonymous visitor is sent to sign in and brought back afterwards.
    await page.goto(server.url(host, '/fr/admin/users'));
    assert.match(page.url(), /\/fr\/admin\/sign-in\?next=%2Ffr%2Fadmin%2Fusers$/);
    const signInPage = await get(server.port, host, '/fr/admin/sign-in');
    assert.equal(signInPage.headers['cache-control'], 'no-store', 'console pages are never cached');
    assert.match(String(signInPage.headers['content-security-policy'] ?? ''), /frame-ancestors 'none'/);
    // A form posted from another site is refused before it reaches the API (login CSRF).
    const body = 'email=admin%40casablanca.demo.jamaa.ma&password=x';
    assert.equal(await postForm(server.port, host, '/fr/admin/sign-in', 'http://evil.example', body), 403);

    await page.locator('input[name="email"]').fill('admin@casablanca.demo.jamaa.ma');
    await page.locator('input[name="password"]').fill('not the password at all');
    await submit(page, 'main form button[type="submit"]');
    assert.equal(await alertText(page), 'Adresse e-mail ou mot de passe incorrect.');
    assert.equal(await page.locator('input[name="email"]').inputValue(), 'admin@casablanca.demo.jamaa.ma', 'what was typed is kept');
    assert.equal(await page.locator('input[name="password"]').inputValue(), '', 'a password is never sent back');
    await screenshot(page, 'console-sign-in-refused', 'fr');

    await page.locator('input[name="password"]').fill(PASSWORD);
    await submit(page, 'main form button[type="submit"]');
    assert.match(page.url(), /\/fr\/admin\/sign-in\/second-factor/);
    // The half-signed-in session opens nothing yet.
    const secondFactor = page.url();
    assert.equal((await page.goto(server.url(host, '/api/v1/admin/users')))?.status(), 401);
    await page.goto(secondFactor);

    await page.locator('#totp-code').fill('000000');
    await submit(page, 'form[action^="?/totp"] button');
    assert.equal(await alertText(page), 'Ce code n’est pas valide ou a expiré.');
    await page.locator('#totp-code').fill(await freshTotp());
    await submit(page, 'form[action^="?/totp"] button');
    assert.match(page.url(), /\/fr\/admin\/users$/, 'back where the visitor was going');

    await page.goto(server.url(host, '/fr/admin'));
    assert.deepEqual(await sectionLinks(page), [
      '/fr/admin',
      '/fr/admin/complaints',
      '/fr/admin/catalogue',
      '/fr/admin/content',
      '/fr/admin/offices',
      '/fr/admin/contact',
      '/fr/admin/branding',
      '/fr/admin/tariff',
      '/fr/admin/users',
      '/fr/admin/access',
      '/fr/admin/audit',
      '/fr/admin/outbox',
      '/fr/admin/account',
    ]);
    await screenshot(page, 'console-dashboard', 'fr');

    // The Casablanca session is worth nothing on Anfa's host.
    await page.goto(server.url('anfa.casablanca.localhost', '/fr/admin'));
    assert.match(page.url(), /anfa\.casablanca\.localhost.*\/fr\/admin\/sign-in/);

    await page.goto(server.url(host, '/fr/admin'));
    await submit(page, 'form[action="/fr/admin/sign-out"] button');
    assert.match(page.url(), /\/fr\/admin\/sign-in\?signed_out=1$/);
    assert.equal((await page.locator('[role="status"]').textContent())?.trim(), 'Vous êtes déconnecté.');
    await page.goto(server.url(host, '/fr/admin'));
    assert.match(page.url(), /\/fr\/admin\/sign-in/, 'signed out for good');
  });
});

test('an editor, in Arabic, is shown only what the role may open and refused the rest', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await signIn(page, server.url('anfa.casablanca.localhost', '/ar/admin'), 'editor@anfa.demo.jamaa.ma');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.deepEqual(await sectionLinks(page), ['/ar/admin', '/ar/admin/catalogue', '/ar/admin/content', '/ar/admin/account']);
    await screenshot(page, 'console-dashboard-editor', 'ar');
    // The catalogue screen's own data once replaced the menu with "nav.[object Object]" links.
    await page.goto(server.url('anfa.casablanca.localhost', '/ar/admin/catalogue'));
    assert.deepEqual(await sectionLinks(page), ['/ar/admin', '/ar/admin/catalogue', '/ar/admin/content', '/ar/admin/account'], 'the menu on the catalogue screen');
    assert.doesNotMatch((await page.locator('nav.sections').textContent()) ?? '', /nav\.|object Object/);

    const refused = await page.goto(server.url('anfa.casablanca.localhost', '/ar/admin/users'));
    assert.equal(refused?.status(), 403);
    assert.match((await page.locator('main').textContent()) ?? '', /دورك لا يسمح بفتح هذه الصفحة/);
  });
});

/** Submits an enhanced form (JavaScript on: no page load) and waits until the page has settled. */
async function submitEnhanced(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator(button).click()]);
  await page.waitForLoadState('networkidle');
}

/** The header colour of a public page, as the browser painted it. */
async function mastheadColour(page: Page, url: string): Promise<string> {
  await page.goto(url);
  return page.locator('header.masthead').evaluate((el) => getComputedStyle(el).backgroundColor);
}

test('an administrator invites a colleague, who accepts with the link held for the operator; new colours show on the public site', async () => {
  const { server } = e2e();
  const host = 'tetouan.localhost';
  const invitee = `editor.${Date.now()}@tetouan.example.ma`;
  let link = '';

  await onPhone(true, async ({ page }) => {
    await signIn(page, server.url(host, '/fr/admin/users'), 'admin@tetouan.demo.jamaa.ma');
    assert.match(page.url(), /\/fr\/admin\/users$/);

    // A mistyped address is refused in French and kept for correction; nothing is sent.
    await page.locator('#invite-email').fill('pas-une-adresse');
    await submitEnhanced(page, 'form[action="?/invite"] button[type="submit"]');
    assert.equal(await page.locator('#invite-email').inputValue(), 'pas-une-adresse');
    assert.match((await page.locator('#invite-email-error').textContent()) ?? '', /format/);

    await page.locator('#invite-email').fill(invitee);
    await page.locator('#invite-role').selectOption('editor');
    await submitEnhanced(page, 'form[action="?/invite"] button[type="submit"]');
    assert.match((await page.locator('[role="status"]').first().textContent()) ?? '', new RegExp(invitee.replace(/\./g, '\\.')));
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(invitee.replace(/\./g, '\\.')), 'listed as pending');
    await screenshot(page, 'console-users', 'fr');

    // No mail server here. The commune's outbox says an invitation was written, never its link: an
    // administrator must not be able to read links that open someone else's account.
    await page.goto(server.url(host, '/fr/admin/outbox'));
    const trace = page.locator('main li').filter({ hasText: invitee }).first();
    assert.match((await trace.textContent()) ?? '', /seul destinataire/);
    assert.equal(await trace.locator('a[href*="/admin/invitation/"]').count(), 0);
    assert.doesNotMatch(await page.content(), /\/admin\/invitation\/[a-z2-7]{32}/);
  });

  // The national operator holds the link, in the platform's outbox, and passes it on to the invitee only.
  await onPhone(true, async ({ page }) => {
    await signIn(page, server.url('localhost', '/fr/admin/outbox'), 'operator@demo.jamaa.ma');
    assert.match(page.url(), /\/fr\/admin\/outbox$/);
    const message = page.locator('main li').filter({ hasText: invitee }).first();
    link = (await message.locator('a[href*="/admin/invitation/"]').first().getAttribute('href')) ?? '';
    assert.match(link, /^http:\/\/tetouan\.localhost:\d+\/(ar|fr|zgh)\/admin\/invitation\/[a-z2-7]{32}$/);
    await screenshot(page, 'console-outbox-operator', 'fr');
  });
  // In demo mode the server log carries it too, for a local run.
  assert.ok(server.output().includes(link), 'the demo log line holds the invitation link');

  // The colleague, on their own phone, follows the link, chooses a password and signs in.
  await onPhone(true, async ({ page }) => {
    await page.goto(link.replace(/\/(ar|fr|zgh)\/admin/, '/fr/admin'));
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(invitee.replace(/\./g, '\\.')));
    await page.locator('input[name="displayName"]').fill('Salma Bennani');
    await page.locator('input[name="password"]').fill('une phrase de passe assez longue');
    await page.locator('input[name="password_confirm"]').fill('une phrase de passe différente');
    await submitEnhanced(page, 'main form button[type="submit"]');
    assert.match((await page.locator('#field-password_confirm-error').textContent()) ?? '', /identiques/);
    assert.equal(await page.locator('input[name="displayName"]').inputValue(), 'Salma Bennani');

    await page.locator('input[name="password"]').fill('une phrase de passe assez longue');
    await page.locator('input[name="password_confirm"]').fill('une phrase de passe assez longue');
    await Promise.all([page.waitForURL(/\/fr\/admin\/sign-in\?account_ready/), page.locator('main form button[type="submit"]').click()]);
    await page.locator('input[name="email"]').fill(invitee);
    await page.locator('input[name="password"]').fill('une phrase de passe assez longue');
    await Promise.all([page.waitForURL(/\/fr\/admin$/), page.locator('main form button[type="submit"]').click()]);
    assert.deepEqual(await sectionLinks(page), ['/fr/admin', '/fr/admin/catalogue', '/fr/admin/content', '/fr/admin/account'], 'an editor');
  });

  await onPhone(true, async ({ page }) => {
    const before = await mastheadColour(page, server.url(host, '/fr'));
    await signIn(page, server.url(host, '/ar/admin/branding'), 'admin@tetouan.demo.jamaa.ma');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');

    // A primary colour white text cannot be read on is refused, with the ratio, and changes nothing.
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await page.locator('#field-primary').fill('#dddddd');
    await submitEnhanced(page, 'form[action="?/colours"] button[type="submit"]');
    assert.match((await page.locator('#field-primary-error').textContent()) ?? '', /1[.,٫]\d+/);
    await screenshot(page, 'console-branding-refused', 'ar');
    assert.equal(await mastheadColour(page, server.url(host, '/fr')), before);

    await page.goto(server.url(host, '/ar/admin/branding'));
    // Typing before hydration is lost (hydration resets the field): wait for the page to be live.
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await page.locator('#field-primary').fill('#7a1f3d');
    await submitEnhanced(page, 'form[action="?/colours"] button[type="submit"]');
    await screenshot(page, 'console-branding', 'ar');
    assert.equal(await mastheadColour(page, server.url(host, '/fr')), 'rgb(122, 31, 61)', 'the public site shows the new colour at once');
  });
});
