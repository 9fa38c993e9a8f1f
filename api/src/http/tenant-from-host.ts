import { createMiddleware } from 'hono/factory';
import { AppError } from '../shared/errors.ts';
import { assertServable } from '../site/site.service.ts';
import { normaliseHost } from '../tenancy/host.ts';
import type { AppDeps, AppEnv } from './context.ts';

/**
 * Resolves the request's tenant from its Host. Unknown host: 404; suspended: 503; malformed or an IP
 * literal: 400. Never falls back to another tenant (the platform included).
 */
export function tenantFromHost(deps: Pick<AppDeps, 'directory' | 'config'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // The Host is checked before anything parses the request's URL: `new URL` throws on hosts such as
    // `999.999.999.999`, which must be a 400, not a 500.
    const rawHost = c.req.header('host') ?? hostOfUrl(c.req.url) ?? '';
    const host = normaliseHost(rawHost);
    if (!host) throw new AppError('BAD_HOST', 'The Host header is not a valid host name');
    const resolved = await deps.directory.resolve(host);
    if (!resolved) throw new AppError('TENANT_NOT_FOUND', `no tenant at ${host}`);
    assertServable(resolved.tenant);
    const forwarded = deps.config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    const port = rawHost.match(/:(\d{1,5})$/)?.[0] ?? '';
    c.set('resolved', resolved);
    c.set('origin', {
      protocol: forwarded === 'https' || (!forwarded && c.req.url.startsWith('https:')) ? 'https:' : 'http:',
      port: port === ':80' || port === ':443' ? '' : port,
      platformDomain: deps.config.platformDomain,
      publicUrl: deps.config.publicUrl,
    });
    await next();
  });
}

function hostOfUrl(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
