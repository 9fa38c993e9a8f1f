import type { StaffRole, TenantRow } from '../db/schema.ts';
import { queueMail, type QueuedMail } from '../mail/outbox.service.ts';
import { recordAudit, type RequestMeta } from '../audit/audit.service.ts';
import { AppError } from '../shared/errors.ts';
import { findTenantById, listChildTenants } from '../tenancy/tenants.repository.ts';
import { actAsTenant, withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import type { InvitationDetails, Member, PendingInvitation, StaffList } from './accounts.schemas.ts';
import { normaliseEmail, tooManyAttempts, type AccountsDeps } from './auth.service.ts';
import {
  claimInvitation,
  countActiveAdministrators,
  deleteMembership,
  findInvitationById,
  findInvitationByTokenHash,
  findMembership,
  insertInvitation,
  listMembers,
  listPendingInvitations,
  lockAcceptableInvitation,
  revokeInvitation,
  revokePendingInvitations,
  setMembershipDisabled,
  updateMembershipRole,
  upsertMembership,
  type InvitationRow,
  type MemberRow,
  type MembershipRow,
  type PendingInvitationRow,
} from './memberships.repository.ts';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.ts';
import { deleteUserSessions } from '../sessions/sessions.repository.ts';
import type { StaffPrincipal } from '../sessions/sessions.service.ts';
import { findStaffUserByEmail, findStaffUserById, insertStaffUser } from './staff.repository.ts';
import { admitSignInAttempt, recordSignInSuccess } from './throttle.service.ts';
import { generateToken, hashToken } from '../sessions/tokens.ts';

export const INVITATION_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

export interface RoleInput {
  role: StaffRole;
  department?: string | undefined;
}

/** An agent works for one department; other roles have none (a department given to them is dropped). */
function roleShape(input: RoleInput): { role: StaffRole; department: string | null } {
  if (input.role === 'agent' && !input.department) {
    throw new AppError('VALIDATION_FAILED', 'an agent needs a department', [{ path: 'department', code: 'required' }]);
  }
  return { role: input.role, department: input.role === 'agent' ? (input.department ?? null) : null };
}

type Actor = Pick<StaffPrincipal, 'userId' | 'email' | 'displayName'>;
const actorOf = (p: Actor) => ({ id: p.userId, email: p.email });

/** Refuses to leave a tenant without an enabled administrator. */
async function assertKeepsAnAdministrator(tx: TenantTx, tenantId: string, current: MembershipRow | undefined, next: StaffRole | null): Promise<void> {
  const losesOne = current?.role === 'administrator' && current.disabled_at === null && next !== 'administrator';
  if (losesOne && (await countActiveAdministrators(tx)) <= 1) {
    throw new AppError('LAST_ADMINISTRATOR', 'a tenant keeps at least one enabled administrator');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Views

function toTenantRole(row: MemberRow, child: TenantRow) {
  return { tenantId: child.id, slug: child.slug, names: child.names, role: row.role, department: row.department, disabled: row.disabled_at !== null };
}

export function toMemberView(row: MemberRow, elsewhere: { row: MemberRow; tenant: TenantRow }[] = []): Member {
  return {
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    department: row.department,
    disabled: row.disabled_at !== null,
    accountDisabled: row.account_disabled_at !== null,
    twoFactorEnabled: row.totp_enabled_at !== null,
    since: row.created_at.toISOString(),
    tenantRoles: elsewhere.map((e) => toTenantRole(e.row, e.tenant)),
  };
}

export function toPendingInvitationView(row: InvitationRow | PendingInvitationRow): PendingInvitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    department: row.department,
    invitedBy: 'invited_by_email' in row ? row.invited_by_email : null,
    expiresAt: row.expires_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Listing

/** The tenant's staff and pending invitations; a commune also sees the rights its staff hold on its arrondissements. */
export async function listStaff(deps: AccountsDeps, tenant: TenantRow): Promise<StaffList> {
  const now = deps.clock();
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const children = await listChildTenants(tx, tenant.id, ['provisioning', 'active', 'suspended']);
    const scoped = await actAsTenant(tx, { id: tenant.id, readable: children.map((c) => c.id) });
    const rows = await listMembers(scoped, [tenant.id, ...children.map((c) => c.id)]);
    const byId = new Map(children.map((c) => [c.id, c]));
    const members = rows
      .filter((r) => r.tenant_id === tenant.id)
      .map((r) =>
        toMemberView(
          r,
          rows.flatMap((o) => {
            const child = byId.get(o.tenant_id);
            return child && o.user_id === r.user_id ? [{ row: o, tenant: child }] : [];
          }),
        ),
      );
    const invitations = (await listPendingInvitations(scoped, now)).map(toPendingInvitationView);
    return { members, invitations };
  });
}

async function memberView(tx: TenantTx, tenantId: string, userId: string): Promise<Member> {
  const [row] = await listMembers(tx, [tenantId], userId);
  if (!row) throw new AppError('NOT_FOUND', 'no such staff member here');
  return toMemberView(row);
}

// ---------------------------------------------------------------------------------------------------------
// Invitations

export interface CreatedInvitation {
  invitation: InvitationRow;
  token: string;
}

/**
 * Creates an invitation in the tenant of `tx` (replacing pending ones to the same address), audited
 * there. ALREADY_MEMBER when the address already has an enabled membership.
 */
export async function createInvitation(
  tx: TenantTx,
  tenant: TenantRow,
  input: { email: string } & RoleInput,
  /** Null: the system (onboarding from the command line). */
  actor: Actor | null,
  now: Date,
  meta: RequestMeta,
): Promise<CreatedInvitation> {
  const email = normaliseEmail(input.email);
  const shape = roleShape(input);
  const existing = await findStaffUserByEmail(tx, email);
  if (existing) {
    const membership = await findMembership(tx, existing.id);
    if (membership && membership.disabled_at === null) throw new AppError('ALREADY_MEMBER', `${email} is already a member here`);
  }
  await revokePendingInvitations(tx, email, now);
  const token = generateToken();
  const invitation = await insertInvitation(tx, {
    tokenHash: hashToken(token),
    email,
    ...shape,
    invitedBy: actor?.userId ?? null,
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY),
    at: now,
  });
  await recordAudit(tx, {
    tenantId: tenant.id,
    at: now,
    actor: actor ? actorOf(actor) : null,
    action: 'staff.invited',
    target: { type: 'invitation', id: invitation.id, label: email },
    after: { email, ...shape },
    meta,
  });
  return { invitation, token };
}

