import { findGlossaryVariants, loadGlossary } from '@jamaa/tenants/glossary.ts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from './complaints.service.ts';
import { ATTRIBUTE_DATATYPES, CATEGORY_ATTRIBUTES, checkAnswers, describeAnswers, type ComplaintAttribute } from './complaint-attributes.ts';

const all = Object.values(CATEGORY_ATTRIBUTES).flat();

describe('the questions of the complaint categories', () => {
  it('ask only for national categories, with codes unique across categories (the form holds them all at once)', () => {
    const codes = all.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const category of Object.keys(CATEGORY_ATTRIBUTES)) expect(DEFAULT_CATEGORIES.map((c) => c.code)).toContain(category);
    for (const a of all) {
      expect(a.code).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
      expect(ATTRIBUTE_DATATYPES).toContain(a.datatype);
      // A list has values; nothing else has.
      expect(Boolean(a.values?.length)).toBe(a.datatype.endsWith('valuelist'));
    }
  });

  it('are written in Arabic, French (with its typography) and Amazigh, using the glossary terms', () => {
    const glossary = loadGlossary();
    const texts = all.flatMap((a) => [a.question, ...(a.hint ? [a.hint] : []), ...(a.values ?? []).map((v) => v.names)]);
    for (const text of texts) {
      expect(text.ar).toMatch(/[\u0600-\u06ff]/);
      expect(text.zgh).toMatch(/^[\u2d30-\u2d7f\s,.?]+$/);
      expect(text.fr).toBeTruthy();
      // A question mark in French has its narrow no-break space; no straight apostrophe.
      expect(text.fr).not.toMatch(/[^\u202f]\?|'/);
      expect(findGlossaryVariants(text.zgh ?? '', glossary)).toEqual([]);
    }
  });
});

describe('checkAnswers', () => {
  it('keeps the answers of the category, trimmed; empty ones are not given', () => {
    expect(checkAnswers('street_lighting', { pole_number: ' EP 12 ', street_dark: '' })).toEqual({ answers: { pole_number: 'EP 12' } });
    expect(checkAnswers('cleanliness', {})).toEqual({ answers: {} });
    expect(checkAnswers('cleanliness', undefined)).toEqual({ answers: {} });
  });

  it('refuses a missing required answer, a value outside the list, two values for one, and a question of another category', () => {
    expect(checkAnswers('stray_animals', {})).toMatchObject({ issue: { code: 'animal_kind', issue: 'required' } });
    expect(checkAnswers('stray_animals', { animal_kind: 'lion' })).toMatchObject({ issue: { code: 'animal_kind', issue: 'invalid_value' } });
    expect(checkAnswers('stray_animals', { animal_kind: ['dog', 'cat'] })).toMatchObject({ issue: { code: 'animal_kind', issue: 'invalid_value' } });
    expect(checkAnswers('stray_animals', { animal_kind: 'dog', pole_number: '3' })).toMatchObject({ issue: { code: 'pole_number', issue: 'unknown_attribute' } });
  });

  it('checks numbers, date-times and several values of a multivaluelist', () => {
    const questions: ComplaintAttribute[] = [
      { code: 'count', datatype: 'number', required: false, question: { fr: 'Combien\u202f?' } },
      { code: 'since', datatype: 'datetime', required: false, question: { fr: 'Depuis quand\u202f?' } },
      { code: 'where', datatype: 'multivaluelist', required: false, question: { fr: 'Où\u202f?' }, values: [{ key: 'a', names: {} }, { key: 'b', names: {} }] },
    ];
    expect(checkAnswers('x', { count: '3,5', since: '2026-12-01T08:00:00+01:00', where: ['a', 'b', 'a'] }, questions)).toEqual({ answers: { count: '3.5', since: '2026-12-01T08:00:00+01:00', where: ['a', 'b'] } });
    expect(checkAnswers('x', { count: 'many' }, questions)).toMatchObject({ issue: { code: 'count', issue: 'invalid_format' } });
    expect(checkAnswers('x', { since: 'yesterday' }, questions)).toMatchObject({ issue: { code: 'since', issue: 'invalid_format' } });
    expect(checkAnswers('x', { where: ['a', 'c'] }, questions)).toMatchObject({ issue: { code: 'where', issue: 'invalid_value' } });
  });

  it('describes answers with their question and value names, keeping an answer the vocabulary no longer has', () => {
    expect(describeAnswers('roads', { hazard_type: 'pothole', old_question: 'x' })).toEqual([
      { code: 'hazard_type', question: expect.objectContaining({ fr: 'De quel problème s’agit-il\u202f?' }), answers: [{ value: 'pothole', names: expect.objectContaining({ fr: 'Nid-de-poule' }) }] },
      { code: 'old_question', question: null, answers: [{ value: 'x', names: null }] },
    ]);
  });
});
