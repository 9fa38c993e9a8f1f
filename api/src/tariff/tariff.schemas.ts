import { z } from '@hono/zod-openapi';

/** At most this many characters in a note, per language: a line or two, the document says the rest. */
export const TARIFF_NOTE_MAX = 400;

const note = z.string().trim().max(TARIFF_NOTE_MAX);
const TariffNoteSchema = z
  .object({ ar: note.optional(), fr: note.optional(), zgh: note.optional() })
  .strict()
  .openapi('TariffNote', { description: 'What the tariff covers or where to consult it, in each language (empty texts are dropped)' });

/** The commune's tariff as residents see it: the one in effect (an arrondissement shows its commune's). */
export const TariffSchema = z
  .object({
    /** The arrêté fiscal or tariff document, or null when only a note is given. */
    url: z.string().nullable().openapi({ example: 'https://www.casablancacity.ma/arrete-fiscal.pdf' }),
    note: TariffNoteSchema,
  })
  .openapi('Tariff');

/** What administrators see: the tariff in effect and whether it is their commune's rather than their own. */
export const TariffSettingsSchema = z
  .object({
    url: z.string().nullable(),
    note: TariffNoteSchema,
    /** True on an arrondissement with no tariff of its own: the commune's is shown. */
    inherited: z.boolean(),
  })
  .openapi('TariffSettings');

/** Sets the tenant's own tariff; `url: null` and an empty note clear it (an arrondissement then shows its commune's). */
export const TariffChangeSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/, hostname: z.regexes.domain })
      .max(2000)
      .nullable()
      .openapi({ description: 'An http(s) address of the tariff document, or null', example: 'https://www.casablancacity.ma/arrete-fiscal.pdf' }),
    note: TariffNoteSchema.default({}),
  })
  .openapi('TariffChange');

export type Tariff = z.infer<typeof TariffSchema>;
export type TariffSettings = z.infer<typeof TariffSettingsSchema>;
export type TariffChange = z.infer<typeof TariffChangeSchema>;
