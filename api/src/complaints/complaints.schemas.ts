/**
 * Complaints as the API shows them. Web imports this file: the limits (`SUBMISSION_MAX_BYTES`,
 * `MAX_PHOTOS`), the form's field names, the paths of the private link, and the inferred types.
 */
import { z } from '@hono/zod-openapi';
import { TranslatableSchema } from '../site/site.schemas.ts';
import { ANSWER_MAX, ATTRIBUTE_DATATYPES } from './complaint-attributes.ts';
import { COMPLAINT_STATES } from './complaint-states.ts';

/** The whole submission (fields and photos) at most: the edge refuses more than 3 MB. A page should shrink photos before sending. */
export const SUBMISSION_MAX_BYTES = 3 * 1024 * 1024;
/** Photos per complaint, at most. */
export const MAX_PHOTOS = 3;
export const DESCRIPTION_MAX = 5000;
/** The multipart field of each photo. */
export const PHOTO_FIELD = 'photo';
/** A field a person never fills (hidden by CSS and `aria-hidden`): a bot that fills it is refused. */
export const HONEYPOT_FIELD = 'website';
export const COMPLAINT_LOCALES = ['ar', 'fr', 'zgh'] as const;
export const CHANNELS = ['web', 'counter', 'phone', 'open311'] as const;

/** The page of a complaint's private link, on the tenant's own origin: `/fr/complaints/private/<token>`. */
export function privateComplaintPath(locale: string, token: string): string {
  return `/${locale}/complaints/private/${token}`;
}

export const ComplaintStateSchema = z.enum(COMPLAINT_STATES).openapi('ComplaintState');
export const ChannelSchema = z.enum(CHANNELS).openapi('ComplaintChannel');
const LocaleSchema = z.enum(COMPLAINT_LOCALES);

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());
const optionalNumber = z.preprocess((v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v) : v), z.number().finite().optional());
const flag = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean());

/** What a resident (or an agent on their behalf) files. Form fields carry the same names. */
export const ComplaintInputSchema = z
  .object({
    category: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    description: z.string().trim().min(1).max(DESCRIPTION_MAX),
    latitude: optionalNumber.pipe(z.number().min(-90).max(90).optional()),
    longitude: optionalNumber.pipe(z.number().min(-180).max(180).optional()),
    address: optionalText(300),
    landmark: optionalText(300),
    anonymous: flag.default(false),
    contactName: optionalText(120),
    contactEmail: z.preprocess((v) => (v === '' ? undefined : v), z.email().max(254).optional()),
    contactPhone: optionalText(30).pipe(z.string().regex(/^[+\d][\d\s.\-()]{5,29}$/).optional()),
    locale: LocaleSchema.default('ar'),
    /**
     * The answers to the category's questions (`complaint-attributes.ts`), by code; checked against the
     * category when filing. A form sends them as `attribute[code]` fields.
     */
    attributes: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.union([z.string().max(2000), z.array(z.string().max(ANSWER_MAX)).max(20)])).optional(),
    /**
     * The resident asks for the tracking number and private link by SMS too (a form's checkbox: `on`,
     * `true` or `1`): `contactPhone` must then be a Moroccan mobile (422 `mobile_required`,
     * `not_moroccan_mobile` on `contactPhone`), and the complaint cannot be anonymous (422
     * `sms_not_anonymous` on `anonymous`); nothing is filed then. The SMS is in `locale`.
     */
    smsReceipt: flag.default(false).openapi({ description: 'Also send the tracking number and private link by SMS to contactPhone (a Moroccan mobile; not with anonymous)' }),
    [HONEYPOT_FIELD]: optionalText(500),
  })
  .openapi('ComplaintInput');

/** A form field carrying an answer: `attribute[pole_number]` (GeoReport's naming; `[]` may follow for a list). */
export const ATTRIBUTE_FIELD = /^attribute\[([a-z][a-z0-9_]{0,39})\](\[\])?$/;

/** The field name of a question's answer in a form. */
export function attributeField(code: string): string {
  return `attribute[${code}]`;
}
export type ComplaintInput = z.infer<typeof ComplaintInputSchema>;
/**
 * What the filing service takes: whether an SMS goes out is the route's to say (`SubmitOptions.sms`); a
 * `locale` left out is the tenant's default (an agent's filing).
 */
export type FilingInput = Omit<ComplaintInput, 'smsReceipt' | 'locale'> & { locale?: ComplaintInput['locale'] };

/** How the resident filed for by an agent gets the number and private link: the printed receipt, or also an SMS. */
export const RECEIPT_BY = ['print', 'sms'] as const;

