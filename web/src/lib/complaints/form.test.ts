import { describe, expect, it } from 'vitest';
import { checkComplaint } from './form.ts';

const complete = { category: 'street_lighting', description: 'Lampadaire éteint', address: 'Rue 12', anonymous: 'true' };

describe('the complaint form, before it goes to the API', () => {
  it('lets a complete anonymous complaint through', () => {
    expect(checkComplaint(complete, 1, ['street_lighting'])).toEqual({});
  });

  it('says what is missing, field by field', () => {
    expect(checkComplaint({ anonymous: 'false' }, 0)).toEqual({ category: 'required', description: 'required', location: 'location_required', contact: 'contact_required' });
  });

  it('takes a point on the map instead of an address, and refuses half a point', () => {
    expect(checkComplaint({ ...complete, address: '', latitude: '33.59', longitude: '-7.61' }, 0)).toEqual({});
    expect(checkComplaint({ ...complete, address: '', latitude: '33.59', longitude: '' }, 0)).toEqual({ latitude: 'invalid_format' });
  });

  it("asks for the chosen category's required answers, next to the question", () => {
    const animals = { ...complete, category: 'stray_animals' };
    expect(checkComplaint(animals, 0, ['stray_animals'], ['animal_kind'])).toEqual({ 'attribute[animal_kind]': 'required' });
    expect(checkComplaint({ ...animals, 'attribute[animal_kind]': ' ' }, 0, ['stray_animals'], ['animal_kind'])).toEqual({ 'attribute[animal_kind]': 'required' });
    expect(checkComplaint({ ...animals, 'attribute[animal_kind]': 'dog' }, 0, ['stray_animals'], ['animal_kind'])).toEqual({});
  });

  it('checks the contact only when the resident leaves one', () => {
    expect(checkComplaint({ ...complete, anonymous: 'false', contactEmail: 'pas-une-adresse' }, 0)).toEqual({ contactEmail: 'invalid_format' });
    expect(checkComplaint({ ...complete, anonymous: 'false', contactPhone: '0612345678' }, 0)).toEqual({});
    expect(checkComplaint({ ...complete, contactEmail: 'pas-une-adresse' }, 0)).toEqual({});
  });

  it('asks for a mobile number when the number is wanted by SMS, and refuses an SMS to an anonymous resident', () => {
    const named = { ...complete, anonymous: 'false', contactEmail: 'amina@example.ma' };
    expect(checkComplaint({ ...named, smsReceipt: 'on' }, 0)).toEqual({ contactPhone: 'mobile_required' });
    expect(checkComplaint({ ...named, receiptBy: 'sms' }, 0)).toEqual({ contactPhone: 'mobile_required' });
    expect(checkComplaint({ ...named, smsReceipt: 'on', contactPhone: '0612345678' }, 0)).toEqual({});
    expect(checkComplaint({ ...complete, smsReceipt: 'on', contactPhone: '0612345678' }, 0)).toEqual({ anonymous: 'sms_not_anonymous' });
    expect(checkComplaint({ ...named, receiptBy: 'print' }, 0)).toEqual({});
  });

  it('refuses a category the commune does not offer, and too many photos', () => {
    expect(checkComplaint({ ...complete, category: 'other' }, 4, ['street_lighting'])).toEqual({ category: 'invalid_value', photo: 'too_many_photos' });
  });
});
