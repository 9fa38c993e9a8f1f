// The commune's public site and its editors, on a phone: an editor writes a news item in the console
// (no JavaScript: plain forms), previews it, publishes it, changes it and restores the first version; a
// resident reads it on /fr/news and /ar/news. Then an accessibility scan (axe-core) of every public content
// page type — each window's list and one item — in ar and fr, on Tétouan's demo content.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, get, onPhone, screenshot } from '../support.ts';

const HOST = 'tetouan.localhost';

/** Signs in as Tétouan's administrator (no second factor on this demo account). */
async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="email"]').fill('admin@tetouan.demo.jamaa.ma');
  await page.locator('input[name="password"]').fill('jamaa-demo-2026');
  await Promise.all([page.waitForEvent('load'), page.locator('main form button[type="submit"]').click()]);
  assert.ok(!page.url().includes('sign-in'), `signed in (${page.url()})`);
}

/** Submits with the button named `label` and waits for the next page. */
async function press(page: Page, label: string | RegExp): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: label, exact: typeof label === 'string' }).first().click()]);
}

test('an editor writes, previews, publishes and restores a news item without JavaScript; residents read it in fr and ar', { timeout: 240_000 }, async () => {
  const { server } = e2e();
  const title = `Réouverture de la bibliothèque municipale ${Date.now().toString(36)}`;
  await onPhone(false, async ({ page }) => {
    await signIn(page, server.url(HOST, '/fr/admin/content'));
    await page.goto(server.url(HOST, '/fr/admin/content'));
    assert.equal(await page.locator('nav.sections a[href="/fr/admin/content"]').count(), 1, 'the console nav has the section');
    // The demo content is listed with its state.
    const notice = page.locator('ul.items li', { hasText: 'Coupure d’eau potable' });
    assert.match((await notice.first().textContent()) ?? '', /Publié/);
    await screenshot(page, 'content-console-list', 'fr');

    await page.locator('#new-kind').selectOption('news');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Créer', exact: true }).click()]);
    assert.match(page.url(), /\/fr\/admin\/content\/new\?kind=news$/);
    await page.locator('#field-title_fr').fill(title);
    await page.locator('#field-title_ar').fill('إعادة فتح الخزانة البلدية');
    await page.locator('#field-body_fr').fill('La bibliothèque rouvre **lundi**.\n\n<script>document.title = "piraté"</script>\n\n- prêt de livres\n- salle de lecture');
    await page.locator('#field-body_ar').fill('تفتح الخزانة أبوابها يوم **الإثنين**.');

    // The preview renders the Markdown as the public site will, without the script.
    await press(page, 'Aperçu');
    const preview = page.locator('section.preview');
    assert.equal(await preview.locator('strong', { hasText: 'lundi' }).count(), 1);
    assert.equal(await preview.locator('script').count(), 0, 'no script survives');
    assert.equal(await page.locator('#field-title_fr').inputValue(), title, 'what was typed is kept');
    await screenshot(page, 'content-console-preview', 'fr');

    await press(page, 'Enregistrer le brouillon');
    assert.match(page.url(), /\/fr\/admin\/content\/[0-9a-f-]{36}\?created=1$/);
    const itemUrl = page.url().replace(/\?created=1$/, '');
    assert.match((await page.locator('section.state').textContent()) ?? '', /Brouillon/);
    assert.match((await page.locator('section.state .missing').textContent()) ?? '', /ⵜⴰⵎⴰⵣⵉⵖⵜ/, 'the missing zgh title is pointed out');

    // A draft is not public.
    const slug = await page.locator('#field-slug').inputValue();
    assert.ok(slug.startsWith('reouverture-de-la-bibliotheque-municipale'), slug);
    assert.equal((await get(server.port, HOST, `/fr/news/${slug}`)).status, 404);

    await press(page, 'Publier');
    assert.match((await page.locator('.alert-success').textContent()) ?? '', /Publié/);
    assert.match((await page.locator('section.state').textContent()) ?? '', /Voir sur le site public/);
    await screenshot(page, 'content-console-published', 'fr');

    // A change is a new revision; the first one can be brought back.
    await page.locator('#field-title_fr').fill(`${title} (modifié)`);
    await press(page, 'Enregistrer');
    assert.match((await page.locator('h1').textContent()) ?? '', /\(modifié\)/);
    const revisions = page.locator('ol.revisions li');
    assert.ok((await revisions.count()) >= 3, 'created, published, changed');
    await Promise.all([page.waitForEvent('load'), revisions.last().getByRole('button', { name: 'Rétablir cette version' }).click()]);
    assert.match((await page.locator('.alert-success').textContent()) ?? '', /version 1/);
    assert.equal((await page.locator('h1').textContent())?.trim(), title);
    assert.match((await page.locator('section.state').textContent()) ?? '', /Publié/, 'restoring keeps it published');
    assert.equal(page.url().split('?')[0], itemUrl);

    await page.goto(server.url(HOST, '/ar/admin/content?kind=news'));
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.ok((await page.locator('ul.items li').count()) >= 2);
    await screenshot(page, 'content-console-list', 'ar');
  });

  // A resident, on another phone: the news list, then the item.
  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, '/fr/news'));
    const link = page.getByRole('link', { name: title, exact: true });
    assert.equal(await link.count(), 1, 'listed on /fr/news');
    await screenshot(page, 'content-news-list', 'fr');
    await Promise.all([page.waitForEvent('load'), link.click()]);
    assert.equal((await page.locator('h1').textContent())?.trim(), title);
    assert.equal(await page.locator('main strong', { hasText: 'lundi' }).count(), 1);
    assert.equal(await page.locator('main script').count(), 0);
    assert.notEqual(await page.title(), 'piraté');
    // The water cut of the demo content is on every page.
    assert.match((await page.locator('aside.notice-banner').textContent()) ?? '', /Coupure d’eau potable/);
    await screenshot(page, 'content-news-item', 'fr');

    await page.goto(server.url(HOST, '/ar/news'));
    assert.equal(await page.getByRole('link', { name: 'إعادة فتح الخزانة البلدية', exact: true }).count(), 1, 'listed on /ar/news');
    await screenshot(page, 'content-news-list', 'ar');
  });
});

