import { error, type RequestEvent } from '@sveltejs/kit';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { getHome } from '#lib/server/api.ts';

/** The hosted communes, on the platform host only (a commune's own site has no such directory: 404). */
export async function hostedCommunes(event: RequestEvent, lang: Locale) {
  const home = await getHome(event, lang);
  if (home.site.kind !== 'platform') error(404, { code: 'NOT_FOUND', message: 'no commune directory here', requestId: event.locals.requestId });
  return home.hostedCommunes;
}
