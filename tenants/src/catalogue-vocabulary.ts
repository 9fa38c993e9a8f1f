/**
 * The catalogue's closed vocabularies, without any file access: schemas that web's browser code reaches
 * (through `@jamaa/api/*.schemas.ts`) import these, never `catalogue.ts`, which reads the YAML files.
 */
export const AUDIENCES = ['residents', 'businesses', 'associations'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * `tariff`: the amount is set by the commune's own tariff decision (arrêté fiscal, laws 47.06 and 39.07), so it
 * differs from commune to commune but is a published public act; `varies` is for anything else that varies.
 */
export const COST_KINDS = ['free', 'fixed', 'varies', 'tariff'] as const;
/** `elsewhere`: another body handles it (a pointer card): no commune office, no commune platform. */
export const WHERE_KINDS = ['office', 'online', 'both', 'elsewhere'] as const;

/**
 * `service`: the commune delivers it. `pointer`: residents ask the commune, but another body handles it (the
 * CNIE, the criminal record, the DGI's housing tax…); the card says who, and links there (`handledBy`).
 */
export const SERVICE_KINDS = ['service', 'pointer'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** How far the Amazigh text of a card goes beyond its names. */
export const TRANSLATION_STATUSES = ['draft', 'reviewed'] as const;

/** The commune office that delivers a service; each tenant maps these to its own offices (address, hours, map). */
export const OFFICE_KINDS = [
  'civil_status',
  'legalisation',
  'urbanism_one_stop_shop',
  'hygiene',
  'economic_affairs',
  'tax',
  'reception',
  'technical_services',
  'social_affairs',
  'culture_sports',
] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

/**
 * The desks a city with arrondissements runs in each arrondissement (and its annexes), not at the city's seat:
 * on the city's site, a service at one of these lists the arrondissements' offices of that kind.
 */
export const ARRONDISSEMENT_OFFICE_KINDS: readonly OfficeKind[] = ['civil_status', 'legalisation'];
