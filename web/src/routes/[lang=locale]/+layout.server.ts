import { error } from '@sveltejs/kit';
import { resolveText } from '@jamaa/tenants/locale.ts';
import { requireSite } from '#lib/server/site.ts';
import { translator } from '#lib/i18n/i18n.ts';
import { siteTitle } from '#lib/share/site-identity.ts';
import type { LayoutServerLoad } from './$types';

export const load = (({ locals, params }) => {
  const site = requireSite(locals);
  const lang = params.lang;
  // The URL names one of the platform's languages, but this tenant may not publish in it.
  if (!site.locales.includes(lang)) {
    error(404, 'NOT_FOUND', { code: 'NOT_FOUND', requestId: locals.requestId });
  }
  const name = resolveText(site.names, lang, site.fallbackLocales) ?? { text: site.slug, locale: lang, fallback: false };
  // What every page title ends with: "Commune de Casablanca".
  return { site, lang, name, siteTitle: siteTitle(site, lang, translator(lang)) };
}) satisfies LayoutServerLoad;