/**
 * Queues the invitation mail in the transaction of the invitation (`tx`, as `tenant`): the link
 * `/<locale>/admin/invitation/<token>` on the tenant's canonical origin, in its default language. Only
 * the invited person can read it (see `queueMail`). Hand the result to `deps.mailer.committed` after commit.
 */
export async function queueInvitationMail(
  tx: TenantTx,
  deps: AccountsDeps,
  tenant: TenantRow,
  created: CreatedInvitation,
  inviterName: string,
  now: Date,
): Promise<QueuedMail> {
  return queueMail(
    tx,
    deps,
    tenant,
    {
      to: created.invitation.email,
      template: { kind: 'invitation', inviterName, role: created.invitation.role, days: INVITATION_DAYS },
      path: `/admin/invitation/${created.token}`,
    },
    now,
  );
}

/**
 * An administrator invites someone to its tenant with a role. The mail is written with the invitation
 * (both or neither) and delivered afterwards, with retries: `delivered` is always true.
 */
export async function inviteStaff(
  deps: AccountsDeps,
  tenant: TenantRow,
  principal: StaffPrincipal,
  input: { email: string } & RoleInput,
  meta: RequestMeta,
): Promise<{ invitation: PendingInvitation; delivered: boolean }> {
  const now = deps.clock();
  const { created, queued } = await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const created = await createInvitation(tx, tenant, input, principal, now, meta);
    return { created, queued: await queueInvitationMail(tx, deps, tenant, created, principal.displayName, now) };
  });
  deps.mailer.committed([queued]);
  return { invitation: { ...toPendingInvitationView(created.invitation), invitedBy: principal.email }, delivered: true };
}

