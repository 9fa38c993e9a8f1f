import { z } from '@hono/zod-openapi';
import { CONTACT_TOPICS, LINE_KINDS, OPERATOR_SERVICES } from '@jamaa/tenants/contact.ts';
import { TranslatableSchema } from '../site/site.schemas.ts';

const Text = z.string().trim().max(300);
const TextsInput = z.object({ ar: Text.optional(), fr: Text.optional(), zgh: Text.optional() }).strict();
const Number = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .openapi({ description: 'A short number (2–4 digits), a free 080x number or a Moroccan number', example: '05 22 00 00 00' });

/**
 * A hotline as an administrator writes it (POST adds, PUT replaces). `kind` is left out to take the
 * number's own; given, it must match (else VALIDATION_FAILED `kind_mismatch` on `kind`); a number that is none is `invalid_format` on `number`. `labels` needs an
 * Arabic or a French text (`required` on `labels`)..
 */
export const ContactLineInputSchema = z
  .object({
    topic: z.enum(CONTACT_TOPICS),
    kind: z.enum(LINE_KINDS).optional(),
    number: Number,
    free: z.boolean().default(false),
    main: z.boolean().default(false),
    labels: TextsInput,
    hours: TextsInput.default({}),
    notes: TextsInput.default({}),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .openapi('ContactLineInput');

export const ContactLineSchema = z
  .object({
    id: z.uuid(),
    topic: z.string(),
    kind: z.enum(LINE_KINDS),
    /** As stored: `15`, or `+212522000000`. */
    number: z.string(),
    /** As shown: `15`, `05 22 00 00 00`. */
    display: z.string(),
    /** `tel:` URI. */
    tel: z.string(),
    free: z.boolean(),
    main: z.boolean(),
    labels: TranslatableSchema,
    hours: TranslatableSchema,
    notes: TranslatableSchema,
    position: z.number().int(),
    /** The commune's line, seen from an arrondissement. */
    inherited: z.boolean(),
  })
  .openapi('ContactLine');

const HttpsUrl = z.url({ protocol: /^https$/ }).max(300);

/** A delegated-management operator as an administrator writes it; `names` needs ar or fr (`required`). */
export const ContactOperatorInputSchema = z
  .object({
    service: z.enum(OPERATOR_SERVICES),
    names: TextsInput,
    phone: Number.nullable().default(null),
    website: HttpsUrl.nullable().default(null),
    app: HttpsUrl.nullable().default(null),
    agency: TextsInput.default({}),
    verified: z.boolean().default(true),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .openapi('ContactOperatorInput');

export const ContactOperatorSchema = z
  .object({
    id: z.uuid(),
    service: z.string(),
    names: TranslatableSchema,
    phone: z.string().nullable(),
    display: z.string().nullable(),
    tel: z.string().nullable(),
    website: z.string().nullable(),
    app: z.string().nullable(),
    agency: TranslatableSchema,
    /** false: typical, to be confirmed by the commune. */
    verified: z.boolean(),
    position: z.number().int(),
    inherited: z.boolean(),
  })
  .openapi('ContactOperator');

/** Everything the contact page shows, lines in display order (this tenant's, then its commune's). */
export const ContactDirectoryViewSchema = z
  .object({ lines: z.array(ContactLineSchema), operators: z.array(ContactOperatorSchema) })
  .openapi('ContactDirectory');

export const ContactIdParamSchema = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** A new order: every own id, once (else VALIDATION_FAILED `invalid_order` on `ids`). */
export const ContactOrderSchema = z.object({ ids: z.array(z.uuid()).max(500) }).strict().openapi('ContactOrder');

export type ContactLineInput = z.input<typeof ContactLineInputSchema>;
export type ContactLineFields = z.output<typeof ContactLineInputSchema>;
export type ContactLine = z.infer<typeof ContactLineSchema>;
export type ContactOperatorInput = z.input<typeof ContactOperatorInputSchema>;
export type ContactOperatorFields = z.output<typeof ContactOperatorInputSchema>;
export type ContactOperator = z.infer<typeof ContactOperatorSchema>;
export type ContactDirectoryView = z.infer<typeof ContactDirectoryViewSchema>;
