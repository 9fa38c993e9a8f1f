import { z } from '@hono/zod-openapi';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { CONTENT_KINDS, CONTENT_WINDOWS, LocalText } from './content.kinds.ts';

const Locale = z.enum(LOCALES);
const Slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(80)
  .openapi({ example: 'session-ordinaire-fevrier-2026' });

export const ContentKindSchema = z.enum(CONTENT_KINDS as [string, ...string[]]).openapi('ContentKind');
export const ContentWindowSchema = z.enum(CONTENT_WINDOWS as [string, ...string[]]).openapi('ContentWindow');
export const ContentStatusSchema = z.enum(['draft', 'scheduled', 'published']).openapi('ContentStatus');

/** A text resolved in the asked language: `locale` is the language it is in (another one when `fallback`). */
const Resolved = z.object({ text: z.string(), locale: Locale, fallback: z.boolean() });

export const AttachmentSchema = z
  .object({
    fileId: z.uuid(),
    purpose: z.enum(['image', 'document']),
    contentType: z.string(),
    size: z.number().int(),
    name: LocalText,
    url: z.string(),
  })
  .openapi('ContentAttachment');

/** An item as the public sees it, in one language (with fallback). */
export const PublicItemSchema = z
  .object({
    id: z.uuid(),
    kind: ContentKindSchema,
    window: ContentWindowSchema,
    slug: Slug,
    title: Resolved,
    summary: Resolved.nullable(),
    /** The body's Markdown rendered to sanitised HTML (no script, no event handler). */
    bodyHtml: z.string(),
    bodyLocale: Locale.nullable(),
    fields: z.record(z.string(), z.unknown()),
    attachments: z.array(AttachmentSchema),
    eventAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    publishedAt: z.string(),
    updatedAt: z.string(),
    /** The commune's item shown on an arrondissement's site. */
    inherited: z.boolean(),
    /** Sessions: the summary of decisions is past its 8-day deadline and not posted. */
    summaryLate: z.boolean().optional(),
    /**
     * A petition's page: the supporters its commune's council requires (organic law 113.14; `verified`
     * false until checked against the text) and whether the signatures collected reach them.
     */
    petitionThreshold: z.object({ signatures: z.number().int(), verified: z.boolean(), reached: z.boolean() }).optional(),
  })
  .openapi('PublicContentItem');

export const PublicListSchema = z
  .object({
    window: ContentWindowSchema,
    locale: Locale,
    items: z.array(PublicItemSchema),
    /** Petitions window: supporters needed (organic law 113.14; `verified` false until checked against the text). */
    petitionThreshold: z.object({ signatures: z.number().int(), verified: z.boolean() }).optional(),
  })
  .openapi('PublicContentList');

export const WindowParamSchema = z.object({
  window: ContentWindowSchema.openapi({ param: { name: 'window', in: 'path' } }),
});
export const ItemParamSchema = WindowParamSchema.extend({ slug: Slug.openapi({ param: { name: 'slug', in: 'path' } }) });
export const LocaleQuerySchema = z.object({ locale: Locale });

/** What an editor writes (POST creates, PUT replaces). */
export const ContentInputSchema = z
  .object({
    kind: ContentKindSchema,
    /** Made from the French (or Arabic) title when left out. Unique in the tenant (else 409 CONTENT_SLUG_TAKEN). */
    slug: Slug.optional(),
    title: LocalText,
    summary: LocalText.default({}),
    /** Markdown, per language. */
    body: z
      .object({ ar: z.string().max(100_000).optional(), fr: z.string().max(100_000).optional(), zgh: z.string().max(100_000).optional() })
      .strict()
      .default({}),
    /** The kind's own fields (see content.kinds.ts), checked by the kind's schema. */
    fields: z.record(z.string(), z.unknown()).default({}),
    eventAt: z.iso.datetime({ offset: true }).nullable().default(null),
    expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
    sharedWithArrondissements: z.boolean().default(false),
    /** The files to keep joined (others uploaded to this item are dropped from it). */
    attachments: z.array(z.object({ fileId: z.uuid(), name: LocalText.default({}) })).max(50).optional(),
  })
  .strict()
  .openapi('ContentInput');

