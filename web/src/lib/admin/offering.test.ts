import { describe, expect, it } from 'vitest';
import { OVERRIDE_FIELDS as API_OVERRIDE_FIELDS } from '@jamaa/api/catalogue/catalogue.schemas.ts';
import { extraDocuments, OVERRIDE_FIELDS, overrideChange, overrideFormValues, parseAmount } from './offering.ts';

describe('local facts form', () => {
  it('sends a fixed fee in dirhams with its note', () => {
    const { overrides, fields } = overrideChange({ cost_kind: 'fixed', cost_amount: '20,50', cost_note_fr: ' Timbre ' }, []);
    expect(fields).toEqual({});
    expect(overrides).toEqual({ cost: { kind: 'fixed', amountMad: 20.5, note: { fr: 'Timbre' } } });
  });

  it('asks for the amount of a fixed fee and the explanation of a varying one', () => {
    expect(overrideChange({ cost_kind: 'fixed', cost_amount: '' }, []).fields).toEqual({ cost_amount: 'required' });
    expect(overrideChange({ cost_kind: 'fixed', cost_amount: 'vingt' }, []).fields).toEqual({ cost_amount: 'invalid_format' });
    expect(overrideChange({ cost_kind: 'varies' }, []).fields).toEqual({ cost_note_fr: 'required' });
  });

  it("sends a fee the commune's own tariff sets, with or without a note", () => {
    expect(overrideChange({ cost_kind: 'tariff' }, [])).toEqual({ overrides: { cost: { kind: 'tariff' } }, fields: {} });
    expect(overrideChange({ cost_kind: 'tariff', cost_note_fr: 'Article 12 de l’arrêté fiscal' }, []).overrides).toEqual({ cost: { kind: 'tariff', note: { fr: 'Article 12 de l’arrêté fiscal' } } });
  });

  it('removes only the overrides this tenant had set when their fields are emptied', () => {
    const { overrides } = overrideChange({ cost_kind: '', office: '', hours_fr: '', phone: '', email: '' }, ['cost', 'contact']);
    expect(overrides).toEqual({ cost: null, contact: null });
  });

  it('changes nothing when an untouched empty form is saved', () => {
    expect(overrideChange({}, []).overrides).toEqual({});
  });

  it('sends the office, hours, note and contact as typed', () => {
    const { overrides } = overrideChange(
      { office: '0b8f6a64-1f7a-4d43-9d61-1d5a2e0f7c11', hours_ar: 'صباحا', hours_fr: 'Le matin', note_fr: 'Sur rendez-vous', phone: '0522000000', email: '' },
      [],
    );
    expect(overrides).toEqual({
      officeId: '0b8f6a64-1f7a-4d43-9d61-1d5a2e0f7c11',
      hours: { ar: 'صباحا', fr: 'Le matin' },
      note: { fr: 'Sur rendez-vous' },
      contact: { phone: '0522000000' },
    });
  });

  it('pairs extra documents line by line across languages, skipping empty lines', () => {
    expect(extraDocuments({ documents_ar: 'نسخة\n\nصورة', documents_fr: 'Une copie\n\nUne photo\n' })).toEqual([
      { ar: 'نسخة', fr: 'Une copie' },
      { ar: 'صورة', fr: 'Une photo' },
    ]);
  });

  it('refuses more than 20 extra documents', () => {
    const many = Array.from({ length: 21 }, (_, i) => `Document ${i}`).join('\n');
    expect(overrideChange({ documents_fr: many }, []).fields).toEqual({ documents_fr: 'too_big' });
  });

  it('reads amounts as people write them', () => {
    expect(parseAmount('1 200')).toBe(1200);
    expect(parseAmount('75 DH')).toBe(75);
    expect(parseAmount('0')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
  });

  it('fills the form from the overrides and reads them back unchanged', () => {
    const own = { cost: { kind: 'fixed' as const, amountMad: 20 }, extraDocuments: [{ ar: 'نسخة', fr: 'Une copie' }], contact: { email: 'a@b.ma' } };
    const values = overrideFormValues(own);
    expect(values.cost_amount).toBe('20');
    expect(values.documents_fr).toBe('Une copie');
    expect(overrideChange(values, ['cost', 'extraDocuments', 'contact']).overrides).toEqual(own);
  });

  it("lists the API's override fields, in its order", () => {
    expect(OVERRIDE_FIELDS).toEqual(API_OVERRIDE_FIELDS);
  });
});
