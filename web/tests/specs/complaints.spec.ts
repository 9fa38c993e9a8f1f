// Complaints on a phone (390×844): a resident files one with a photo and a point on the map (French,
// JavaScript on), another by address with JavaScript off (Arabic), a third with a photo and the phone's
// position (Arabic, answered in the Arabic console), the form in Amazigh; each follows theirs
// by the private link and by /track; the general secretariat answers in the console; the resident sees
// the answer; a neighbour adds "me too"; a duplicate is merged. Screenshots in /tmp/shots-complaints/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { e2e, onPhone } from '../support.ts';

const HOST = 'casablanca.localhost';
const SHOTS = process.env.JAMAA_SHOTS_DIR ?? '/tmp/shots-complaints';
const PASSWORD = 'jamaa-demo-2026';
const TRACKING = /^[A-Z]{2,4}-\d{4}-\d{6}$/;

/** A full-page screenshot in /tmp/shots-complaints/<name>-<locale>.png (the brief's folder). */
async function shot(page: Page, name: string, locale: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${locale}.png`), fullPage: true });
}

/** A phone photo: a JPEG with a little picture in it. */
async function photo(): Promise<string> {
  const path = join(tmpdir(), `complaint-photo-${process.pid}.jpg`);
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><rect width="1200" height="900" fill="#6a7f8c"/><circle cx="600" cy="300" r="120" fill="#f3d35b"/><rect x="585" y="400" width="30" height="480" fill="#333"/></svg>';
  writeFileSync(path, await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer());
  return path;
}

/** Map tiles come from the tile service through the site; here they are blank, and never leave the machine. */
async function blankTiles(page: Page): Promise<void> {
  const png = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#e8eee4' } }).png().toBuffer();
  await page.route('**/map-tiles/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
}

async function submit(page: Page, selector = 'main form[enctype] button[type="submit"]'): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.locator(selector).click()]);
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

let filedFr = { tracking: '', link: '' };
let filedAr = { tracking: '', link: '' };

test('a resident files a complaint with a photo and a point on the map, in French, and follows it', async () => {
  const { server } = e2e();
  const picture = await photo();
  await onPhone(true, async ({ page }) => {
    await blankTiles(page);
    await page.goto(server.url(HOST, '/fr/complaints/new'));
    await page.locator('.map .leaflet-tile-loaded').first().waitFor();

    // Sent half-filled: each missing field says so, in French, next to it; the text typed is kept.
    await page.locator('#complaint-description').fill('Le lampadaire devant le n° 12 est éteint depuis une semaine.');
    await page.locator('#complaint-photos').setInputFiles(picture);
    await submit(page);
    assert.match(await text(page, '[role="alert"]'), /n’a pas été envoyé/);
    assert.equal(await text(page, '#category-error'), 'Ce champ est obligatoire.');
    assert.match(await text(page, '#location-error'), /Placez un point sur la carte/);
    assert.equal(await page.locator('#complaint-description').inputValue(), 'Le lampadaire devant le n° 12 est éteint depuis une semaine.');
    assert.match(await text(page, '#complaint-photos-error'), /choisissez-les de nouveau/, 'the page says the photo must be chosen again');
    await shot(page, 'form-refused', 'fr');

    await page.locator('input[name="category"]').first().check();
    // Street lighting's questions show once it is chosen; another category's stay hidden.
    await page.locator('#complaint-q-pole_number').fill('EP-0412');
    await page.locator('input[name="attribute[street_dark]"][value="yes"]').check();
    assert.equal(await page.locator('fieldset.questions[data-category="roads"]').isVisible(), false);
    await page.locator('.map .leaflet-tile-loaded').first().waitFor();
    // A tap in the middle of the map, as on a phone.
    await page.locator('.map').tap();
    assert.match(await text(page, '.point'), /Point placé\s:\s\d+\.\d+, -?\d+\.\d+/);
    assert.notEqual(await page.locator('input[name="latitude"]').inputValue(), '');
    await page.locator('#complaint-photos').setInputFiles(picture);
    await page.locator('#complaint-email').fill('habitant@example.ma');
    await shot(page, 'form-filled', 'fr');
    await submit(page);

    assert.match(page.url(), /\/fr\/complaints\/private\/[A-Za-z0-9_-]{20,}\?filed=1$/);
    assert.match(await text(page, 'main h1'), /Signalement reçu/);
    filedFr = { tracking: await text(page, '[data-testid="tracking"]'), link: await page.locator('#private-link').inputValue() };
    assert.match(filedFr.tracking, TRACKING);
    assert.match(filedFr.link, /^http:\/\/casablanca\.localhost:\d+\/fr\/complaints\/private\//);
    assert.match(await text(page, '.timeline'), /Reçu/);
    assert.equal(await page.locator('main .photos img').count(), 1, 'the resident sees their own photo');
    await shot(page, 'filed', 'fr');

    // Anyone can follow it by its number, with no personal data and no unreviewed text.
    await page.goto(server.url(HOST, '/fr/track'));
    await page.locator('#track-number').fill(filedFr.tracking.toLowerCase());
    await submit(page, 'main form button[type="submit"]');
    assert.match(page.url(), new RegExp(`/fr/complaints/${filedFr.tracking}$`));
    const publicPage = await text(page, 'main');
    assert.match(publicPage, /Reçu/);
    assert.doesNotMatch(publicPage, /habitant@example\.ma|lampadaire devant/, 'no e-mail and no unreviewed text in public');
    await page.goto(server.url(HOST, '/fr/track?number=CASA-1999-000999'));
    assert.match(await text(page, '#track-number-error'), /Aucun signalement/);
  });
});

test('a resident files by address with JavaScript off, in Arabic, right to left', async () => {
  const { server } = e2e();
  const picture = await photo();
  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, '/ar/complaints/new'));
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('.map').count(), 0, 'no map without JavaScript: the address field is there');
    // Without JavaScript every category's questions are shown, each in its fieldset.
    assert.equal(await page.locator('fieldset.questions[data-category="roads"]').isVisible(), true);
    assert.match(await text(page, 'fieldset.questions[data-category="roads"] legend'), /الطرق والأرصفة/);
    await page.locator('input[name="category"]').first().check();
    await page.locator('#complaint-description').fill('حفرة كبيرة في الطريق أمام المدرسة.');
    await page.locator('#complaint-address').fill('شارع الحسن الثاني، أمام المدرسة');
    await page.locator('#complaint-photos').setInputFiles(picture);
    await page.locator('input[name="anonymous"][value="true"]').check();
    await shot(page, 'form-no-js', 'ar');
    await submit(page);
    // (On a refusal the page says why: its alert is the assertion's message.)
    assert.match(page.url(), /\/ar\/complaints\/private\/[A-Za-z0-9_-]{20,}\?filed=1$/, await page.locator('[role="alert"]').allTextContents().then((t) => t.join(' | ')));
    assert.match(await text(page, 'main h1'), /تم استلام البلاغ/);
    filedAr = { tracking: await text(page, '[data-testid="tracking"]'), link: await page.locator('#private-link').inputValue() };
    assert.match(filedAr.tracking, TRACKING);
    assert.notEqual(filedAr.tracking, filedFr.tracking);
    await shot(page, 'filed', 'ar');
  });
});

test('a resident asks for the tracking number by SMS with JavaScript off, in French: anonymity and a landline are refused next to their fields, a mobile is taken', async () => {
  const { server } = e2e();
  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, '/fr/complaints/new'));
    await page.locator('input[name="category"][value="cleanliness"]').check();
    await page.locator('#complaint-description').fill('Bac à ordures renversé depuis trois jours.');
    await page.locator('#complaint-address').fill('Boulevard Zerktouni, devant la pharmacie');
    await page.locator('input[name="anonymous"][value="true"]').check();
    await page.locator('input[name="smsReceipt"]').check();
    await submit(page);
    assert.match(await text(page, '#anonymous-error'), /impossible en restant anonyme/);
    assert.equal(await page.locator('input[name="smsReceipt"]').isChecked(), true, 'the choice is kept');

    await page.locator('input[name="anonymous"][value="false"]').check();
    await page.locator('#complaint-phone').fill('0522 12 34 56');
    await submit(page);
    assert.match(await text(page, 'main'), /pas un numéro de portable marocain/, 'a landline cannot take the SMS');

    await page.locator('#complaint-phone').fill('06 12 34 56 78');
    await submit(page);
    assert.match(page.url(), /\/fr\/complaints\/private\/[A-Za-z0-9_-]{20,}\?filed=1$/);
    assert.match(await text(page, '[data-testid="tracking"]'), TRACKING);
  });
});

test('the form in Amazigh says what is missing in Tifinagh', async () => {
  const { server } = e2e();
  await onPhone(true, async ({ page }) => {
    await blankTiles(page);
    await page.goto(server.url(HOST, '/zgh/complaints/new'));
    assert.equal(await text(page, 'main h1'), 'ⵙⵎⵍ ⵢⴰⵏ ⵓⵎⵓⴽⵔⵉⵙ');
    await submit(page);
    assert.match(await text(page, '#location-error'), /ⵜⴰⵏⵇⵇⵉⴹⵜ/);
    await shot(page, 'form-refused', 'zgh');
  });
});

test('the general secretariat answers in the console; the resident sees the answer by the private link', async () => {
  const { server } = e2e();
  await onPhone(true, async ({ page }) => {
    await page.goto(server.url(HOST, '/fr/admin/complaints'));
    await page.locator('input[name="email"]').fill('supervisor@casablanca.demo.jamaa.ma');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/fr\/admin\/complaints$/), page.locator('main form button[type="submit"]').click()]);
    const row = page.locator('.queue li').filter({ hasText: filedFr.tracking });
    assert.equal(await row.count(), 1, 'the new complaint is in the queue');
    await shot(page, 'console-queue', 'fr');
    await Promise.all([page.waitForURL(/\/fr\/admin\/complaints\/[0-9a-f-]{36}$/), row.locator('a.number').click()]);
    assert.match(await text(page, 'main'), /habitant@example\.ma/, 'staff see the contact');
    assert.match(await text(page, '.answers'), /Numéro du lampadaire\s?EP-0412/, 'staff see the answers to the questions');
    assert.match(await text(page, '.answers'), /dans le noir\s\?\s?Oui/);

    // Publish the photo and the text, then answer and close.
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('.photos button[value="published"]').first().click()]);
    await page.waitForLoadState('networkidle');
    await page.locator('input[name="reviewed"]').check();
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form[action="?/redact"] button[type="submit"]').click()]);
    await page.waitForLoadState('networkidle');
    await page.locator('#reply-body').fill('Le lampadaire a été réparé ce matin. Merci de votre signalement.');
    await page.locator('#reply-state').selectOption('resolved');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form[action="?/reply"] button[type="submit"]').click()]);
    // The enhanced form replaces the previous action's status once the reply is saved.
    await page.locator('[role="status"]', { hasText: /publiée/ }).waitFor();
    assert.match(await text(page, '.history'), /réparé ce matin/);
    await shot(page, 'console-detail', 'fr');

    // The Arabic complaint is a duplicate of nothing here, but staff can merge it into the French one.
    await page.goto(server.url(HOST, '/fr/admin/complaints'));
    await Promise.all([page.waitForURL(/\/admin\/complaints\/[0-9a-f-]{36}$/), page.locator('.queue li').filter({ hasText: filedAr.tracking }).locator('a.number').click()]);
    await page.locator('#merge-into').fill(filedFr.tracking);
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form[action="?/merge"] button[type="submit"]').click()]);
    await page.waitForLoadState('networkidle');
    assert.match(await text(page, 'main'), new RegExp(filedFr.tracking));
  });

  await onPhone(false, async ({ page }) => {
    await page.goto(filedFr.link);
    assert.match(await text(page, '.replies'), /Le lampadaire a été réparé ce matin/);
    assert.match(await text(page, '.timeline [aria-current="step"]'), /Résolu/);
    await shot(page, 'answered', 'fr');
    await page.goto(filedAr.link);
    assert.match(await text(page, 'main'), new RegExp(filedFr.tracking), 'the merged complaint points to the original');
    await shot(page, 'merged', 'ar');
  });
});

test('in Arabic: a resident files with a photo and the phone’s position, the general secretariat answers in the Arabic console, the resident reads the answer', async () => {
  const { server } = e2e();
  const picture = await photo();
  let filed = { tracking: '', link: '' };
  await onPhone(true, async ({ page, context }) => {
    await blankTiles(page);
    await context.grantPermissions(['geolocation'], { origin: server.url(HOST, '/').replace(/\/$/, '') });
    await context.setGeolocation({ latitude: 33.5731, longitude: -7.5898 });
    await page.goto(server.url(HOST, '/ar/complaints/new'));
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    // Décret 2.17.265: matters before a court are not processed here; the national portal is offered.
    assert.match(await text(page, '.other-channels'), /المحاكم/);
    assert.equal(await page.locator('.other-channels a[href="https://www.chikaya.ma"]').count(), 1);
    await page.locator('input[name="category"][value="roads"]').check();
    await page.locator('#complaint-description').fill('حفرة عميقة في الرصيف قرب محطة الحافلات.');
    await page.locator('.map .leaflet-tile-loaded').first().waitFor();
    await page.locator('.map-tools button.button.secondary').click();
    await page.waitForFunction(() => (document.querySelector('input[name="latitude"]') as HTMLInputElement | null)?.value === '33.573100');
    assert.equal(await page.locator('input[name="longitude"]').inputValue(), '-7.589800');
    await page.locator('#complaint-photos').setInputFiles(picture);
    await page.locator('#complaint-email').fill('sakina@example.ma');
    await shot(page, 'form-located', 'ar');
    await submit(page);
    assert.match(page.url(), /\/ar\/complaints\/private\/[A-Za-z0-9_-]{20,}\?filed=1$/);
    filed = { tracking: await text(page, '[data-testid="tracking"]'), link: await page.locator('#private-link').inputValue() };
    assert.match(filed.tracking, TRACKING);
    assert.equal(await page.locator('main .photos img').count(), 1, 'the resident sees their own photo');
    // Not public before review.
    await page.goto(server.url(HOST, `/ar/complaints/${filed.tracking}`));
    assert.equal(await page.locator('main .photos img').count(), 0, 'no photo in public before staff review');
  });

  await onPhone(true, async ({ page }) => {
    await page.goto(server.url(HOST, '/ar/admin/complaints'));
    await page.locator('input[name="email"]').fill('supervisor@casablanca.demo.jamaa.ma');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/ar\/admin\/complaints$/), page.locator('main form button[type="submit"]').click()]);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    const row = page.locator('.queue li').filter({ hasText: filed.tracking });
    await Promise.all([page.waitForURL(/\/ar\/admin\/complaints\/[0-9a-f-]{36}$/), row.locator('a.number').click()]);
    assert.match(await text(page, 'main'), /sakina@example\.ma/);
    // Blur a part of the photo (a plate, a face) before publishing it: the original is replaced.
    const before = await page.locator('.photos img').first().getAttribute('src');
    await page.locator('.photos details.blur summary').first().click();
    await page.locator('#blur-0-x').fill('40');
    await page.locator('#blur-0-width').fill('20');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form[action="?/blur"] button[type="submit"]').first().click()]);
    await page.locator('[role="status"]', { hasText: /تمويه/ }).waitFor();
    assert.notEqual(await page.locator('.photos img').first().getAttribute('src'), before, 'the blurred photo replaces the original');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('.photos button[value="published"]').first().click()]);
    await page.waitForLoadState('networkidle');
    await page.locator('#reply-body').fill('تم إصلاح الرصيف صباح اليوم. شكرا على تبليغكم.');
    await page.locator('#reply-state').selectOption('resolved');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form[action="?/reply"] button[type="submit"]').click()]);
    await page.waitForLoadState('networkidle');
    await page.locator('.history', { hasText: 'تم إصلاح الرصيف' }).waitFor();
    await shot(page, 'console-detail', 'ar');
  });

  await onPhone(false, async ({ page }) => {
    await page.goto(filed.link);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.match(await text(page, '.replies'), /تم إصلاح الرصيف صباح اليوم/);
    assert.match(await text(page, '.timeline [aria-current="step"]'), /تمت المعالجة/);
    await shot(page, 'answered', 'ar');
    // The published photo is now public, the resident's e-mail never.
    await page.goto(server.url(HOST, `/ar/complaints/${filed.tracking}`));
    assert.equal(await page.locator('main .photos img').count(), 1);
    assert.doesNotMatch(await text(page, 'main'), /sakina@example\.ma/);
  });
});

test('on a weak connection, what a resident types and chooses before the page’s script arrives is kept', async () => {
  const { server } = e2e();
  await onPhone(true, async ({ page }) => {
    await blankTiles(page);
    // The page's scripts are held back as on a slow line: first all of them, then the page's own parts
    // (the app has started, the page is not yet live).
    const held: (() => Promise<void>)[] = [];
    let stage: 'none' | 'app' | 'all' = 'none';
    await page.route('**/_app/immutable/**/*.js', (route) => {
      if (stage === 'all' || (stage === 'app' && !route.request().url().includes('/nodes/'))) return route.continue();
      held.push(() => route.continue());
    });
    const release = async (to: 'app' | 'all') => {
      stage = to;
      for (const go of held.splice(0)) await go();
    };
    await page.goto(server.url(HOST, '/fr/complaints/new'), { waitUntil: 'domcontentloaded' });
    const asked = (await page.locator('fieldset.questions').first().getAttribute('data-category')) ?? '';
    assert.ok(asked, 'a category asks questions');
    await page.locator(`input[name="category"][value="${asked}"]`).check();
    await page.locator('#complaint-description').fill('Trois lampadaires éteints dans la rue des Orangers.');

    await release('app');
    await page.locator('html[data-app-started]').waitFor({ state: 'attached' });
    await page.locator('input[name="anonymous"][value="true"]').check();
    await page.locator('#complaint-address').fill('Rue des Orangers, près de l’école');
    assert.equal(await page.locator('html[data-hydrated]').count(), 0, 'the page is not live yet');

    await release('all');
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#complaint-description').inputValue(), 'Trois lampadaires éteints dans la rue des Orangers.');
    assert.equal(await page.locator('#complaint-address').inputValue(), 'Rue des Orangers, près de l’école');
    assert.equal(await page.locator(`input[name="category"][value="${asked}"]`).isChecked(), true, 'the category tapped early is still chosen');
    assert.equal(await page.locator('input[name="anonymous"][value="true"]').isChecked(), true);
    // The page follows what was chosen: only that category's questions, no contact fields.
    assert.equal(await page.locator(`fieldset.questions[data-category="${asked}"]`).isVisible(), true);
    assert.equal(await page.locator('fieldset.questions:visible').count(), 1);
    assert.equal(await page.locator('#complaint-email').isVisible(), false);
    // This page's own `load` may come after it went live (its scripts were held): the next one is the answer's.
    await page.waitForLoadState('load');
    await submit(page);
    assert.match(page.url(), /\/fr\/complaints\/private\/[A-Za-z0-9_-]{20,}\?filed=1$/, `${page.url()}: ${(await page.locator('[role="alert"], .error').allTextContents()).join(' | ')}`);
    assert.match(await text(page, 'main'), /Trois lampadaires éteints/);
  });
});

test('a neighbour adds "me too" from the public list, JavaScript off', async () => {
  const { server } = e2e();
  // A fresh open complaint, filed by address.
  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, '/fr/complaints/new'));
    await page.locator('input[name="category"]').first().check();
    await page.locator('#complaint-description').fill('Dépôt sauvage de déchets au coin de la rue.');
    await page.locator('#complaint-address').fill('Angle rue 5 et rue 7');
    await page.locator('input[name="anonymous"][value="true"]').check();
    await submit(page);
    const tracking = await text(page, '[data-testid="tracking"]');
    await page.goto(server.url(HOST, '/fr/complaints'));
    const item = page.locator('.list li').filter({ hasText: tracking });
    assert.equal(await item.count(), 1);
    assert.doesNotMatch(await text(page, 'main'), /Dépôt sauvage/, 'unreviewed text is not public');
    await submit(page, `.list li#c-${tracking} form button`);
    assert.match(await text(page, `#c-${tracking} [role="status"]`), /Merci, c’est noté/);
    assert.match(await text(page, `#c-${tracking}`), /1 personne concernée/);
    await shot(page, 'list-me-too', 'fr');
  });
});

