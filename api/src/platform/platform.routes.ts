import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { markDomainServed } from '../onboarding/overview.service.ts';
import { normaliseHostName } from '../tenancy/host.ts';

const domainCheckRoute = createRoute({
  method: 'get',
  operationId: 'checkDomain',
  path: '/domains/check',
  tags: ['platform'],
  summary: 'Whether a host name belongs to a served tenant (the reverse proxy asks before issuing a TLS certificate)',
  request: { query: z.object({ domain: z.string().min(1).max(253) }) },
  responses: {
    200: { description: 'A served tenant answers at this host', content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } } },
    404: { description: 'Unknown host, or not a host name (an IP address, a port, a malformed name)', content: { 'application/json': { schema: z.object({ ok: z.literal(false) }) } } },
  },
});

/** Platform-level routes under `/api/v1`. */
export function platformRoutes(deps: AppDeps) {
  return newRouter().openapi(domainCheckRoute, async (c) => {
    // A bare DNS name only: no port, no IP literal (v4 or v6), nothing malformed — none of them is a
    // tenant's, and a certificate must never be asked for them.
    const host = normaliseHostName(c.req.valid('query').domain);
    const resolved = host ? await deps.directory.resolve(host) : null;
    // On-demand TLS: only hosts of an ACTIVE tenant get a certificate (a suspended, archived or
    // provisioning tenant's do not; a certificate obtained while it was active stays until renewal).
    if (!host || resolved === null || resolved.tenant.status !== 'active') return c.json({ ok: false as const }, 404);
    // The proxy is about to obtain the certificate: a pending custom domain is now served.
    await markDomainServed(deps, host);
    return c.json({ ok: true as const }, 200);
  });
}
