import type { TenantRow } from '../db/schema.ts';
import { recordAudit, type RequestMeta } from '../audit/audit.service.ts';
import { AppError } from '../shared/errors.ts';
import { findTenantById } from '../tenancy/tenants.repository.ts';
import { actAsTenant, withPlatform, withTenant, type AnyTx } from '../tenancy/unit-of-work.ts';
import type { Account, PendingInvitation } from './accounts.schemas.ts';
import type { AccountsDeps } from './auth.service.ts';
import type { StaffPrincipal } from '../sessions/sessions.service.ts';
import {
  countActiveOperators,
  findStaffUserById,
  hasPlatformRole,
  listStaffAccounts,
  setStaffUserDisabled,
  type AccountRow,
  type StaffUserRow,
} from './staff.repository.ts';
import { createInvitation, queueInvitationMail, toPendingInvitationView, type RoleInput } from './staff.service.ts';

export function toAccountView(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    operator: row.operator,
    disabled: row.disabled_at !== null,
    twoFactorEnabled: row.totp_enabled_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Every staff account of the platform, for the operator. */
export async function listAccounts(deps: AccountsDeps, query: string | null): Promise<Account[]> {
  const rows = await withPlatform(deps.db, (tx) => listStaffAccounts(tx, query, 200));
  return rows.map(toAccountView);
}

async function accountView(tx: AnyTx, user: StaffUserRow): Promise<Account> {
  return toAccountView({ ...user, operator: await hasPlatformRole(tx, user.id, 'operator') });
}

/**
 * The operator disables an account: every session of it, on every tenant, ends at once (the account's
 * session generation moves on). Audited on the platform.
 */
export async function disableAccount(deps: AccountsDeps, platform: TenantRow, principal: StaffPrincipal, userId: string, meta: RequestMeta): Promise<Account> {
  return setAccountDisabled(deps, platform, principal, userId, true, meta);
}

export async function enableAccount(deps: AccountsDeps, platform: TenantRow, principal: StaffPrincipal, userId: string, meta: RequestMeta): Promise<Account> {
  return setAccountDisabled(deps, platform, principal, userId, false, meta);
}

/** Disables or enables an account; a call that changes nothing writes nothing (and no audit entry). */
async function setAccountDisabled(
  deps: AccountsDeps,
  platform: TenantRow,
  principal: StaffPrincipal,
  userId: string,
  disabled: boolean,
  meta: RequestMeta,
): Promise<Account> {
  const now = deps.clock();
  return withTenant(deps.db, { id: platform.id }, async (tx) => {
    const user = await findStaffUserById(tx, userId);
    if (!user) throw new AppError('NOT_FOUND', 'no such account');
    if ((user.disabled_at !== null) !== disabled) {
      if (disabled && (await hasPlatformRole(tx, user.id, 'operator')) && (await countActiveOperators(tx)) <= 1) {
        throw new AppError('LAST_ADMINISTRATOR', 'the platform keeps at least one enabled operator');
      }
      await setStaffUserDisabled(tx, user.id, disabled ? now : null);
      await recordAudit(tx, {
        tenantId: platform.id,
        at: now,
        actor: { id: principal.userId, email: principal.email },
        action: disabled ? 'account.disabled' : 'account.enabled',
        target: { type: 'staff', id: user.id, label: user.email },
        before: { disabled: !disabled },
        after: { disabled },
        meta,
      });
    }
    return accountView(tx, (await findStaffUserById(tx, userId)) ?? user);
  });
}

/**
 * The operator invites someone (typically a commune's first administrator) to a tenant. The invitation
 * lives in that tenant and is audited there and on the platform; the link points to the tenant's
 * canonical origin, and the mail is written in the same transaction.
 */
export async function inviteToTenant(
  deps: AccountsDeps,
  platform: TenantRow,
  principal: StaffPrincipal,
  tenantId: string,
  input: { email: string } & RoleInput,
  meta: RequestMeta,
): Promise<{ invitation: PendingInvitation; delivered: boolean }> {
  const now = deps.clock();
  const result = await withTenant(deps.db, { id: platform.id }, async (tx) => {
    const target = await findTenantById(tx, tenantId);
    if (!target || target.kind === 'platform') throw new AppError('NOT_FOUND', 'no such tenant');
    const asTarget = await actAsTenant(tx, { id: target.id });
    const created = await createInvitation(asTarget, target, input, principal, now, meta);
    const queued = await queueInvitationMail(asTarget, deps, target, created, principal.displayName, now);
    await recordAudit(await actAsTenant(tx, { id: platform.id }), {
      tenantId: platform.id,
      at: now,
      actor: { id: principal.userId, email: principal.email },
      action: 'staff.invited',
      target: { type: 'invitation', id: created.invitation.id, label: `${created.invitation.email} @ ${target.slug}` },
      after: { tenantId: target.id, email: created.invitation.email, role: created.invitation.role, department: created.invitation.department },
      meta,
    });
    return { created, queued };
  });
  deps.mailer.committed([result.queued]);
  return { invitation: { ...toPendingInvitationView(result.created.invitation), invitedBy: principal.email }, delivered: true };
}
