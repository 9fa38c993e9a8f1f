import { describe, expect, it } from 'vitest';
import { chosenColour, colourChange, contrastChecks, contrastProblems, parseColour } from './branding.ts';

describe('branding form', () => {
  it('reads colours as people type them', () => {
    expect(parseColour(' 0D5C46 ')).toBe('#0d5c46');
    expect(parseColour('#abc')).toBe('#aabbcc');
    expect(parseColour('green')).toBeNull();
  });

  it('takes the text box when it changed, else the picker (both are sent without JavaScript)', () => {
    expect(chosenColour('#112233', '#0d5c46', '#0d5c46')).toBe('#112233');
    expect(chosenColour('#0d5c46', '#445566', '#0d5c46')).toBe('#445566');
    expect(chosenColour('nope', '#445566', '#0d5c46')).toBeNull();
  });

  it('sends only the colours that changed', () => {
    const values = { primary: '#112233', primary_picker: '#0d5c46', primary_was: '#0d5c46', accent: '#c8102e', accent_picker: '#c8102e', accent_was: '#c8102e' };
    expect(colourChange(values)).toEqual({ change: { primaryColor: '#112233' }, fields: {} });
  });

  it('says which colour is not a colour', () => {
    expect(colourChange({ primary: 'vert', primary_was: '#0d5c46', accent_was: '#c8102e' }).fields).toEqual({ primary: 'invalid_format' });
  });

  it('checks white text on the primary colour at 4.5:1 and the accent against it at 3:1', () => {
    const [primary, accent] = contrastChecks('#0d5c46', '#0d5c46');
    expect(primary).toMatchObject({ field: 'primaryColor', pass: true, minimum: 4.5 });
    expect(accent).toMatchObject({ field: 'accentColor', ratio: 1, pass: false, minimum: 3 });
    expect(contrastChecks('#ffff00', '#000000')[0]).toMatchObject({ pass: false });
  });

  it("turns the API's contrast problems into field messages", () => {
    const details = [{ path: 'primaryColor', code: 'contrast_too_low', color: '#ffff00', against: '#ffffff', ratio: 1.07, minimum: 4.5 }];
    expect(contrastProblems(details)).toEqual({ primary: { ratio: 1.07, minimum: 4.5 } });
    expect(contrastProblems(null)).toEqual({});
  });
});
