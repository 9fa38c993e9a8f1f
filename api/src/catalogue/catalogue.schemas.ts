import { z } from '@hono/zod-openapi';
import type { Service } from '@jamaa/tenants/catalogue.ts';
import { COST_KINDS, SERVICE_KINDS } from '@jamaa/tenants/catalogue-vocabulary.ts';

/** The catalogue's closed lists, for web (which reaches tenants data only through the API). */
export { AUDIENCES, OFFICE_KINDS, type Audience, type OfficeKind } from '@jamaa/tenants/catalogue-vocabulary.ts';
import { TranslatableSchema } from '../site/site.schemas.ts';

export const OfficeClosureSchema = z
  .object({ from: z.string().openapi({ example: '2027-01-11' }), to: z.string().openapi({ example: '2027-01-13' }), reason: TranslatableSchema })
  .openapi('OfficeClosure', { description: 'Days the office is closed (`YYYY-MM-DD`, both included) and why.' });

export const OfficeSchema = z
  .object({
    id: z.string().uuid(),
    key: z.string(),
    kind: z.string(),
    names: TranslatableSchema,
    address: TranslatableSchema,
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    hours: z.array(z.object({ days: z.array(z.string()), opens: z.string(), closes: z.string() })),
    /** Opening periods during Ramadan; empty: the usual ones. */
    ramadanHours: z.array(z.object({ days: z.array(z.string()), opens: z.string(), closes: z.string() })),
    /**
     * Dated closures in order of their first day, both days included (Moroccan calendar dates); a closure
     * already over may remain until the office is next saved.
     */
    closures: z.array(OfficeClosureSchema),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** An OpenStreetMap link to the office, or null without coordinates. */
    mapUrl: z.string().nullable(),
    /** True when the office belongs to the commune rather than to this arrondissement. */
    inherited: z.boolean(),
  })
  .openapi('Office');

/** An arrondissement's office, listed on its city's page of a service the arrondissements deliver. */
export const ArrondissementOfficeSchema = OfficeSchema.extend({
  arrondissement: z.object({ slug: z.string(), names: TranslatableSchema }),
}).openapi('ArrondissementOffice');

/** `tariff`: set by the commune's tariff decision (arrêté fiscal); see tenants/README.md. */
const CostSchema = z.object({ kind: z.enum(COST_KINDS), amountMad: z.number().optional(), note: TranslatableSchema.optional() });

/** A fee as an administrator sets it: a positive amount of at most a million dirhams. */
const CostInputSchema = z.object({ kind: z.enum(['free', 'fixed', 'varies', 'tariff']), amountMad: z.number().positive().max(1_000_000).optional(), note: TranslatableSchema.optional() });

const ContactSchema = z.object({ phone: z.string().max(40).optional(), email: z.email().optional() });

/** The local facts a tenant may override, in the order the console shows them. */
export const OVERRIDE_FIELDS = ['cost', 'officeId', 'hours', 'extraDocuments', 'note', 'contact'] as const;
export type OverrideField = (typeof OVERRIDE_FIELDS)[number];

export function isOverrideField(value: unknown): value is OverrideField {
  return (OVERRIDE_FIELDS as readonly unknown[]).includes(value);
}

/** The local facts in effect or set by one tenant: local facts, never the national text itself. */
export const ServiceOverridesSchema = z
  .object({
    cost: CostSchema.optional(),
    officeId: z.uuid().optional(),
    hours: TranslatableSchema.optional(),
    extraDocuments: z.array(TranslatableSchema).optional(),
    note: TranslatableSchema.optional(),
    contact: ContactSchema.optional(),
  })
  .openapi('ServiceOverrides');

export const MergedOfferingSchema = z
  .object({
    enabled: z.boolean(),
    overrides: ServiceOverridesSchema,
    /** For each override in effect, the tenant that set it (the commune, or the arrondissement itself). */
    overriddenBy: z.partialRecord(z.enum(OVERRIDE_FIELDS), z.string()),
    /** Overridden card fields that a newer national version changed, still to be reviewed. */
    reviewFields: z.array(z.string()),
  })
  .openapi('MergedOffering');

