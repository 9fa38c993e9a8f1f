import { z } from '@hono/zod-openapi';
import { LOCALES } from '@jamaa/tenants/locale.ts';

const Code = z.string().trim().regex(/^\d{2}\.\d{3}\.\d{2}\.\d{1,2}$/).openapi({ example: '07.427.01.01', description: 'A registry (HCP) code' });
/** A DNS name of two labels or more, lower case; no port, no address. */
export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/)
  .openapi({ example: 'commune-benguerir.ma' });
const Names = z.object({ ar: z.string().optional(), fr: z.string().optional(), zgh: z.string().optional() }).openapi('TenantNamesView');

const Place = z.object({ code: z.string(), nameFr: z.string(), nameAr: z.string() });

export const RegistryHitSchema = z
  .object({
    code: z.string(),
    nameFr: z.string(),
    nameAr: z.string(),
    type: z.enum(['urban', 'rural']),
    region: Place,
    province: Place,
    population: z.number().int(),
    slug: z.string(),
    arrondissements: z.array(z.object({ code: z.string(), slug: z.string(), nameFr: z.string(), nameAr: z.string(), population: z.number().int() })),
    /** Whether it is on the platform already (then it cannot be onboarded again). */
    onboarded: z.boolean(),
  })
  .openapi('RegistryHit');

export const RegistrySearchSchema = z
  .object({
    hits: z.array(RegistryHitSchema),
    credit: z.string().openapi({ description: 'The attribution the registry data requires (CC BY 4.0)' }),
  })
  .openapi('RegistrySearch');

export const RegistryQuerySchema = z.object({
  q: z.string().trim().max(100).optional().openapi({ description: 'A name in ar or fr (any usual spelling) or an official code' }),
  code: Code.optional().openapi({ description: 'One commune, by its exact code (the form prefilled)' }),
});

export const OnboardingOptionsSchema = z
  .object({
    locales: z.array(z.enum(LOCALES)),
    brandingPresets: z.array(z.object({ index: z.number().int(), primaryColor: z.string(), accentColor: z.string() })),
    services: z.array(z.object({ code: z.string(), category: z.string(), names: Names })),
    regions: z.array(z.object({ code: z.string(), nameFr: z.string(), nameAr: z.string(), communes: z.number().int() })),
    platformDomain: z.string(),
    credit: z.string(),
  })
  .openapi('OnboardingOptions');

export const OnboardingRequestSchema = z
  .object({
    code: Code,
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      .max(63)
      .optional()
      .openapi({ description: 'Default: the readable slug (homonyms get their province)' }),
    domains: z.array(DomainName).max(5).optional(),
    locales: z.array(z.enum(LOCALES)).min(1).optional(),
    defaultLocale: z.enum(LOCALES).optional(),
    brandingPreset: z.number().int().min(0).optional(),
    services: z.array(z.string().min(1).max(100)).max(500).nullable().optional().openapi({ description: 'Services to offer; null or absent: all' }),
    administratorEmail: z.email().max(254).nullable().optional(),
  })
  .openapi('OnboardingRequest');

export const OnboardingResultSchema = z
  .object({
    commune: z.object({ id: z.uuid(), code: z.string(), slug: z.string(), url: z.string() }),
    arrondissements: z.array(z.object({ id: z.uuid(), code: z.string(), slug: z.string(), kind: z.enum(['platform', 'commune', 'arrondissement']) })),
    invitation: z.object({ email: z.string() }).nullable(),
    services: z.object({ offered: z.number().int(), total: z.number().int() }),
  })
  .openapi('OnboardingResult');

export const BatchRequestSchema = z
  .object({
    region: z.string().trim().min(1).max(100).optional().openapi({ description: 'A region, by code or name' }),
    codes: z.array(z.string().max(40)).max(2000).optional().openapi({ description: 'Registry codes (rows of a CSV file)' }),
    csv: z.string().max(60_000).optional().openapi({ description: 'A CSV file of registry codes (first column, or the `code` column)' }),
  })
  .openapi('OnboardingBatchRequest');

/**
 * Why a row of a bulk onboarding was refused, or skipped other than by being there already: each has its
 * words in every language (`operator:bulk_reason.*`, checked by `web/src/lib/admin/bulk-reasons.test.ts`).
 */
