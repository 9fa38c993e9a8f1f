// The route template of a Node request, left by whoever routed it (the API, SvelteKit's hooks) for the
// request metrics (metrics.ts). Kept apart from metrics.ts so that web's hooks import no prom-client.

/** The property on a Node request where the code that routed it leaves the route template. */
export const ROUTE_LABEL = Symbol.for('jamaa.route');

/** Leaves the route template on the Node request, for the request metrics (first caller wins). */
export function labelRoute(req: unknown, route: string | null | undefined): void {
  if (!req || typeof req !== 'object' || !route) return;
  const r = req as { [ROUTE_LABEL]?: string };
  r[ROUTE_LABEL] ??= route;
}

/** The route template left on a Node request, if any. */
export function routeLabelOf(req: unknown): string | null {
  return (req as { [ROUTE_LABEL]?: string } | null)?.[ROUTE_LABEL] ?? null;
}