/**
 * NOT_FOUND (unknown), INVITATION_REVOKED (withdrawn by an administrator, or replaced by a newer one to
 * the same address), INVITATION_USED or INVITATION_EXPIRED unless the invitation can be accepted at `now`.
 */
function assertAcceptable(invitation: InvitationRow | undefined, now: Date): asserts invitation is InvitationRow {
  if (!invitation) throw new AppError('NOT_FOUND', 'no such invitation');
  if (invitation.revoked_at !== null) throw new AppError('INVITATION_REVOKED', 'this invitation was withdrawn');
  if (invitation.accepted_at !== null) throw new AppError('INVITATION_USED', 'this invitation was already accepted');
  if (invitation.expires_at.getTime() <= now.getTime()) throw new AppError('INVITATION_EXPIRED', 'this invitation has expired');
}

/** What the invitation page shows before accepting. */
export async function getInvitation(deps: AccountsDeps, tenant: TenantRow, token: string): Promise<InvitationDetails> {
  const now = deps.clock();
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const invitation = await findInvitationByTokenHash(tx, hashToken(token));
    assertAcceptable(invitation, now);
    return {
      email: invitation.email,
      role: invitation.role,
      department: invitation.department,
      tenant: { id: tenant.id, slug: tenant.slug, names: tenant.names },
      expiresAt: invitation.expires_at.toISOString(),
      accountExists: (await findStaffUserByEmail(tx, invitation.email)) !== undefined,
    };
  });
}

/**
 * Accepts an invitation once: a new address chooses its password and name (the account is created); an
 * address that already has an account proves it with that account's password (so that whoever reads
 * the link — the outbox, say — cannot take the account over). Then the membership exists.
 */
export async function acceptInvitation(
  deps: AccountsDeps,
  tenant: TenantRow,
  token: string,
  input: { password: string; displayName?: string | undefined },
  meta: RequestMeta,
): Promise<{ email: string; accountCreated: boolean }> {
  const now = deps.clock();
  const tokenHash = hashToken(token);
  const found = await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const invitation = await findInvitationByTokenHash(tx, tokenHash);
    assertAcceptable(invitation, now);
    const user = await findStaffUserByEmail(tx, invitation.email);
    const verdict = user ? await admitSignInAttempt(tx, { email: user.email, ip: meta.ip, trusted: null }, now) : ({ allowed: true } as const);
    return { invitation, user, verdict };
  });
  const { invitation, user } = found;
  let newAccount: { displayName: string; passwordHash: string } | null = null;
  if (user) {
    if (!found.verdict.allowed) throw tooManyAttempts(found.verdict);
    if (user.disabled_at !== null || !(await verifyPassword(user.password_hash, input.password))) {
      throw new AppError('INVALID_CREDENTIALS', 'the password of the existing account is wrong', [{ path: 'password', code: 'invalid_credentials' }]);
    }
  } else {
    if (!input.displayName) throw new AppError('VALIDATION_FAILED', 'a name is needed', [{ path: 'displayName', code: 'required' }]);
    assertPasswordAcceptable(input.password);
    newAccount = { displayName: input.displayName, passwordHash: await hashPassword(input.password) };
  }
  await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    // First the invitation, locked: of simultaneous acceptances one goes on, the others stop here.
    if (!(await lockAcceptableInvitation(tx, invitation.id, now))) {
      throw new AppError('INVITATION_USED', 'this invitation was already accepted');
    }
    const account = newAccount ? await insertStaffUser(tx, { email: invitation.email, ...newAccount, at: now }) : user;
    if (!account) throw new Error('unreachable: an invitation is accepted by an existing or a new account');
    if (user) await recordSignInSuccess(tx, { email: user.email, ip: meta.ip, trusted: null }, now);
    if (!(await claimInvitation(tx, invitation.id, account.id, now))) {
      throw new AppError('INVITATION_USED', 'this invitation was already accepted');
    }
    await upsertMembership(tx, account.id, { role: invitation.role, department: invitation.department, at: now });
    await recordAudit(tx, {
      tenantId: tenant.id,
      at: now,
      actor: { id: account.id, email: account.email },
      action: 'staff.invitation_accepted',
      target: { type: 'staff', id: account.id, label: account.email },
      after: { role: invitation.role, department: invitation.department, accountCreated: !user },
      meta,
    });
  });
  return { email: invitation.email, accountCreated: !user };
}

