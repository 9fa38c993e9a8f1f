import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { runAfterAnswer } from '../http/after-answer.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import {
  ChangePasswordSchema,
  LoginRequestSchema,
  MeSchema,
  RecoveryCodeSchema,
  RecoveryCodesSchema,
  RegenerateRecoveryCodesSchema,
  ResetPasswordSchema,
  ResetRequestSchema,
  SignInResultSchema,
  StatusSchema,
  TotpCodeSchema,
  TotpEnrollmentSchema,
} from './accounts.schemas.ts';
import {
  beginTotpEnrollment,
  changePassword,
  confirmTotpEnrollment,
  regenerateRecoveryCodes,
  requestPasswordReset,
  resetPassword,
  signIn,
  signOut,
  toMe,
  verifySecondFactor,
} from './auth.service.ts';
import { requestMeta } from '../http/request.ts';
import { clearSessionCookie, deviceToken, sessionToken, setDeviceCookie, setSessionCookie } from '../sessions/cookies.ts';
import { requireStaff } from '../sessions/require-staff.ts';
import { SESSION_SECURITY, errorResponses, jsonBody, jsonContent } from '../http/responses.ts';


/**
 * Signing in and out, the second factor, passwords: `/api/v1/auth/*` on every tenant's host (the
 * operator's on the platform host). Sessions are per host.
 */
