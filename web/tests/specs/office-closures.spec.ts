// A dated closure, end to end: an administrator of Tétouan closes the civil status office for works from
// today, in the console with JavaScript off (a closure ending before it starts is refused beside its field,
// in French); the public contact page then says so on the office's card, in French and Arabic, on a phone.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, onPhone, screenshot, SCREENSHOT_DIR } from '../support.ts';

const HOST = 'tetouan.localhost';
const PASSWORD = 'jamaa-demo-2026';

/** The Moroccan calendar day `days` after today (`YYYY-MM-DD`), as the site counts it. */
function moroccanDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const noon = new Date(`${today}T12:00:00Z`);
  noon.setUTCDate(noon.getUTCDate() + days);
  return noon.toISOString().slice(0, 10);
}

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.locator(button).click()]);
}

test('an administrator closes an office for works from today; the public contact page says so on its card, in French and Arabic', { timeout: 120_000 }, async () => {
  const { server } = e2e();
  const from = moroccanDay(0);
  const to = moroccanDay(2);

  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, '/fr/admin/offices'));
    await page.locator('input[name="email"]').fill('admin@tetouan.demo.jamaa.ma');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/sign-in')), page.locator('main form button[type="submit"]').click()]);
    await Promise.all([page.waitForEvent('load'), page.locator('main a.name', { hasText: 'état civil' }).click()]);

    // Without JavaScript the form offers empty closure rows; a closure ending before it starts is refused.
    await page.locator('#field-closure_0_from').fill(to);
    await page.locator('#field-closure_0_to').fill(from);
    await page.locator('#field-closure_0_reason_fr').fill('Travaux de peinture');
    await submit(page, 'form[action="?/save"] button[type="submit"]');
    assert.match((await page.locator('#field-closure_0_to-error').textContent()) ?? '', /La fin ne peut pas précéder le début/);
    assert.equal(await page.locator('#field-closure_0_reason_fr').inputValue(), 'Travaux de peinture', 'what was typed is kept');

    await page.locator('#field-closure_0_from').fill(from);
    await page.locator('#field-closure_0_to').fill(to);
    await page.locator('#field-closure_0_reason_ar').fill('أشغال الصباغة');
    await submit(page, 'form[action="?/save"] button[type="submit"]');
    assert.equal(await page.locator('#field-closure_0_to-error').count(), 0);
    assert.equal(await page.locator('#field-closure_0_from').inputValue(), from, 'the closure is saved and shown again');
    await screenshot(page, 'office-closure-console', 'fr');
  });

  // The public page, as a resident sees it (no session: a page the cache may keep, dropped by the change).
  await onPhone(false, async ({ page }) => {
    for (const [lang, name, today, reason] of [
      ['fr', 'état civil', 'Fermé aujourd’hui', /Fermé du .+\u202f: Travaux de peinture/],
      ['ar', 'مكتب الحالة المدنية', 'مغلق اليوم', /مغلق من .+: أشغال الصباغة/],
    ] as const) {
      await page.goto(server.url(HOST, `/${lang}/contact`));
      const card = page.locator('main #offices ~ ul li.card', { has: page.locator('.office-name', { hasText: name }) }).first();
      const banner = card.locator('.closure');
      assert.equal(await banner.count(), 1, `${lang}: the civil status office's card has a closure banner`);
      const text = (await banner.innerText()).replace(/[ \t\n]+/g, ' ');
      assert.ok(text.includes(today), `${lang}: closed today (${text})`);
      assert.match(text, reason, `${lang}: with its days and reason`);
      await banner.scrollIntoViewIfNeeded();
      assert.equal(await banner.isVisible(), true);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `office-closure-banner-${lang}.png`) });
      await screenshot(page, 'office-closure-contact', lang);
    }
  });
});
