import type { ServiceSummary } from '@jamaa/api/catalogue/catalogue.schemas.ts';
import type { Translatable } from '@jamaa/tenants/locale.ts';
import { offeringSections, type AdminOffering } from '#lib/admin/catalogue-admin.ts';
import { isCatalogueCode, searchQuery } from '#lib/catalogue/present.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

export type Offering = ServiceSummary & Pick<AdminOffering, 'offering'>;

/** Every service, grouped by category, with the filter of the URL (`?q=`, `?category=`). */
export const load = (async (event) => {
  const { site, lang, me } = await event.parent();
  const client = clientFor(event);
  const { services } = await loaded(event, await client.api.v1.admin.catalogue.offerings.$get());
  // Category names come with the public listing (categories with at least one service offered).
  const listing = await client.api.v1.services.$get({ query: {} });
  const categories = listing.ok ? (await listing.json()).categories : [];
  const names = new Map<string, Translatable>(categories.map((c) => [c.code, c.names]));
  const q = searchQuery(event.url.searchParams.get('q'));
  const wanted = event.url.searchParams.get('category') ?? '';
  const category = isCatalogueCode(wanted) ? wanted : null;
  const sections = offeringSections(services, names, { q, category }, lang, site.fallbackLocales);
  const allCategories = offeringSections(services, names, { q: '', category: null }, lang, site.fallbackLocales).map((s) => ({ code: s.code, name: s.name }));
  return {
    sections,
    categories: allCategories,
    q,
    category,
    total: services.length,
    enabledCount: services.filter((s) => s.offering.enabled).length,
    canChange: me.role === 'administrator',
  };
}) satisfies PageServerLoad;

export const actions = {
  /** Turns one service on or off for this site. */
  toggle: async (event) => {
    const values = formValues(await event.request.formData());
    const service = values.service ?? '';
    if (!isCatalogueCode(service)) return invalid({}, values, 'NOT_FOUND');
    const enabled = values.enabled === 'true';
    const response = await clientFor(event).api.v1.admin.catalogue.offerings[':code'].$put({ param: { code: service }, json: { enabled } });
    if (!response.ok) return refused(response, values);
    return { toggled: service, enabled };
  },
} satisfies Actions;