export const BATCH_REASONS = [
  'malformed_code',
  'unknown_code',
  'duplicate_code',
  'failed',
  'parent_missing',
  'parent_refused',
  'slug_taken',
  'domain_taken',
  'platform_exists',
  'onboarded_with_city',
] as const;
export type BatchReason = (typeof BATCH_REASONS)[number];

const BatchRowSchema = z.object({
  row: z.number().int(),
  code: z.string(),
  outcome: z.enum(['created', 'skipped', 'refused']),
  slug: z.string().nullable(),
  tenants: z.number().int(),
  reason: z.enum(BATCH_REASONS).nullable(),
  detail: z.string().nullable(),
});

export const OnboardingJobSchema = z
  .object({
    id: z.uuid(),
    label: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    done: z.number().int(),
    total: z.number().int(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    report: z.object({ created: z.array(BatchRowSchema), skipped: z.array(BatchRowSchema), refused: z.array(BatchRowSchema) }).nullable(),
    error: z.string().nullable(),
  })
  .openapi('OnboardingJob');

export const JobIdParamSchema = z.object({ jobId: z.uuid().openapi({ param: { name: 'jobId', in: 'path' } }) });
export const TenantIdParamSchema = z.object({ tenantId: z.uuid().openapi({ param: { name: 'tenantId', in: 'path' } }) });

export const DomainViewSchema = z
  .object({
    domain: z.string(),
    state: z.enum(['pending', 'active']),
    activatedAt: z.string().nullable(),
    /** Whether the proxy would obtain a certificate now (the tenant is active). */
    servable: z.boolean(),
  })
  .openapi('TenantDomain');

export const TenantOverviewSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    slug: z.string(),
    kind: z.enum(['commune', 'arrondissement']),
    parentSlug: z.string().nullable(),
    names: Names,
    status: z.enum(['provisioning', 'active', 'suspended', 'archived']),
    url: z.string(),
    domains: z.array(DomainViewSchema),
    locales: z.array(z.string()),
    defaultLocale: z.string(),
    population: z.number().int().nullable(),
    createdAt: z.string(),
    lastActivityAt: z.string().nullable(),
    /** Requests (complaints, reports) still owed an answer, and those past their deadline: counts only. */
    openRequests: z.number().int().nullable(),
    overdueRequests: z.number().int().nullable(),
    storageBytes: z.number().int(),
  })
  .openapi('TenantOverview');

export const TenantListSchema = z.object({ tenants: z.array(TenantOverviewSchema) }).openapi('TenantOverviewList');

export const AddDomainSchema = z.object({ domain: DomainName }).openapi('AddDomainRequest');

export const StatisticsSchema = z
  .object({
    tenants: z.object({ communes: z.number().int(), arrondissements: z.number().int(), active: z.number().int(), population: z.number().int() }),
    onboardedPerMonth: z.array(z.object({ month: z.string(), tenants: z.number().int() })),
    /** Null until the platform has requests. */
    requestsPerMonth: z.array(z.object({ month: z.string(), requests: z.number().int() })).nullable(),
    resolutionDays: z.object({ median: z.number(), p90: z.number(), resolved: z.number().int() }).nullable(),
    serviceAdoption: z.array(z.object({ code: z.string(), names: Names, offeredBy: z.number().int(), overriddenBy: z.number().int() })),
    activeTenants: z.number().int(),
  })
  .openapi('PlatformStatistics');

export const ConformanceSchema = z
  .object({
    tenants: z.array(
      z.object({
        id: z.uuid(),
        slug: z.string(),
        parentSlug: z.string().nullable(),
        names: Names,
        status: z.string(),
        population: z.number().int().nullable(),
        /** 0–100: lower needs help first. */
        score: z.number().int(),
        coverage: z.object({ offered: z.number().int(), total: z.number().int() }),
        missingTranslations: z.record(z.string(), z.number().int()),
        officesIncomplete: z.number().int(),
        offices: z.number().int(),
        /** Null until council decisions are published on the platform (content tables). */
        lateDecisions: z.number().int(),
        overdueRequests: z.number().int().nullable(),
      }),
    ),
  })
  .openapi('Conformance');
