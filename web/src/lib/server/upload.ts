// Raw request bodies for the API (the logo): the typed client builds JSON and forms only, so the bytes
// go through its `init`, with the same host, cookie and forwarded headers as every other call.
import type { RequestEvent } from '@sveltejs/kit';
import { clientFor } from './api.ts';

/** PUT /api/v1/admin/branding/logo with the file's bytes and its type. */
export async function putLogo(event: RequestEvent, file: File): Promise<Response> {
  const body = new Uint8Array(await file.arrayBuffer());
  const logo = clientFor(event).api.v1.admin.branding.logo;
  // The route's body is an image, which the client does not type: the header and body are given as is.
  const put = logo.$put as unknown as (args: { header: Record<string, string> }, options: { init: RequestInit }) => Promise<Response>;
  return put({ header: { 'content-type': file.type } }, { init: { body } });
}

/**
 * POST /api/v1/admin/content/{id}/files with a file's bytes: an image (re-encoded by the API) or a PDF,
 * judged from the bytes there. `tenant` writes to an arrondissement's site.
 */
export async function postContentFile(event: RequestEvent, id: string, file: File, query: { purpose: 'image' | 'document'; name?: string; lang: 'ar' | 'fr' | 'zgh'; tenant?: string }): Promise<Response> {
  const body = new Uint8Array(await file.arrayBuffer());
  const files = clientFor(event).api.v1.admin.content[':id'].files;
  // The route's body is raw bytes, which the client does not type: the header and body are given as is.
  // The headers go in `header`, merged with the client's forwarded ones (Origin, request id…): headers in
  // `init` would replace those, and the API would refuse the upload as a cross-site request.
  const post = files.$post as unknown as (args: { param: { id: string }; query: Record<string, string>; header: Record<string, string> }, options: { init: RequestInit }) => Promise<Response>;
  const q: Record<string, string> = { purpose: query.purpose, lang: query.lang };
  if (query.name) q.name = query.name;
  if (query.tenant) q.tenant = query.tenant;
  return post({ param: { id }, query: q, header: { 'content-type': file.type || 'application/octet-stream', 'content-length': String(body.byteLength) } }, { init: { body } });
}
