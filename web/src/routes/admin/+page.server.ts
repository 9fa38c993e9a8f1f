import { redirect } from '@sveltejs/kit';
import { negotiateLocale } from '#lib/locale-negotiation.ts';
import { requireSite } from '#lib/server/site.ts';
import type { PageServerLoad } from './$types';

/** `/admin`, as staff type it: the console in their language, among the tenant's. */
export const load = (({ locals, request }) => {
  const site = requireSite(locals);
  redirect(302, `/${negotiateLocale(request.headers.get('accept-language'), site.locales, site.defaultLocale)}/admin`);
}) satisfies PageServerLoad;
