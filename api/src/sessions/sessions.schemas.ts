/** The staff session cookie: host-only (no Domain), so a Casablanca session is never sent to Anfa's host. */
export const SESSION_COOKIE = 'jamaa_session';
/**
 * The device cookie: set on a browser once it completes a sign-in (or a password reset) on this host.
 * Sign-in attempts from it are throttled on their own, so a stranger's failures cannot lock it out.
 */
export const DEVICE_COOKIE = 'jamaa_device';
