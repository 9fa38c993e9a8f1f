import { z } from '@hono/zod-openapi';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { TariffSchema } from '../tariff/tariff.schemas.ts';

export const LocaleSchema = z.enum(LOCALES).openapi('Locale');

export const TranslatableSchema = z
  .object({ ar: z.string().optional(), fr: z.string().optional(), zgh: z.string().optional() })
  .openapi('Translatable');

export const ResolvedTextSchema = z
  .object({ text: z.string(), locale: LocaleSchema, fallback: z.boolean() })
  .openapi('ResolvedText');

export const TenantKindSchema = z.enum(['platform', 'commune', 'arrondissement']).openapi('TenantKind');
export const TenantStatusSchema = z.enum(['provisioning', 'active', 'suspended', 'archived']).openapi('TenantStatus');

export const BrandingSchema = z
  .object({
    /** Main colour (header, links), `#rrggbb`. */
    primaryColor: z.string().regex(/^#[0-9a-f]{6}$/i),
    /** Secondary colour (accents, focus ring), `#rrggbb`. */
    accentColor: z.string().regex(/^#[0-9a-f]{6}$/i),
    /** Path of the logo served by the API (`/api/v1/site/logo?v=…`), or null for the default mark. */
    logoUrl: z.string().nullable(),
  })
  .openapi('Branding');

/** A link to another tenant: enough to render its name and an absolute URL. */
export const TenantLinkSchema = z
  .object({
    slug: z.string(),
    code: z.string(),
    kind: TenantKindSchema,
    names: TranslatableSchema,
    /** Absolute origin of the tenant's site, e.g. `http://anfa.casablanca.localhost:3000`. */
    origin: z.string(),
  })
  .openapi('TenantLink');

/** What every page of a tenant's site needs: who the tenant is, its languages and look. */
export const SiteSchema = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    code: z.string(),
    kind: TenantKindSchema,
    status: TenantStatusSchema,
    names: TranslatableSchema,
    locales: z.array(LocaleSchema),
    defaultLocale: LocaleSchema,
    fallbackLocales: z.array(LocaleSchema),
    branding: BrandingSchema,
    origin: z.string(),
    /**
     * The address search engines and shared links should use: the tenant's custom domain when it has an
     * active one, else its platform subdomain, with `PUBLIC_URL`'s scheme and port (as in mail).
     */
    canonicalOrigin: z.string(),
    parent: TenantLinkSchema.nullable(),
    /** The commune's tariff (its arrêté fiscal): where fees it sets are read; the commune's on an arrondissement; null when unset. */
    tariff: TariffSchema.nullable(),
    /** Changes whenever the tenant's configuration changes: use it in ETags. */
    version: z.string(),
    /** When the tenant or a commune it inherits from last changed (ISO 8601): the sitemap's `lastmod` of its own pages. */
    updatedAt: z.string(),
  })
  .openapi('Site');

/** The home page of a tenant, in one language. */
export const HomeSchema = z
  .object({
    site: SiteSchema,
    locale: LocaleSchema,
    /** The tenant's name in the asked language, with fallback information. */
    name: ResolvedTextSchema,
    /** Welcome text written by the tenant, or null when it has none in any language. */
    welcome: ResolvedTextSchema.nullable(),
    /** A commune's arrondissements; empty for others. */
    children: z.array(TenantLinkSchema),
    /** On the platform host: the communes it hosts (active ones). Empty elsewhere. */
    hostedCommunes: z.array(TenantLinkSchema.extend({ childCount: z.number().int() })),
    population: z.number().int().nullable(),
  })
  .openapi('Home');

/** A commune's arrondissements with their ids, for the console (the membership routes take the id). */
export const ArrondissementListSchema = z
  .object({
    arrondissements: z.array(
      z.object({
        id: z.uuid(),
        slug: z.string(),
        code: z.string(),
        names: TranslatableSchema,
        status: z.enum(['provisioning', 'active', 'suspended', 'archived']),
      }),
    ),
  })
  .openapi('ArrondissementList');

/** The tenant's icons, served at the root of its host (`/favicon.svg`…) and listed in its web app manifest. */
export const SITE_ICON_NAMES = ['favicon.svg', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'apple-touch-icon.png'] as const;
export type SiteIconName = (typeof SITE_ICON_NAMES)[number];

export type Site = z.infer<typeof SiteSchema>;
export type ArrondissementList = z.infer<typeof ArrondissementListSchema>;
export type Home = z.infer<typeof HomeSchema>;
export type TenantLink = z.infer<typeof TenantLinkSchema>;
