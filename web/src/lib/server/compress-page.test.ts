import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressedAtOnce } from './compress-page.ts';

const html = new TextEncoder().encode(`<!doctype html><html><body>${'<p>Légalisation de signature — تصحيح الإمضاء</p>'.repeat(60)}</body></html>`);
const page = (body: Uint8Array<ArrayBuffer> | null = html, status = 200) => ({
  response: new Response(body, { status, headers: { 'content-type': 'text/html', etag: 'W/"x"', vary: 'Accept-Language' } }),
  body,
});
const get = (acceptEncoding: string | null, method = 'GET') => new Request('http://tanger.localhost/fr/search?q=x', { method, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('compressedAtOnce', () => {
  it('answers a phone that takes gzip with the page gzipped, its length and the same ETag', async () => {
    const res = compressedAtOnce(get('gzip, deflate'), page());
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('etag')).toBe('W/"x"');
    expect(res.headers.get('vary')).toBe('Accept-Language, Accept-Encoding');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
    expect(bytes.byteLength).toBeLessThan(html.byteLength / 4);
    expect(new Uint8Array(gunzipSync(bytes))).toEqual(html);
  });

  it('prefers brotli when the browser takes it', async () => {
    const res = compressedAtOnce(get('gzip, deflate, br'), page());
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(new Uint8Array(brotliDecompressSync(new Uint8Array(await res.arrayBuffer())))).toEqual(html);
  });

  it('leaves as it is a page for a client without compression, a HEAD, a small page, or an answer that is no 200', async () => {
    for (const [request, made] of [
      [get(null), page()],
      [get('gzip;q=0'), page()],
      [get('gzip', 'HEAD'), page()],
      [get('gzip'), page(html.slice(0, 500))],
      [get('gzip'), page(html, 404)],
      [get('gzip'), page(null)],
    ] as const) {
      expect(compressedAtOnce(request, made)).toBe(made.response);
    }
  });
});
