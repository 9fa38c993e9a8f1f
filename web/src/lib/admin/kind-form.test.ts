import { describe, expect, it } from 'vitest';
import { CONTENT_KINDS, KIND_FIELDS, type ContentKind } from '@jamaa/api/content/content.schemas.ts';
import { resources } from '#lib/i18n/resources.ts';
import { kindInputs } from '#lib/server/kind-inputs.ts';
import { localToInstant } from './content-form.ts';
import { inputLabelKey, kindFieldName, kindFieldsFromForm, kindFieldValues, type KindInput } from './kind-form.ts';

const project = kindInputs('project');

describe('the inputs of a kind’s fields', () => {
  it('are derived from the API’s schema: each field gets the input of its type', () => {
    const types = Object.fromEntries(project.map((i) => [i.name, i.type]));
    expect(types).toEqual({ status: 'enum', budgetMad: 'number', startOn: 'day', endOn: 'day', progress: 'number', location: 'location', district: 'local_text' });
    const session = Object.fromEntries(kindInputs('session').map((i) => [i.name, i.type]));
    expect(session).toMatchObject({ place: 'local_text', agenda: 'local_lines', decisions: 'json', broadcastUrl: 'url', summaryPublishedOn: 'day' });
    expect(kindInputs('tender').find((i) => i.name === 'deadline')?.type).toBe('datetime');
    expect(kindInputs('tender').find((i) => i.name === 'portalUrl')?.type).toBe('url');
    expect(kindInputs('committee').find((i) => i.name === 'members')?.type).toBe('lines');
  });

  it('cover every field of every kind, each with a label and its choices translated in every language', () => {
    for (const kind of CONTENT_KINDS) {
      const inputs = kindInputs(kind);
      expect(inputs.map((i) => i.name).sort(), kind).toEqual(Object.keys(KIND_FIELDS[kind].shape).sort());
      for (const input of inputs) {
        for (const locale of ['ar', 'fr', 'zgh'] as const) {
          expect(resources[locale].content.input, `${kind}.${input.name}`).toHaveProperty(inputLabelKey(input.name));
          if (input.type === 'enum' && input.name !== 'weekday') for (const option of input.options) expect(resources[locale].content.value, `${kind}.${input.name}`).toHaveProperty(option);
        }
      }
    }
  });
});

