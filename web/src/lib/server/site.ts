import { error } from '@sveltejs/kit';
import type { Site } from '@jamaa/api/site/site.schemas.ts';

/**
 * The tenant of this request, or the error page that says why there is none (unknown host → 404
 * TENANT_NOT_FOUND, suspended tenant → 503 TENANT_SUSPENDED, malformed host → 400 BAD_HOST).
 *
 * Called by the routes below the root layout rather than by the root layout itself: an error thrown in
 * the root layout's load would skip `+error.svelte` and fall back to the static `error.html`.
 */
export function requireSite(locals: App.Locals): Site {
  if (locals.site) return locals.site;
  const { status, code } = locals.hostError ?? { status: 404, code: 'TENANT_NOT_FOUND' };
  error(status, code, { code, requestId: locals.requestId });
}
