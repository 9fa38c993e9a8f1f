import { describe, expect, it } from 'vitest';
import type { AdminItem } from '@jamaa/api/content/content.schemas.ts';
import { kindInputs } from '#lib/server/kind-inputs.ts';
import { contentFieldName, contentFormValues, contentFromForm, instantToLocal, localToInstant } from './content-form.ts';

const notice = kindInputs('notice');
const tender = kindInputs('tender');

const item: AdminItem = {
  id: '0b8f6c1e-2a4d-4f7b-9c3e-5d6a7b8c9d0e',
  tenantId: '1b8f6c1e-2a4d-4f7b-9c3e-5d6a7b8c9d0e',
  kind: 'notice',
  window: 'notices',
  slug: 'coupure-eau',
  status: 'published',
  publishAt: '2026-12-01T08:00:00.000Z',
  title: { fr: 'Coupure d’eau', ar: 'انقطاع الماء' },
  summary: {},
  body: { fr: '# Quartier nord\n\n- de 9 h à 13 h' },
  fields: { severity: 'warning', category: 'water_cut' },
  attachments: [],
  eventAt: null,
  expiresAt: '2026-06-10T17:00:00.000Z',
  sharedWithArrondissements: true,
  revision: 3,
  updatedAt: '2026-12-01T08:00:00.000Z',
  missingTranslations: ['zgh'],
  visible: true,
};

describe('content form', () => {
  it('reads dates typed in Moroccan time as instants with their offset, and back', () => {
    expect(localToInstant('2026-02-02T10:00')).toBe('2026-02-02T10:00:00+01:00');
    expect(localToInstant('')).toBeNull();
    expect(localToInstant('demain')).toBeUndefined();
    expect(instantToLocal('2026-02-02T09:00:00.000Z')).toBe('2026-02-02T10:00');
    expect(instantToLocal(null)).toBe('');
  });

  it('gives an item the same input back after a round trip through the form', () => {
    const { input, fields } = contentFromForm(contentFormValues(item, notice), notice);
    expect(fields).toEqual({});
    expect(input).toEqual({
      kind: 'notice',
      slug: 'coupure-eau',
      title: { fr: 'Coupure d’eau', ar: 'انقطاع الماء' },
      summary: {},
      body: { fr: '# Quartier nord\n\n- de 9 h à 13 h' },
      fields: { severity: 'warning', category: 'water_cut' },
      eventAt: null,
      expiresAt: '2026-06-10T18:00:00+01:00',
      sharedWithArrondissements: true,
    });
    expect(new Date(input.expiresAt!).getTime()).toBe(new Date(item.expiresAt!).getTime());
  });

  it('starts a new item with its kind’s inputs, their defaults, and no address', () => {
    const values = contentFormValues(null, tender, 'tender');
    expect(values.kind).toBe('tender');
    expect(values.slug).toBe('');
    expect(values).toMatchObject({ f_reference: '', f_deadline: '', f_status: '', f_result_fr: '' });
    expect(contentFormValues(null, notice, 'notice')).toMatchObject({ f_severity: 'info', f_category: 'other' });
  });

  it('points at what is wrong before asking the API: no title, a date that is not one, an unknown kind, a kind’s field', () => {
    const { fields } = contentFromForm({ kind: 'poem', title_fr: ' ', eventAt: 'lundi' }, []);
    expect(fields).toEqual({ kind: 'invalid_value', title_fr: 'required', eventAt: 'invalid_format' });
    expect(contentFromForm({ kind: 'tender', title_ar: 'صفقة', f_reference: 'AO 1/2026', f_status: 'open', f_deadline: 'vendredi' }, tender).fields).toEqual({ f_deadline: 'invalid_format' });
  });

  it('keeps Markdown as typed (line endings normalised) and drops empty languages', () => {
    const { input } = contentFromForm({ kind: 'news', title_fr: 'Titre', body_fr: '    code\r\nligne', body_ar: '   ' }, kindInputs('news'));
    expect(input.body).toEqual({ fr: '    code\nligne' });
    expect(input.fields).toEqual({});
    expect(input.slug).toBeUndefined();
  });

  it('shows the API’s refusals of the kind’s fields on their own inputs', () => {
    expect(contentFieldName(tender, 'fields.deadline')).toBe('f_deadline');
    expect(contentFieldName(tender, 'fields.result.ar')).toBe('f_result_ar');
    expect(contentFieldName(tender, 'title')).toBe('title_fr');
    expect(contentFieldName(tender, 'expiresAt')).toBe('expiresAt');
  });
});
