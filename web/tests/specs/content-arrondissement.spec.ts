// A city's editor writes to an arrondissement's site from the city's console, on a phone without
// JavaScript: Casablanca's administrator (who also holds a role on Anfa) picks Anfa in the content list,
// creates a news item there and publishes it; it is on Anfa's public site and not on Casablanca's. A photo
// joined to it, taken off and brought back by restoring a revision stays Anfa's at every step. An
// arrondissement where they hold no role, asked for in the address, is refused in their language and gets
// nothing.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { e2e, freshTotp, get, onPhone, screenshot } from '../support.ts';

const CITY = 'casablanca.localhost';
const ANFA = 'anfa.casablanca.localhost';
const MAARIF = 'maarif.casablanca.localhost';

async function submit(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), click()]);
}

/** Submits with the button named `label` and waits for the next page. */
async function press(page: Page, label: string): Promise<void> {
  await submit(page, () => page.getByRole('button', { name: label, exact: true }).first().click());
}

/** A form POST straight to the server with the signed-in browser's cookies (as a forged page would send it, same origin). */
function postForm(port: number, host: string, path: string, cookie: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { host: `${host}:${port}`, origin: `http://${host}:${port}`, cookie, 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Casablanca's administrator, password then TOTP (a code already used in this 30 s step waits for the next). */
async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="email"]').fill('admin@casablanca.demo.jamaa.ma');
  await page.locator('input[name="password"]').fill('jamaa-demo-2026');
  await submit(page, () => page.locator('main form button[type="submit"]').click());
  for (let attempt = 0; attempt < 3 && page.url().includes('/second-factor'); attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 31_000 - (Date.now() % 30_000)));
    await page.locator('#totp-code').fill(await freshTotp());
    await submit(page, () => page.locator('form[action^="?/totp"] button').click());
  }
  assert.doesNotMatch(page.url(), /sign-in/, 'signed in');
}

