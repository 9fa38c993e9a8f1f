import { describe, expect, it } from 'vitest';
import { cardFieldNames, cardFormValues, cardFromForm } from './national-card.ts';

const card = {
  code: 'birth-certificate',
  names: { ar: 'عقد الازدياد', fr: 'Acte de naissance', zgh: 'ⴰⵣⵎⵎⴻⵎ' },
  summary: { ar: 'ملخص', fr: 'Résumé' },
  documents: [
    { ar: 'البطاقة', fr: 'La CNIE', optional: false },
    { ar: 'الدفتر', fr: 'Le livret', optional: true, note: { fr: 'si né ailleurs' } },
  ],
  cost: { kind: 'fixed', amountMad: 2 },
} as never;

describe('the national card form', () => {
  it('gives back the same card when nothing is changed', () => {
    const { card: again, fields } = cardFromForm(card, cardFormValues(card));
    expect(fields).toEqual({});
    expect(again).toEqual(card);
  });

  it("puts the operator's texts and fee in, keeping what the form does not show", () => {
    const values = { ...cardFormValues(card), summary_fr: 'Nouveau résumé', documents_zgh: 'ⵜⴰⴽⴰⵕⴹⴰ\nⴰⴷⴼⵜⵔ', cost_amount: '3,5' };
    const { card: changed } = cardFromForm(card, values) as unknown as { card: { summary: { fr: string }; documents: { zgh?: string; note?: unknown }[]; cost: { amountMad: number } } };
    expect(changed.summary.fr).toBe('Nouveau résumé');
    expect(changed.documents[1]).toMatchObject({ zgh: 'ⴰⴷⴼⵜⵔ', optional: true, note: { fr: 'si né ailleurs' } });
    expect(changed.cost.amountMad).toBe(3.5);
  });

  it('refuses lists of documents that do not line up, and an amount that is not one', () => {
    const { fields } = cardFromForm(card, { ...cardFormValues(card), documents_ar: 'البطاقة', cost_amount: 'deux' });
    expect(fields).toEqual({ documents_fr: 'invalid_format', cost_amount: 'invalid_format' });
  });

  it('shows the API’s refusals next to the field they concern', () => {
    expect(cardFieldNames(2)['card.documents.1.ar']).toBe('documents_ar');
    expect(cardFieldNames(2)['card.names.zgh']).toBe('names_zgh');
    expect(cardFieldNames(2)['card.cost.amountMad']).toBe('cost_amount');
  });
});