describe('a kind’s fields from the form and back', () => {
  it('reads each input: a choice, amounts typed the French way, a percentage, dates, a point, a text per language', () => {
    const { fields, errors } = kindFieldsFromForm(project, {
      f_status: 'in_progress',
      f_budgetMad: '1 200 000,50',
      f_progress: ' 40 ',
      f_startOn: '2026-03-01',
      f_endOn: '',
      f_location_lat: '31.63',
      f_location_lng: '-8.01',
      f_district_ar: 'حي السلام',
      f_district_fr: ' Hay Salam ',
      f_district_zgh: '',
    });
    expect(errors).toEqual({});
    expect(fields).toEqual({ status: 'in_progress', budgetMad: 1200000.5, progress: 40, startOn: '2026-03-01', location: { lat: 31.63, lng: -8.01 }, district: { ar: 'حي السلام', fr: 'Hay Salam' } });
  });

  it('leaves empty optional values out, and says which required one is missing', () => {
    const empty = { f_status: '', f_budgetMad: '', f_progress: '', f_startOn: '', f_location_lat: '', f_location_lng: '', f_district_fr: '' };
    expect(kindFieldsFromForm(project, empty)).toEqual({ fields: {}, errors: { f_status: 'required' } });
    expect(kindFieldsFromForm(kindInputs('souk'), { f_weekday: 'thu' }).errors).toEqual({ f_place_fr: 'required' });
  });

  it('reports a number that is not one, or out of range, on its own input', () => {
    const { fields, errors } = kindFieldsFromForm(project, { f_status: 'planned', f_budgetMad: 'beaucoup', f_progress: '150', f_location_lat: '31.6', f_location_lng: '' });
    expect(errors).toEqual({ f_budgetMad: 'invalid_type', f_progress: 'too_big', f_location_lng: 'required' });
    expect(fields).toEqual({ status: 'planned' });
    expect(kindFieldsFromForm(project, { f_status: 'planned', f_progress: '12.5' }).errors).toEqual({ f_progress: 'invalid_type' });
    expect(kindFieldsFromForm(project, { f_status: 'done' }).errors).toEqual({ f_status: 'invalid_value' });
  });

  it('reads lists one item per line, line n of each language being item n', () => {
    const session = kindInputs('session');
    const { fields, errors } = kindFieldsFromForm(session, {
      f_type: 'ordinary',
      f_agenda_fr: 'Budget 2027\r\n\r\nTransport scolaire\n\n',
      f_agenda_ar: 'ميزانية 2027\nالنقل المدرسي\nالنقل المدرسي',
      f_broadcastUrl: 'https://www.youtube.com/live/x',
      f_summaryPublishedOn: '2026-06-10',
      f_decisions: session.find((i) => i.name === 'decisions')!.type === 'json' ? kindFieldValues(session, null).f_decisions! : '',
    });
    expect(errors).toEqual({});
    expect(fields).toEqual({
      type: 'ordinary',
      agenda: [{ fr: 'Budget 2027', ar: 'ميزانية 2027' }, { ar: 'النقل المدرسي' }, { fr: 'Transport scolaire', ar: 'النقل المدرسي' }],
      broadcastUrl: 'https://www.youtube.com/live/x',
      summaryPublishedOn: '2026-06-10',
    });
    const members = kindFieldsFromForm(kindInputs('committee'), { f_chair: '', f_members: ' Amina Alaoui \n\nYoussef Idrissi' }).fields;
    expect(members).toEqual({ members: ['Amina Alaoui', 'Youssef Idrissi'] });
  });

  it('keeps a list of records as JSON: the untouched one-item example is no value, a broken one is reported', () => {
    const session = kindInputs('session');
    const example = kindFieldValues(session, null).f_decisions!;
    expect(JSON.parse(example)).toEqual([{ title: { ar: '', fr: '' }, votesFor: 0, votesAgainst: 0, abstentions: 0, adopted: false }]);
    const votes = [{ title: { fr: 'Budget' }, votesFor: 20, adopted: true }];
    expect(kindFieldsFromForm(session, { f_type: 'ordinary', f_decisions: JSON.stringify(votes) }).fields.decisions).toEqual(votes);
    expect(kindFieldsFromForm(session, { f_type: 'ordinary', f_decisions: '[{"title":' }).errors).toEqual({ f_decisions: 'invalid_format' });
    expect(kindFieldsFromForm(session, { f_type: 'ordinary', f_decisions: '{}' }).errors).toEqual({ f_decisions: 'invalid_type' });
  });

  it('reads a deadline typed in Moroccan time as an instant, and a web address', () => {
    const tender = kindInputs('tender');
    const { fields, errors } = kindFieldsFromForm(tender, { f_reference: 'AO 3/2026', f_status: 'open', f_deadline: '2026-12-31T10:00', f_portalUrl: 'marchespublics' });
    expect(errors).toEqual({ f_portalUrl: 'invalid_format' });
    expect(fields.deadline).toBe(localToInstant('2026-12-31T10:00'));
  });

  it('reads a box as a boolean: ticked is true, left empty is false', () => {
    const inputs: KindInput[] = [{ name: 'adopted', required: true, type: 'boolean' }];
    expect(kindFieldsFromForm(inputs, { f_adopted: 'on' }).fields).toEqual({ adopted: true });
    expect(kindFieldsFromForm(inputs, {}).fields).toEqual({ adopted: false });
    expect(kindFieldValues(inputs, { adopted: true })).toEqual({ f_adopted: 'on' });
  });

  it('gives an item’s fields back unchanged after a round trip through the form', () => {
    const items: [ContentKind, Record<string, unknown>][] = [
      ['project', { status: 'completed', budgetMad: 3500000, progress: 100, startOn: '2025-01-15', location: { lat: 30.42, lng: -9.6 }, district: { ar: 'الحي', fr: 'Le quartier', zgh: 'ⵜⴰⵎⵏⴰⴹⵜ' } }],
      ['session', { type: 'extraordinary', place: { fr: 'Salle du conseil' }, agenda: [{ fr: 'Point 1', ar: 'النقطة 1' }], decisions: [{ title: { fr: 'Point 1' }, adopted: true }] }],
      ['committee', { chair: 'Amina', members: ['Amina', 'Youssef'] }],
      ['tender', { reference: 'AO 1', deadline: localToInstant('2026-02-02T10:00'), status: 'awarded', awardee: 'Société X', amountMad: 99000 }],
    ];
    for (const [kind, fields] of items) {
      const inputs = kindInputs(kind);
      expect(kindFieldsFromForm(inputs, kindFieldValues(inputs, fields)), kind).toEqual({ fields, errors: {} });
    }
  });

  it('shows the API’s refusals on the input they are about', () => {
    const session = kindInputs('session');
    expect(kindFieldName(project, 'fields.budgetMad')).toBe('f_budgetMad');
    expect(kindFieldName(project, 'fields.location.lng')).toBe('f_location_lng');
    expect(kindFieldName(project, 'fields.district.ar')).toBe('f_district_ar');
    expect(kindFieldName(session, 'fields.agenda.3.zgh')).toBe('f_agenda_zgh');
    expect(kindFieldName(session, 'fields.decisions.0.title')).toBe('f_decisions');
    expect(kindFieldName(project, 'title.fr')).toBeUndefined();
  });
});
