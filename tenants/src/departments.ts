/**
 * The departments of a commune an agent works for, defined once: the API accepts only these codes and the
 * console offers them as a list labelled in the reader's language. The zgh labels are drafts for a qualified
 * translator (see `tenants/glossary.yaml`), like every zgh text of the platform.
 */
import type { Locale } from './locale.ts';

export const DEPARTMENTS = [
  'civil-status',
  'legalisation',
  'urbanism',
  'roads',
  'lighting',
  'cleanliness',
  'green-spaces',
  'hygiene',
  'economic-affairs',
  'taxation',
  'social-affairs',
  'culture-sports',
  'technical-services',
  'reception',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export function isDepartment(value: unknown): value is Department {
  return typeof value === 'string' && (DEPARTMENTS as readonly string[]).includes(value);
}

/** Each department's name, in every language (the test checks each is present and in its script). */
export const DEPARTMENT_LABELS: Readonly<Record<Department, Record<Locale, string>>> = {
  'civil-status': { ar: 'الحالة المدنية', fr: 'État civil', zgh: 'ⴰⴷⴷⴰⴷ ⴰⵖⵔⴼⴰⵏ' },
  legalisation: { ar: 'تصحيح الإمضاءات', fr: 'Légalisation', zgh: 'ⴰⵙⵙⵉⴷⵜ ⵏ ⵉⵣⵎⵓⵍⵏ' },
  urbanism: { ar: 'التعمير', fr: 'Urbanisme', zgh: 'ⵜⴰⵖⵔⵎⴰⵏⵜ' },
  roads: { ar: 'الطرق', fr: 'Voirie', zgh: 'ⵉⴱⵔⵉⴷⵏ' },
  lighting: { ar: 'الإنارة العمومية', fr: 'Éclairage public', zgh: 'ⴰⵙⵏⴼⴰⵡ ⴰⵎⴰⵜⴰⵢ' },
  cleanliness: { ar: 'النظافة', fr: 'Propreté', zgh: 'ⵜⴰⵣⴷⴷⵉⴳⵜ' },
  'green-spaces': { ar: 'المساحات الخضراء', fr: 'Espaces verts', zgh: 'ⵉⵙⴰⵢⵔⵏ ⵉⵣⴳⵣⴰⵡⵏ' },
  hygiene: { ar: 'حفظ الصحة', fr: 'Hygiène', zgh: 'ⵜⴰⴷⵓⵙⵉ' },
  'economic-affairs': { ar: 'الشؤون الاقتصادية', fr: 'Affaires économiques', zgh: 'ⵜⵉⵖⴰⵡⵙⵉⵡⵉⵏ ⵜⵉⴷⴰⵎⵙⴰⵏⵉⵏ' },
  taxation: { ar: 'الجبايات المحلية', fr: 'Fiscalité locale', zgh: 'ⵜⵉⴹⵕⵉⴱⵉⵏ ⵜⵉⴷⵖⴰⵔⴰⵏⵉⵏ' },
  'social-affairs': { ar: 'الشؤون الاجتماعية', fr: 'Affaires sociales', zgh: 'ⵜⵉⵖⴰⵡⵙⵉⵡⵉⵏ ⵜⵉⵏⴰⵎⵓⵏⵉⵏ' },
  'culture-sports': { ar: 'الشؤون الثقافية والرياضية', fr: 'Culture et sports', zgh: 'ⵜⴰⴷⵍⵙⴰ ⴷ ⵓⵏⵔⴰⵔ' },
  'technical-services': { ar: 'المصالح التقنية', fr: 'Services techniques', zgh: 'ⵜⵉⵏⴰⴼⵓⵜⵉⵏ ⵜⵉⵜⵉⴽⵏⵉⴽⵉⵏ' },
  reception: { ar: 'الاستقبال', fr: 'Accueil', zgh: 'ⴰⵙⵏⵓⴱⴳ' },
};

/**
 * A department's name in `locale`; a code from before the list existed is shown as it is.
 *
 * @example departmentLabel('civil-status', 'fr') // → 'État civil'
 */
export function departmentLabel(code: string, locale: Locale): string {
  return isDepartment(code) ? DEPARTMENT_LABELS[code][locale] : code;
}
