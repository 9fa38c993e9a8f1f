// Public content pages: the API's windows, items and banner, for the request's tenant.
import type { RequestEvent } from '@sveltejs/kit';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { clientFor, unwrap } from './api.ts';
import type { Banner } from '@jamaa/api/content/content.schemas.ts';

export type { PublicItem, PublicList, Banner } from '@jamaa/api/content/content.schemas.ts';

/** A window's public items in `locale` (a 404 error page when the window is unknown). */
export async function getWindow(event: RequestEvent, window: string, locale: Locale) {
  return unwrap(await clientFor(event).api.v1.content[':window'].$get({ param: { window }, query: { locale } }));
}

/** One public item of a window; the 404 page when it is not public here. */
export async function getItem(event: RequestEvent, window: string, slug: string, locale: Locale) {
  return unwrap(await clientFor(event).api.v1.content[':window'][':slug'].$get({ param: { window, slug }, query: { locale } }));
}

/**
 * What every public page shows of the tenant's content, in one call: the notices in force (the banner;
 * none when the API cannot answer) and the windows that have at least one public item, which the
 * navigation links (null when the API cannot answer: the navigation then links every window rather than
 * none).
 */
export async function getBanner(event: RequestEvent, locale: Locale): Promise<{ notices: Banner['notices']; windows: string[] | null }> {
  const response = await clientFor(event).api.v1['content-banner'].$get({ query: { locale } });
  return response.ok ? await response.json() : { notices: [], windows: null };
}