/**
 * An agent filing on behalf of a caller or a visitor at the counter. `receiptBy: 'sms'` also sends the
 * number and private link by SMS to `contactPhone`, which must then be a Moroccan mobile (422
 * `mobile_required`, `not_moroccan_mobile` on `contactPhone`; `sms_not_anonymous` on `anonymous`;
 * nothing is filed). `locale` is the resident's language, chosen by the agent: the SMS, the mail and the
 * printed receipt's link use it.
 */
export const StaffComplaintInputSchema = ComplaintInputSchema.omit({ smsReceipt: true }).extend({
  locale: LocaleSchema.optional().openapi({ description: "The resident's language (the SMS's, the mail's and the receipt link's); the tenant's default when left out" }),
  channel: z.enum(['counter', 'phone']),
  receiptBy: z.enum(RECEIPT_BY).default('print'),
}).openapi('StaffComplaintInput');
export type StaffComplaintInput = z.infer<typeof StaffComplaintInputSchema>;

export const SubmissionResultSchema = z
  .object({
    tracking: z.string().openapi({ example: 'CASA-2026-000123' }),
    /** The private link's token: shown once, never stored in clear. */
    token: z.string(),
    /** The private page's path (prefix the tenant's origin). */
    privatePath: z.string(),
    dueDate: z.string().openapi({ description: 'The last day of the legal answer deadline (YYYY-MM-DD, Morocco)' }),
    createdAt: z.string(),
    /** An SMS was asked for (`smsReceipt`, or an agent's `receiptBy: 'sms'`): the number written to, and whether the SMS goes out (`pending`) or stays in the outbox (`held`, no gateway). */
    sms: z.object({ to: z.string(), status: z.enum(['pending', 'held']) }).optional(),
  })
  .openapi('ComplaintSubmission');
export type SubmissionResult = z.infer<typeof SubmissionResultSchema>;

export const CategorySchema = z
  .object({
    code: z.string(),
    names: TranslatableSchema,
    deadlineDays: z.number().int(),
    department: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('ComplaintCategory');
export type ComplaintCategory = z.infer<typeof CategorySchema>;

/** A question a category asks (GeoReport's service attribute), in every language. */
export const CategoryAttributeSchema = z
  .object({
    code: z.string(),
    datatype: z.enum(ATTRIBUTE_DATATYPES),
    required: z.boolean(),
    question: TranslatableSchema,
    hint: TranslatableSchema.optional(),
    values: z.array(z.object({ key: z.string(), names: TranslatableSchema })).optional(),
  })
  .openapi('ComplaintCategoryAttribute');
export type CategoryAttribute = z.infer<typeof CategoryAttributeSchema>;

/** A category as listed: with its questions (from the vocabulary, by code; not part of what an administrator edits). */
export const CategoryWithQuestionsSchema = CategorySchema.extend({ attributes: z.array(CategoryAttributeSchema) }).openapi('ComplaintCategoryWithQuestions');
export type ComplaintCategoryWithQuestions = z.infer<typeof CategoryWithQuestionsSchema>;
export const CategoryListSchema = z.object({ categories: z.array(CategoryWithQuestionsSchema) }).openapi('ComplaintCategoryList');

/** A question answered, for staff: the question and the answer's names (a list) or its text (`value`). */
export const AnswerSchema = z
  .object({
    code: z.string(),
    question: TranslatableSchema.nullable(),
    answers: z.array(z.object({ value: z.string(), names: TranslatableSchema.nullable() })),
  })
  .openapi('ComplaintAnswer');
export type ComplaintAnswer = z.infer<typeof AnswerSchema>;

/** A step of the public history: states and public replies only. */
export const PublicStepSchema = z
  .object({
    at: z.string(),
    kind: z.enum(['received', 'state', 'reply', 'forwarded', 'merged']),
    state: ComplaintStateSchema.nullable(),
    /** A public reply's text (written by staff for the public). */
    body: z.string().nullable(),
    locale: z.string().nullable(),
  })
  .openapi('ComplaintPublicStep');

const PhotoRefSchema = z.object({ id: z.string(), url: z.string() });

/** What anyone may see of a complaint: no name, e-mail, phone; text and address only once staff reviewed them; reviewed photos only. */
export const PublicComplaintSchema = z
  .object({
    tracking: z.string(),
    category: z.string(),
    state: ComplaintStateSchema,
    createdAt: z.string(),
    dueDate: z.string(),
    closedAt: z.string().nullable(),
    overdue: z.boolean(),
    description: z.string().nullable(),
    address: z.string().nullable(),
    landmark: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    supporters: z.number().int(),
    mergedInto: z.string().nullable(),
    forwardedTo: z.string().nullable(),
    forwardReference: z.string().nullable(),
    photos: z.array(PhotoRefSchema),
    steps: z.array(PublicStepSchema),
  })
  .openapi('PublicComplaint');
export type PublicComplaint = z.infer<typeof PublicComplaintSchema>;

/** What the resident sees through the private link: the public view plus their own text, place and contact. */
export const PrivateComplaintSchema = PublicComplaintSchema.extend({
  description: z.string(),
  channel: ChannelSchema,
  locale: z.string(),
  anonymous: z.boolean(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
}).openapi('PrivateComplaint');
export type PrivateComplaint = z.infer<typeof PrivateComplaintSchema>;

export const PublicListItemSchema = PublicComplaintSchema.omit({ steps: true }).openapi('PublicComplaintListItem');
export const PublicListSchema = z
  .object({ complaints: z.array(PublicListItemSchema), nextCursor: z.string().nullable() })
  .openapi('PublicComplaintList');

export const PublicListQuerySchema = z.object({
  state: z.enum(['open', 'closed', ...COMPLAINT_STATES]).optional(),
  category: z.string().max(40).optional(),
  /** `south,west,north,east` */
  bbox: z
    .string()
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/)
    .optional(),
  before: z.string().max(40).optional().openapi({ description: 'Cursor: the `nextCursor` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const TrackParamSchema = z.object({ tracking: z.string().min(6).max(40) });
export const TokenParamSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });
export const PhotoParamSchema = z.object({ fileId: z.uuid() });

export const MeTooResultSchema = z.object({ supporters: z.number().int(), added: z.boolean() }).openapi('ComplaintMeToo');

const countRow = z.object({ received: z.number().int(), resolved: z.number().int(), medianDaysToResolve: z.number().nullable(), withinDeadlineShare: z.number().nullable() });

export const StatisticsSchema = z
  .object({
    year: z.number().int(),
    total: countRow,
    byCategory: z.array(countRow.extend({ category: z.string() })),
    byMonth: z.array(countRow.extend({ month: z.string().openapi({ example: '2026-03' }) })),
  })
  .openapi('ComplaintStatistics');
export type ComplaintStatistics = z.infer<typeof StatisticsSchema>;
export const StatisticsQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2999).optional() });

// ---------------------------------------------------------------------------------------------------------
// Staff

export const StaffEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: z.string(),
    fromState: ComplaintStateSchema.nullable(),
    toState: ComplaintStateSchema.nullable(),
    public: z.boolean(),
    body: z.string().nullable(),
    locale: z.string().nullable(),
    authorName: z.string().nullable(),
    details: z.unknown(),
  })
  .openapi('ComplaintEvent');

