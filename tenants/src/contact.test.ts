import { describe, expect, it } from 'vitest';
import { ContactLineSpecSchema, contactDefaultsFor, displayContactNumber, loadContactDirectory, parseContactNumber } from './contact.ts';

describe('contact numbers', () => {
  it.each([
    ['15', 'short', '15'],
    ['19', 'short', '19'],
    ['141', 'short', '141'],
    ['177', 'short', '177'],
    ['3737', 'short', '3737'],
    ['0800 00 47 47', 'free', '+212800004747'],
    ['0801-00-12-34', 'free', '+212801001234'],
    ['05 22 00 00 00', 'line', '+212522000000'],
    ['+212 (0)6 12 34 56 78', 'line', '+212612345678'],
    ['00212522000000', 'line', '+212522000000'],
    ['0712.34.56.78', 'line', '+212712345678'],
  ])('accepts %s as a %s number', (raw, kind, normalised) => {
    expect(parseContactNumber(raw)).toEqual({ kind, normalised });
  });

  it.each(['1', '12345', 'abc', '15a', '0122000000', '0422000000', '+33 1 23 45 67 89', '052200000', '05220000000', '', 'tel:15'])('refuses %j', (raw) => {
    expect(parseContactNumber(raw)).toBeNull();
  });

  it('shows national numbers grouped, short ones as dialled', () => {
    expect(displayContactNumber('+212522000000')).toBe('05 22 00 00 00');
    expect(displayContactNumber('+212800004747')).toBe('0800 00 47 47');
    expect(displayContactNumber('15')).toBe('15');
  });

  it('refuses a line whose number is not of its kind, or is nonsense', () => {
    const line = { topic: 'lighting', kind: 'short', number: '0522000000', labels: { fr: 'Éclairage' } };
    expect(ContactLineSpecSchema.safeParse(line).error?.issues[0]?.path).toEqual(['kind']);
    expect(ContactLineSpecSchema.safeParse({ ...line, number: '12345' }).error?.issues[0]?.path).toEqual(['number']);
    expect(ContactLineSpecSchema.safeParse({ ...line, kind: 'line' }).success).toBe(true);
    expect(ContactLineSpecSchema.safeParse({ ...line, kind: 'line', labels: { zgh: 'ⵜⴰⴼⴰⵡⵜ' } }).success).toBe(false);
  });
});

describe('the shipped directory', () => {
  const directory = loadContactDirectory();

  it('is valid and has the emergency numbers and the administrative guidance line, main ones first', () => {
    expect(directory.lines.map((l) => l.number)).toEqual(expect.arrayContaining(['15', '19', '141', '177', '3737']));
    // 3737 costs a local call: it must not be shown as free.
    expect(directory.lines.find((l) => l.number === '3737')).toMatchObject({ kind: 'short', free: false });
    expect(directory.lines.filter((l) => l.main).length).toBeGreaterThanOrEqual(2);
  });

  it('gives a commune the national lines and its own operators, an arrondissement nothing of its own', () => {
    const casablanca = contactDefaultsFor(directory, { code: '06.141.01.0', kind: 'commune' });
    expect(casablanca.lines.length).toBe(directory.lines.length);
    expect(casablanca.operators.map((o) => o.service)).toContain('water_electricity_sanitation');
    expect(contactDefaultsFor(directory, { code: '06.141.01.01', kind: 'arrondissement' })).toEqual({ lines: [], operators: [] });
    expect(contactDefaultsFor(directory, { code: '99.999.99.9', kind: 'commune' }).operators).toEqual([]);
  });
});
