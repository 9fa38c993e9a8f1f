// Staff see words, not internals: on a phone, the dashboard's recent activity and the audit log name each
// action and show each change as labelled before/after values, in Arabic and French; an agent's department
// is chosen from a list of named departments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, freshTotp, onPhone, screenshot } from '../support.ts';

const HOST = 'casablanca.localhost';
const ADMIN = 'admin@casablanca.demo.jamaa.ma';
const AGENT = 'agent@casablanca.demo.jamaa.ma';
const PASSWORD = 'jamaa-demo-2026';

/** An action code (`auth.sign_in_failed`), a JSON object or array as the audit log once showed them. */
const INTERNALS = /\b(auth|staff|account|catalogue|branding|office|tenant|site)\.[a-z_]+\b|[{}[\]]|"[a-zA-Z]+":|\bsha256\b/;

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.locator(button).click()]);
}

/** Signs in with the password and a TOTP code; a code already used (another test in the same 30 s) is retried with the next one. */
async function signInWithTotp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="email"]').fill(ADMIN);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await submit(page, 'main form button[type="submit"]');
  for (let attempt = 0; attempt < 3 && page.url().includes('/second-factor'); attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 31_000 - (Date.now() % 30_000)));
    await page.locator('#totp-code').fill(await freshTotp());
    await submit(page, 'form[action^="?/totp"] button');
  }
  assert.doesNotMatch(page.url(), /sign-in/, 'signed in');
}

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

test('the dashboard and the audit log show actions and changes in words, in French and Arabic; departments come from a list', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    // A refused attempt leaves an `auth.sign_in_failed` entry.
    await page.goto(server.url(HOST, '/fr/admin/sign-in'));
    await page.locator('input[name="email"]').fill(ADMIN);
    await page.locator('input[name="password"]').fill('pas le bon mot de passe');
    await submit(page, 'main form button[type="submit"]');
    await signInWithTotp(page, server.url(HOST, '/fr/admin/sign-in?next=%2Ffr%2Fadmin%2Fusers'));

    // The agent's department: a list of named departments, not a code to type.
    const agent = page.locator('main ul.cards > li').filter({ hasText: AGENT }).first();
    assert.match(await agent.textContent() ?? '', /État civil/, "the agent's department by name");
    await agent.locator('summary').first().click();
    const select = agent.locator('form[action="?/role"] select[name="department"]');
    const options = await select.locator('option').allTextContents();
    assert.ok(options.includes('Légalisation') && options.includes('Voirie') && options.includes('État civil'), options.join(', '));
    assert.ok(options.every((o) => !/^[a-z]+(-[a-z]+)+$/.test(o)), 'no option is a code');
    await select.selectOption({ label: 'Légalisation' });
    await submit(page, `#${await select.getAttribute('id')} >> xpath=ancestor::form//button[@type="submit"]`);
    assert.match(await page.locator('main ul.cards > li').filter({ hasText: AGENT }).first().textContent() ?? '', /Légalisation/);
    await screenshot(page, 'console-words-users', 'fr');

    for (const lang of ['fr', 'ar'] as const) {
      await page.goto(server.url(HOST, `/${lang}/admin`));
      const recent = (await page.locator('section[aria-labelledby="recent"]').textContent()) ?? '';
      assert.doesNotMatch(recent, INTERNALS, `${lang} dashboard: ${recent}`);
      assert.match(recent, lang === 'fr' ? /Connexion refusée/ : /دخول مرفوض/, `${lang}: the refused sign-in, named`);
      await screenshot(page, 'console-words-dashboard', lang);

      await page.goto(server.url(HOST, `/${lang}/admin/audit`));
      const log = await mainText(page);
      assert.doesNotMatch(log, INTERNALS, `${lang} audit log`);
      const change = page.locator('main tbody > tr').filter({ hasText: AGENT }).first();
      await change.locator('summary').click();
      const rows = await change.locator('table.changes tbody tr').allTextContents();
      if (lang === 'fr') assert.ok(rows.some((r) => /Service/.test(r) && /État civil/.test(r) && /Légalisation/.test(r)), rows.join(' | '));
      else assert.ok(rows.some((r) => /المصلحة/.test(r) && /الحالة المدنية/.test(r) && /تصحيح الإمضاءات/.test(r)), rows.join(' | '));
      await screenshot(page, 'console-words-audit', lang);
    }

    // Back as it was, for the other tests.
    await page.goto(server.url(HOST, '/fr/admin/users'));
    const again = page.locator('main ul.cards > li').filter({ hasText: AGENT }).first();
    await again.locator('summary').first().click();
    const back = again.locator('form[action="?/role"] select[name="department"]');
    await back.selectOption({ label: 'État civil' });
    await submit(page, `#${await back.getAttribute('id')} >> xpath=ancestor::form//button[@type="submit"]`);
  });
});
