import { createMiddleware } from 'hono/factory';
import type { StaffRole } from '../db/schema.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './cookies.ts';
import { validateSessionToken, type ValidatedSession } from './sessions.service.ts';

/** A tenant role, or the national operator (on the platform host only). */
export type AccessRole = StaffRole | 'operator';

export interface RequireStaffOptions {
  /** Who may call. An administrator passes every tenant role of its tenant. `'any'`: every signed-in staff member. */
  roles: readonly AccessRole[] | 'any';
  /** Lets a session that still owes its second factor through (the TOTP/recovery routes and sign-out). */
  allowPending?: boolean;
  /**
   * Refuses (403 TWO_FACTOR_ENROLMENT_REQUIRED) an account whose second factor the operator reset, until
   * it enrols a new one. Set on the console's groups (`/admin`, `/operator`); the `/auth` routes that
   * enrol, sign out and say who is signed in leave it off.
   */
  requireEnrolled?: boolean;
}

/**
 * Resolves the session for the request's tenant and checks the role: 401 UNAUTHENTICATED without a
 * usable session (another tenant's session included), 401 TWO_FACTOR_REQUIRED before the second factor,
 * 403 FORBIDDEN for the wrong role. Sets `c.var.staff`. Runs after `tenantFromHost`.
 *
 * @example
 *   const staffApi = newRouter(); staffApi.use(requireStaff(deps, { roles: 'any' })); // once per group, in app.ts
 */
export function requireStaff(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, options: RequireStaffOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = sessionToken(c);
    if (!token) throw new AppError('UNAUTHENTICATED', 'sign in first');
    const now = deps.clock();
    const validate = () => validateSessionToken(deps.db, c.var.resolved.tenant, token, now, { days: deps.config.sessionDays });
    const { validated, shared } = await validatedOnce(c.env?.sessionChecks, c.req.method, `${c.var.resolved.tenant.id}|${token}`, validate);
    if (!validated) {
      clearSessionCookie(c);
      throw new AppError('UNAUTHENTICATED', 'the session is not valid on this site');
    }
    const { principal } = validated;
    if (!principal.twoFactorVerified && !options.allowPending) throw new AppError('TWO_FACTOR_REQUIRED', 'finish signing in with your second factor');
    if (options.requireEnrolled && principal.twoFactorEnrolmentRequired) {
      throw new AppError('TWO_FACTOR_ENROLMENT_REQUIRED', 'set up a new second factor first');
    }
    if (!mayAct(principal, options.roles)) throw new AppError('FORBIDDEN', 'your role does not allow this');
    // A renewed session's cookie is sent once per page, by the call that renewed it.
    if (validated.renewed && !shared) setSessionCookie(c, token, principal.expiresAt, now);
    c.set('staff', principal);
    await next();
  });
}

/**
 * A state-changing call of a page (any route: signing in or out, a change of role…) makes the page's
 * later calls check their session afresh: the checks are forgotten before it and after it.
 */
export function forgetSessionChecksOnWrite() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const checks = c.env?.sessionChecks;
    if (!checks || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    checks.clear();
    try {
      await next();
    } finally {
      checks.clear();
    }
  });
}

/**
 * The page's earlier check of this session when there is one (its reading calls share it), else a fresh
 * one. A state-changing call always checks afresh (`forgetSessionChecksOnWrite` has emptied the map).
 */
function validatedOnce(
  checks: Map<string, Promise<ValidatedSession | null>> | undefined,
  method: string,
  key: string,
  validate: () => Promise<ValidatedSession | null>,
): Promise<{ validated: ValidatedSession | null; shared: boolean }> {
  const fresh = async () => ({ validated: await validate(), shared: false });
  if (!checks || (method !== 'GET' && method !== 'HEAD')) return fresh();
  const earlier = checks.get(key);
  if (earlier) return earlier.then((validated) => ({ validated, shared: true }));
  const check = validate();
  checks.set(key, check);
  check.catch(() => checks.delete(key));
  return check.then((validated) => ({ validated, shared: false }));
}

function mayAct(p: { role: StaffRole | null; operator: boolean }, roles: RequireStaffOptions['roles']): boolean {
  if (roles === 'any') return p.operator || p.role !== null;
  if (p.operator && roles.includes('operator')) return true;
  if (p.role === null) return false;
  return roles.includes(p.role) || (p.role === 'administrator' && roles.some((r) => r !== 'operator'));
}

/**
 * The role check alone, for a route inside a group that already ran `requireStaff` (the staff API runs
 * `requireStaff({ roles: 'any' })` once): 403 FORBIDDEN for the wrong role, without validating the
 * session a second time.
 *
 * @example createRoute({ method: 'get', path: '/users', middleware: [requireRole(['administrator'])] as const, … })
 */
export function requireRole(roles: readonly AccessRole[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!mayAct(c.var.staff, roles)) throw new AppError('FORBIDDEN', 'your role does not allow this');
    await next();
  });
}
