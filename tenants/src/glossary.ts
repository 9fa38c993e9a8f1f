/**
 * The Amazigh glossary, `tenants/glossary.yaml`: one term per concept, with the variants that must not be used
 * for it. `findGlossaryVariants` finds those variants in a zgh text; the glossary test runs it over the catalogue
 * and the UI strings. The file format is documented at the top of the file itself.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readYaml, validate } from './data-file.ts';
import { Text, ZghName } from './text-schemas.ts';

export const GLOSSARY_FILE = fileURLToPath(new URL('../glossary.yaml', import.meta.url));

/** Concepts the glossary must settle (issue 10): the words every page uses. */
export const REQUIRED_CONCEPTS = [
  'commune',
  'arrondissement',
  'état civil',
  'information',
  'cost, fee',
  'document',
  'office',
  'service',
  'request',
  'complaint',
  'deadline, delay',
  'council',
  'president, mayor',
] as const;

const ConceptSchema = z.strictObject({
  concept: Text,
  ar: Text,
  fr: Text,
  zgh: ZghName,
  /** The annexed state (after a preposition), one of `forms`. */
  annexed: ZghName.optional(),
  forms: z.array(ZghName).default([]),
  forbidden: z.array(ZghName).default([]),
  note: Text,
  sources: z.array(Text).min(1, 'must name where the choice comes from, or say it is a draft'),
});

/** A place name (a demo tenant's) whose annexed state differs from its free state. */
const NameSchema = z.strictObject({ zgh: ZghName, annexed: ZghName, note: Text });

const GlossarySchema = z.strictObject({
  status: z.enum(['draft', 'reviewed']),
  concepts: z.array(ConceptSchema).min(1),
  names: z.array(NameSchema).default([]),
});

export type GlossaryConcept = z.output<typeof ConceptSchema>;
export type GlossaryName = z.output<typeof NameSchema>;
export interface Glossary {
  status: 'draft' | 'reviewed';
  concepts: GlossaryConcept[];
  names: GlossaryName[];
}

export class GlossaryError extends Error {
  constructor(message: string) {
    super(`tenants/glossary.yaml: ${message}`);
    this.name = 'GlossaryError';
  }
}

/**
 * Reads and checks the glossary: every required concept present once; no variant forbidden for one concept
 * that is the term (or a form) of another, since a text could then never satisfy both.
 */
export function loadGlossary(file: string = GLOSSARY_FILE): Glossary {
  const fail = (field: string, reason: string) => new GlossaryError(`${field}: ${reason}`);
  const glossary = validate(GlossarySchema, readYaml(file, fail), fail, 'invalid glossary');
  const seen = new Set<string>();
  for (const [i, concept] of glossary.concepts.entries()) {
    if (seen.has(concept.concept)) throw fail(`concepts[${i}].concept`, `duplicate concept '${concept.concept}'`);
    seen.add(concept.concept);
    if (concept.annexed && !concept.forms.includes(concept.annexed)) {
      throw fail(`concepts[${i}].annexed`, `'${concept.annexed}' is not among the forms of '${concept.concept}'`);
    }
  }
  const missing = REQUIRED_CONCEPTS.filter((c) => !seen.has(c));
  if (missing.length > 0) throw fail('concepts', `missing ${missing.join(', ')}`);
  const accepted = new Map(glossary.concepts.flatMap((c) => [c.zgh, ...c.forms].map((word) => [word, c.concept] as const)));
  for (const [i, concept] of glossary.concepts.entries()) {
    for (const variant of concept.forbidden) {
      const owner = accepted.get(variant);
      if (owner) throw fail(`concepts[${i}].forbidden`, `'${variant}' is forbidden for '${concept.concept}' but is the term of '${owner}'`);
    }
  }
  return glossary;
}

export interface GlossaryVariant {
  concept: string;
  variant: string;
  /** The glossary's term for the concept. */
  term: string;
}

const tifinaghWords = (text: string) => text.split(/[^\u2D30-\u2D7F]+/u).filter(Boolean);

/**
 * The forbidden variants a zgh text uses, matched as whole words (a variant of several words as a sequence).
 *
 * @example findGlossaryVariants('ⴰⵙⵡⵉⵔ ⵏ ⵜⵎⵙⵎⵓⵏⵜ', loadGlossary()).map((v) => v.variant) // → ['ⵜⵎⵙⵎⵓⵏⵜ', 'ⴰⵙⵡⵉⵔ']
 */
export function findGlossaryVariants(text: string, glossary: Glossary): GlossaryVariant[] {
  const words = tifinaghWords(text);
  const found: GlossaryVariant[] = [];
  for (const concept of glossary.concepts) {
    for (const variant of concept.forbidden) {
      const sequence = tifinaghWords(variant);
      const at = words.findIndex((_, i) => sequence.every((word, j) => words[i + j] === word));
      if (at >= 0) found.push({ concept: concept.concept, variant, term: concept.zgh });
    }
  }
  return found;
}