export function authRoutes(deps: AppDeps) {
  const signedIn = requireStaff(deps, { roles: 'any' });
  const pending = requireStaff(deps, { roles: 'any', allowPending: true });
  const meta = (c: Parameters<typeof requestMeta>[0]) => requestMeta(c, deps.config);

  const login = createRoute({
    method: 'post',
    operationId: 'signIn',
    path: '/login',
    tags: ['auth'],
    summary: 'Sign in with e-mail and password; with TOTP enabled the session then owes a code',
    request: jsonBody(LoginRequestSchema),
    responses: { 200: jsonContent(SignInResultSchema, 'Signed in (cookie `jamaa_session` set)'), ...errorResponses(401, 403, 422, 429) },
  });
  const totpVerify = createRoute({
    method: 'post',
    operationId: 'verifyTotp',
    path: '/totp/verify',
    tags: ['auth'],
    summary: 'Finish signing in with a TOTP code',
    middleware: [pending] as const,
    security: SESSION_SECURITY,
    request: jsonBody(TotpCodeSchema),
    responses: { 200: jsonContent(SignInResultSchema, 'Signed in'), ...errorResponses(401, 403, 422, 429) },
  });
  const recoveryVerify = createRoute({
    method: 'post',
    operationId: 'verifyRecoveryCode',
    path: '/recovery/verify',
    tags: ['auth'],
    summary: 'Finish signing in with a recovery code (each works once)',
    middleware: [pending] as const,
    security: SESSION_SECURITY,
    request: jsonBody(RecoveryCodeSchema),
    responses: { 200: jsonContent(SignInResultSchema, 'Signed in'), ...errorResponses(401, 403, 422, 429) },
  });
  const logout = createRoute({
    method: 'post',
    operationId: 'signOut',
    path: '/logout',
    tags: ['auth'],
    summary: 'Sign out of this host',
    responses: { 204: { description: 'Signed out (cookie cleared)' }, ...errorResponses(403) },
  });
  const me = createRoute({
    method: 'get',
    operationId: 'getCurrentStaff',
    path: '/me',
    tags: ['auth'],
    summary: 'Who is signed in on this host, with which role',
    middleware: [pending] as const,
    security: SESSION_SECURITY,
    responses: { 200: jsonContent(MeSchema, 'The signed-in staff member'), ...errorResponses(401) },
  });
  const resetRequest = createRoute({
    method: 'post',
    operationId: 'requestPasswordReset',
    path: '/password/reset-request',
    tags: ['auth'],
    summary: 'Ask for a password reset link; always answers 202',
    request: jsonBody(ResetRequestSchema),
    responses: { 202: jsonContent(StatusSchema, 'Accepted (a link is mailed if the account exists here)'), ...errorResponses(403, 422) },
  });
  const reset = createRoute({
    method: 'post',
    operationId: 'resetPassword',
    path: '/password/reset',
    tags: ['auth'],
    summary: 'Set a new password from a reset link; ends every session of the account',
    request: jsonBody(ResetPasswordSchema),
    responses: { 200: jsonContent(StatusSchema, 'Password changed'), ...errorResponses(403, 410, 422) },
  });
  const change = createRoute({
    method: 'post',
    operationId: 'changePassword',
    path: '/password/change',
    tags: ['auth'],
    summary: 'Change the password; ends every other session',
    middleware: [signedIn] as const,
    security: SESSION_SECURITY,
    request: jsonBody(ChangePasswordSchema),
    responses: { 200: jsonContent(StatusSchema, 'Password changed (a new cookie is set)'), ...errorResponses(401, 403, 422, 429) },
  });
  const enroll = createRoute({
    method: 'post',
    operationId: 'enrollTotp',
    path: '/totp/enroll',
    tags: ['auth'],
    summary: 'Start TOTP enrolment: a secret and its otpauth URI',
    middleware: [signedIn] as const,
    security: SESSION_SECURITY,
    responses: { 200: jsonContent(TotpEnrollmentSchema, 'The secret to confirm'), ...errorResponses(401, 403, 409) },
  });
  const confirm = createRoute({
    method: 'post',
    operationId: 'confirmTotpEnrollment',
    path: '/totp/enroll/confirm',
    tags: ['auth'],
    summary: 'Confirm TOTP with a first code; answers the recovery codes, once',
    middleware: [signedIn] as const,
    security: SESSION_SECURITY,
    request: jsonBody(TotpCodeSchema),
    responses: { 200: jsonContent(RecoveryCodesSchema, 'Enabled'), ...errorResponses(401, 403, 409, 422, 429) },
  });

  const recoveryCodes = createRoute({
    method: 'post',
    operationId: 'regenerateRecoveryCodes',
    path: '/recovery-codes',
    tags: ['auth'],
    summary: 'Replace the recovery codes (password given again); the old ones stop working; answers the new ones, once',
    middleware: [signedIn] as const,
    security: SESSION_SECURITY,
    request: jsonBody(RegenerateRecoveryCodesSchema),
    responses: { 200: jsonContent(RecoveryCodesSchema, 'The new codes'), ...errorResponses(401, 403, 409, 422, 429) },
  });

  return newRouter()
    .openapi(login, async (c) => {
      const session = await signIn(deps, c.var.resolved.tenant, c.req.valid('json'), meta(c), deviceToken(c));
      setSessionCookie(c, session.token, session.expiresAt, deps.clock());
      if (session.device) setDeviceCookie(c, session.device, deps.clock());
      return c.json({ status: session.status, expiresAt: session.expiresAt.toISOString() }, 200);
    })
    .openapi(totpVerify, async (c) => {
      // A new token replaces the one that only knew the password.
      const session = await verifySecondFactor(deps, c.var.resolved.tenant, c.var.staff, { kind: 'totp', code: c.req.valid('json').code }, meta(c), deviceToken(c));
      setSessionCookie(c, session.token, session.expiresAt, deps.clock());
      setDeviceCookie(c, session.device, deps.clock());
      return c.json({ status: 'signed_in' as const, expiresAt: session.expiresAt.toISOString() }, 200);
    })
    .openapi(recoveryVerify, async (c) => {
      // A new token replaces the one that only knew the password.
      const session = await verifySecondFactor(deps, c.var.resolved.tenant, c.var.staff, { kind: 'recovery_code', code: c.req.valid('json').code }, meta(c), deviceToken(c));
      setSessionCookie(c, session.token, session.expiresAt, deps.clock());
      setDeviceCookie(c, session.device, deps.clock());
      return c.json({ status: 'signed_in' as const, expiresAt: session.expiresAt.toISOString() }, 200);
    })
    .openapi(logout, async (c) => {
      await signOut(deps, c.var.resolved.tenant, sessionToken(c));
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .openapi(me, (c) => c.json(toMe(c.var.staff), 200))
    .openapi(resetRequest, (c) => {
      // Answered before any work on the account: a member's request and a stranger's take the same time.
      const tenantRow = c.var.resolved.tenant;
      const input = { email: c.req.valid('json').email };
      const m = meta(c);
      runAfterAnswer(deps.logger, 'password reset request', m.requestId, () => requestPasswordReset(deps, tenantRow, input, m));
      return c.json({ status: 'accepted' }, 202);
    })
    .openapi(reset, async (c) => {
      const { device } = await resetPassword(deps, c.var.resolved.tenant, c.req.valid('json'), meta(c), deviceToken(c));
      clearSessionCookie(c);
      setDeviceCookie(c, device, deps.clock());
      return c.json({ status: 'password_changed' }, 200);
    })
    .openapi(change, async (c) => {
      const session = await changePassword(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('json'), meta(c));
      setSessionCookie(c, session.token, session.expiresAt, deps.clock());
      return c.json({ status: 'password_changed' }, 200);
    })
    .openapi(enroll, async (c) => c.json(await beginTotpEnrollment(deps, c.var.resolved.tenant, c.var.staff), 200))
    .openapi(confirm, async (c) => c.json(await confirmTotpEnrollment(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('json').code, meta(c)), 200))
    .openapi(recoveryCodes, async (c) =>
      c.json(await regenerateRecoveryCodes(deps, c.var.resolved.tenant, c.var.staff, c.req.valid('json').password, meta(c)), 200),
    );
}
