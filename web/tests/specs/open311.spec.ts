// Open311 through the production server: an administrator issues a key in the console (shown once, with
// the address to give the client), a client files a request with it on the commune's host, reads it back
// in XML, and another commune's host does not know it; the dashboard's requests section counts it.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2e, freshTotp, get, onPhone, screenshot } from '../support.ts';

const HOST = 'casablanca.localhost';
const PASSWORD = 'jamaa-demo-2026';

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.locator(button).click()]);
}

function postForm(port: number, host: string, path: string, fields: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { host: `${host}:${port}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('an administrator issues an Open311 key; a client files and reads a request with it through the server', async () => {
  const { server } = e2e();
  let apiKey = '';
  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, '/fr/admin/complaints/keys'));
    await page.locator('input[name="email"]').fill('admin@casablanca.demo.jamaa.ma');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await submit(page, 'main form button[type="submit"]');
    await page.locator('#totp-code').fill(await freshTotp());
    await submit(page, 'form[action^="?/totp"] button');
    assert.match(page.url(), /\/fr\/admin\/complaints\/keys$/);
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(`http://${HOST}:${server.port}/open311/discovery\\.json`), 'the address to give clients');

    await page.locator('#key-name').fill('Agrégateur de quartier');
    await submit(page, 'form[action="?/create"] button[type="submit"]');
    apiKey = ((await page.locator('.alert-success code').textContent()) ?? '').trim();
    assert.match(apiKey, /^o311_/);
    assert.match((await page.locator('ul.keys').textContent()) ?? '', /Agrégateur de quartier/);
    await screenshot(page, 'open311-key-created', 'fr');
    await page.goto(server.url(HOST, '/fr/admin/complaints/keys'));
    assert.equal(await page.locator('.alert-success').count(), 0, 'the key is shown once');
  });

  const filed = await postForm(server.port, HOST, '/open311/v2/requests.json', {
    api_key: apiKey,
    service_code: 'street_lighting',
    description: 'Lampadaire éteint au carrefour',
    lat: '33.5731',
    long: '-7.5898',
    email: 'client@example.ma',
  });
  assert.equal(filed.status, 200, filed.body);
  const [answer] = JSON.parse(filed.body) as { service_request_id: string }[];
  assert.match(answer?.service_request_id ?? '', /^CASA-\d{4}-\d{6}$/);
  assert.equal((await postForm(server.port, HOST, '/open311/v2/requests.json', { service_code: 'street_lighting', description: 'x', lat: '33.57', long: '-7.58' })).status, 403);

  const xml = await get(server.port, HOST, `/open311/v2/requests/${answer?.service_request_id}.xml`);
  assert.equal(xml.status, 200);
  assert.match(String(xml.headers['content-type']), /^text\/xml/);
  // (The API's tests parse every field with an XML parser; here: it is the same document through the server.)
  assert.match(xml.body, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<service_requests><request><service_request_id>${answer?.service_request_id}</service_request_id><status>open</status>`));
  assert.ok(!xml.body.includes('client@example.ma'), 'nothing personal');
  const discovery = JSON.parse((await get(server.port, HOST, '/open311/discovery.json')).body) as { endpoints: { url: string }[] };
  assert.equal(discovery.endpoints[0]?.url, `http://${HOST}:${server.port}/open311/v2`);
  assert.equal((await get(server.port, 'tetouan.localhost', `/open311/v2/requests/${answer?.service_request_id}.json`)).status, 404);

  await onPhone(false, async ({ page }) => {
    await page.goto(server.url(HOST, '/fr/admin'));
    if (page.url().includes('/sign-in')) {
      await page.locator('input[name="email"]').fill('supervisor@casablanca.demo.jamaa.ma');
      await page.locator('input[name="password"]').fill(PASSWORD);
      await submit(page, 'main form button[type="submit"]');
    }
    const section = page.locator('section[aria-labelledby="requests"]');
    assert.equal(await section.count(), 1, 'the dashboard has its requests section');
    assert.equal(await section.locator('a[href$="/fr/admin/complaints?state=open"]').count(), 1);
    await screenshot(page, 'open311-dashboard-requests', 'fr');
  });
});
