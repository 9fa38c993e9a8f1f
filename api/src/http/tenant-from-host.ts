import { createMiddleware } from 'hono/factory';
import { AppError } from '../shared/errors.ts';
import { assertServable } from '../site/site.service.ts';
import { normaliseHost } from '../tenancy/host.ts';
import type { AppDeps, AppEnv } from './context.ts';

/**
 * Resolves the request's tenant from its Host. Unknown host: 404; suspended: 503; malformed: 400.
 * Never falls back to another tenant.
 */
export function tenantFromHost(deps: Pick<AppDeps, 'directory' | 'config'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const rawHost = c.req.header('host') ?? url.host;
    const host = normaliseHost(rawHost);
    if (!host) throw new AppError('BAD_HOST', 'The Host header is not a valid host name');
    const resolved = await deps.directory.resolve(host);
    if (!resolved) throw new AppError('TENANT_NOT_FOUND', `no tenant at ${host}`);
    assertServable(resolved.tenant);
    const forwarded = deps.config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    const port = rawHost.match(/:(\d{1,5})$/)?.[0] ?? '';
    c.set('resolved', resolved);
    c.set('origin', {
      protocol: forwarded === 'https' || (!forwarded && url.protocol === 'https:') ? 'https:' : 'http:',
      port: port === ':80' || port === ':443' ? '' : port,
      platformDomain: deps.config.platformDomain,
    });
    await next();
  });
}
