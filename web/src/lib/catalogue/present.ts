// Presentation rules of the catalogue pages, kept out of the routes so they can be tested on their own.
import { resolveText, type Locale, type Resolved, type Translatable } from '@jamaa/tenants/locale.ts';
import { WEEKDAYS, type Weekday } from '@jamaa/tenants/weekdays.ts';
import {
  AUDIENCES,
  type Audience,
  type CardField,
  type Cost,
  type OfficeView,
  type OpeningHours,
  type ServiceCard,
  type ServiceCategory,
  type ServiceDetailView,
  type ServiceListingView,
  type ServiceSummary,
} from './types.ts';

/** Service and category codes, as the API accepts them. */
const CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function isCatalogueCode(value: string): boolean {
  return value.length <= 80 && CODE.test(value);
}

export function isAudience(value: string): value is Audience {
  return (AUDIENCES as readonly string[]).includes(value);
}

/** The API refuses longer queries; a longer one is cut rather than refused. */
export const MAX_QUERY_LENGTH = 200;

/**
 * The search query of a URL: trimmed, whitespace collapsed, cut to what the API accepts.
 *
 * @example searchQuery('  acte   de naissance ') // → 'acte de naissance'
 */
export function searchQuery(raw: string | null): string {
  return (raw ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH).trim();
}

/**
 * The first sentence of a summary, for one-line lists: up to the first full stop, question or exclamation
 * mark (Arabic ones too) that is followed by a space. Dotted numbers (« 55.19 ») do not end a sentence, nor
 * does a stop in the first 24 characters (« art. 7 », « Env. »): a short first sentence keeps the next one.
 *
 * @example firstSentence('Certification de signature. Depuis la loi…') // → 'Certification de signature.'
 */
export function firstSentence(text: string): string {
  const match = /^.{24,}?[.!?؟…](?=\s)/su.exec(text.trim());
  return (match?.[0] ?? text).trim();
}

/** The fee in effect: the commune's when it set one (it wins over the national card), else the national one. */
export function effectiveCost(detail: ServiceDetailView, card: ServiceCard): { cost: Cost; local: boolean } {
  return detail.localFacts.cost ? { cost: detail.localFacts.cost, local: true } : { cost: card.cost, local: false };
}

/** Contact details in effect: the commune's when it gave some, else the national card's. */
export function effectiveContact(
  detail: ServiceDetailView,
  card: ServiceCard,
): { phone?: string | undefined; email?: string | undefined; url?: string | undefined; local: boolean } | null {
  const local = detail.localFacts.contact;
  if (local && (local.phone || local.email)) return { phone: local.phone, email: local.email, local: true };
  if (card.contact) return { phone: card.contact.phone, email: card.contact.email, url: card.contact.url, local: false };
  return null;
}

/** Whether a field of the card describes typical practice rather than a sourced fact. */
export function isTypical(card: ServiceCard, field: CardField): boolean {
  return card.facts === 'typical' || (card.typicalFields ?? []).includes(field);
}

/**
 * The host of a national platform's link, as residents type it.
 *
 * @example platformHost('https://www.rokhas.ma/karazal/') // → 'rokhas.ma'
 */
export function platformHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/**
 * The idarati.ma procedure page in the reader's language. Cards store the French page
 * (`…/informationnel/fr/thematique/<thematic>/<procedure>`); idarati.ma publishes the same procedure in Arabic
 * under `/ar/`. It has no Amazigh: a zgh page links the first of the site's fallback languages that idarati.ma
 * offers (Arabic, then French, by default). Any other URL is returned as it is.
 */
export function idaratiLink(url: string, lang: Locale, fallbacks: readonly Locale[]): { url: string; lang: 'ar' | 'fr' } {
  const offered = (l: Locale): l is 'ar' | 'fr' => l === 'ar' || l === 'fr';
  const target = offered(lang) ? lang : (fallbacks.find(offered) ?? 'ar');
  const french = /^(https:\/\/(?:www\.)?idarati\.ma\/informationnel\/)fr(\/thematique\/)/;
  if (!french.test(url)) return { url, lang: 'fr' };
  return { url: url.replace(french, `$1${target}$2`), lang: target };
}

/**
 * A `tel:` URI for a phone number as stored (digits and spaces, maybe a leading +).
 *
 * @example telHref('+212 5 22 00 00 00') // → 'tel:+212522000000'
 */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

export interface DayHours {
  day: Weekday;
  /** Empty when the office is closed that day. */
  ranges: { opens: string; closes: string }[];
}