test('a city editor picks an arrondissement, creates and publishes a news item there, joins, removes and restores a photo; it shows on that arrondissement only; another arrondissement is refused', { timeout: 300_000 }, async () => {
  const { server } = e2e();
  const title = `Fête de quartier à Anfa ${Date.now().toString(36)}`;
  let slug = '';
  let filePath = '';
  await onPhone(false, async ({ page }) => {
    await signIn(page, server.url(CITY, '/fr/admin/content'));
    await page.goto(server.url(CITY, '/fr/admin/content'));
    // The picker: the city's own site, then the arrondissements this account holds a role on (Anfa only).
    const picker = page.locator('#pick-site');
    assert.deepEqual(await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['', 'anfa']);
    assert.match((await picker.locator('option[value=""]').textContent()) ?? '', /site de la commune/);
    assert.match((await page.locator('h1').textContent()) ?? '', /Contenu du site\u202f: Casablanca/);

    await picker.selectOption('anfa');
    await press(page, 'Changer de site');
    assert.match(page.url(), /\/fr\/admin\/content\?tenant=anfa$/);
    assert.equal((await page.locator('h1').textContent())?.trim(), 'Contenu du site\u202f: Anfa');
    assert.equal(await picker.inputValue(), 'anfa', 'the choice is kept');
    await screenshot(page, 'content-console-arrondissement-list', 'fr');

    await page.locator('#new-kind').selectOption('news');
    await press(page, 'Créer');
    assert.match(page.url(), /\/fr\/admin\/content\/new\?tenant=anfa&kind=news$/);
    assert.match((await page.locator('main p.editing-site').textContent()) ?? '', /Site\u202f: Anfa/);
    assert.equal(await page.locator('input[name="shared"]').count(), 0, 'an arrondissement has nothing to share with');
    await page.locator('#field-title_fr').fill(title);
    await page.locator('#field-title_ar').fill('حفل الحي في أنفا');
    await page.locator('#field-body_fr').fill('Rendez-vous **samedi** sur la place.');
    await press(page, 'Enregistrer le brouillon');
    assert.match(page.url(), /\/fr\/admin\/content\/[0-9a-f-]{36}\?created=1&tenant=anfa$/);
    slug = await page.locator('#field-slug').inputValue();

    await press(page, 'Publier');
    assert.match((await page.locator('.alert-success').textContent()) ?? '', /Publié/);
    assert.match(page.url(), /\?tenant=anfa&\/publish$/, 'the action kept the site');
    // "See it on the public site" leads to Anfa's own site.
    const view = page.getByRole('link', { name: 'Voir sur le site public' });
    assert.equal(new URL((await view.getAttribute('href')) ?? '', page.url()).host.split(':')[0], ANFA);
    await screenshot(page, 'content-console-arrondissement-published', 'fr');

    // A photo joined to Anfa's item: the upload, its removal and a restored revision each act on Anfa's
    // item (the address keeps the site), and the file is served by Anfa's site only.
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="#2f6f8f"/><circle cx="400" cy="260" r="140" fill="#f3d35b"/></svg>';
    await page.locator('#field-file').setInputFiles({ name: 'affiche.jpg', mimeType: 'image/jpeg', buffer: await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer() });
    await page.locator('#field-name').fill('Affiche de la fête');
    await press(page, 'Joindre');
    assert.match((await page.locator('.alert-success').textContent()) ?? '', /Fichier ajouté/);
    assert.match(page.url(), /\?tenant=anfa&\/attach$/, 'the upload kept the site');
    const fileLink = page.locator('ul.files a', { hasText: 'Affiche de la fête' });
    assert.equal(await fileLink.count(), 1);
    const fileUrl = new URL((await fileLink.getAttribute('href')) ?? '', page.url());
    assert.equal(fileUrl.hostname, ANFA, 'the file link is on Anfa’s site');
    filePath = fileUrl.pathname;
    assert.equal((await get(server.port, ANFA, filePath)).status, 200, 'served by Anfa');
    assert.equal((await get(server.port, CITY, filePath)).status, 404, 'not by the city');
    assert.match((await page.locator('ul.files').textContent()) ?? '', /image\/webp/, 're-encoded');
    await screenshot(page, 'content-console-arrondissement-file', 'fr');
    const revisionWithFile = Number(((await page.locator('main p.muted').first().textContent()) ?? '').match(/(\d+)\s*$/)?.[1]);
    assert.ok(revisionWithFile > 0, 'the revision with the file is shown');

    await press(page, 'Retirer');
    assert.match((await page.locator('.alert-success').textContent()) ?? '', /Fichier retiré/);
    assert.match(page.url(), /\?tenant=anfa&\/detach$/, 'the removal kept the site');
    assert.equal(await page.locator('ul.files a').count(), 0);
    assert.equal((await get(server.port, ANFA, filePath)).status, 404, 'no longer served once off the published item');

    const withFile = page.locator('ol.revisions li', { hasText: `Version ${revisionWithFile} ` });
    await submit(page, () => withFile.getByRole('button', { name: 'Rétablir cette version' }).click());
    assert.match((await page.locator('.alert-success').textContent()) ?? '', new RegExp(`version ${revisionWithFile}`));
    assert.match(page.url(), /\?tenant=anfa&\/restore$/, 'the restore kept the site');
    assert.equal(await page.locator('ul.files a', { hasText: 'Affiche de la fête' }).count(), 1, 'the photo is back');
    assert.match((await page.locator('section.state').textContent()) ?? '', /Publié/, 'still published');
    await screenshot(page, 'content-console-arrondissement-restored', 'fr');

    // Back on the list of Anfa's content, the item is there; on the city's own list it is not.
    await submit(page, () => page.getByRole('link', { name: 'Retour au contenu du site' }).click());
    assert.match(page.url(), /\?tenant=anfa$/);
    assert.equal(await page.locator('ul.items li', { hasText: title }).count(), 1);
    await page.goto(server.url(CITY, '/fr/admin/content'));
    assert.equal(await page.locator('ul.items li', { hasText: title }).count(), 0);

    // The same in Arabic, right to left, with the arrondissement's Arabic name.
    await page.goto(server.url(CITY, '/ar/admin/content?tenant=anfa'));
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.match((await page.locator('h1').textContent()) ?? '', /أنفا/);
    assert.equal(await page.locator('ul.items li', { hasText: 'حفل الحي في أنفا' }).count(), 1);
    await screenshot(page, 'content-console-arrondissement-list', 'ar');

    // Maârif: no role there. Asking for it in the address is refused in the page's language…
    const refused = await page.goto(server.url(CITY, '/fr/admin/content?tenant=maarif'));
    assert.equal(refused?.status(), 403);
    assert.match((await page.locator('main').textContent()) ?? '', /Vous n’avez pas de rôle d’éditeur sur le site de cet arrondissement/);
    await screenshot(page, 'content-console-arrondissement-refused', 'fr');
    const refusedAr = await page.goto(server.url(CITY, '/ar/admin/content/new?tenant=maarif&kind=news'));
    assert.equal(refusedAr?.status(), 403);
    assert.match((await page.locator('main').textContent()) ?? '', /ليس لك دور محرر في موقع هذه المقاطعة/);
    await screenshot(page, 'content-console-arrondissement-refused', 'ar');

    // …and a forged form post (the new item's form, aimed at Maârif) creates nothing there.
    const cookie = (await page.context().cookies(server.url(CITY, '/'))).map((c) => `${c.name}=${c.value}`).join('; ');
    const forged = await postForm(server.port, CITY, '/fr/admin/content/new?tenant=maarif&kind=news&/create', cookie, `kind=news&title_fr=${encodeURIComponent(`${title} (Maârif)`)}`);
    assert.equal(forged, 403);
  });

  // A resident: the item is on Anfa's site, not on Casablanca's, nor on Maârif's.
  assert.ok(slug.startsWith('fete-de-quartier-a-anfa'), slug);
  assert.equal((await get(server.port, ANFA, `/fr/news/${slug}`)).status, 200);
  assert.equal((await get(server.port, CITY, `/fr/news/${slug}`)).status, 404);
  assert.equal((await get(server.port, MAARIF, `/fr/news/${slug}`)).status, 404);
  assert.equal((await get(server.port, MAARIF, `/fr/news/${slug}-maarif`)).status, 404, 'the forged post made nothing');
  // The restored photo is on Anfa's item page, served by Anfa; the city serves neither.
  assert.equal((await get(server.port, ANFA, filePath)).status, 200);
  assert.equal((await get(server.port, CITY, filePath)).status, 404);
  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(ANFA, `/fr/news/${slug}`));
    // The page names the file by its content (`?v=`), the console by its id alone.
    assert.equal(await page.locator(`main img[src^="${filePath}"]`).count(), 1, 'the photo is on Anfa’s item page');
    await screenshot(page, 'content-arrondissement-news-item', 'fr');
    await page.goto(server.url(ANFA, '/fr/news'));
    assert.equal(await page.getByRole('link', { name: title, exact: true }).count(), 1, 'listed on Anfa’s /fr/news');
    await screenshot(page, 'content-arrondissement-news', 'fr');
    await page.goto(server.url(CITY, '/fr/news'));
    assert.equal(await page.getByRole('link', { name: title, exact: true }).count(), 0, 'not on the city’s /fr/news');
  });
});
