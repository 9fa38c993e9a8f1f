import { describe, expect, it } from 'vitest';
import type { AdminOffice } from '@jamaa/api/offices/offices.schemas.ts';
import { closureRowCount, officeFormValues, officeFromForm } from './office-form.ts';

const base = { kind: 'civil_status', name_fr: 'Bureau central', name_ar: 'المكتب المركزي' };

describe('office form', () => {
  it('reads hours rows from day checkboxes and times, skipping empty rows', () => {
    const { input, fields } = officeFromForm({ ...base, hours_0_mon: 'on', hours_0_tue: 'on', hours_0_opens: '08:30', hours_0_closes: '16:30', hours_2_sat: 'on', hours_2_opens: '09:00', hours_2_closes: '12:00' });
    expect(fields).toEqual({});
    expect(input.hours).toEqual([
      { days: ['mon', 'tue'], opens: '08:30', closes: '16:30' },
      { days: ['sat'], opens: '09:00', closes: '12:00' },
    ]);
  });

  it('maps the API paths of hours to the rows they came from', () => {
    const { fieldNames } = officeFromForm({ ...base, hours_1_mon: 'on', hours_1_opens: '08:00', hours_1_closes: '12:00' });
    expect(fieldNames['hours.0.closes']).toBe('hours_1_closes');
  });

  it('says when a row closes before it opens, has no day, or misses a time', () => {
    expect(officeFromForm({ ...base, hours_0_mon: 'on', hours_0_opens: '16:00', hours_0_closes: '08:00' }).fields).toEqual({ hours_0_closes: 'closes_before_opens' });
    expect(officeFromForm({ ...base, hours_0_opens: '08:00', hours_0_closes: '12:00' }).fields).toEqual({ hours_0_days: 'required' });
    expect(officeFromForm({ ...base, hours_0_fri: 'on', hours_0_opens: '08:00' }).fields).toEqual({ hours_0_closes: 'required' });
  });

  it('needs a kind and a name in Arabic or French', () => {
    expect(officeFromForm({ name_zgh: 'ⴰⵙⵖⵏ' }).fields).toEqual({ kind: 'required', name_ar: 'required' });
    expect(officeFromForm({ ...base, kind: '' }).fields).toEqual({ kind: 'required' });
  });

  it('needs latitude and longitude together, as numbers', () => {
    expect(officeFromForm({ ...base, latitude: '32.23' }).fields).toEqual({ longitude: 'required' });
    expect(officeFromForm({ ...base, latitude: 'nord', longitude: '-7.9' }).fields).toEqual({ latitude: 'invalid_format' });
    const { input } = officeFromForm({ ...base, latitude: '32,2359', longitude: '-7.9548' });
    expect([input.latitude, input.longitude]).toEqual([32.2359, -7.9548]);
  });

  it('sends empty phone and email as null', () => {
    const { input } = officeFromForm({ ...base, phone: ' ', email: '' });
    expect([input.phone, input.email]).toEqual([null, null]);
  });

  it('fills the form from an office and reads it back unchanged', () => {
    const office = {
      id: 'x', key: 'k', kind: 'tax', names: { fr: 'Fiscalité', ar: 'الجبايات' }, address: { fr: 'Avenue' }, latitude: 32.2, longitude: -7.9,
      hours: [{ days: ['mon', 'wed'], opens: '08:00', closes: '12:00' }], ramadanHours: [{ days: ['mon'], opens: '09:00', closes: '15:00' }],
      closures: [{ from: '2027-01-11', to: '2027-01-13', reason: { fr: 'Travaux', ar: 'أشغال' } }],
      phone: '+212522000000', email: 'a@b.ma', mapUrl: null, inherited: false, position: 0, readOnly: false,
    } satisfies AdminOffice;
    const { input, fields } = officeFromForm(officeFormValues(office));
    expect(fields).toEqual({});
    expect(input).toEqual({
      kind: 'tax', names: office.names, address: office.address, latitude: 32.2, longitude: -7.9, hours: office.hours,
      ramadanHours: office.ramadanHours, closures: office.closures, phone: office.phone, email: office.email,
    });
  });

  it('reads Ramadan hours rows like the weekly ones, mapping their API paths back to the rows', () => {
    const { input, fields, fieldNames } = officeFromForm({ ...base, ramadan_1_mon: 'on', ramadan_1_fri: 'on', ramadan_1_opens: '09:00', ramadan_1_closes: '15:00' });
    expect(fields).toEqual({});
    expect(input.ramadanHours).toEqual([{ days: ['mon', 'fri'], opens: '09:00', closes: '15:00' }]);
    expect(fieldNames['ramadanHours.0.closes']).toBe('ramadan_1_closes');
    expect(officeFromForm({ ...base, ramadan_0_mon: 'on', ramadan_0_opens: '15:00', ramadan_0_closes: '09:00' }).fields).toEqual({ ramadan_0_closes: 'closes_before_opens' });
  });

  it('reads closure rows, skipping empty ones; a closure without a last day lasts one day', () => {
    const { input, fields, fieldNames } = officeFromForm({
      ...base,
      closure_0_from: '', closure_0_to: '', closure_0_reason_ar: '', closure_0_reason_fr: '', closure_0_reason_zgh: '',
      closure_1_from: '2027-01-11', closure_1_to: '', closure_1_reason_fr: ' Inventaire ', closure_1_reason_ar: '',
    });
    expect(fields).toEqual({});
    expect(input.closures).toEqual([{ from: '2027-01-11', to: '2027-01-11', reason: { fr: 'Inventaire' } }]);
    expect(fieldNames['closures.0.to']).toBe('closure_1_to');
    expect(fieldNames['closures.0.reason']).toBe('closure_1_reason_fr');
  });

  it('says when a closure ends before it starts, has no first day or no reason in Arabic or French, or names a day that does not exist', () => {
    const reason = { closure_0_reason_fr: 'Travaux' };
    expect(officeFromForm({ ...base, ...reason, closure_0_from: '2027-01-13', closure_0_to: '2027-01-11' }).fields).toEqual({ closure_0_to: 'ends_before_starts' });
    expect(officeFromForm({ ...base, ...reason, closure_0_to: '2027-01-11' }).fields).toEqual({ closure_0_from: 'required' });
    expect(officeFromForm({ ...base, closure_0_from: '2027-01-11', closure_0_reason_zgh: 'ⵜⴰⵎⵙⴰⵔⵜ' }).fields).toEqual({ closure_0_reason_ar: 'required' });
    expect(officeFromForm({ ...base, ...reason, closure_0_from: '2027-02-30' }).fields).toEqual({ closure_0_from: 'invalid_format' });
  });

  it('offers two empty closure rows after the office’s own, and gives back every row of a refused form', () => {
    expect(closureRowCount({})).toBe(2);
    expect(closureRowCount({ closure_0_from: '2027-01-11', closure_0_to: '2027-01-11' })).toBe(3);
    expect(closureRowCount({ closure_2_from: '', closure_2_to: '' })).toBe(3);
  });

  it('starts a new office with weekday mornings and afternoons filled in', () => {
    const values = officeFormValues(null);
    expect(values.hours_0_mon).toBe('on');
    expect(values.hours_0_sat).toBeUndefined();
  });
});
