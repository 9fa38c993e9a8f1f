import { createHash } from 'node:crypto';
import type { StaffRole, TenantRow } from '../db/schema.ts';
import type { Database } from '../db/database.ts';
import { withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import {
  deleteSession,
  deleteUserSessions,
  findSessionWithAccess,
  insertSession,
  listUserSessions,
  setSessionGeneration,
  updateSessionActivity,
  type SessionWithAccess,
} from './sessions.repository.ts';
import { generateToken, hashToken, TOKEN_PATTERN } from './tokens.ts';

const DAY = 24 * 60 * 60 * 1000;
/** A session that still owes its second factor lasts this long: enough to open an authenticator app. */
export const PENDING_SESSION_MS = 10 * 60 * 1000;
/** `last_seen_at` is written at most this often: a read-mostly console should not write on every request. */
const LAST_SEEN_GRANULARITY_MS = 60_000;

/** Who is calling, for the request's tenant: what every protected route decides on. */
export interface StaffPrincipal {
  userId: string;
  email: string;
  displayName: string;
  /** The host's tenant: the session belongs to it. */
  tenantId: string;
  /** The role in this tenant; null for an operator on the platform host. */
  role: StaffRole | null;
  /** The agent's department. */
  department: string | null;
  /** The national operator, on the platform host. */
  operator: boolean;
  twoFactorEnabled: boolean;
  /** A second factor must be enrolled before anything else: the operator reset it, or this is the operator on the platform host without one. */
  twoFactorEnrolmentRequired: boolean;
  /** False between the password and the TOTP/recovery code: the session may only finish signing in. */
  twoFactorVerified: boolean;
  sessionId: string;
  expiresAt: Date;
}

export interface SessionPolicy {
  /** Lifetime of a session; it is renewed when less than half of it is left. */
  days: number;
}

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/** When a session opened (or verified) at `now` expires. */
export function sessionExpiry(now: Date, policy: SessionPolicy): Date {
  return new Date(now.getTime() + policy.days * DAY);
}

/**
 * Opens a session in the tenant of `tx` (Lucia's guide: random token to the client, its SHA-256 as the
 * row's id). `generation` is the account's current one. A session owing its second factor lives
 * ten minutes until verified.
 */
export async function createSession(
  tx: TenantTx,
  input: { tenantId: string; userId: string; generation: number; twoFactorVerified: boolean; ip: string | null; userAgent?: string | null; now: Date; policy: SessionPolicy },
): Promise<NewSession> {
  const token = generateToken();
  const expiresAt = input.twoFactorVerified ? sessionExpiry(input.now, input.policy) : new Date(input.now.getTime() + PENDING_SESSION_MS);
  await insertSession(tx, {
    tenantId: input.tenantId,
    id: hashToken(token),
    userId: input.userId,
    generation: input.generation,
    twoFactorVerified: input.twoFactorVerified,
    expiresAt,
    at: input.now,
    ip: input.ip,
    userAgent: input.userAgent ?? null,
  });
  return { token, expiresAt };
}

/** Whether the account may hold a session on `tenant` at all: an enabled membership, or the operator on the platform. */
function hasAccess(row: SessionWithAccess, tenant: TenantRow): boolean {
  if (tenant.kind === 'platform') return row.operator;
  return row.role !== null && row.membership_disabled_at === null;
}

export interface ValidatedSession {
  principal: StaffPrincipal;
  /** Set when the expiry moved: the cookie must be sent again. */
  renewed: boolean;
}

/**
 * The session of `token` on `tenant`, or null. A session is refused (and deleted) once expired, when its
 * account was disabled or changed its password since (generation), or when the membership that
 * allowed it is gone; otherwise its expiry slides forward once less than half of it is left.
 * A token of another tenant finds nothing: the row is another tenant's, out of reach of this one's
 * unit of work.
 */
export async function validateSessionToken(db: Database, tenant: TenantRow, token: string, now: Date, policy: SessionPolicy): Promise<ValidatedSession | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const id = hashToken(token);
  return withTenant(db, { id: tenant.id }, async (tx) => {
    const row = await findSessionWithAccess(tx, id);
    if (!row) return null;
    const usable =
      now.getTime() < row.expires_at.getTime() &&
      row.account_disabled_at === null &&
      row.generation === row.user_generation &&
      hasAccess(row, tenant);
    if (!usable) {
      await deleteSession(tx, id);
      return null;
    }
    const lifetime = policy.days * DAY;
    // A pending session never slides: it gets its lifetime when the second factor is given.
    const renewed = row.two_factor_verified && row.expires_at.getTime() - now.getTime() < lifetime / 2;
    const expiresAt = renewed ? new Date(now.getTime() + lifetime) : row.expires_at;
    if (renewed || now.getTime() - row.last_seen_at.getTime() >= LAST_SEEN_GRANULARITY_MS) {
      await updateSessionActivity(tx, id, { expiresAt, lastSeenAt: now });
    }
    return {
      renewed,
      principal: {
        userId: row.user_id,
        email: row.email,
        displayName: row.display_name,
        tenantId: tenant.id,
        role: tenant.kind === 'platform' ? null : row.role,
        department: row.department,
        operator: tenant.kind === 'platform' && row.operator,
        twoFactorEnabled: row.totp_enabled_at !== null,
        // Owed when the operator reset it, and always for the operator's console (issue 12: TOTP required there).
        twoFactorEnrolmentRequired: row.totp_enabled_at === null && (row.totp_enrolment_required_at !== null || (tenant.kind === 'platform' && row.operator)),
        twoFactorVerified: row.two_factor_verified,
        sessionId: id,
        expiresAt,
      },
    };
  });
}

