/**
 * `throttleSubmissions(deps, { operation })`: Hono middleware refusing an anonymous submission beyond the
 * tenant's and the client address's token buckets (`throttling.service.ts`) with
 * `429 TOO_MANY_SUBMISSIONS`, `details.retryAfterSeconds` and a `Retry-After` header (set by
 * `retryAfterHeader` for every 429 that carries a wait). The client address is the one `clientIp` trusts
 * (the in-process caller's, or the last proxy hop when `TRUST_PROXY`).
 *
 * Mount it on a route of the public group (which resolves the tenant), after `idempotent` (a replayed
 * answer costs nothing):
 * @example
 *   createRoute({ method: 'post', path: '/complaints', middleware: [idempotent(deps, { scope: 'complaints.create' }), throttleSubmissions(deps, { operation: 'complaints.create' })], … })
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { clientIp } from '../http/request.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import { admitSubmission, PER_ADDRESS, PER_TENANT, type BucketRule } from './throttling.service.ts';

export interface ThrottleOptions {
  operation: string;
  perAddress?: BucketRule;
  perTenant?: BucketRule;
  /** Requests that are not throttled (a counter agent filing on a resident's behalf, for instance). */
  skip?: (c: Context<AppEnv>) => boolean;
}

export function throttleSubmissions(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, options: ThrottleOptions) {
  const rules = { perAddress: options.perAddress ?? PER_ADDRESS, perTenant: options.perTenant ?? PER_TENANT };
  return createMiddleware<AppEnv>(async (c, next) => {
    if (options.skip?.(c)) return next();
    const attempt = { tenantId: c.get('resolved').tenant.id, operation: options.operation, address: clientIp(c, deps.config), now: deps.clock() };
    const verdict = await admitSubmission(deps.db, attempt, rules);
    if (!verdict.allowed) {
      throw new AppError('TOO_MANY_SUBMISSIONS', 'too many submissions; retry later', { retryAfterSeconds: verdict.retryAfterSeconds });
    }
    await next();
  });
}
