// What a first visit of a home page transfers: the page and everything the browser then loads (CSS, JS,
// fonts, images), each fetched again here with `Accept-Encoding: br, gzip` and counted as sent on the
// wire (compressed body, headers not counted). The list of resources comes from Chromium when it is
// installed (it loads only the fonts the page's text needs); without it, from the page's own links.
import http from 'node:http';
import fs from 'node:fs';

export interface Transfer {
  locale: string;
  host: string;
  html: number;
  css: number;
  js: number;
  fonts: number;
  other: number;
  total: number;
  /** `chromium` or `links` (the page's link tags only: fonts loaded by CSS are missed). */
  via: string;
}

/** GET with br/gzip accepted; the body's size as received, and the body itself when it is not compressed. */
export function rawGet(port: number, host: string, path: string, acceptEncoding = 'br, gzip'): Promise<{ status: number; bytes: number; encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, headers: { host: `${host}:${port}`, 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, encoding: String(res.headers['content-encoding'] ?? 'identity'), body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout on ${host}${path}`)));
  });
}

type Kind = 'html' | 'css' | 'js' | 'fonts' | 'other';

function kindOf(url: string, resourceType?: string): Kind {
  if (resourceType === 'document') return 'html';
  if (resourceType === 'stylesheet' || /\.css(\?|$)/.test(url)) return 'css';
  if (resourceType === 'script' || /\.m?js(\?|$)/.test(url)) return 'js';
  if (resourceType === 'font' || /\.(woff2?|ttf|otf)(\?|$)/.test(url)) return 'fonts';
  return 'other';
}

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

async function resourcesByChromium(port: number, host: string, path: string): Promise<{ url: string; kind: Kind }[] | null> {
  if (!CHROMIUM) return null;
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch {
    return null;
  }
  const browser = await pw.chromium.launch({ executablePath: CHROMIUM, args: [`--host-resolver-rules=MAP * 127.0.0.1`] });
  try {
    const page = await browser.newPage();
    const seen: { url: string; kind: Kind }[] = [];
    page.on('requestfinished', (req) => seen.push({ url: req.url(), kind: kindOf(req.url(), req.resourceType()) }));
    await page.goto(`http://${host}:${port}${path}`, { waitUntil: 'networkidle' });
    return seen;
  } finally {
    await browser.close();
  }
}

function resourcesByLinks(html: string, base: string): { url: string; kind: Kind }[] {
  const found: { url: string; kind: Kind }[] = [{ url: base, kind: 'html' }];
  for (const m of html.matchAll(/<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    const url = new URL(m[1] as string, base).toString();
    if (/rel="(?:alternate|canonical|icon|manifest)"/.test(tag)) continue;
    found.push({ url, kind: kindOf(url, /as="font"/.test(tag) ? 'font' : undefined) });
  }
  for (const m of html.matchAll(/import\("([^"]+)"\)/g)) found.push({ url: new URL(m[1] as string, base).toString(), kind: 'js' });
  return found;
}

export async function firstVisit(port: number, host: string, locale: string): Promise<Transfer> {
  const path = `/${locale}`;
  const base = `http://${host}:${port}${path}`;
  let list = await resourcesByChromium(port, host, path).catch((err: unknown) => {
    console.warn(`bench: Chromium could not load ${base} (${String(err)}); counting the page's links only`);
    return null;
  });
  const via = list ? 'chromium' : 'links';
  if (!list) list = resourcesByLinks((await rawGet(port, host, path, 'identity')).body.toString('utf8'), base);
  const sizes: Record<Kind, number> = { html: 0, css: 0, js: 0, fonts: 0, other: 0 };
  const done = new Set<string>();
  for (const r of list) {
    if (done.has(r.url) || r.url.startsWith('data:')) continue;
    done.add(r.url);
    const u = new URL(r.url);
    const got = await rawGet(port, host, u.pathname + u.search);
    sizes[r.kind] += got.bytes;
  }
  return { locale, host, ...sizes, total: sizes.html + sizes.css + sizes.js + sizes.fonts + sizes.other, via };
}
