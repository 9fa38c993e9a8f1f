import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/availability.ts';
import type { Database } from '../db/database.ts';
import { AppError, type ErrorBody } from '../shared/errors.ts';
import type { AppEnv } from './context.ts';

/** Seconds a client should wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The one place where failures become HTTP responses, all in the same shape. A database that cannot be
 * reached is `503 DATABASE_UNAVAILABLE` with `Retry-After`, logged once per outage by whoever watches
 * `db.health` (the runtime), not once per request.
 */
export function errorResponder(logger: Logger, db?: Pick<Database, 'health'>) {
  return (err: Error, c: Context<AppEnv>) => {
    const requestId = c.get('requestId') ?? 'unknown';
    if (isDatabaseUnavailable(err)) {
      db?.health.markDown(err);
      const body: ErrorBody = { error: { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be reached; retry shortly', requestId } };
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return c.json(body, 503);
    }
    if (err instanceof AppError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details, requestId } };
      return c.json(body, err.status);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const body: ErrorBody = { error: { code: 'BAD_REQUEST', message: err.message, requestId } };
      return c.json(body, err.status);
    }
    logger.error({ err, requestId, path: c.req.path }, 'unhandled error');
    const body: ErrorBody = { error: { code: 'INTERNAL', message: 'Internal error', requestId } };
    return c.json(body, 500);
  };
}