test('an editor creates a project through its typed inputs without JavaScript (a refused value is shown on its input); it shows on the public page', { timeout: 240_000 }, async () => {
  const { server } = e2e();
  const title = `Aménagement de la place Moulay El Mehdi ${Date.now().toString(36)}`;
  let slug = '';
  await onPhone(false, async ({ page }) => {
    await signIn(page, server.url(HOST, '/fr/admin/content/new'));
    await page.goto(server.url(HOST, '/fr/admin/content/new'));
    // Another kind, without JavaScript: the small form reloads the page with that kind's inputs.
    await page.locator('#switch-kind').selectOption('project');
    await press(page, 'Afficher');
    assert.match(page.url(), /\/fr\/admin\/content\/new\?kind=project$/);
    assert.equal(await page.locator('#field-fields').count(), 0, 'no JSON box for a project');
    const status = page.locator('#field-f_status');
    assert.equal(await status.locator('option[value="in_progress"]').textContent(), 'En cours', 'choices are translated');

    await page.locator('#field-title_fr').fill(title);
    await page.locator('#field-title_ar').fill('تهيئة ساحة مولاي المهدي');
    await status.selectOption('in_progress');
    await page.locator('#field-f_budgetMad').fill('2500000');
    await page.locator('#field-f_progress').fill('150');
    await page.locator('#field-f_startOn').fill('2026-03-01');
    await page.locator('#field-f_location_lat').fill('35.5711');
    await page.locator('#field-f_location_lng').fill('-5.3724');
    await page.locator('#field-f_district_fr').fill('Médina');
    await page.locator('#field-f_district_ar').fill('المدينة العتيقة');
    await press(page, 'Enregistrer le brouillon');
    // 150 % is refused next to the progress input, in French; what was typed is kept.
    assert.match(page.url(), /\/fr\/admin\/content\/new/);
    assert.match((await page.locator('#field-f_progress-error').textContent()) ?? '', /trop grande/);
    assert.equal(await page.locator('#field-f_progress').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#field-f_budgetMad').inputValue(), '2500000');
    assert.equal(await page.locator('#field-f_district_ar').inputValue(), 'المدينة العتيقة');
    await screenshot(page, 'content-console-project-refused', 'fr');

    await page.locator('#field-f_progress').fill('40');
    await press(page, 'Enregistrer le brouillon');
    assert.match(page.url(), /\/fr\/admin\/content\/[0-9a-f-]{36}\?created=1$/);
    const itemPath = new URL(page.url()).pathname;
    // The edit page shows the saved fields in the same inputs.
    assert.equal(await page.locator('#field-f_status').inputValue(), 'in_progress');
    assert.equal(await page.locator('#field-f_budgetMad').inputValue(), '2500000');
    assert.equal(await page.locator('#field-f_progress').inputValue(), '40');
    assert.equal(await page.locator('#field-f_location_lng').inputValue(), '-5.3724');
    slug = await page.locator('#field-slug').inputValue();
    await press(page, 'Publier');
    assert.match((await page.locator('.alert-success').textContent()) ?? '', /Publié/);
    await screenshot(page, 'content-console-project', 'fr');

    await page.goto(server.url(HOST, itemPath.replace('/fr/', '/ar/')));
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('#field-f_district_fr').getAttribute('dir'), 'ltr');
    assert.equal(await page.locator('#field-f_district_ar').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('#field-f_status option[value="in_progress"]').textContent(), 'في طور الإنجاز');
    await screenshot(page, 'content-console-project', 'ar');
  });

  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, `/fr/projects/${slug}`));
    assert.equal((await page.locator('h1').textContent())?.trim(), title);
    const main = (await page.locator('main').textContent()) ?? '';
    assert.match(main, /En cours/);
    assert.match(main, /40\s?%/);
    assert.match(main, /Médina/);
    assert.match(main, /2[\s\u202f\u00a0.]?500[\s\u202f\u00a0.]?000/);
    await screenshot(page, 'content-project-typed', 'fr');
    await page.goto(server.url(HOST, `/ar/projects/${slug}`));
    assert.match((await page.locator('main').textContent()) ?? '', /المدينة العتيقة/);
    await screenshot(page, 'content-project-typed', 'ar');
  });
});

