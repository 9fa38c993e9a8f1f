import { createMiddleware } from 'hono/factory';
import { AppError } from '../shared/errors.ts';
import type { AppEnv } from './context.ts';
import { STAFF_PATHS } from './request.ts';

/** Adds `Retry-After` to a 429 whose error carries `retryAfterSeconds` (sign-in lockouts, new devices locked, throttled submissions). */
export function retryAfterHeader() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const err = c.error;
    if (err instanceof AppError && err.status === 429) {
      const seconds = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (seconds) c.res.headers.set('Retry-After', String(seconds));
    }
  });
}

/** Staff answers are personal (sessions, staff lists, audit): no browser or proxy may keep them. */
export function noStoreForStaff() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (STAFF_PATHS.test(c.req.path) && !c.res.headers.has('cache-control')) c.res.headers.set('Cache-Control', 'no-store');
  });
}
