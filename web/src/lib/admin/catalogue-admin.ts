// The catalogue screen of the console: every service with this tenant's decision about it, grouped by
// category and filtered by a few words or a category.
import type { OfferingListView } from '@jamaa/api/catalogue/catalogue.schemas.ts';
import type { Locale, Resolved, Translatable } from '@jamaa/tenants/locale.ts';
import { normaliseForSearch, searchTerms } from '@jamaa/tenants/text-folding.ts';
import { localize } from '../catalogue/present.ts';

/** What the screen needs of each service of the API's offering list. */
export type AdminOffering = Pick<OfferingListView['services'][number], 'code' | 'category' | 'local' | 'names' | 'summary' | 'offering'>;

export interface AdminCategorySection<T extends AdminOffering> {
  code: string;
  name: Resolved;
  services: { service: T; name: Resolved }[];
}

/**
 * Whether a service matches every word of `q`, in any language or by its code, folded as the public search
 * folds (so « etat » finds « État » and « امضاء » finds « الإمضاء »). A word may be part of a longer one.
 */
export function matchesQuery(service: AdminOffering, q: string): boolean {
  const words = searchTerms(q);
  if (words.length === 0) return true;
  const haystack = normaliseForSearch([service.code, ...Object.values(service.names)].join(' '));
  return words.every((word) => haystack.includes(word));
}

/**
 * The services grouped by category, in the categories' order (categories with no name known are named by
 * their code, after the others), each sorted by name in the page's language.
 */
export function offeringSections<T extends AdminOffering>(
  services: readonly T[],
  categoryNames: ReadonlyMap<string, Translatable>,
  filter: { q: string; category: string | null },
  lang: Locale,
  fallbacks: readonly Locale[],
): AdminCategorySection<T>[] {
  const order = [...categoryNames.keys()];
  const byCategory = new Map<string, { service: T; name: Resolved }[]>();
  for (const service of services) {
    if (filter.category && service.category !== filter.category) continue;
    if (!matchesQuery(service, filter.q)) continue;
    const list = byCategory.get(service.category) ?? [];
    list.push({ service, name: localize(service.names, lang, fallbacks) });
    byCategory.set(service.category, list);
  }
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  return [...byCategory.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([code, list]) => ({
      code,
      name: categoryNames.has(code) ? localize(categoryNames.get(code), lang, fallbacks) : { text: code, locale: lang, fallback: false },
      services: list.sort((a, b) => a.name.text.localeCompare(b.name.text, lang)),
    }));
}
