import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { AppError } from '../shared/errors.ts';
import type { AppEnv } from './context.ts';

/** What any request may send unless its route says otherwise: a JSON form, a sign-in. */
export const DEFAULT_BODY_MAX_BYTES = 64 * 1024;
/** Objects and arrays nested deeper than this are refused before `JSON.parse` sees them. */
export const JSON_MAX_DEPTH = 32;

const OWN_LIMIT = Symbol('jamaa.bodyLimit');
type Settled = Required<BodyLimitOptions>;
type Marked = MiddlewareHandler<AppEnv> & { [OWN_LIMIT]?: Settled };

export interface BodyLimitOptions {
  maxBytes: number;
  /** The error for a body over `maxBytes`; `PAYLOAD_TOO_LARGE` by default. */
  tooLarge?: (maxBytes: number) => AppError;
}

function payloadTooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `the request body is over ${maxBytes} bytes`, { maxBytes });
}

/**
 * Whether a JSON text nests objects or arrays deeper than `maxDepth`: one pass over the bytes, brackets
 * inside strings ignored. UTF-8 continuation bytes are never ASCII, so bytes are scanned as they are.
 * Malformed JSON is left to the parser (which refuses it); this only bounds its work.
 *
 * @example jsonNestsDeeperThan(new TextEncoder().encode('[[["]]]]]]"]]]'), 2) // → true
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
}

const JSON_MEDIA = /^application\/([a-z0-9.+-]*\+)?json$/i;

function isJson(c: Context): boolean {
  const type = (c.req.header('content-type') ?? '').split(';', 1)[0]?.trim() ?? '';
  return JSON_MEDIA.test(type);
}

/** The Content-Length the client declared, when it declared a valid one. */
function declaredLength(c: Context): number | null {
  const value = c.req.header('content-length');
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * Reads the body counting bytes as they arrive and stops at the first byte over `maxBytes`, whatever
 * Content-Length says (a declared length over the limit is refused before reading anything). A JSON body
 * nested deeper than `JSON_MAX_DEPTH` is refused (`400 JSON_TOO_DEEP`). The bytes then replace the
 * request's body, so the route's validator parses text already bounded.
 */
async function readBounded(c: Context<AppEnv>, options: Settled): Promise<void> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return;
  let body: ReadableStream<Uint8Array> | null;
  try {
    body = c.req.raw.body;
  } catch {
    // The Node adapter builds the Request from the Host header on first use: a Host that makes no URL
    // (`999.999.999.999`) is the client's mistake, not ours.
    throw new AppError('BAD_HOST', 'The Host header is not a valid host name');
  }
  if (!body) return;
  const declared = declaredLength(c);
  if (declared !== null && declared > options.maxBytes) throw options.tooLarge(options.maxBytes);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > options.maxBytes) {
      // Stop reading here: the server discards (or cuts off) the rest, and nothing more is kept.
      reader.cancel().catch(() => {});
      throw options.tooLarge(options.maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  if (isJson(c) && jsonNestsDeeperThan(bytes, JSON_MAX_DEPTH)) {
    throw new AppError('JSON_TOO_DEEP', `the JSON body nests deeper than ${JSON_MAX_DEPTH} levels`, { maxDepth: JSON_MAX_DEPTH });
  }
  c.req.raw = new Request(c.req.raw, { body: bytes });
}

/**
 * A route that takes more than the default (an upload) declares its own limit in its middleware list,
 * after its authorization: its body is then read only for callers allowed to send it.
 *
 * @example createRoute({ …, middleware: [admin, bodyLimit({ maxBytes: LOGO_MAX_BYTES })] as const })
 */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const settled: Settled = { maxBytes: options.maxBytes, tooLarge: options.tooLarge ?? payloadTooLarge };
  const handler: Marked = createMiddleware<AppEnv>(async (c, next) => {
    await readBounded(c, settled);
    await next();
  });
  handler[OWN_LIMIT] = settled;
  return handler;
}

/**
 * For a route that streams its body to where it goes (an upload to file storage) and counts the bytes
 * itself as they pass: the app-wide reader leaves the body alone, and a declared length over `maxBytes`
 * is refused here, before anything is read.
 */
export function streamedBodyLimit(options: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const settled: Settled = { maxBytes: options.maxBytes, tooLarge: options.tooLarge ?? payloadTooLarge };
  const handler: Marked = createMiddleware<AppEnv>(async (c, next) => {
    const declared = declaredLength(c);
    if (declared !== null && declared > settled.maxBytes) throw settled.tooLarge(settled.maxBytes);
    await next();
  });
  handler[OWN_LIMIT] = settled;
  return handler;
}

/** The limit a matched route declared with `bodyLimit` or `streamedBodyLimit`, if any. */
function ownLimit(c: Context<AppEnv>): Settled | undefined {
  for (const route of matchedRoutes(c)) {
    // A sub-app with its own error handler wraps its handlers; the original is kept beside the wrapper.
    const handler = route.handler as Marked & { __COMPOSED_HANDLER?: Marked };
    const limit = handler[OWN_LIMIT] ?? handler.__COMPOSED_HANDLER?.[OWN_LIMIT];
    if (limit !== undefined) return limit;
  }
  return undefined;
}

/**
 * App-wide, before any other work: every request body is read within `DEFAULT_BODY_MAX_BYTES` (and its
 * JSON depth checked) before a route sees it. A route with its own `bodyLimit` is only held to its
 * declared Content-Length here, and read by that middleware once the caller is known.
 */
export function defaultBodyLimit(maxBytes = DEFAULT_BODY_MAX_BYTES): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const own = ownLimit(c);
    if (own === undefined) {
      await readBounded(c, { maxBytes, tooLarge: payloadTooLarge });
    } else {
      const declared = declaredLength(c);
      if (declared !== null && declared > own.maxBytes) throw own.tooLarge(own.maxBytes);
    }
    await next();
  });
}
