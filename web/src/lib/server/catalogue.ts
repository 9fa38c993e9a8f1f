import { error } from '@sveltejs/kit';
import type { Site } from '@jamaa/api/site/site.schemas.ts';
import { requireSite } from './site.ts';

/** A plain 404 inside the tenant's layout. */
export function notFound(locals: App.Locals): never {
  error(404, 'NOT_FOUND', { code: 'NOT_FOUND', requestId: locals.requestId });
}

/**
 * The tenant of a catalogue page (services, search, offices). The platform's own site offers no services:
 * those pages do not exist there.
 */
export function requireCatalogueSite(locals: App.Locals): Site {
  const site = requireSite(locals);
  if (site.kind === 'platform') notFound(locals);
  return site;
}
