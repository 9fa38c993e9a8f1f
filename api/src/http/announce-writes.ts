import { createMiddleware } from 'hono/factory';
import { ALL_PAGES, announcePagesChanged } from './page-cache.ts';
import type { AppDeps, AppEnv } from './context.ts';

/** Staff writes that never show on a public page the cache keeps (complaint handling is the busy one). */
const PRIVATE_WRITES = /\/admin\/complaints(\/|$)/;

/**
 * After a successful state-changing request of the staff or operator group, every process's page cache
 * drops the tenant's pages (`tenant`: the host's tenant, which covers its arrondissements; `all`: the
 * operator's changes reach any tenant). Sent after the handler's transaction committed; this process's
 * cache is told first, so the writer's next page is fresh whatever the notification's delay. Whatever
 * else the feature announces (content publication, tenant changes) comes on top.
 */
export function announceWrites(deps: Pick<AppDeps, 'db' | 'logger' | 'pages'>, scope: 'tenant' | 'all') {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || c.res.status >= 400) return;
    if (scope === 'tenant' && PRIVATE_WRITES.test(c.req.path)) return;
    const target = scope === 'all' ? ALL_PAGES : c.get('resolved').tenant.id;
    try {
      await announcePagesChanged(deps.db, target, deps.pages);
    } catch (err) {
      // The change is made; other processes' pages expire with the cache's safety TTL.
      deps.logger.warn({ err, requestId: c.get('requestId') }, 'page change not announced');
    }
  });
}
