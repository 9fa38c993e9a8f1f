// schema.org description of a service page, for search engines: https://schema.org/GovernmentService
import type { Locale } from '@jamaa/tenants/locale.ts';
import type { Weekday } from '@jamaa/tenants/weekdays.ts';
import type { Cost, OpeningHours } from './types.ts';

const SCHEMA_DAYS: Record<Weekday, string> = {
  mon: 'https://schema.org/Monday',
  tue: 'https://schema.org/Tuesday',
  wed: 'https://schema.org/Wednesday',
  thu: 'https://schema.org/Thursday',
  fri: 'https://schema.org/Friday',
  sat: 'https://schema.org/Saturday',
  sun: 'https://schema.org/Sunday',
};

export interface GovernmentServiceInput {
  /** Absolute URL of the page. */
  url: string;
  lang: Locale;
  name: string;
  description: string;
  /** The category's name. */
  serviceType: string;
  /** The commune that provides the service (an arrondissement's services are its commune's). */
  provider: {
    name: string;
    url: string;
    /** Its seat's address, when known. */
    address: string | null;
  };
  /** The commune or arrondissement whose residents the page is for. */
  areaServed: string;
  cost: Cost;
  /** The national platform that handles the service online. */
  online: { url: string; name: string } | null;
  /** The office that delivers it. */
  office: {
    name: string;
    address: string | null;
    latitude: number | null;
    longitude: number | null;
    phone: string | null;
    email: string | null;
    hours: OpeningHours;
    mapUrl: string | null;
    /** Dated closures (`YYYY-MM-DD`, both days included): closed all day. */
    closures?: readonly { from: string; to: string }[];
  } | null;
  /** Languages the office answers in (the tenant's). */
  languages: readonly Locale[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

const postalAddress = (street: string) => ({ '@type': 'PostalAddress', streetAddress: street, addressCountry: 'MA' });

/**
 * The JSON-LD object of a service page: what the service is, who provides it, where and how to get it.
 *
 * @example governmentService({ url, lang: 'fr', name: 'Légalisation de signature', … })['@type'] // → 'GovernmentService'
 */
export function governmentService(input: GovernmentServiceInput): { [key: string]: Json | undefined } {
  const { provider, office, online } = input;
  const channels: Json[] = [];
  if (online) {
    channels.push({ '@type': 'ServiceChannel', name: online.name, serviceUrl: online.url });
  }
  if (office) {
    channels.push({
      '@type': 'ServiceChannel',
      name: office.name,
      availableLanguage: [...input.languages],
      serviceLocation: {
        '@type': 'Place',
        name: office.name,
        address: office.address ? postalAddress(office.address) : undefined,
        geo:
          office.latitude !== null && office.longitude !== null
            ? { '@type': 'GeoCoordinates', latitude: office.latitude, longitude: office.longitude }
            : undefined,
        telephone: office.phone ?? undefined,
        hasMap: office.mapUrl ?? undefined,
        openingHoursSpecification: office.hours.map((range) => ({
          '@type': 'OpeningHoursSpecification',
          dayOfWeek: range.days.flatMap((day) => (day in SCHEMA_DAYS ? [SCHEMA_DAYS[day as keyof typeof SCHEMA_DAYS]] : [])),
          opens: range.opens,
          closes: range.closes,
        })),
        // Closed all day from one date to another, as search engines read it (opens = closes = 00:00).
        specialOpeningHoursSpecification: office.closures?.length
          ? office.closures.map((c) => ({ '@type': 'OpeningHoursSpecification', opens: '00:00', closes: '00:00', validFrom: c.from, validThrough: c.to }))
          : undefined,
      },
      servicePhone: office.phone ? { '@type': 'ContactPoint', telephone: office.phone } : undefined,
    });
  }
  const price = input.cost.kind === 'free' ? 0 : input.cost.kind === 'fixed' ? input.cost.amountMad : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    '@id': input.url,
    url: input.url,
    name: input.name,
    description: input.description,
    serviceType: input.serviceType,
    inLanguage: input.lang,
    provider: {
      '@type': 'GovernmentOrganization',
      name: provider.name,
      url: provider.url,
      address: provider.address ? postalAddress(provider.address) : undefined,
    },
    areaServed: { '@type': 'AdministrativeArea', name: input.areaServed },
    availableChannel: channels,
    offers: price === undefined ? undefined : { '@type': 'Offer', price, priceCurrency: 'MAD' },
  };
}

/**
 * JSON for a `<script type="application/ld+json">` element: `<`, `>`, `&` and the JavaScript line
 * separators are escaped, so no text (a tenant's note, a name) can close the element or start markup.
 *
 * @example jsonLdText({ name: '</script>' }) // → '{"name":"\u003c/script\u003e"}'
 */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
