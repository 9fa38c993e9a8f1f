import { z } from '@hono/zod-openapi';
import type { Service } from '@jamaa/tenants/catalogue.ts';
import { TranslatableSchema } from '../site/site.schemas.ts';

/** A national card, typed for TypeScript callers, documented loosely (validated by tenants/src/catalogue.ts). */
const CardSchema = z
  .custom<Service>((value) => typeof value === 'object' && value !== null)
  .openapi('NationalCard', { type: 'object', additionalProperties: true, description: 'A national service card, as validated by tenants/src/catalogue.ts' });

const DraftStateSchema = z.enum(['changed', 'withdrawn', 'added']);

export const CatalogueOverviewSchema = z
  .object({
    version: z.object({ label: z.string(), publishedAt: z.string() }),
    /** The operator's draft of the next version; `changes`: services it still changes, withdraws or adds. */
    draft: z.object({ label: z.string(), updatedAt: z.string(), changes: z.number().int() }).nullable(),
    services: z.array(z.object({ code: z.string(), category: z.string(), names: TranslatableSchema, draft: DraftStateSchema.nullable() })),
  })
  .openapi('CatalogueOverview');

export const NationalServiceSchema = z
  .object({
    code: z.string(),
    /** The card in the current version (null for a service the draft adds). */
    published: CardSchema.nullable(),
    /** The card as the draft changes it, or null. */
    draft: CardSchema.nullable(),
    withdrawn: z.boolean(),
    categories: z.array(z.object({ code: z.string(), names: TranslatableSchema })),
  })
  .openapi('NationalService');

export const DraftServiceChangeSchema = z
  .object({
    card: z.record(z.string(), z.unknown()).optional(),
    withdrawn: z.literal(true).optional(),
    label: z.string().trim().min(1).max(120).optional(),
  })
  .strict()
  .openapi('DraftServiceChange');

export const FieldChangeSchema = z.object({
  /** The leaf that changed, e.g. `documents.0.fr`. */
  path: z.string(),
  /** Its top-level card field, e.g. `documents`. */
  field: z.string(),
  /** The language the text is in; null for a value of every language (an amount, a kind). */
  locale: z.enum(['ar', 'fr', 'zgh']).nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const DraftReviewSchema = z
  .object({
    label: z.string(),
    /** The version the draft would replace. */
    baseVersion: z.string(),
    updatedAt: z.string(),
    services: z.array(
      z.object({
        code: z.string(),
        names: TranslatableSchema,
        action: DraftStateSchema,
        /** How many leaves changed in each language (`all`: values of every language). */
        languages: z.object({ ar: z.number().int(), fr: z.number().int(), zgh: z.number().int(), all: z.number().int() }),
        fields: z.array(FieldChangeSchema),
      }),
    ),
    /** Tenants whose overrides conflict with the draft: of a card field it changes, or of a service it withdraws. */
    conflicts: z.array(
      z.object({
        tenant: z.object({ id: z.string(), slug: z.string(), parentSlug: z.string().nullable(), names: TranslatableSchema, status: z.string() }),
        service: z.object({ code: z.string(), names: TranslatableSchema }),
        reason: z.enum(['changed', 'withdrawn']),
        /** The card fields concerned. */
        fields: z.array(z.string()),
        /** The tenant's overridden local facts on that service. */
        overrides: z.array(z.string()),
      }),
    ),
    /** Services a newer version changed after the draft's change was made: publishing puts the draft's card back over it. */
    outdated: z.array(z.string()),
  })
  .openapi('DraftReview');

export const PublishedDraftSchema = z.object({ version: z.string(), label: z.string(), flagged: z.number().int() }).openapi('PublishedDraft');

export type CatalogueOverviewView = z.infer<typeof CatalogueOverviewSchema>;
export type NationalServiceView = z.infer<typeof NationalServiceSchema>;
export type DraftReviewView = z.infer<typeof DraftReviewSchema>;
export type FieldChangeView = z.infer<typeof FieldChangeSchema>;