/** One page of each public window, and one item of each (Tétouan's demo content). */
const PAGES: Record<string, string> = {
  city: 'presentation',
  council: 'president-du-conseil',
  'council/sessions': 'session-ordinaire-octobre-2026',
  legal: 'arrete-circulation-medina',
  projects: 'rehabilitation-ruelles-medina',
  documents: 'budget-2027',
  tenders: 'ao-entretien-eclairage-public',
  news: 'campagne-proprete-medina',
  notices: 'coupure-eau-quartier-demo',
  jobs: 'concours-techniciens-2026',
  participation: 'instance-equite-egalite',
  petitions: 'petition-piste-cyclable',
};

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations of the page (WCAG 2.1 A and AA rules and best practices). */
async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the debugging protocol, which the site's Content-Security-Policy does not govern.
  await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
  });
}

test('every public content page type, list and item, in ar and fr, has no serious or critical accessibility violation', { timeout: 400_000 }, async () => {
  const { server } = e2e();
  await onPhone(true, async ({ page }) => {
    const found: string[] = [];
    for (const lang of ['fr', 'ar'] as const) {
      for (const [window, slug] of Object.entries(PAGES)) {
        for (const path of [`/${lang}/${window}`, `/${lang}/${window}/${slug}`]) {
          const response = await page.goto(server.url(HOST, path));
          assert.equal(response?.status(), 200, path);
          for (const v of await seriousViolations(page)) found.push(`${path}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(' | ')}`);
          await screenshot(page, `content-${window.replace('/', '-')}${path.endsWith(slug) ? '-item' : ''}`, lang);
        }
      }
    }
    assert.deepEqual(found, [], found.join('\n'));
  });
});

