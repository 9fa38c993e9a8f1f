import { redirect } from '@sveltejs/kit';
import { negotiateLocale } from '#lib/locale-negotiation.ts';
import { requireSite } from '#lib/server/site.ts';
import type { PageServerLoad } from './$types';

/** `/` has no content of its own: send the reader to their language, among the tenant's. */
export const load = (({ locals, request, setHeaders, url }) => {
  const site = requireSite(locals);
  const locale = negotiateLocale(request.headers.get('accept-language'), site.locales, site.defaultLocale);
  // The answer depends on Accept-Language: caches must key on it.
  setHeaders({ vary: 'Accept-Language', 'cache-control': 'private, no-cache' });
  redirect(302, `/${locale}${url.search}`);
}) satisfies PageServerLoad;
