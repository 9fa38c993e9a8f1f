import type { Context } from 'hono';
import type { ChangeContext, RequestMeta } from '../audit/actor.ts';
import type { Config } from '../config.ts';
import type { AppDeps, AppEnv } from './context.ts';

/** Staff paths: sign-in, reset and invitation forms, the console's and the operator's API. */
export const STAFF_PATHS = /^\/api\/v1\/(auth|admin|operator)\//;

/**
 * The client's address, for throttling and the audit log: given by an in-process caller (web's server
 * module passes SvelteKit's `getClientAddress()` as `env.clientAddress`), else the last
 * `X-Forwarded-For` hop when a proxy is trusted, else the socket's. Null when unknown.
 */
export function clientIp(c: Context<AppEnv>, config: Pick<Config, 'trustProxy'>): string | null {
  const env = c.env as AppEnv['Bindings'] | undefined;
  if (env?.clientAddress) return env.clientAddress;
  if (config.trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const last = hops.at(-1);
    if (last) return last;
  }
  return env?.incoming?.socket?.remoteAddress ?? null;
}

/** Where a change came from, for the audit log. */
export function requestMeta(c: Context<AppEnv>, config: Pick<Config, 'trustProxy'>): RequestMeta {
  return { ip: clientIp(c, config), requestId: c.get('requestId') ?? null, userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null };
}

/** Who is changing something, from where and when, for a service that audits it. Runs after `requireStaff`. */
export function changeContext(c: Context<AppEnv>, deps: Pick<AppDeps, 'config' | 'clock'>): ChangeContext {
  const staff = c.get('staff');
  return { actor: { id: staff.userId, email: staff.email }, meta: requestMeta(c, deps.config), at: deps.clock() };
}