/**
 * An administrator withdraws an invitation not yet accepted (expired ones included): its link then
 * answers INVITATION_REVOKED. INVITATION_USED when it was accepted; withdrawing twice changes nothing.
 */
export async function revokeStaffInvitation(deps: AccountsDeps, tenant: TenantRow, principal: StaffPrincipal, id: string, meta: RequestMeta): Promise<void> {
  const now = deps.clock();
  await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const invitation = await findInvitationById(tx, id);
    if (!invitation) throw new AppError('NOT_FOUND', 'no such invitation here');
    if (invitation.accepted_at !== null) throw new AppError('INVITATION_USED', 'this invitation was already accepted');
    if (!(await revokeInvitation(tx, id, now))) return;
    await recordAudit(tx, {
      tenantId: tenant.id,
      at: now,
      actor: actorOf(principal),
      action: 'staff.invitation_revoked',
      target: { type: 'invitation', id, label: invitation.email },
      before: { email: invitation.email, role: invitation.role, department: invitation.department, expiresAt: invitation.expires_at.toISOString() },
      after: null,
      meta,
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Changing staff

async function requireMembership(tx: TenantTx, tenantId: string, userId: string): Promise<MembershipRow> {
  const membership = await findMembership(tx, userId);
  if (!membership) throw new AppError('NOT_FOUND', 'no such staff member here');
  return membership;
}

async function labelOf(tx: TenantTx, userId: string): Promise<string | null> {
  return (await findStaffUserById(tx, userId))?.email ?? null;
}

/** Changes a member's role (and department). Takes effect on their next request. */
export async function changeStaffRole(deps: AccountsDeps, tenant: TenantRow, principal: StaffPrincipal, userId: string, input: RoleInput, meta: RequestMeta): Promise<Member> {
  const now = deps.clock();
  const shape = roleShape(input);
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const before = await requireMembership(tx, tenant.id, userId);
    await assertKeepsAnAdministrator(tx, tenant.id, before, shape.role);
    await updateMembershipRole(tx, userId, { ...shape, at: now });
    await recordAudit(tx, {
      tenantId: tenant.id,
      at: now,
      actor: actorOf(principal),
      action: 'staff.role_changed',
      target: { type: 'staff', id: userId, label: await labelOf(tx, userId) },
      before: { role: before.role, department: before.department },
      after: shape,
      meta,
    });
    return memberView(tx, tenant.id, userId);
  });
}

/** Disables a member in this tenant and ends their sessions here at once. */
export async function disableStaff(deps: AccountsDeps, tenant: TenantRow, principal: StaffPrincipal, userId: string, meta: RequestMeta): Promise<Member> {
  const now = deps.clock();
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const before = await requireMembership(tx, tenant.id, userId);
    if (before.disabled_at === null) {
      await assertKeepsAnAdministrator(tx, tenant.id, before, null);
      await setMembershipDisabled(tx, userId, now, now);
      await deleteUserSessions(tx, userId);
      await recordAudit(tx, {
        tenantId: tenant.id,
        at: now,
        actor: actorOf(principal),
        action: 'staff.disabled',
        target: { type: 'staff', id: userId, label: await labelOf(tx, userId) },
        before: { disabled: false },
        after: { disabled: true },
        meta,
      });
    }
    return memberView(tx, tenant.id, userId);
  });
}

