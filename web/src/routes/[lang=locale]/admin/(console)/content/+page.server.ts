import { CONTENT_KIND_ORDER, isContentKind } from '#lib/admin/content-form.ts';
import { localize } from '#lib/catalogue/present.ts';
import { clientFor } from '#lib/server/api.ts';
import { sitePickerFor, targetQuery } from '#lib/server/content-admin.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/**
 * This site's content, every state, one kind when asked (`?kind=news`), newest change first; on a commune,
 * one of its arrondissements' when asked (`?tenant=anfa`) and the editor holds a role there (else the
 * API's refusal is the page).
 */
export const load = (async (event) => {
  const { site, lang } = await event.parent();
  const asked = event.url.searchParams.get('kind');
  const kind = isContentKind(asked) ? asked : undefined;
  const { items } = await loaded(event, await clientFor(event).api.v1.admin.content.$get({ query: { ...(kind ? { kind } : {}), ...targetQuery(event) } }));
  const picker = await sitePickerFor(event, lang, site.fallbackLocales);
  return {
    sites: picker.options,
    chosenSite: picker.current,
    kind: kind ?? null,
    kinds: CONTENT_KIND_ORDER,
    items: items
      .toSorted((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .map((item) => ({
        id: item.id,
        kind: item.kind,
        window: item.window,
        slug: item.slug,
        title: localize(item.title, lang, site.fallbackLocales),
        status: item.status,
        publishAt: item.publishAt,
        visible: item.visible,
        expiresAt: item.expiresAt,
        updatedAt: item.updatedAt,
        missing: item.missingTranslations,
      })),
    deleted: event.url.searchParams.has('deleted'),
  };
}) satisfies PageServerLoad;
