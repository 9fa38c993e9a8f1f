import type { Context } from 'hono';
import type { Logger } from 'pino';
import { AppError } from '../shared/errors.ts';
import type { FileRow } from './files.repository.ts';
import { openFile } from './files.service.ts';
import type { Storage } from './storage.ts';

export interface FileResponseOptions {
  /** `Cache-Control` of the answer (and of a 304). */
  cacheControl: string;
  /** Extra headers, e.g. a Content-Security-Policy for an SVG, or a Content-Disposition. */
  headers?: Record<string, string>;
  logger?: Logger;
}

/** Whether `If-None-Match` names `etag` (a list, `*`, or a weak form of it). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * Answers a stored file: its bytes streamed from storage (never held whole) with `Content-Length`, its
 * SHA-256 as `ETag` (`304` when the client has it, without touching storage), the given caching, and
 * `nosniff` so a browser keeps to the type that was judged from the bytes at upload.
 */
export async function fileResponse(c: Context, storage: Storage, file: FileRow, options: FileResponseOptions): Promise<Response> {
  const etag = `"${file.sha256}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', options.cacheControl);
  c.header('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(options.headers ?? {})) c.header(name, value);
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  // Hono answers HEAD with the GET handler and drops the body: never open a stream nobody reads (a
  // file handle, or an S3 connection, would stay open).
  if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': file.contentType, 'Content-Length': String(file.size) });
  const object = await openFile(storage, file);
  if (!object) {
    options.logger?.error({ fileId: file.id, tenantId: file.tenantId, key: file.storageKey }, 'a file row points at no stored bytes');
    throw new AppError('NOT_FOUND', 'this file is not available');
  }
  return c.body(object.body, 200, { 'Content-Type': file.contentType, 'Content-Length': String(object.size) });
}
