import type { TenantRow } from '../db/schema.ts';
import { audit, type ChangeContext } from '../audit/audit.service.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { AppError } from '../shared/errors.ts';
import { endOwnSession, keepCurrentSession, listOwnSessions, type OwnSession, type StaffPrincipal } from '../sessions/sessions.service.ts';
import { findTenantById } from '../tenancy/tenants.repository.ts';
import { actAsTenant, withTenant } from '../tenancy/unit-of-work.ts';
import type { AccountsDeps } from './auth.service.ts';
import { listMembers } from './memberships.repository.ts';
import { bumpSessionGeneration, findStaffUserById, listAllTenantIds, resetSecondFactor as resetSecondFactorRow } from './staff.repository.ts';

/**
 * The operator resets the second factor of someone who lost both their phone and their recovery codes.
 * A reason is required. In one transaction: the TOTP secret and the recovery codes are removed, a new
 * enrolment is owed before anything else (the console sends the person there at their next sign-in),
 * every session of the account ends, the platform's audit log records it with the reason, and a mail
 * tells the person (through the tenant where they work, so its link is their own sign-in page; through
 * the platform for an operator).
 */
export async function resetSecondFactor(
  deps: AccountsDeps,
  platform: TenantRow,
  by: ChangeContext,
  userId: string,
  reason: string,
): Promise<{ userId: string; toldThrough: string }> {
  const queued = await withTenant(deps.db, { id: platform.id }, async (tx) => {
    const user = await findStaffUserById(tx, userId);
    if (!user) throw new AppError('NOT_FOUND', 'no such account');
    if (user.totp_enabled_at === null && user.totp_secret === null) throw new AppError('TOTP_NOT_ENROLLED', 'this account has no second factor to reset');
    await resetSecondFactorRow(tx, user.id, by.at);
    const reader = await actAsTenant(tx, { id: platform.id, readable: await listAllTenantIds(tx) });
    const memberships = (await listMembers(reader, reader.readable, user.id)).filter((m) => m.disabled_at === null);
    const through = (memberships[0] && (await findTenantById(tx, memberships[0].tenant_id))) || platform;
    const asThrough = await actAsTenant(tx, { id: through.id });
    const mail = await queueMail(asThrough, deps, through, { to: user.email, template: { kind: 'second_factor_reset', email: user.email, reason }, path: '/admin/sign-in' }, by.at);
    await audit(await actAsTenant(tx, { id: platform.id }), by, {
      tenantId: platform.id,
      action: 'account.second_factor_reset',
      target: { type: 'staff', id: user.id, label: user.email },
      before: { twoFactorEnabled: user.totp_enabled_at !== null },
      after: { twoFactorEnabled: false, enrolmentRequired: true, reason, toldThrough: through.slug },
    });
    return { mail, through };
  });
  deps.mailer.committed([queued.mail]);
  return { userId, toldThrough: queued.through.slug };
}

/** The operator ends every session of an account, on every tenant at once (its generation moves on). */
export async function endAccountSessions(deps: AccountsDeps, platform: TenantRow, by: ChangeContext, userId: string): Promise<{ userId: string }> {
  await withTenant(deps.db, { id: platform.id }, async (tx) => {
    const user = await findStaffUserById(tx, userId);
    if (!user) throw new AppError('NOT_FOUND', 'no such account');
    await bumpSessionGeneration(tx, user.id);
    await audit(tx, by, { tenantId: platform.id, action: 'account.sessions_ended', target: { type: 'staff', id: user.id, label: user.email } });
  });
  return { userId };
}

/** The caller's own sessions on this host's tenant (device, address, last seen), the current one marked. */
export async function mySessions(deps: AccountsDeps, principal: StaffPrincipal): Promise<OwnSession[]> {
  return listOwnSessions(deps.db, principal, deps.clock());
}

/**
 * Signs the caller out everywhere else: every other session of the account, on every tenant, ends (the
 * generation moves on); the current one is carried over.
 */
export async function signOutEverywhereElse(deps: AccountsDeps, principal: StaffPrincipal, by: ChangeContext): Promise<OwnSession[]> {
  await withTenant(deps.db, { id: principal.tenantId }, async (tx) => {
    const generation = await bumpSessionGeneration(tx, principal.userId);
    await keepCurrentSession(tx, principal, generation);
    await audit(tx, by, { tenantId: principal.tenantId, action: 'auth.signed_out_everywhere', target: { type: 'staff', id: principal.userId, label: principal.email } });
  });
  return listOwnSessions(deps.db, principal, deps.clock());
}

/** Ends one of the caller's sessions on this tenant; answers whether it was the current one (then the cookie goes too). */
export async function endMySession(deps: AccountsDeps, principal: StaffPrincipal, sessionId: string, by: ChangeContext): Promise<{ current: boolean }> {
  return withTenant(deps.db, { id: principal.tenantId }, async (tx) => {
    const ended = await endOwnSession(tx, principal, sessionId, deps.clock());
    if (!ended.found) throw new AppError('NOT_FOUND', 'no such session');
    await audit(tx, by, { tenantId: principal.tenantId, action: 'auth.session_ended', target: { type: 'staff', id: principal.userId, label: principal.email }, after: { current: ended.current } });
    return { current: ended.current };
  });
}