/**
 * Opening hours laid out per weekday, Monday to Sunday; a day no range names is closed.
 *
 * @example hoursByWeekday([{ days: ['sat'], opens: '09:00', closes: '12:00' }])[5]
 *   // → { day: 'sat', ranges: [{ opens: '09:00', closes: '12:00' }] }
 */
export function hoursByWeekday(hours: OpeningHours): DayHours[] {
  return WEEKDAYS.map((day) => ({
    day,
    ranges: hours
      .filter((range) => range.days.includes(day))
      .map(({ opens, closes }) => ({ opens, closes }))
      .sort((a, b) => a.opens.localeCompare(b.opens)),
  }));
}

export interface CategorySection {
  category: ServiceCategory;
  services: ServiceSummary[];
}

/**
 * The listing page's sections: one per category that has services (in catalogue order), or only the chosen
 * category's. Counts follow what is listed (an audience filter changes them).
 */
export function categorySections(listing: ServiceListingView, category: string | null): CategorySection[] {
  return listing.categories
    .filter((c) => category === null || c.code === category)
    .map((c) => {
      const services = listing.services.filter((s) => s.category === c.code);
      return { category: { ...c, serviceCount: services.length }, services };
    })
    .filter((section) => section.services.length > 0 || section.category.code === category);
}

/**
 * A link to the listing with some filters set; `null` clears one.
 *
 * @example listingHref('fr', { audience: 'residents', category: null }) // → '/fr/services?audience=residents'
 */
export function listingHref(lang: string, filters: { category: string | null; audience: Audience | null }): string {
  const query = new URLSearchParams();
  if (filters.category) query.set('category', filters.category);
  if (filters.audience) query.set('audience', filters.audience);
  const search = query.toString();
  return `/${lang}/services${search ? `?${search}` : ''}`;
}

/**
 * Catalogue text in the page's language, walking the tenant's fallback order. Card texts always have
 * Arabic and French, so an empty result only comes from an empty value.
 *
 * @example localize({ ar: 'تصحيح الإمضاء', fr: 'Légalisation' }, 'zgh', ['fr', 'ar'])
 *   // → { text: 'Légalisation', locale: 'fr', fallback: true }
 */
export function localize(value: Translatable | undefined, lang: Locale, fallbacks: readonly Locale[]): Resolved {
  return resolveText(value ?? {}, lang, fallbacks) ?? { text: '', locale: lang, fallback: false };
}

/** The first of some texts shown in another language: a section announces it once, not per line. */
export function firstFallback(texts: readonly Resolved[]): Resolved | null {
  return texts.find((text) => text.fallback) ?? null;
}

/**
 * The seat of the commune that provides a site's services: an arrondissement has no legal personality of
 * its own, so its services are the commune's, whose seat is among its inherited offices.
 */
export function communeSeat(offices: readonly OfficeView[], siteKind: 'platform' | 'commune' | 'arrondissement'): OfficeView | null {
  const inherited = siteKind === 'arrondissement';
  return offices.find((office) => office.kind === 'reception' && office.inherited === inherited) ?? null;
}

export interface DirectionsLinks {
  /** A `geo:` URI: the phone's map app opens on the office, with its name as the pin's label. */
  app: string;
  /** The same destination in OpenStreetMap's directions, for a browser without a map app. */
  web: string;
}

/**
 * Links that take a resident to an office: the phone's map app (`geo:`) and OpenStreetMap directions; null
 * for an office without coordinates.
 *
 * @example directionsLinks({ latitude: 33.589, longitude: -7.633 }, 'Anfa')
 *   // → { app: 'geo:33.589,-7.633?q=33.589,-7.633(Anfa)',
 *   //     web: 'https://www.openstreetmap.org/directions?route=%3B33.589%2C-7.633#map=17/33.589/-7.633' }
 */
export function directionsLinks(office: Pick<OfficeView, 'latitude' | 'longitude'>, label: string): DirectionsLinks | null {
  const { latitude: lat, longitude: lng } = office;
  if (lat === null || lng === null) return null;
  // The label is free text inside the URI's query: encode what a name may hold, and the parentheses that close it.
  const name = encodeURIComponent(label.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim());
  return {
    app: `geo:${lat},${lng}?q=${lat},${lng}(${name})`,
    web: `https://www.openstreetmap.org/directions?route=${encodeURIComponent(`;${lat},${lng}`)}#map=17/${lat}/${lng}`,
  };
}
