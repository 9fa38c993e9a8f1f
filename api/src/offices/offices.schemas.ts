import { z } from '@hono/zod-openapi';
import { OFFICE_KINDS } from '@jamaa/tenants/catalogue-vocabulary.ts';
import { WEEKDAYS } from '@jamaa/tenants/weekdays.ts';
import { OfficeSchema } from '../catalogue/catalogue.schemas.ts';

export { OFFICE_KINDS, type OfficeKind } from '@jamaa/tenants/catalogue-vocabulary.ts';


/** Morocco, southern provinces included: a swapped latitude/longitude lands outside. */
export const MOROCCO_BOUNDS = { latitude: { min: 20.5, max: 36 }, longitude: { min: -17.5, max: -0.9 } } as const;

/**
 * A Moroccan phone number, loosely written: `+212 5 22 00 00 00`, `00212522000000`, `0522-00-00-00`,
 * `06.12.34.56.78`. Stored as `+212…`.
 */
export const MOROCCAN_PHONE = /^(?:(?:\+|00)212[\s.-]*(?:\(0\))?|0)[\s.-]*[5-8](?:[\s.-]*\d){8}$/;

const Text = z.string().trim().max(200);
const OfficeTextSchema = z.object({ ar: Text.optional(), fr: Text.optional(), zgh: Text.optional() }).strict();
const Time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .openapi({ description: '24-hour `hh:mm`', example: '08:30' });

export const OfficeHoursSchema = z
  .object({ days: z.array(z.enum(WEEKDAYS)).min(1).max(7), opens: Time, closes: Time })
  .strict()
  .openapi('OfficeHours', {
    description: '`opens` must be before `closes` (else VALIDATION_FAILED `closes_before_opens` on `hours.N.closes` or `ramadanHours.N.closes`)',
  });

/** Closures at most this many days ahead (about two years): a later one is a typo (`too_far_ahead`). */
export const CLOSURE_MAX_DAYS_AHEAD = 731;
/** Closures an office may list at once (`too_big` on `closures`). */
export const CLOSURES_MAX = 20;

const CalendarDate = z.iso.date().openapi({ description: 'A Moroccan calendar day, `YYYY-MM-DD`', example: '2027-01-11' });

export const OfficeClosureInputSchema = z
  .object({
    /** First day closed. */
    from: CalendarDate,
    /** Last day closed (the same as `from` for one day). */
    to: CalendarDate,
    /** Why, as the public page says it (« travaux »); in Arabic or French at least. */
    reason: OfficeTextSchema.default({}),
  })
  .strict()
  .openapi('OfficeClosureInput', {
    description:
      'Days the office is closed, both included. VALIDATION_FAILED codes: `closures.N.to` `ends_before_starts`; `closures.N.from` `too_far_ahead` (more than two years from today); `closures.N.reason` `required` (neither ar nor fr).',
  });

/**
 * An office as an administrator writes it (POST creates, PUT replaces). Checked beyond this shape by the
 * service, with these `VALIDATION_FAILED` detail codes: `names` `required` (neither ar nor fr);
 * `latitude`/`longitude` `required` (one without the other); `hours.N.closes` and `ramadanHours.N.closes`
 * `closes_before_opens`; `closures.N.to` `ends_before_starts`, `closures.N.from` `too_far_ahead`,
 * `closures.N.reason` `required`; `closures` `too_big` (more than 20).
 */
export const OfficeInputSchema = z
  .object({
    /** A slug, unique in this tenant (else 409 OFFICE_EXISTS). Made from the French name (or the kind) when left out; kept on PUT. */
    key: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .max(60)
      .optional()
      .openapi({ example: 'etat-civil-annexe' }),
    kind: z.enum(OFFICE_KINDS),
    names: OfficeTextSchema,
    address: OfficeTextSchema.default({}),
    latitude: z.number().min(MOROCCO_BOUNDS.latitude.min).max(MOROCCO_BOUNDS.latitude.max).nullable().default(null),
    longitude: z.number().min(MOROCCO_BOUNDS.longitude.min).max(MOROCCO_BOUNDS.longitude.max).nullable().default(null),
    hours: z.array(OfficeHoursSchema).max(14).default([]),
    /** Opening periods during Ramadan (empty: the usual hours apply). Left out: kept on PUT, none on POST. */
    ramadanHours: z.array(OfficeHoursSchema).max(14).optional().openapi({ description: 'Opening periods during Ramadan (empty: the usual hours apply). Left out: kept on PUT, none on POST.' }),
    /**
     * Dated closures (works, an exceptional closure). Those over before today (Moroccan date) are dropped
     * when saved; the others are kept in order of their first day. Left out: kept on PUT, none on POST.
     */
    closures: z
      .array(OfficeClosureInputSchema)
      .max(CLOSURES_MAX)
      .optional()
      .openapi({
        description:
          'Dated closures, at most 20. Those over before today (Moroccan date) are dropped when saved, the others kept in order of their first day. Left out: kept on PUT, none on POST.',
      }),
    phone: z.string().trim().max(40).regex(MOROCCAN_PHONE).nullable().default(null).openapi({ example: '+212 5 22 00 00 00' }),
    email: z.email().max(254).nullable().default(null),
    /** Display order; a new office goes last when left out, an existing one keeps its place. */
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .openapi('OfficeInput');

/** An office on the administration screen: this tenant's own, or its commune's (`readOnly`). */
export const AdminOfficeSchema = OfficeSchema.extend({
  position: z.number().int(),
  /** The commune's office, seen from an arrondissement: shown, not changeable here. */
  readOnly: z.boolean(),
}).openapi('AdminOffice');

export const AdminOfficeListSchema = z.object({ offices: z.array(AdminOfficeSchema) }).openapi('AdminOfficeList');

export const OfficeIdParamSchema = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** `details` of a 409 OFFICE_IN_USE: the services whose offering points to the office (here or in an arrondissement). */
export const OfficeInUseSchema = z
  .object({ services: z.array(z.object({ code: z.string(), tenantId: z.string(), tenantSlug: z.string() })) })
  .openapi('OfficeInUse');

/** What a form sends (defaults not applied yet). */
export type OfficeInput = z.input<typeof OfficeInputSchema>;
/** What the service receives, defaults applied. */
export type OfficeFields = z.output<typeof OfficeInputSchema>;
export type AdminOffice = z.infer<typeof AdminOfficeSchema>;
export type AdminOfficeList = z.infer<typeof AdminOfficeListSchema>;
export type OfficeInUse = z.infer<typeof OfficeInUseSchema>;
export type OfficeClosureInput = z.input<typeof OfficeClosureInputSchema>;
