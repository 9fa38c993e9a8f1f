// The page cache as the production server uses it (server.ts and hooks.server.ts): anonymous public
// pages come from memory the second time; signed-in visitors, forms with one-time tokens and the
// console never do. (Invalidation is tested in api/src/http/page-cache.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2e, get } from '../support.ts';

const cached = (headers: Record<string, string | string[] | undefined>) => headers['x-page-cache'] === 'hit';

test('page cache: a home page is served from memory the second time, the same bytes, per host', async () => {
  const { port } = e2e().server;
  const first = await get(port, 'tetouan.localhost', '/fr/news');
  assert.equal(first.status, 200);
  const second = await get(port, 'tetouan.localhost', '/fr/news');
  assert.ok(cached(second.headers), 'second visit from the cache');
  assert.equal(second.body, first.body);
  assert.equal(second.headers.etag, first.headers.etag);
  assert.equal(second.headers['cache-control'], 'public, max-age=0, must-revalidate');
  assert.equal((await get(port, 'tetouan.localhost', '/fr/news', { 'if-none-match': String(first.headers.etag) })).status, 304);
  // Another commune at the same path gets its own page.
  await get(port, 'ben-guerir.localhost', '/fr/news');
  const other = await get(port, 'ben-guerir.localhost', '/fr/news');
  assert.ok(cached(other.headers));
  assert.notEqual(other.body, second.body);
});

test('page cache: a request with a cookie, a form with a one-time token and the console are made afresh', async () => {
  const { port } = e2e().server;
  await get(port, 'tetouan.localhost', '/fr');
  const signedIn = await get(port, 'tetouan.localhost', '/fr', { cookie: 'jamaa_session=whatever' });
  assert.equal(signedIn.status, 200);
  assert.ok(!cached(signedIn.headers), 'a cookie bypasses the cache');
  for (let i = 0; i < 2; i++) {
    const form = await get(port, 'tetouan.localhost', '/fr/complaints/new');
    assert.ok(!cached(form.headers), 'a complaint form is never kept');
  }
  await get(port, 'tetouan.localhost', '/fr/admin');
  assert.ok(!cached((await get(port, 'tetouan.localhost', '/fr/admin')).headers));
});

test('page cache: a page many ask for at once is made once; the others get the same bytes from memory', async () => {
  const { port } = e2e().server;
  // A service page no other test opens, asked for by eight visitors at the same moment.
  const answers = await Promise.all(Array.from({ length: 8 }, () => get(port, 'ben-guerir.localhost', '/fr/services/classified-establishment-licence')));
  for (const answer of answers) assert.equal(answer.status, 200);
  const made = answers.filter((a) => a.headers['x-page-cache'] !== 'hit');
  assert.ok(made.length <= 1, `made ${made.length} times`);
  assert.equal(new Set(answers.map((a) => a.body)).size, 1);
});
