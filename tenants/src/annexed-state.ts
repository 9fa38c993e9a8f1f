/**
 * The annexed state of Amazigh (zgh) nouns after a preposition (ⵏ "of", ⴳ "in", ⵖⵔ "to", ⵙ "with", ⵅⴼ
 * "on", ⴷ "and", ⵉ "for", ⵙⴳ "from"): «ⵜⴰⵎⵙⵏⴰⴹⵜ» "commune" but «ⴰⵙⵖⵏ ⵏ ⵜⵎⵙⵏⴰⴹⵜ» "the commune's office".
 * Templates that put a noun after a preposition write `ⵏ {{name, annexed}}`; the `annexed` format turns
 * a known noun into its annexed state and leaves any other as it is (names borrowed from Arabic, such as
 * ⵍⵎⵄⴰⵔⵉⴼ or ⵙⵉⴷⵉ ⴱⵍⵢⵓⵟ, do not change).
 *
 * Known nouns are those of `tenants/glossary.yaml` that give an `annexed` form (concepts and place
 * names); this table repeats them so that browser bundles need no YAML, and `annexed-state.test.ts`
 * fails when the two differ. DRAFT FOR A QUALIFIED TRANSLATOR, like the glossary.
 */
export const ANNEXED_FORMS: Readonly<Record<string, string>> = {
  // Concepts (glossary.yaml `concepts[].annexed`).
  ⵜⴰⵎⵙⵏⴰⴹⵜ: 'ⵜⵎⵙⵏⴰⴹⵜ',
  ⴰⵎⵏⴰⴹ: 'ⵓⵎⵏⴰⴹ',
  'ⴰⴷⴷⴰⴷ ⴰⵖⵔⴼⴰⵏ': 'ⵡⴰⴷⴷⴰⴷ ⴰⵖⵔⴼⴰⵏ',
  ⴰⵜⵉⴳ: 'ⵓⵜⵉⴳ',
  ⴰⵙⴷⵍⵉⵙ: 'ⵓⵙⴷⵍⵉⵙ',
  ⴰⵙⵖⵏ: 'ⵓⵙⵖⵏ',
  ⵜⴰⵏⴰⴼⵓⵜ: 'ⵜⵏⴰⴼⵓⵜ',
  ⴰⵙⵓⵜⵔ: 'ⵓⵙⵓⵜⵔ',
  ⵜⴰⵛⵜⴽⵉⵜ: 'ⵜⵛⵜⴽⵉⵜ',
  ⴰⵣⵎⵣ: 'ⵓⵣⵎⵣ',
  ⴰⵙⵇⵇⵉⵎ: 'ⵓⵙⵇⵇⵉⵎ',
  ⴰⵙⵍⵡⴰⵢ: 'ⵓⵙⵍⵡⴰⵢ',
  ⵜⴰⴽⴰⵕⴹⴰ: 'ⵜⴽⴰⵕⴹⴰ',
  ⴰⵙⵏⵖⵎⵙ: 'ⵓⵙⵏⵖⵎⵙ',
  ⴰⵣⵎⵎⴻⵎ: 'ⵓⵣⵎⵎⴻⵎ',
  // Place names of the demo tenants (glossary.yaml `names`).
  'ⵜⴰⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ': 'ⵜⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ',
  ⵜⵉⵟⵟⴰⵡⵉⵏ: 'ⵜⵟⵟⴰⵡⵉⵏ',
  ⴰⵏⴼⴰ: 'ⵓⵏⴼⴰ',
  'ⴰⵚⵚⵅⵓⵔ ⴰⵙⵙⴰⵡⴷⴰ': 'ⵓⵚⵚⵅⵓⵔ ⴰⵙⵙⴰⵡⴷⴰ',
};

/** The prepositions after which a noun takes the annexed state. */
export const ANNEXING_PREPOSITIONS = ['ⵏ', 'ⴳ', 'ⵖⵔ', 'ⵙ', 'ⵅⴼ', 'ⴷ', 'ⵉ', 'ⵙⴳ', 'ⴰⵔ'] as const;

/**
 * A zgh noun in the annexed state when it is a known one, else unchanged.
 *
 * @example annexedState('ⵜⴰⵎⵙⵏⴰⴹⵜ') // → 'ⵜⵎⵙⵏⴰⴹⵜ'
 * @example annexedState('ⵍⵎⵄⴰⵔⵉⴼ')  // → 'ⵍⵎⵄⴰⵔⵉⴼ'
 */
export function annexedState(noun: string): string {
  const key = noun.normalize('NFC').trim().replace(/\s+/g, ' ');
  return ANNEXED_FORMS[key] ?? noun;
}

/** The part of an i18next instance that holds its formatters. */
interface WithFormatter {
  services: { formatter?: { add(name: string, format: (value: unknown, lng: string | undefined) => string): void } };
}

/**
 * Adds the `annexed` format to an i18next instance (`{{name, annexed}}`): in zgh, the annexed state of a
 * known noun; in other languages, the value as it is. Call it right after `init`.
 */
export function useAnnexedFormat(instance: WithFormatter): void {
  instance.services.formatter?.add('annexed', (value, lng) => (lng === 'zgh' && typeof value === 'string' ? annexedState(value) : String(value ?? '')));
}
