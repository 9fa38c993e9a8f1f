// Form fields that hold one text per language (`note_ar`, `note_fr`, `note_zgh`), shared by the
// console's forms.
import { LOCALES, type Translatable } from '@jamaa/tenants/locale.ts';

/**
 * The texts of `<prefix>_ar|fr|zgh`, trimmed; null when every language is empty.
 *
 * @example translatable({ note_fr: ' Apporter une copie ', note_ar: '' }, 'note') // → { fr: 'Apporter une copie' }
 */
export function translatable(values: Record<string, string>, prefix: string): Translatable | null {
  const out: Translatable = {};
  for (const locale of LOCALES) {
    const text = values[`${prefix}_${locale}`]?.trim();
    if (text) out[locale] = text;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The form values of a text in every language, under `<prefix>_<locale>`. */
export function translatableValues(text: Translatable | null | undefined, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const locale of LOCALES) out[`${prefix}_${locale}`] = text?.[locale] ?? '';
  return out;
}
