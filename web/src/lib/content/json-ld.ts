import type { Locale } from '@jamaa/tenants/locale.ts';
import type { PublicItem } from '@jamaa/api/content/content.schemas.ts';
import { itemHref } from './present.ts';

/** schema.org `GovernmentOrganization` for the commune's page. */
export function cityJsonLd(site: { origin: string; branding: { logoUrl: string | null } }, name: string, lang: Locale) {
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentOrganization',
    name,
    url: `${site.origin}/${lang}`,
    ...(site.branding.logoUrl ? { logo: site.origin + site.branding.logoUrl } : {}),
    address: { '@type': 'PostalAddress', addressCountry: 'MA' },
  };
}

/** schema.org `Event` for each council session (public sittings, at the commune). */
export function sessionsJsonLd(items: readonly PublicItem[], origin: string, lang: Locale, organizer: string) {
  return items
    .filter((i) => i.eventAt)
    .map((i) => {
      const place = i.fields.place as Record<string, string> | undefined;
      return {
        '@context': 'https://schema.org',
        '@type': 'Event',
        name: i.title.text,
        startDate: i.eventAt,
        eventStatus: 'https://schema.org/EventScheduled',
        eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
        url: origin + itemHref(lang, 'sessions', i.slug),
        location: { '@type': 'Place', name: place?.[lang] ?? place?.fr ?? place?.ar ?? organizer, address: { '@type': 'PostalAddress', addressCountry: 'MA' } },
        organizer: { '@type': 'GovernmentOrganization', name: organizer, url: `${origin}/${lang}` },
        ...(i.summary ? { description: i.summary.text } : {}),
      };
    });
}
