// Public content pages: the API's windows, items and banner, for the request's tenant.
import type { RequestEvent } from '@sveltejs/kit';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { clientFor, unwrap } from './api.ts';
import type { Banner, PublicList } from '@jamaa/api/content/content.schemas.ts';

export type { PublicItem, PublicList, Banner } from '@jamaa/api/content/content.schemas.ts';

/** A window's public items in `locale` (a 404 error page when the window is unknown). */
export async function getWindow(event: RequestEvent, window: string, locale: Locale) {
  return unwrap(await clientFor(event).api.v1.content[':window'].$get({ param: { window }, query: { locale } }));
}

/**
 * A window's page: its public items in `locale`, as `getWindow`, without asking the API when the banner
 * (`getBanner`, read by the public layout) says the window has none. The banner's windows and the list
 * come from the same rule (an item not a draft, its publication time come, the tenant's own or its
 * commune's shared), kept by the API until the same changes, so the page shows what its navigation says:
 * a window the navigation does not link is empty. `published` null (the banner could not be read):
 * asked. The petitions window is always asked: its page shows the supporters a petition needs.
 */
export async function getWindowPage(event: RequestEvent, window: string, locale: Locale, published: readonly string[] | null): Promise<PublicList> {
  if (published && window !== 'petitions' && !published.includes(window)) return { window: window as PublicList['window'], locale, items: [] };
  return getWindow(event, window, locale);
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
