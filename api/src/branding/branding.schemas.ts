import { z } from '@hono/zod-openapi';


/** Logo uploads: the raw image as the request body, one of these types, at most 2 MB. SVG is refused. */
export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
/** Stored logos fit within this square (PNG, never enlarged). */
export const LOGO_MAX_SIDE = 512;

const Colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/)
  .openapi({ description: 'A colour `#rrggbb` (stored in lower case)', example: '#0d5c46' });

/** What the branding screen shows: the colours and logo in effect, and which of them come from above. */
export const BrandingSettingsSchema = z
  .object({
    primaryColor: Colour.openapi({ description: 'In effect: header and buttons, under white text' }),
    accentColor: Colour.openapi({ description: 'In effect: accents, focus ring and links on white' }),
    logoUrl: z.string().nullable().openapi({ description: 'The public logo URL (`/api/v1/site/logo?v=…`), or null for the default mark' }),
    /**
     * True when the field is not set by this tenant: it comes from its commune (an arrondissement) or
     * from the platform defaults (colours) / the default mark (logo).
     */
    inherited: z.object({ primaryColor: z.boolean(), accentColor: z.boolean(), logo: z.boolean() }),
  })
  .openapi('BrandingSettings');

/**
 * A change of colours: a field left out stays as it is; `null` removes this tenant's own colour (back to
 * its commune's, or the default). Each colour must reach 4.5:1 against white, else 422 CONTRAST_TOO_LOW.
 */
export const BrandingChangeSchema = z
  .object({ primaryColor: Colour.nullable().optional(), accentColor: Colour.nullable().optional() })
  .strict()
  .openapi('BrandingChange');

/** `details` of a 422 CONTRAST_TOO_LOW: one entry per refused colour. */
export const ContrastProblemSchema = z
  .object({
    path: z.enum(['primaryColor', 'accentColor']),
    code: z.literal('contrast_too_low'),
    color: z.string(),
    /** The colour it is drawn against: white for the primary colour, the primary colour for the accent. */
    against: z.string(),
    /** Rounded down to two decimals. */
    ratio: z.number(),
    minimum: z.number(),
  })
  .openapi('ContrastProblem');

export type BrandingSettings = z.infer<typeof BrandingSettingsSchema>;
export type BrandingChange = z.infer<typeof BrandingChangeSchema>;
export type ContrastProblem = z.infer<typeof ContrastProblemSchema>;
export type LogoContentType = (typeof LOGO_CONTENT_TYPES)[number];