/** Signs out one session. */
export async function invalidateSession(db: Database, tenantId: string, sessionId: string): Promise<void> {
  await withTenant(db, { id: tenantId }, (tx) => deleteSession(tx, sessionId));
}

/**
 * Ends a user's sessions on one tenant (a membership disabled). Ending them everywhere is done by
 * bumping the account's generation (`updateStaffPassword`, `setStaffUserDisabled`); this also removes
 * the rows of the tenant at hand.
 */
export async function invalidateUserSessions(tx: TenantTx, tenantId: string, userId: string): Promise<void> {
  await deleteUserSessions(tx, userId);
}

/** A session as its owner sees it: never its id (the token's hash), only a public one derived from it. */
export interface OwnSession {
  id: string;
  current: boolean;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
}

/** A public id for a session: derived from the row id, useless to sign in with. */
export function publicSessionId(id: string): string {
  return createHash('sha256').update(`session:${id}`).digest('hex').slice(0, 32);
}

/**
 * "Firefox on Android", from a User-Agent: browser and system, enough for a person to recognise their
 * own devices. Unknown parts say so.
 */
export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return 'unknown';
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /SamsungBrowser/.test(ua)
        ? 'Samsung Internet'
        : /Firefox\//.test(ua)
          ? 'Firefox'
          : /Chrome\/|Chromium\/|CriOS/.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua)
              ? 'Safari'
              : /curl|node|undici/i.test(ua)
                ? 'script'
                : 'browser';
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  return system ? `${browser} · ${system}` : browser;
}

export async function listOwnSessions(db: Database, principal: StaffPrincipal, now: Date): Promise<OwnSession[]> {
  const rows = await withTenant(db, { id: principal.tenantId }, (tx) => listUserSessions(tx, principal.userId, now));
  return rows.map((r) => ({
    id: publicSessionId(r.id),
    current: r.id === principal.sessionId,
    device: deviceLabel(r.user_agent),
    ip: r.ip,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
  }));
}

/** Ends one of the caller's own sessions on this tenant by its public id; answers whether it was the current one. */
export async function endOwnSession(tx: TenantTx, principal: StaffPrincipal, publicId: string, now: Date): Promise<{ found: boolean; current: boolean }> {
  const rows = await listUserSessions(tx, principal.userId, now);
  const row = rows.find((r) => publicSessionId(r.id) === publicId);
  if (!row) return { found: false, current: false };
  await deleteSession(tx, row.id);
  return { found: true, current: row.id === principal.sessionId };
}

/**
 * Keeps the caller's current session once the account's generation moved on (every other session, on
 * every tenant, has ended).
 */
export async function keepCurrentSession(tx: TenantTx, principal: StaffPrincipal, generation: number): Promise<void> {
  await setSessionGeneration(tx, principal.sessionId, generation);
}
