// The local-facts form of a catalogue service: what the administrator typed becomes the body of
// PUT /api/v1/admin/catalogue/offerings/{code}, and the overrides in effect become the form's values.
import type { OfferingChange, OverrideField, ServiceOverridesView } from '@jamaa/api/catalogue/catalogue.schemas.ts';
import { LOCALES, type Translatable } from '@jamaa/tenants/locale.ts';
import { translatable, translatableValues } from './text-fields.ts';

export type { OverrideField };

/**
 * The API's override fields, in its order (`offering.test.ts` checks they are the same). Written here, typed
 * against the API, because this module also runs in the browser (the service screen hydrates) and must not
 * load the API's modules, which read the catalogue from disk.
 */
export const OVERRIDE_FIELDS = ['cost', 'officeId', 'hours', 'extraDocuments', 'note', 'contact'] as const satisfies readonly OverrideField[];

export function isOverrideField(value: unknown): value is OverrideField {
  return (OVERRIDE_FIELDS as readonly unknown[]).includes(value);
}

/** The overrides an administrator may set (every field optional, `null` removes it): the API's own schema. */
export type Overrides = NonNullable<OfferingChange['overrides']>;
type Cost = NonNullable<Overrides['cost']>;

/** The API puts no limit on lines per language, but at most 20 documents. */
export const MAX_EXTRA_DOCUMENTS = 20;

/** Where an API validation path lands in the form. */
export const OVERRIDE_FIELD_NAMES: Record<string, string> = {
  'overrides.cost': 'cost_kind',
  'overrides.cost.kind': 'cost_kind',
  'overrides.cost.amountMad': 'cost_amount',
  'overrides.cost.note': 'cost_note_fr',
  'overrides.officeId': 'office',
  'overrides.hours': 'hours_fr',
  'overrides.extraDocuments': 'documents_fr',
  'overrides.note': 'note_fr',
  'overrides.contact.phone': 'phone',
  'overrides.contact.email': 'email',
};

/** The form values of the overrides this tenant set itself (what the commune set is shown, not copied). */
export function overrideFormValues(overrides: ServiceOverridesView): Record<string, string> {
  const cost = overrides.cost ?? null;
  const documents = overrides.extraDocuments ?? [];
  const values: Record<string, string> = {
    cost_kind: cost?.kind ?? '',
    cost_amount: cost?.amountMad !== undefined ? String(cost.amountMad) : '',
    ...translatableValues(cost?.note, 'cost_note'),
    office: overrides.officeId ?? '',
    ...translatableValues(overrides.hours, 'hours'),
    ...translatableValues(overrides.note, 'note'),
    phone: overrides.contact?.phone ?? '',
    email: overrides.contact?.email ?? '',
  };
  for (const locale of LOCALES) values[`documents_${locale}`] = documents.map((d) => d[locale] ?? '').join('\n').replace(/\n+$/, '');
  return values;
}

/**
 * The extra documents of one-per-line textareas: the Nth line of each language is the Nth document.
 *
 * @example extraDocuments({ documents_ar: 'نسخة', documents_fr: 'Une copie\nUne photo' })
 *   // → [{ ar: 'نسخة', fr: 'Une copie' }, { fr: 'Une photo' }]
 */
export function extraDocuments(values: Record<string, string>): Translatable[] {
  const lines = Object.fromEntries(LOCALES.map((l) => [l, (values[`documents_${l}`] ?? '').split(/\r?\n/)])) as Record<(typeof LOCALES)[number], string[]>;
  const count = Math.max(...LOCALES.map((l) => lines[l].length));
  const documents: Translatable[] = [];
  for (let i = 0; i < count; i++) {
    const doc = translatable(Object.fromEntries(LOCALES.map((l) => [`d_${l}`, lines[l][i] ?? ''])), 'd');
    if (doc) documents.push(doc);
  }
  return documents;
}

/**
 * A fixed fee written the way people write it: `50`, `50,00`, `1 200`, `75 DH`. Null when it is not a
 * positive amount.
 */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/(dhs?|mad|درهم)/giu, '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const amount = Number(cleaned);
  return amount > 0 && amount <= 1_000_000 ? amount : null;
}

export interface OverrideChange {
  overrides: Overrides;
  /** Form field → validation code, for what is wrong before asking the API. */
  fields: Record<string, string>;
}

/**
 * The change a submitted form asks for. A field left empty means "no override of ours": it is sent as
 * `null` only when this tenant had set it (`own`), so saving an untouched form changes nothing.
 */
export function overrideChange(values: Record<string, string>, own: readonly OverrideField[]): OverrideChange {
  const fields: Record<string, string> = {};
  const wanted: Overrides = {};

  const kind = values.cost_kind ?? '';
  if (kind === 'free' || kind === 'fixed' || kind === 'varies' || kind === 'tariff') {
    const cost: Cost = { kind };
    if (kind === 'fixed') {
      const amount = parseAmount(values.cost_amount ?? '');
      if (amount === null) fields.cost_amount = values.cost_amount?.trim() ? 'invalid_format' : 'required';
      else cost.amountMad = amount;
    }
    const note = translatable(values, 'cost_note');
    if (note && kind !== 'free') cost.note = note;
    if (kind === 'varies' && !note) fields.cost_note_fr = 'required';
    wanted.cost = cost;
  } else if (kind !== '') fields.cost_kind = 'invalid_value';

  const office = values.office?.trim();
  if (office) wanted.officeId = office;
  const hours = translatable(values, 'hours');
  if (hours) wanted.hours = hours;
  const documents = extraDocuments(values);
  if (documents.length > MAX_EXTRA_DOCUMENTS) fields.documents_fr = 'too_big';
  if (documents.length > 0) wanted.extraDocuments = documents;
  const note = translatable(values, 'note');
  if (note) wanted.note = note;
  const phone = values.phone?.trim();
  const email = values.email?.trim();
  if (phone || email) wanted.contact = { ...(phone ? { phone } : {}), ...(email ? { email } : {}) };

  // Set what the form gives; send null for what this tenant had set and the form now leaves empty.
  const overrides: Overrides = { ...wanted };
  for (const field of OVERRIDE_FIELDS) if (wanted[field] === undefined && own.includes(field)) overrides[field] = null;
  return { overrides, fields };
}

/** The `settings:override.*` key that names each field on screen. */
export const OVERRIDE_LABELS = {
  cost: 'cost',
  officeId: 'office',
  hours: 'hours',
  extraDocuments: 'documents',
  note: 'note',
  contact: 'contact',
} as const satisfies Record<OverrideField, string>;
