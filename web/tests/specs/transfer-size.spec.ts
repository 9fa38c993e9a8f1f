// What a first visit of a home page costs a phone on a slow network: bytes on the wire (compressed), by
// kind, in every language, against the budget of issue 14 (under 100 kB in all, 25 kB of JavaScript,
// 15 kB of HTML). Prints the figures; `--test-name-pattern 'first visit'` runs it alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2e } from '../support.ts';

const HOSTS = ['casablanca.localhost', 'ben-guerir.localhost', 'anfa.casablanca.localhost'];
const LOCALES = ['ar', 'fr', 'zgh'] as const;

interface Transfer {
  bytes: Record<string, number>;
  fonts: string[];
}

/** Bytes received for every request of a first visit (a fresh browser context: nothing cached), by resource type. */
async function firstVisit(url: string): Promise<Transfer> {
  const context = await e2e().browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const types = new Map<string, string>();
    const urls = new Map<string, string>();
    const bytes: Record<string, number> = {};
    cdp.on('Network.responseReceived', (e) => {
      types.set(e.requestId, e.type);
      urls.set(e.requestId, e.response.url);
    });
    cdp.on('Network.loadingFinished', (e) => {
      const type = (types.get(e.requestId) ?? 'Other').toLowerCase();
      bytes[type] = (bytes[type] ?? 0) + e.encodedDataLength;
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForLoadState('networkidle');
    const fonts = [...types].filter(([, type]) => type === 'Font').map(([id]) => (urls.get(id) ?? '').replace(/^.*\//, ''));
    return { bytes, fonts };
  } finally {
    await context.close();
  }
}

test('a first visit of a home page stays under 100 kB compressed in every language, with under 25 kB of JavaScript and 15 kB of HTML', async () => {
  const { server } = e2e();
  const rows: string[] = [];
  const problems: string[] = [];
  for (const host of HOSTS) {
    for (const locale of LOCALES) {
      const { bytes, fonts } = await firstVisit(server.url(host, `/${locale}`));
      const total = Object.values(bytes).reduce((a, b) => a + b, 0);
      const [html, css, js, font] = [bytes.document ?? 0, bytes.stylesheet ?? 0, bytes.script ?? 0, bytes.font ?? 0];
      rows.push(`${`${host}/${locale}`.padEnd(34)} ${kb(total)} ${kb(html)} ${kb(css)} ${kb(js)} ${kb(font)} ${kb(total - html - css - js - font)}  ${fonts.join(' ')}`);
      if (total >= 100_000) problems.push(`${host}/${locale}: ${total} bytes in all`);
      if (js >= 25_000) problems.push(`${host}/${locale}: ${js} bytes of JavaScript`);
      if (html >= 15_000) problems.push(`${host}/${locale}: ${html} bytes of HTML`);
      // Only the face of the page's language (Tifinagh words in the language switcher take theirs too).
      if (locale !== 'ar' && fonts.some((f) => f.includes('arabic'))) problems.push(`${host}/${locale} loaded an Arabic face: ${fonts.join(', ')}`);
    }
  }
  console.log(['first visit (kB on the wire)     total   html    css     js  fonts  other', ...rows].join('\n'));
  assert.deepEqual(problems, []);
});

const kb = (n: number) => (n / 1000).toFixed(1).padStart(6);
