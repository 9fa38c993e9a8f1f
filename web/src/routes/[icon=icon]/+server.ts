import { getSiteIcon } from '#lib/server/api.ts';
import type { RequestHandler } from './$types';

/** `/favicon.svg`, `/icon-192.png`, `/apple-touch-icon.png`…: the request's tenant's own icons. */
export const GET = (async (event) => getSiteIcon(event, event.params.icon)) satisfies RequestHandler;
