import { z } from '@hono/zod-openapi';
import { COST_KINDS, SERVICE_KINDS, type Service } from '@jamaa/tenants/catalogue.ts';

/** The catalogue's closed lists, for web (which reaches tenants data only through the API). */
export { AUDIENCES, OFFICE_KINDS, type Audience, type OfficeKind } from '@jamaa/tenants/catalogue.ts';
import { TranslatableSchema } from '../site/site.schemas.ts';

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
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** An OpenStreetMap link to the office, or null without coordinates. */
    mapUrl: z.string().nullable(),
    /** True when the office belongs to the commune rather than to this arrondissement. */
    inherited: z.boolean(),
  })
  .openapi('Office');

/** `tariff`: set by the commune's tariff decision (arrêté fiscal); see tenants/README.md. */
const CostSchema = z.object({ kind: z.enum(COST_KINDS), amountMad: z.number().optional(), note: TranslatableSchema.optional() });

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
const CardSchema = z.record(z.string(), z.unknown()).openapi('ServiceCard', { description: 'The national service card, as validated by tenants/src/catalogue.ts' });

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
  catalogueVersion: z.string(),
}).openapi('ServiceDetail');

export const ServiceListingSchema = z
  .object({ catalogueVersion: z.string(), categories: z.array(CategorySchema), services: z.array(ServiceSummarySchema) })
  .openapi('ServiceListing');

export const SearchResultSchema = z
  .object({
    query: z.string(),
    services: z.array(ServiceSummarySchema.extend({ rank: z.number() })),
    /** Empty unless nothing matched: then the closest services (`similar`), completed with the most needed (`popular`). */
    suggestions: z.array(ServiceSummarySchema.extend({ reason: z.enum(['similar', 'popular']) })),
  })
  .openapi('ServiceSearchResult');

export type OfficeView = z.infer<typeof OfficeSchema>;
export type ServiceSummary = z.infer<typeof ServiceSummarySchema>;
/** The card is documented loosely in OpenAPI but typed exactly for TypeScript callers (web). */
export type ServiceDetailView = Omit<z.infer<typeof ServiceDetailSchema>, 'card'> & { card: Service };
export type ServiceListingView = z.infer<typeof ServiceListingSchema>;
export type SearchResultView = z.infer<typeof SearchResultSchema>;
