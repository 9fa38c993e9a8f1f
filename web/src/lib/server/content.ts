// Public content pages: the API's windows, items and banner, for the request's tenant.
import type { RequestEvent } from '@sveltejs/kit';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { clientFor, unwrap } from './api.ts';

export type { PublicItem, PublicList, Banner } from '@jamaa/api/content/content.schemas.ts';

/** A window's public items in `locale` (a 404 error page when the window is unknown). */
export async function getWindow(event: RequestEvent, window: string, locale: Locale) {
  return unwrap(await clientFor(event).api.v1.content[':window'].$get({ param: { window }, query: { locale } }));
}

/** One public item of a window; the 404 page when it is not public here. */
export async function getItem(event: RequestEvent, window: string, slug: string, locale: Locale) {
  return unwrap(await clientFor(event).api.v1.content[':window'][':slug'].$get({ param: { window, slug }, query: { locale } }));
}

/** Notices in force (the banner on every page); none when the API cannot answer. */
export async function getBanner(event: RequestEvent, locale: Locale) {
  const response = await clientFor(event).api.v1['content-banner'].$get({ query: { locale } });
  return response.ok ? (await response.json()).notices : [];
}

/**
 * The windows that have at least one public item, which the navigation links; null when the API cannot
 * answer (the navigation then links every window rather than none).
 */
export async function getPublishedWindows(event: RequestEvent): Promise<string[] | null> {
  const response = await clientFor(event).api.v1['content-windows'].$get();
  return response.ok ? (await response.json()).windows : null;
}
