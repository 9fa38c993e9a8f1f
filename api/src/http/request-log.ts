import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv } from './context.ts';
import { labelRoute } from './route-label.ts';

/**
 * One log line per API request that came over the network: request id, tenant, route (the pattern, not
 * the path: no tokens or personal data), status and duration. Calls web makes in-process are not
 * logged here: the page request that made them is (web's hooks), with the same request id.
 */
export function requestLog(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const env = c.env as AppEnv['Bindings'] | undefined;
    if (!env?.incoming) return next();
    const started = performance.now();
    await next();
    const route = routePath(c);
    // For the request metrics (http/metrics.ts), counted by the Node server when the answer is sent.
    labelRoute(env.incoming, c.res.status === 404 && route.endsWith('*') ? 'unmatched' : route);
    logger.info(
      {
        requestId: c.get('requestId'),
        tenant: c.var.resolved?.tenant.code ?? null,
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  });
}