/** What an administrator may change; `null` on a field removes the override (back to inherited/national). */
export const OfferingChangeSchema = z
  .object({
    enabled: z.boolean().nullable().optional(),
    overrides: z
      .object({
        cost: CostInputSchema.nullable().optional(),
        officeId: z.uuid().nullable().optional(),
        hours: TranslatableSchema.nullable().optional(),
        extraDocuments: z.array(TranslatableSchema).max(20).nullable().optional(),
        note: TranslatableSchema.nullable().optional(),
        contact: ContactSchema.nullable().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('OfferingChange');

export const CategorySchema = z
  .object({ code: z.string(), names: TranslatableSchema, icon: z.string(), serviceCount: z.number().int() })
  .openapi('ServiceCategory');

export const ServiceSummarySchema = z
  .object({
    code: z.string(),
    category: z.string(),
    audiences: z.array(z.string()),
    local: z.boolean(),
    names: TranslatableSchema,
    summary: TranslatableSchema,
    cost: CostSchema,
    online: z.object({ code: z.string(), url: z.string() }).nullable(),
    /** `pointer`: residents ask the commune, but another body handles it (see handledBy). */
    kind: z.enum(SERVICE_KINDS),
    /** For a pointer: the body that handles it and its link; null for the commune's own services. */
    handledBy: z.object({ names: TranslatableSchema, url: z.string().nullable() }).nullable(),
    /** 1 for the service residents need most; null for a commune's own services without one. */
    frequencyRank: z.number().int().nullable(),
  })
  .openapi('ServiceSummary');

/** The national card as published (documents, steps, delay, legal basis…), see tenants/README.md. */
// Typed as `Service` for TypeScript callers (the typed client gives web the card's exact type), documented
// loosely in OpenAPI; the API only ever answers with cards that tenants/src/catalogue.ts validated.
const CardSchema = z
  .custom<Service>((value) => typeof value === 'object' && value !== null)
  .openapi('ServiceCard', { type: 'object', additionalProperties: true, description: 'The national service card, as validated by tenants/src/catalogue.ts' });

export const ServiceDetailSchema = ServiceSummarySchema.extend({
  card: CardSchema,
  categoryNames: TranslatableSchema,
  /** The local facts in effect: the tenant's (or its commune's) overrides. */
  localFacts: z.object({
    cost: CostSchema.optional(),
    hours: TranslatableSchema.optional(),
    extraDocuments: z.array(TranslatableSchema).optional(),
    note: TranslatableSchema.optional(),
    contact: z.object({ phone: z.string().optional(), email: z.string().optional() }).optional(),
  }),
  office: OfficeSchema.nullable(),
  /**
   * On a city with arrondissements, for a service delivered by arrondissement desks (civil status,
   * légalisation): every arrondissement's office of that kind, by arrondissement code; empty otherwise.
   */
  arrondissementOffices: z.array(ArrondissementOfficeSchema),
  catalogueVersion: z.string(),
}).openapi('ServiceDetail');

export const ServiceListingSchema = z
  .object({
    catalogueVersion: z.string(),
    /** When the national catalogue in force was published (ISO 8601). */
    cataloguePublishedAt: z.string(),
    categories: z.array(CategorySchema),
    services: z.array(ServiceSummarySchema),
  })
  .openapi('ServiceListing');

export const SearchResultSchema = z
  .object({
    query: z.string(),
    services: z.array(ServiceSummarySchema.extend({ rank: z.number() })),
    /** Empty unless nothing matched: then the closest services (`similar`), completed with the most needed (`popular`). */
    suggestions: z.array(ServiceSummarySchema.extend({ reason: z.enum(['similar', 'popular']) })),
  })
  .openapi('ServiceSearchResult');

/** Every service with this tenant's choices about it: the console's catalogue screen. */
export const OfferingListSchema = z.object({ services: z.array(ServiceSummarySchema.extend({ offering: MergedOfferingSchema })) }).openapi('OfferingList');

/**
 * One service as the console's service screen shows it: the choices in effect, split into this tenant's own
 * overrides and those it inherits from its commune, what awaits review, the national card (whether or not
 * the service is offered here), and the offices the service may point to.
 */
export const AdminOfferingSchema = ServiceSummarySchema.extend({
  offering: MergedOfferingSchema,
  /** The overrides this tenant set itself (what the form edits). */
  own: ServiceOverridesSchema,
  /** The overrides in effect that the commune set (shown, not copied). */
  inherited: ServiceOverridesSchema,
  card: CardSchema,
  /** The offices of this tenant and of its commune. */
  offices: z.array(OfficeSchema),
}).openapi('AdminOffering');

export type OfficeView = z.infer<typeof OfficeSchema>;
export type ServiceOverridesView = z.infer<typeof ServiceOverridesSchema>;
export type MergedOfferingView = z.infer<typeof MergedOfferingSchema>;
export type OfferingChange = z.infer<typeof OfferingChangeSchema>;
export type OfferingListView = z.infer<typeof OfferingListSchema>;
export type AdminOfferingView = z.infer<typeof AdminOfferingSchema>;
export type ServiceSummary = z.infer<typeof ServiceSummarySchema>;
export type ServiceDetailView = z.infer<typeof ServiceDetailSchema>;
export type ServiceListingView = z.infer<typeof ServiceListingSchema>;
export type SearchResultView = z.infer<typeof SearchResultSchema>;
