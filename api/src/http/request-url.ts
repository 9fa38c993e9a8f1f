import type { Context } from 'hono';

/**
 * The request's URL, or null when its Host makes it unparsable (`999.999.999.999` is no valid IPv4, so
 * `new URL` throws). Such a request is refused with 400 BAD_HOST by tenant resolution; code that runs on
 * every request (headers, CSRF, logging) must not turn it into a 500 first.
 */
export function requestUrl(c: Context): URL | null {
  try {
    return new URL(c.req.url);
  } catch {
    return null;
  }
}
