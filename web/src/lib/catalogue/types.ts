// The catalogue as the public pages read it. The API shapes are taken from the one server module's return
// types (web imports nothing else of the API's catalogue); type-only imports, erased from every bundle.
import type { Translatable } from '@jamaa/tenants/locale.ts';
import type { getOffices, getService, getServices, searchServices } from '../server/api.ts';

export type ServiceListingView = Awaited<ReturnType<typeof getServices>>;
export type ServiceCategory = ServiceListingView['categories'][number];
export type ServiceSummary = ServiceListingView['services'][number];
export type SearchHit = Awaited<ReturnType<typeof searchServices>>['services'][number];
export type ServiceDetailView = Awaited<ReturnType<typeof getService>>;
export type LocalFacts = ServiceDetailView['localFacts'];
export type OfficeView = Awaited<ReturnType<typeof getOffices>>[number];
/** An arrondissement's office, on its city's page of a service the arrondissements deliver. */
export type ArrondissementOfficeView = ServiceDetailView['arrondissementOffices'][number];
export type OpeningHours = OfficeView['hours'];
export type Cost = ServiceSummary['cost'];

export { AUDIENCES, OFFICE_KINDS, type Audience, type OfficeKind } from '@jamaa/api/catalogue/catalogue.schemas.ts';
import { OFFICE_KINDS, type OfficeKind } from '@jamaa/api/catalogue/catalogue.schemas.ts';

export function isOfficeKind(value: string | undefined): value is OfficeKind {
  return (OFFICE_KINDS as readonly (string | undefined)[]).includes(value);
}

/** Fields of a card that may be marked as typical practice rather than sourced fact. */
export type CardField = 'summary' | 'eligibility' | 'documents' | 'steps' | 'cost' | 'delay' | 'where' | 'legalBasis' | 'contact';

/** The national service card, typed by the API from the catalogue's own schema. */
export type ServiceCard = ServiceDetailView['card'];

/** The card of a service detail, typed. */
export function cardOf(detail: ServiceDetailView): ServiceCard {
  return detail.card;
}