test('an agent files for a caller at the counter: a refused mobile is said so, the receipt prints alone with the number, link and QR code, the SMS waits in the outbox, and a starter template answers', async () => {
  const { server } = e2e();
  await onPhone(true, async ({ page }) => {
    await blankTiles(page);
    await page.goto(server.url(HOST, '/fr/admin/complaints/new'));
    await page.locator('input[name="email"]').fill('supervisor@casablanca.demo.jamaa.ma');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/fr\/admin\/complaints\/new$/), page.locator('main form button[type="submit"]').click()]);
    await page.locator('#complaint-channel').selectOption('counter');
    // The resident's language starts at the commune's default (Arabic), not the console's; this caller speaks French.
    assert.equal(await page.locator('#complaint-locale').inputValue(), 'ar');
    await page.locator('#complaint-locale').selectOption('fr');
    await page.locator('input[name="category"][value="cleanliness"]').check();
    await page.locator('#complaint-description').fill('Dépôt sauvage devant l’école, signalé au guichet.');
    await page.locator('#complaint-address').fill('Rue des Orangers, Anfa');
    await page.locator('#complaint-name').fill('Khadija');
    await page.locator('#complaint-phone').fill('0522 12 34 56');
    await page.locator('input[name="receiptBy"][value="sms"]').check();
    await submit(page);
    assert.match(await text(page, 'main'), /pas un numéro de portable marocain/, 'a landline is refused for the SMS, in French');

    await page.locator('#complaint-phone').fill('06 12 34 56 78');
    if (await page.locator('input[name="category"][value="cleanliness"]').isChecked() === false) await page.locator('input[name="category"][value="cleanliness"]').check();
    await Promise.all([page.waitForURL(/\/fr\/admin\/complaints\/receipt\/[A-Za-z0-9_-]+\?sms=held$/), page.locator('main form[enctype] button[type="submit"]').click()]);
    const tracking = await text(page, '[data-testid="tracking"]');
    assert.match(tracking, TRACKING);
    const link = (await page.locator('.receipt .link a').getAttribute('href')) ?? '';
    assert.ok(link.startsWith(server.url(HOST, '/fr/complaints/private/')), `the link is on the tenant's origin, in the resident's language: ${link}`);
    assert.equal(await page.locator('.receipt').getAttribute('lang'), 'fr', 'the receipt reads in the resident\'s language');
    assert.equal(await page.locator('.receipt .qr svg').count(), 1, 'the QR code is drawn');
    assert.match(await text(page, '[role="status"]'), /boîte d’envoi/, 'the agent is told the SMS is held (no gateway)');

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.console-bar').isVisible(), false, 'the console bar is not printed');
    assert.equal(await page.locator('nav.sections').isVisible(), false, 'nor the sections');
    assert.equal(await page.locator('.no-print').first().isVisible(), false, 'nor the links and the print button');
    assert.equal(await page.locator('.receipt').isVisible(), true);
    await shot(page, 'console-receipt-print', 'fr');
    await page.emulateMedia({ media: 'screen' });

    // The starter set: picking "resolved" fills the reply in the resident's language and the next state.
    await page.goto(server.url(HOST, '/fr/admin/complaints'));
    await Promise.all([page.waitForURL(/\/fr\/admin\/complaints\/[0-9a-f-]{36}$/), page.locator('.queue li').filter({ hasText: tracking }).locator('a.number').click()]);
    // Picking a template fills the text by script: wait for the page to be live (a loaded machine may
    // still be hydrating it), then for the text.
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    const resolved = page.locator('#reply-template option', { hasText: 'Réclamation traitée' });
    await page.locator('#reply-template').selectOption((await resolved.getAttribute('value')) ?? '');
    await page.waitForFunction(() => (document.querySelector('#reply-body') as HTMLTextAreaElement | null)?.value.includes('Le problème signalé a été traité'));
    const rejected = page.locator('#reply-template option', { hasText: 'Réclamation non retenue' });
    await page.locator('#reply-template').selectOption((await rejected.getAttribute('value')) ?? '');
    await page.waitForFunction(() => /décret n° 2\.17\.265.*tribunal compétent/s.test((document.querySelector('#reply-body') as HTMLTextAreaElement | null)?.value ?? ''));
    assert.equal(await page.locator('#reply-state').inputValue(), 'rejected');
  });
});
