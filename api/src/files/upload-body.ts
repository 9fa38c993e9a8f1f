import type { Context } from 'hono';
import type { StorageBody } from './storage.ts';

/** The raw request body as a stream (read as the files service consumes it), or no bytes. */
export function requestBody(c: Context): StorageBody {
  return c.req.raw.body ?? new Uint8Array(0);
}

/** The Content-Length the client gave, if it is a number (the bytes are counted anyway). */
export function declaredSizeOf(c: Context): number | null {
  const header = c.req.header('content-length');
  if (header === undefined || !/^\d{1,15}$/.test(header.trim())) return null;
  return Number(header);
}
