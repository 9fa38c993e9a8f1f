/**
 * The questions a category asks besides the description (GeoReport v2's service attributes): one vocabulary,
 * keyed by category code, from which the Open311 service definitions, the resident's form (through the
 * categories API) and the staff view are all derived. A tenant's category gets the questions of its code: a
 * tenant keeping the national codes (`street_lighting`, `roads`…) gets these; its own codes get none.
 *
 * Answers are stored with the complaint as `{ code: key-or-text }` (`string[]` for a multivaluelist). Codes are
 * unique across categories: the resident's form holds every category's questions at once (`attribute[code]`).
 *
 * The zgh texts are drafts for a translator (tenants/strings/README.md), using the glossary's terms where it has
 * them (`complaint-attributes.test.ts` runs the glossary over them).
 */
import type { Translatable } from '@jamaa/tenants/locale.ts';

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export interface AttributeValue {
  key: string;
  names: Translatable;
}

export interface ComplaintAttribute {
  /** Unique across the vocabulary: `[a-z][a-z0-9_]*`. */
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  /** The question, as a resident reads it (GeoReport's `description`). */
  question: Translatable;
  /** A hint on what to answer (GeoReport's `datatype_description`), if any. */
  hint?: Translatable;
  /** The allowed answers of a list, in order. */
  values?: readonly AttributeValue[];
}

/** An answer as stored: a text, a key, or the keys of a multivaluelist. */
export type AttributeAnswer = string | string[];
export type AttributeAnswers = Record<string, AttributeAnswer>;

/** Free text answers, at most (a pole number, a plate): longer belongs in the description. */
export const ANSWER_MAX = 200;

const YES_NO: readonly AttributeValue[] = [
  { key: 'yes', names: { ar: 'نعم', fr: 'Oui', zgh: 'ⵢⴰⵀ' } },
  { key: 'no', names: { ar: 'لا', fr: 'Non', zgh: 'ⵓⵀⵓ' } },
];

export const CATEGORY_ATTRIBUTES: Readonly<Record<string, readonly ComplaintAttribute[]>> = {
  street_lighting: [
    {
      code: 'pole_number',
      datatype: 'string',
      required: false,
      question: { ar: 'رقم عمود الإنارة', fr: 'Numéro du lampadaire', zgh: 'ⵓⵟⵟⵓⵏ ⵏ ⵓⴳⵊⴷⵉ ⵏ ⵓⵙⵏⵓⵔ' },
      hint: { ar: 'الرقم المكتوب على العمود، إن وجد', fr: 'Le numéro peint ou collé sur le poteau, s’il y en a un', zgh: 'ⵓⵟⵟⵓⵏ ⵉⵜⵜⵓⵢⴰⵔⵓⵏ ⵅⴼ ⵓⴳⵊⴷⵉ, ⵎⴽ ⵉⵍⵍⴰ' },
    },
    {
      code: 'street_dark',
      datatype: 'singlevaluelist',
      required: false,
      question: { ar: 'هل الشارع كله مظلم؟', fr: 'La rue entière est-elle dans le noir\u202f?', zgh: 'ⵉⵙ ⵉⴽⵎⵍ ⵓⴱⵔⵉⴷ ⴳ ⵜⵉⵍⵍⴰⵙ?' },
      values: YES_NO,
    },
  ],
  roads: [
    {
      code: 'hazard_type',
      datatype: 'singlevaluelist',
      required: false,
      question: { ar: 'ما نوع المشكل؟', fr: 'De quel problème s’agit-il\u202f?', zgh: 'ⵎⴰⵜⵜⴰ ⵜⴰⵎⵓⴽⵔⵉⵙⵜ?' },
      values: [
        { key: 'pothole', names: { ar: 'حفرة', fr: 'Nid-de-poule', zgh: 'ⴰⵏⵇⵇⵓⴱ ⴳ ⵓⴱⵔⵉⴷ' } },
        { key: 'broken_pavement', names: { ar: 'رصيف مكسور', fr: 'Trottoir cassé', zgh: 'ⴰⵙⵓⵔ ⵉⵔⵥⴰⵏ' } },
        { key: 'missing_manhole_cover', names: { ar: 'غطاء بالوعة مفقود', fr: 'Plaque d’égout manquante', zgh: 'ⴰⴼⵔⴰⴳ ⵏ ⵓⵏⵇⵇⵓⴱ ⵓⵔ ⵉⵍⵍⵉ' } },
        { key: 'other', names: { ar: 'أخرى', fr: 'Autre', zgh: 'ⵢⴰⴹⵏ' } },
      ],
    },
  ],
  water_leaks: [
    {
      code: 'water_flowing',
      datatype: 'singlevaluelist',
      required: false,
      question: { ar: 'هل ما زال الماء يتدفق؟', fr: 'L’eau coule-t-elle encore\u202f?', zgh: 'ⵉⵙ ⴰⵔ ⵜⵜⴰⵣⵣⵍⵏ ⵡⴰⵎⴰⵏ ⵖⵉⵍⴰ?' },
      values: YES_NO,
    },
  ],
  noise: [
    {
      code: 'noise_time',
      datatype: 'singlevaluelist',
      required: false,
      question: { ar: 'متى يحدث الضجيج؟', fr: 'Quand le bruit a-t-il lieu\u202f?', zgh: 'ⵎⴰⵏⵉⴽ ⴰⴷ ⵉⵜⵜⵉⵍⵉ ⵓⵙⵖⵓⵢ?' },
      values: [
        { key: 'day', names: { ar: 'بالنهار', fr: 'Le jour', zgh: 'ⴰⵣⵍ' } },
        { key: 'night', names: { ar: 'بالليل', fr: 'La nuit', zgh: 'ⵉⴹ' } },
        { key: 'both', names: { ar: 'بالنهار والليل', fr: 'Jour et nuit', zgh: 'ⴰⵣⵍ ⴷ ⵉⴹ' } },
      ],
    },
  ],
  stray_animals: [
    {
      code: 'animal_kind',
      datatype: 'singlevaluelist',
      // The one question a team needs before it goes out (a dog team or a cat trap).
      required: true,
      question: { ar: 'ما نوع الحيوان؟', fr: 'Quel animal\u202f?', zgh: 'ⵎⴰⵜⵜⴰ ⴰⵎⵓⴷⴰⵔ?' },
      values: [
        { key: 'dog', names: { ar: 'كلب', fr: 'Chien', zgh: 'ⴰⵢⴷⵉ' } },
        { key: 'cat', names: { ar: 'قط', fr: 'Chat', zgh: 'ⴰⵎⵓⵛ' } },
        { key: 'other', names: { ar: 'آخر', fr: 'Autre', zgh: 'ⵢⴰⴹⵏ' } },
      ],
    },
  ],
};

