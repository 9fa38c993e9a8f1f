// The operator's form for a national service card: the texts residents read most (names, summary, the
// documents to bring) in every language, and the fee. The rest of the card is kept as it was; the API
// validates the whole card like a catalogue file.
import { LOCALES } from '@jamaa/tenants/locale.ts';
import type { NationalServiceView } from '@jamaa/api/catalogue/governance.schemas.ts';

type Card = NonNullable<NationalServiceView['published']>;

const lines = (text: string | undefined) => (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);

/** The form values of a card. Documents: one per line, in each language. */
export function cardFormValues(card: Card): Record<string, string> {
  const values: Record<string, string> = {};
  for (const locale of LOCALES) {
    values[`names_${locale}`] = card.names[locale] ?? '';
    values[`summary_${locale}`] = card.summary[locale] ?? '';
    values[`documents_${locale}`] = card.documents.map((d) => d[locale] ?? '').join('\n');
  }
  values.cost_kind = card.cost.kind;
  values.cost_amount = card.cost.amountMad === undefined ? '' : String(card.cost.amountMad);
  return values;
}

/**
 * The card with the form's values put in; `fields` names the form fields that cannot make a card (the
 * Arabic and French document lists must have as many lines, the amount must be a number).
 *
 * @example cardFromForm(card, { ...cardFormValues(card), summary_fr: 'Nouveau résumé' }).card.summary.fr // → 'Nouveau résumé'
 */
export function cardFromForm(card: Card, values: Record<string, string>): { card: Card; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const text = (prefix: 'names' | 'summary') => {
    const out: Record<string, string> = {};
    for (const locale of LOCALES) {
      const v = values[`${prefix}_${locale}`]?.trim();
      if (v) out[locale] = v;
    }
    return out;
  };
  const docs = Object.fromEntries(LOCALES.map((l) => [l, lines(values[`documents_${l}`])])) as Record<(typeof LOCALES)[number], string[]>;
  if (docs.ar.length !== docs.fr.length) fields.documents_fr = 'invalid_format';
  if (docs.zgh.length > 0 && docs.zgh.length !== docs.fr.length) fields.documents_zgh = 'invalid_format';
  const documents = docs.fr.map((fr, i) => {
    // A line keeps what the form does not show (optional, its note) from the document it replaces.
    const { zgh: _zgh, ...kept } = card.documents[i] ?? { optional: false };
    const zgh = docs.zgh[i];
    return { ...kept, ar: docs.ar[i] ?? '', fr, ...(zgh ? { zgh } : {}) };
  });
  const kind = (values.cost_kind ?? card.cost.kind) as Card['cost']['kind'];
  const amountText = values.cost_amount?.trim() ?? '';
  const amount = amountText === '' ? undefined : Number(amountText.replace(',', '.'));
  if (amount !== undefined && !(amount > 0)) fields.cost_amount = 'invalid_format';
  const { amountMad: _old, ...costRest } = card.cost;
  const cost = { ...costRest, kind, ...(kind === 'fixed' && amount !== undefined ? { amountMad: amount } : {}) };
  return {
    card: { ...card, names: text('names') as Card['names'], summary: text('summary') as Card['summary'], documents: documents as Card['documents'], cost },
    fields,
  };
}

/** Where the API's validation paths (`card.documents.2.fr`) show in the form. */
export function cardFieldOf(path: string): string {
  const [root, field, a, b] = path.split('.');
  if (root !== 'card') return path;
  if ((field === 'names' || field === 'summary') && a) return `${field}_${a}`;
  if (field === 'documents') return `documents_${b === 'ar' || b === 'zgh' ? b : 'fr'}`;
  if (field === 'cost') return a === 'amountMad' ? 'cost_amount' : 'cost_kind';
  return 'card';
}

/** `refused()`'s field names for every path the API may report on the form's part of a card. */
export function cardFieldNames(documents: number): Record<string, string> {
  const paths = [
    ...LOCALES.flatMap((l) => [`card.names.${l}`, `card.summary.${l}`]),
    'card.cost',
    'card.cost.kind',
    'card.cost.amountMad',
    'card.cost.note',
    'card.documents',
    ...Array.from({ length: documents + 1 }, (_, i) => [`card.documents.${i}`, ...LOCALES.map((l) => `card.documents.${i}.${l}`)]).flat(),
  ];
  return Object.fromEntries(paths.map((p) => [p, cardFieldOf(p)]));
}
