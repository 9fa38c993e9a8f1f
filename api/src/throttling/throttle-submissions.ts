/**
 * `throttleSubmissions(deps, { operation })`: Hono middleware refusing an anonymous submission beyond the
 * tenant's and the client address's token buckets (`throttling.service.ts`) with
 * `429 TOO_MANY_SUBMISSIONS`, `details.retryAfterSeconds` and a `Retry-After` header (set by
 * `retryAfterHeader` for every 429 that carries a wait). The client address is the one `clientIp` trusts
 * (the in-process caller's, or the last proxy hop when `TRUST_PROXY`).
 *
 * Mount it on a route of the public group (which resolves the tenant). On a route that is also
 * idempotent, give the limit to `idempotent` instead (`submissionLimit`, checked in the key's claim: a
 * replayed answer costs nothing, a refused request claims nothing):
 * @example
 *   createRoute({ method: 'post', path: '/complaints/{tracking}/supporters', middleware: [throttleSubmissions(deps, { operation: 'complaints.me_too' })], … })
 *   idempotent(deps, { scope: 'complaints.create', onClaim: submissionLimit(deps, { operation: 'complaints.create' }) })
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { clientIp } from '../http/request.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import type { ClaimCheck } from '../idempotency/idempotent.ts';
import type { ClaimStep } from '../idempotency/idempotency.service.ts';
import { takeFromBucketsStatement } from './throttling.repository.ts';
import { PER_ADDRESS, PER_TENANT, refuseUnlessTaken, takeTokens, tokensToTake, type BucketRule } from './throttling.service.ts';

export interface ThrottleOptions {
  operation: string;
  perAddress?: BucketRule;
  perTenant?: BucketRule;
  /** Requests that are not throttled (a counter agent filing on a resident's behalf, for instance). */
  skip?: (c: Context<AppEnv>) => boolean;
}

export function throttleSubmissions(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, options: ThrottleOptions) {
  const check = submissionLimit(deps, options);
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!options.skip?.(c)) await withTenant(deps.db, { id: c.get('resolved').tenant.id }, (tx) => check(c, tx));
    await next();
  });
}

/**
 * The same limit as a check inside a transaction of the request's tenant: for `idempotent(deps, { onClaim })`,
 * which makes it in the key's claim, so that a keyed submission opens one transaction before its handler, not
 * two — and, through `inClaim`, in the claim's own statement: the key and the tokens in one round trip.
 * Refused, it throws `429 TOO_MANY_SUBMISSIONS`, and the transaction rolls back: nothing taken, nothing claimed.
 */
export function submissionLimit(deps: Pick<AppDeps, 'clock' | 'config'>, options: ThrottleOptions): ClaimCheck {
  const rules = { perAddress: options.perAddress ?? PER_ADDRESS, perTenant: options.perTenant ?? PER_TENANT };
  const attemptOf = (c: Context<AppEnv>, tenantId: string) => ({ tenantId, operation: options.operation, address: clientIp(c, deps.config), now: deps.clock() });
  const check = async (c: Context<AppEnv>, tx: TenantTx) => {
    if (options.skip?.(c)) return;
    await takeTokens(tx, attemptOf(c, tx.tenantId), rules);
  };
  return Object.assign(check, {
    inClaim(c: Context<AppEnv>): ClaimStep | null {
      if (options.skip?.(c)) return null;
      const tenantId = c.get('resolved').tenant.id;
      const plan = tokensToTake(attemptOf(c, tenantId), rules);
      return {
        statement: (claimed) => takeFromBucketsStatement(tenantId, plan.takes, plan.now, claimed),
        settle: (tx, rows) => refuseUnlessTaken(tx, plan, new Set(rows.map((r) => r.bucket as string))),
      };
    },
  });
}