export async function enableStaff(deps: AccountsDeps, tenant: TenantRow, principal: StaffPrincipal, userId: string, meta: RequestMeta): Promise<Member> {
  const now = deps.clock();
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const before = await requireMembership(tx, tenant.id, userId);
    if (before.disabled_at !== null) {
      await setMembershipDisabled(tx, userId, null, now);
      await recordAudit(tx, {
        tenantId: tenant.id,
        at: now,
        actor: actorOf(principal),
        action: 'staff.enabled',
        target: { type: 'staff', id: userId, label: await labelOf(tx, userId) },
        before: { disabled: true },
        after: { disabled: false },
        meta,
      });
    }
    return memberView(tx, tenant.id, userId);
  });
}

/** An arrondissement of `tenant`, or NOT_FOUND. */
async function requireChild(tx: TenantTx, tenant: TenantRow, childId: string): Promise<TenantRow> {
  const child = await findTenantById(tx, childId);
  if (!child || child.parent_id !== tenant.id) throw new AppError('NOT_FOUND', 'no such arrondissement of this commune');
  return child;
}

/**
 * A commune's administrator gives one of its staff a role on one of its arrondissements (a membership
 * row on that tenant). Audited in both tenants. The staff member signs in on the arrondissement's host.
 */
export async function grantChildMembership(
  deps: AccountsDeps,
  tenant: TenantRow,
  principal: StaffPrincipal,
  userId: string,
  childId: string,
  input: RoleInput,
  meta: RequestMeta,
): Promise<Member> {
  const now = deps.clock();
  const shape = roleShape(input);
  return withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const child = await requireChild(tx, tenant, childId);
    await requireMembership(tx, tenant.id, userId);
    const label = await labelOf(tx, userId);
    const asChild = await actAsTenant(tx, { id: child.id });
    const before = await findMembership(asChild, userId);
    await assertKeepsAnAdministrator(asChild, child.id, before, shape.role);
    await upsertMembership(asChild, userId, { ...shape, at: now });
    const entry = {
      at: now,
      actor: actorOf(principal),
      action: 'staff.membership_granted' as const,
      target: { type: 'staff', id: userId, label: `${label} @ ${child.slug}` },
      before: before ? { tenantId: child.id, role: before.role, department: before.department, disabled: before.disabled_at !== null } : null,
      after: { tenantId: child.id, ...shape },
      meta,
    };
    await recordAudit(asChild, { tenantId: child.id, ...entry });
    const back = await actAsTenant(tx, { id: tenant.id, readable: [child.id] });
    await recordAudit(back, { tenantId: tenant.id, ...entry });
    const [own] = await listMembers(back, [tenant.id], userId);
    const children = await listMembers(back, [child.id], userId);
    if (!own) throw new AppError('NOT_FOUND', 'no such staff member here');
    return toMemberView(own, children.map((row) => ({ row, tenant: child })));
  });
}

/** Removes a right given on an arrondissement, ending the sessions it allowed there. */
export async function revokeChildMembership(
  deps: AccountsDeps,
  tenant: TenantRow,
  principal: StaffPrincipal,
  userId: string,
  childId: string,
  meta: RequestMeta,
): Promise<void> {
  const now = deps.clock();
  await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const child = await requireChild(tx, tenant, childId);
    await requireMembership(tx, tenant.id, userId);
    const label = await labelOf(tx, userId);
    const asChild = await actAsTenant(tx, { id: child.id });
    const before = await findMembership(asChild, userId);
    if (!before) throw new AppError('NOT_FOUND', 'no such right on this arrondissement');
    await assertKeepsAnAdministrator(asChild, child.id, before, null);
    await deleteMembership(asChild, userId);
    await deleteUserSessions(asChild, userId);
    const entry = {
      at: now,
      actor: actorOf(principal),
      action: 'staff.membership_removed' as const,
      target: { type: 'staff', id: userId, label: `${label} @ ${child.slug}` },
      before: { tenantId: child.id, role: before.role, department: before.department },
      after: null,
      meta,
    };
    await recordAudit(asChild, { tenantId: child.id, ...entry });
    await recordAudit(await actAsTenant(tx, { id: tenant.id }), { tenantId: tenant.id, ...entry });
  });
}