export const StaffPhotoSchema = z.object({ id: z.string(), status: z.enum(['pending', 'published', 'hidden']), url: z.string() }).openapi('ComplaintPhoto');

export const StaffComplaintSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    tracking: z.string(),
    category: z.string(),
    description: z.string(),
    textReviewed: z.boolean(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    address: z.string().nullable(),
    landmark: z.string().nullable(),
    anonymous: z.boolean(),
    contactName: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    locale: z.string(),
    channel: ChannelSchema,
    state: ComplaintStateSchema,
    allowedStates: z.array(ComplaintStateSchema),
    department: z.string().nullable(),
    assigneeId: z.string().nullable(),
    dueDate: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    escalated: z.boolean(),
    mergedInto: z.string().nullable(),
    forwardedTo: z.string().nullable(),
    forwardReference: z.string().nullable(),
    supporters: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('StaffComplaint');
export type StaffComplaint = z.infer<typeof StaffComplaintSchema>;

export const StaffComplaintDetailSchema = StaffComplaintSchema.extend({
  answers: z.array(AnswerSchema),
  events: z.array(StaffEventSchema),
  photos: z.array(StaffPhotoSchema),
}).openapi('StaffComplaintDetail');
export type StaffComplaintDetail = z.infer<typeof StaffComplaintDetailSchema>;

export const QueueQuerySchema = z.object({
  state: z.enum(['open', 'closed', ...COMPLAINT_STATES]).optional(),
  category: z.string().max(40).optional(),
  department: z.string().max(60).optional(),
  /** A tenant id: an arrondissement this staff member has rights on (from the commune's host). */
  arrondissement: z.uuid().optional(),
  deadline: z.enum(['overdue', 'week', 'any']).optional().openapi({ description: '`overdue`, due within 7 days (`week`), or any' }),
  mine: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

export const QueueSchema = z
  .object({ complaints: z.array(StaffComplaintSchema), total: z.number().int(), overdue: z.number().int(), escalatedNow: z.number().int() })
  .openapi('ComplaintQueue');

export const ComplaintIdParamSchema = z.object({ id: z.uuid() });
export const ComplaintPhotoParamSchema = z.object({ id: z.uuid(), fileId: z.uuid() });

export const AssignInputSchema = z
  .object({
    department: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
  })
  .openapi('ComplaintAssign');
export const ReplyInputSchema = z
  .object({ body: z.string().trim().min(1).max(DESCRIPTION_MAX), public: z.boolean(), locale: LocaleSchema.optional() })
  .openapi('ComplaintReply');
export const StateInputSchema = z
  .object({ state: ComplaintStateSchema, reply: z.string().trim().min(1).max(DESCRIPTION_MAX).optional() })
  .openapi('ComplaintStateChange');
export const RedactInputSchema = z
  .object({
    description: z.string().trim().min(1).max(DESCRIPTION_MAX).optional(),
    address: z.string().trim().max(300).nullable().optional(),
    landmark: z.string().trim().max(300).nullable().optional(),
    /** The text (as now) may be shown publicly. */
    reviewed: z.boolean().optional(),
  })
  .openapi('ComplaintRedaction');
export const PhotoReviewInputSchema = z.object({ status: z.enum(['published', 'hidden']) }).openapi('ComplaintPhotoReview');
const fraction = z.number().min(0).max(1);
/** A width or height: more than nothing, at most the whole photo (one bound each side, as OpenAPI lints want). */
const extent = z.number().gt(0).max(1);
export const PhotoBlurInputSchema = z
  .object({ x: fraction, y: fraction, width: extent, height: extent })
  .refine((r) => r.x + r.width <= 1.0001, { path: ['width'], message: 'the region ends past the right edge' })
  .refine((r) => r.y + r.height <= 1.0001, { path: ['height'], message: 'the region ends past the bottom edge' })
  .openapi('ComplaintPhotoBlur', { description: 'The region to blur, in fractions of the photo from its top-left corner' });
export const MergeInputSchema = z.object({ into: z.string().min(6).max(40).openapi({ description: 'The original: a tracking number or id' }) }).openapi('ComplaintMerge');
export const ForwardInputSchema = z
  .object({ body: z.string().trim().min(1).max(200), reference: z.string().trim().max(120).nullable().optional(), reply: z.string().trim().max(DESCRIPTION_MAX).optional() })
  .openapi('ComplaintForward');

export const CategoriesInputSchema = z
  .object({
    categories: z
      .array(
        z.object({
          code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
          names: TranslatableSchema,
          deadlineDays: z.number().int().min(1).max(60),
          department: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).nullable(),
          active: z.boolean(),
        }),
      )
      .min(1)
      .max(60),
  })
  .openapi('ComplaintCategoriesInput');

/** The box a tenant's complaints must fall in (degrees, WGS 84); `null`: anywhere in Morocco. Checked by the service (inside Morocco, south below north, west of east). */
export const ComplaintAreaSchema = z
  .object({ south: z.number().min(-90).max(90), west: z.number().min(-180).max(180), north: z.number().min(-90).max(90), east: z.number().min(-180).max(180) })
  .openapi('ComplaintArea');
export const ComplaintAreaSettingSchema = z
  .object({
    area: ComplaintAreaSchema.nullable(),
    /** Morocco's box, where a point must fall when the tenant has set none. */
    morocco: ComplaintAreaSchema,
  })
  .openapi('ComplaintAreaSetting');
/** The public form's view of the area: where its map opens (`null`: the tenant has set none). */
export const PublicComplaintAreaSchema = z.object({ area: ComplaintAreaSchema.nullable() }).openapi('PublicComplaintArea');
export const ComplaintAreaInputSchema = z.object({ area: ComplaintAreaSchema.nullable() }).openapi('ComplaintAreaInput');
export type ComplaintArea = z.infer<typeof ComplaintAreaSchema>;

export const ReplyTemplateSchema = z
  .object({ id: z.string(), state: ComplaintStateSchema, title: TranslatableSchema, body: TranslatableSchema })
  .openapi('ComplaintReplyTemplate');
export const ReplyTemplateListSchema = z.object({ templates: z.array(ReplyTemplateSchema) }).openapi('ComplaintReplyTemplateList');
export const ReplyTemplatesInputSchema = z
  .object({ templates: z.array(ReplyTemplateSchema.omit({ id: true })).max(100) })
  .openapi('ComplaintReplyTemplatesInput');

export const Open311KeySchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() })
  .openapi('Open311Key');
export const Open311KeyListSchema = z.object({ keys: z.array(Open311KeySchema) }).openapi('Open311KeyList');
export const Open311KeyInputSchema = z.object({ name: z.string().trim().min(1).max(120) }).openapi('Open311KeyInput');
export const Open311NewKeySchema = Open311KeySchema.extend({ apiKey: z.string().openapi({ description: 'Shown once' }) }).openapi('Open311NewKey');
export const Open311KeyParamSchema = z.object({ keyId: z.uuid() });

/** The state machine's lists, for web (which reaches api only through schemas). */
export { COMPLAINT_STATES, OPEN_STATES, CLOSED_STATES, type ComplaintState } from './complaint-states.ts';