/** The questions of a category (none for a code the vocabulary does not know). */
export function attributesOf(category: string): readonly ComplaintAttribute[] {
  return Object.hasOwn(CATEGORY_ATTRIBUTES, category) ? (CATEGORY_ATTRIBUTES[category] ?? []) : [];
}

/** Why an answer was refused: the attribute's code, a `validation:` code, and an English sentence for Open311. */
export interface AnswerIssue {
  code: string;
  issue: 'required' | 'invalid_value' | 'invalid_format' | 'too_big' | 'unknown_attribute';
  description: string;
}

function isList(datatype: AttributeDatatype): boolean {
  return datatype === 'singlevaluelist' || datatype === 'multivaluelist';
}

const DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Checks the answers given for a category: each known, of its type, among its values; every required one
 * given. Empty answers count as not given (a form sends empty fields). Answers the answers to store, trimmed,
 * or the first problem.
 *
 * @example checkAnswers('stray_animals', { animal_kind: 'dog' }) // → { answers: { animal_kind: 'dog' } }
 * @example checkAnswers('stray_animals', {}) // → { issue: { code: 'animal_kind', issue: 'required', … } }
 */
export function checkAnswers(
  category: string,
  given: Readonly<Record<string, AttributeAnswer>> | undefined,
  attributes: readonly ComplaintAttribute[] = attributesOf(category),
): { answers: AttributeAnswers } | { issue: AnswerIssue } {
  const answers: AttributeAnswers = {};
  const known = new Set(attributes.map((a) => a.code));
  for (const code of Object.keys(given ?? {})) {
    const values = ([] as string[]).concat(given?.[code] ?? []).filter((v) => v.trim() !== '');
    if (!known.has(code) && values.length > 0) {
      return { issue: { code, issue: 'unknown_attribute', description: `attribute[${code}] is not an attribute of service ${category}` } };
    }
  }
  for (const attribute of attributes) {
    const values = ([] as string[]).concat(given?.[attribute.code] ?? []).map((v) => v.trim()).filter((v) => v !== '');
    const name = `attribute[${attribute.code}]`;
    if (values.length === 0) {
      if (attribute.required) return { issue: { code: attribute.code, issue: 'required', description: `${name} is required for service ${category}` } };
      continue;
    }
    if (attribute.datatype !== 'multivaluelist' && values.length > 1) return { issue: { code: attribute.code, issue: 'invalid_value', description: `${name} takes one value` } };
    if (isList(attribute.datatype)) {
      const keys = (attribute.values ?? []).map((v) => v.key);
      const wrong = values.find((v) => !keys.includes(v));
      if (wrong !== undefined) return { issue: { code: attribute.code, issue: 'invalid_value', description: `${name} is one of ${keys.join(', ')}` } };
      answers[attribute.code] = attribute.datatype === 'multivaluelist' ? [...new Set(values)] : (values[0] as string);
      continue;
    }
    const value = values[0] as string;
    const max = attribute.datatype === 'text' ? 2000 : ANSWER_MAX;
    if (value.length > max) return { issue: { code: attribute.code, issue: 'too_big', description: `${name} is at most ${max} characters` } };
    if (attribute.datatype === 'number' && !Number.isFinite(Number(value.replace(',', '.')))) {
      return { issue: { code: attribute.code, issue: 'invalid_format', description: `${name} is a number` } };
    }
    if (attribute.datatype === 'datetime' && (!DATETIME.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T'))))) {
      return { issue: { code: attribute.code, issue: 'invalid_format', description: `${name} is a W3C date-time` } };
    }
    answers[attribute.code] = attribute.datatype === 'number' ? String(Number(value.replace(',', '.'))) : value;
  }
  return { answers };
}

/**
 * Answers as a reader sees them: each question with its answer's names (a list) or its text, in the
 * vocabulary's order; an answer to a question the vocabulary no longer has keeps its code.
 */
export function describeAnswers(category: string, answers: Readonly<AttributeAnswers>): { code: string; question: Translatable | null; answers: { value: string; names: Translatable | null }[] }[] {
  const attributes = attributesOf(category);
  const out = [];
  const codes = [...attributes.map((a) => a.code).filter((c) => c in answers), ...Object.keys(answers).filter((c) => !attributes.some((a) => a.code === c))];
  for (const code of codes) {
    const attribute = attributes.find((a) => a.code === code);
    const given = ([] as string[]).concat(answers[code] ?? []);
    out.push({
      code,
      question: attribute?.question ?? null,
      answers: given.map((value) => ({ value, names: attribute?.values?.find((v) => v.key === value)?.names ?? null })),
    });
  }
  return out;
}
