import { isLocale } from '@jamaa/tenants/locale.ts';
import { translator } from '#lib/i18n/i18n.ts';
import { webAppManifest } from '#lib/share/site-identity.ts';
import type { RequestHandler } from './$types';

/**
 * `/manifest.webmanifest?lang=fr`: the request's tenant as an installable web app, named in the page's
 * language (the tenant's default without `lang`, or with one it does not publish). A host that is no
 * tenant gets a plain 404 (503 when suspended, 400 when malformed).
 */
export const GET = (({ locals, url, request }) => {
  const site = locals.site;
  if (!site) return plainError(locals.hostError?.status ?? 404);
  const asked = url.searchParams.get('lang');
  const lang = isLocale(asked) && site.locales.includes(asked) ? asked : site.defaultLocale;
  // The tenant's version covers its names, colours and logo; the strings ship with the build.
  const etag = `"manifest-${lang}-${site.version}"`;
  const headers = { etag, 'cache-control': 'public, max-age=3600', 'content-type': 'application/manifest+json; charset=utf-8' };
  if (request.headers.get('if-none-match')?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(JSON.stringify(webAppManifest(site, lang, translator(lang))), { headers });
}) satisfies RequestHandler;

function plainError(status: number): Response {
  return new Response(`${status}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
