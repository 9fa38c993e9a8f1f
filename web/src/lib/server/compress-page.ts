// Compression of a page web has in hand and does not keep (hooks.server.ts).
import { compressPage, pickEncoding } from '#lib/server/api.ts';

/**
 * An anonymous page that is not kept (a search, a page made while its tenant changed), compressed here
 * from the bytes in hand, as kept pages are (the page cache's `compressPage`), rather than by
 * server.ts's streaming compression: a stream holds a zlib state and buffers of its own (≈230 KB) while the
 * page is written, and 64 connections of searches left glibc's main heap 15–16 MB larger for good against
 * 4–6 MB this way, for less CPU a page (docs/performance.md, h74). Under 1 KB, for a HEAD, or for a client
 * that takes no compression, the answer goes as it is (server.ts's compression may still take it).
 */
export function compressedAtOnce(request: Request, page: { response: Response; body: Uint8Array | null }): Response {
  const { response, body } = page;
  if (body === null || request.method !== 'GET' || response.status !== 200 || body.byteLength < 1024 || response.headers.has('content-encoding')) return response;
  const encoding = pickEncoding(request.headers.get('accept-encoding'));
  if (encoding === 'identity') return response;
  const bytes = compressPage(body, encoding);
  const headers = new Headers(response.headers);
  headers.set('content-encoding', encoding);
  headers.set('content-length', String(bytes.byteLength));
  headers.append('vary', 'Accept-Encoding');
  return new Response(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { status: 200, headers });
}
