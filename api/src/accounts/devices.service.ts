import type { TenantTx } from '../tenancy/unit-of-work.ts';
import { deleteExpiredTrustedDevices, isTrustedDevice, upsertTrustedDevice } from './devices.repository.ts';
import { generateToken, hashToken, TOKEN_PATTERN } from '../sessions/tokens.ts';

const DAY = 24 * 60 * 60 * 1000;
/** A device stays trusted this long after its last completed sign-in. */
export const DEVICE_TRUST_DAYS = 180;

export interface DeviceCookie {
  token: string;
  expiresAt: Date;
}

/**
 * The throttling key of a device cookie that completed a sign-in of the account of `email` on this
 * tenant (`device:<hash>`), or null for any other client (no cookie, a forged or lapsed one, another
 * account's).
 */
export async function trustedDeviceKey(tx: TenantTx, tenantId: string, deviceToken: string | undefined, email: string, now: Date): Promise<string | null> {
  if (!deviceToken || !TOKEN_PATTERN.test(deviceToken)) return null;
  const tokenHash = hashToken(deviceToken);
  return (await isTrustedDevice(tx, tokenHash, email, now)) ? `device:${tokenHash}` : null;
}

/**
 * Trusts this browser for `userId` after it proved the account here (password and second factor, or a
 * reset link): its cookie's token is kept when it has one (one office computer, several colleagues),
 * else a new one is made. Answers the cookie to set.
 */
export async function trustDevice(tx: TenantTx, tenantId: string, userId: string, deviceToken: string | undefined, now: Date): Promise<DeviceCookie> {
  const token = deviceToken && TOKEN_PATTERN.test(deviceToken) ? deviceToken : generateToken();
  const expiresAt = new Date(now.getTime() + DEVICE_TRUST_DAYS * DAY);
  await deleteExpiredTrustedDevices(tx, userId, now);
  await upsertTrustedDevice(tx, { tenantId, tokenHash: hashToken(token), userId, at: now, expiresAt });
  return { token, expiresAt };
}