export const PublishInputSchema = z
  .object({
    /** Absent or past: published now. Future: scheduled. */
    publishAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .strict()
  .openapi('PublishInput');

/** An item on the console: every language, its state and which translations are missing. */
export const AdminItemSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    kind: ContentKindSchema,
    window: ContentWindowSchema,
    slug: Slug,
    status: ContentStatusSchema,
    publishAt: z.string().nullable(),
    title: LocalText,
    summary: LocalText,
    body: LocalText,
    fields: z.record(z.string(), z.unknown()),
    attachments: z.array(AttachmentSchema),
    eventAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    sharedWithArrondissements: z.boolean(),
    revision: z.number().int(),
    updatedAt: z.string(),
    /** Languages of the tenant with no title. */
    missingTranslations: z.array(Locale),
    /** Public right now. */
    visible: z.boolean(),
  })
  .openapi('AdminContentItem');

export const AdminListSchema = z.object({ items: z.array(AdminItemSchema) }).openapi('AdminContentList');
export const AdminListQuerySchema = z.object({ kind: ContentKindSchema.optional(), tenant: z.string().max(60).optional() });
export const TargetQuerySchema = z.object({
  /** An arrondissement's slug: a city editor with a role there writes to its site. */
  tenant: z.string().max(60).optional(),
});
/** The arrondissements of the commune whose site the signed-in editor may write to from the commune's console. */
export const EditableSitesSchema = z
  .object({
    arrondissements: z.array(
      z.object({
        /** Passed as `?tenant=` to the content routes. */
        slug: z.string(),
        names: LocalText,
        /** Absolute origin of its public site, e.g. `http://anfa.casablanca.localhost:3000`. */
        origin: z.string(),
      }),
    ),
  })
  .openapi('EditableContentSites');
export const IdParamSchema = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
export const FileParamSchema = IdParamSchema.extend({ fileId: z.uuid().openapi({ param: { name: 'fileId', in: 'path' } }) });
export const RevisionParamSchema = IdParamSchema.extend({ revision: z.coerce.number().int().min(1).openapi({ param: { name: 'revision', in: 'path' } }) });

export const RevisionSchema = z
  .object({ revision: z.number().int(), createdAt: z.string(), createdBy: z.string().nullable(), title: LocalText, status: z.string() })
  .openapi('ContentRevision');
export const RevisionListSchema = z.object({ revisions: z.array(RevisionSchema) }).openapi('ContentRevisionList');

export const PreviewInputSchema = z.object({ markdown: z.string().max(100_000) }).openapi('MarkdownPreviewInput');
export const PreviewSchema = z.object({ html: z.string() }).openapi('MarkdownPreview');

/** The windows that have something to show, in the navigation's order: the site links no empty window. */
export const PublishedWindowsSchema = z.object({ windows: z.array(ContentWindowSchema) }).openapi('PublishedWindows');

/** What every public page shows of the tenant's content: the notices in force and the windows to link. */
export const BannerSchema = z
  .object({
    notices: z.array(z.object({ slug: z.string(), title: Resolved, severity: z.string(), expiresAt: z.string().nullable() })),
    windows: PublishedWindowsSchema.shape.windows,
  })
  .openapi('ContentBanner');

export type PublicItem = z.infer<typeof PublicItemSchema>;
export type PublicList = z.infer<typeof PublicListSchema>;
export type ContentFields = z.output<typeof ContentInputSchema>;
export type ContentInput = z.input<typeof ContentInputSchema>;
export type AdminItem = z.infer<typeof AdminItemSchema>;
export type Banner = z.infer<typeof BannerSchema>;
export type PublishedWindows = z.infer<typeof PublishedWindowsSchema>;
export type EditableSites = z.infer<typeof EditableSitesSchema>;

/** The public windows, for web's route matcher and sitemap. */
export { CONTENT_WINDOWS } from './content.kinds.ts';

/** Each kind's own fields, for the console's typed inputs (web builds them from these schemas). */
export { CONTENT_KINDS, KIND_FIELDS, type ContentKind } from './content.kinds.ts';