/** The JSON-LD blocks of the page, parsed. */
async function jsonLdOf(page: Page): Promise<Record<string, unknown>[]> {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  return blocks.flatMap((b) => {
    const parsed = JSON.parse(b) as Record<string, unknown> | Record<string, unknown>[];
    return Array.isArray(parsed) ? parsed : [parsed];
  });
}

test('the city page names the commune and the sessions are events in JSON-LD; the action programme and the purchasing forecast show their lists, in fr and ar', { timeout: 200_000 }, async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, '/fr/city'));
    assert.ok((await jsonLdOf(page)).some((d) => d['@type'] === 'GovernmentOrganization' && String(d.url).endsWith('/fr')), 'GovernmentOrganization on /fr/city');
    await page.goto(server.url(HOST, '/fr/council/sessions'));
    const events = (await jsonLdOf(page)).filter((d) => d['@type'] === 'Event');
    assert.ok(events.some((e) => String(e.url).endsWith('/fr/council/sessions/session-ordinaire-fevrier-2027') && e.startDate === '2027-02-02T09:00:00.000Z'), 'the next session is an Event');
    await page.goto(server.url(HOST, '/ar/council/sessions/session-ordinaire-octobre-2026'));
    assert.ok((await jsonLdOf(page)).some((d) => d['@type'] === 'Event' && d.name === 'الدورة العادية لشهر أكتوبر 2026'), 'a session page is an Event in Arabic');

    await page.goto(server.url(HOST, '/fr/council/programme-action-communale-2022-2027'));
    const programme = (await page.locator('main').textContent()) ?? '';
    assert.match(programme, /Axes du programme/);
    assert.match(programme, /Réhabilitation de la médina — 60[.\s\u202f]000[.\s\u202f]000/);
    assert.match(programme, /2022 – 2027/);
    await screenshot(page, 'content-action-programme', 'fr');
    await page.goto(server.url(HOST, '/ar/tenders/programme-previsionnel-achats-2027'));
    const forecast = (await page.locator('main').textContent()) ?? '';
    assert.match(forecast, /الصفقات المتوقعة/);
    assert.match(forecast, /تهيئة حديقة عمومية/);
    assert.match(forecast, /اقتناء حاويات النفايات/);
    await screenshot(page, 'content-purchase-forecast', 'ar');
    await page.goto(server.url(HOST, '/fr/council/commission-budget-finances'));
    assert.match((await page.locator('main').textContent()) ?? '', /Membres\s*Membre 1 \(démo\)/);
  });
});

test('the platform home offers the national open data as downloads, without a serious accessibility violation', { timeout: 120_000 }, async () => {
  const { server } = e2e();
  // JavaScript on for axe-core only: the page itself runs none.
  await onPhone(true, async ({ page }) => {
    for (const lang of ['fr', 'ar'] as const) {
      await page.goto(server.url('localhost', `/${lang}`));
      const section = page.locator('section[aria-labelledby="open-data"]');
      const links = await section.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['projects', 'tenders', 'budgets', 'decisions'].flatMap((d) => [`/api/v1/open-data/national/${d}.csv`, `/api/v1/open-data/national/${d}.json`]));
      // The set named for what it holds: the administrative accounts and financial reports are in it too.
      assert.match((await section.locator('a[href$="/budgets.csv"]').getAttribute('aria-label')) ?? '', lang === 'fr' ? /^Budgets et comptes — / : /^الميزانيات والحسابات — /);
      assert.deepEqual(await seriousViolations(page), [], `/${lang}`);
    }
  });
  const finances = await get(server.port, 'localhost', '/api/v1/open-data/national/budgets.csv');
  assert.match(finances.body, /compte-administratif-2025,[^,]*,Compte administratif de la commune – exercice 2025,accounts,2025,/);
  // The demo communes' projects, in one file, saved rather than shown; a commune's host has no national file.
  const csv = await get(server.port, 'localhost', '/api/v1/open-data/national/projects.csv');
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers['content-disposition']), /^attachment; filename="national-projects\.csv"$/);
  assert.match(csv.body, /rehabilitation-ruelles-medina/);
  assert.equal((await get(server.port, HOST, '/api/v1/open-data/national/projects.csv')).status, 404);
});
