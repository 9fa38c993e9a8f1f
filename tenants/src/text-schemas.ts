/**
 * Zod schemas for text shared by the YAML data files under `tenants/` (tenant manifests, the service catalogue),
 * in particular Amazigh written in Tifinagh.
 */
import { z } from 'zod';

export const Text = z.string().trim().min(1, 'must not be empty');

// The 33 IRCAM signs (DOMAIN.md §5.1): 31 letters, ⴻ, and the labialisation mark ⵯ.
const IRCAM = new Set('ⴰⴱⴳⴷⴹⴻⴼⴽⵀⵃⵄⵅⵇⵉⵊⵍⵎⵏⵓⵔⵕⵖⵙⵚⵛⵜⵟⵡⵢⵣⵥⵯ');
const TIFINAGH_NAME = /^[\u2D30-\u2D7F]+(?:[ -][\u2D30-\u2D7F]+)*$/u;

/** The first Tifinagh sign outside the IRCAM set, described for a message, or null. */
function nonIrcamSign(text: string): string | null {
  for (const ch of text) {
    if (ch >= '\u2D30' && ch <= '\u2D7F' && !IRCAM.has(ch)) return `${ch} (U+${ch.codePointAt(0)?.toString(16).toUpperCase()})`;
  }
  return null;
}

const ircamOnly = (text: string, ctx: z.RefinementCtx) => {
  const sign = nonIrcamSign(text);
  if (sign) ctx.addIssue({ code: 'custom', message: `uses ${sign}, which is not one of the 33 IRCAM Tifinagh signs` });
};

// Names are short labels: Tifinagh letters only, words joined by single spaces or hyphens.
export const ZghName = z
  .string()
  .regex(TIFINAGH_NAME, 'must be written in Tifinagh (U+2D30–U+2D7F), words separated by single spaces or hyphens')
  .superRefine(ircamOnly);

// Running text may hold digits and punctuation, but a Latin or Arabic letter means the wrong text was pasted.
export const ZghText = Text.refine((text) => !/[\p{Script=Latin}\p{Script=Arabic}]/u.test(text), {
  message: 'must be written in Tifinagh (found Latin or Arabic letters)',
}).superRefine(ircamOnly);
