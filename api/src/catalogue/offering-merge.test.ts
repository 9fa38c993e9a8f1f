import { describe, expect, it } from 'vitest';
import { conflictingFields, mergeOffering, type OfferingLayer } from './offering-merge.ts';

const layer = (tenantId: string, rest: Partial<OfferingLayer> = {}): OfferingLayer => ({
  tenantId,
  enabled: null,
  overrides: {},
  reviewFields: [],
  ...rest,
});

describe('mergeOffering', () => {
  it('offers a service as published nationally when no tenant says anything', () => {
    expect(mergeOffering([])).toEqual({ enabled: true, overrides: {}, overriddenBy: {}, reviewFields: [] });
    expect(mergeOffering([layer('city'), layer('anfa')]).enabled).toBe(true);
  });

  it.each([
    ['commune disables, arrondissement silent', [false, null], false],
    ['commune disables, arrondissement re-enables', [false, true], true],
    ['commune silent, arrondissement disables', [null, false], false],
    ['both enable', [true, true], true],
  ] as const)('%s → %s', (_name, [city, anfa], expected) => {
    expect(mergeOffering([layer('city', { enabled: city }), layer('anfa', { enabled: anfa })]).enabled).toBe(expected);
  });

  it("lets an arrondissement inherit its commune's overrides and replace some of them", () => {
    const merged = mergeOffering([
      layer('city', { overrides: { cost: { kind: 'fixed', amountMad: 20 }, note: { fr: 'Guichet 2' }, officeId: 'o-city' } }),
      layer('anfa', { overrides: { note: { fr: 'Annexe de Anfa, guichet 1' } } }),
    ]);
    expect(merged.overrides).toEqual({ cost: { kind: 'fixed', amountMad: 20 }, note: { fr: 'Annexe de Anfa, guichet 1' }, officeId: 'o-city' });
    expect(merged.overriddenBy).toEqual({ cost: 'city', note: 'anfa', officeId: 'city' });
  });

  it('keeps a review flag only while the field is still overridden', () => {
    expect(mergeOffering([layer('city', { overrides: { cost: { kind: 'varies' } }, reviewFields: ['cost'] })]).reviewFields).toEqual(['cost']);
    expect(mergeOffering([layer('city', { overrides: {}, reviewFields: ['cost'] })]).reviewFields).toEqual([]);
  });
});

describe('conflictingFields', () => {
  const v1 = { cost: { kind: 'fixed', amountMad: 10 }, documents: [{ fr: 'CNIE' }], where: { kind: 'office' } };

  it('flags an overridden field that the new national version changed', () => {
    const v2 = { ...v1, cost: { kind: 'fixed', amountMad: 15 } };
    expect(conflictingFields(v1, v2, { cost: { kind: 'fixed', amountMad: 20 } })).toEqual(['cost']);
  });

  it('does not flag fields that changed but are not overridden, nor overrides of unchanged fields', () => {
    const v2 = { ...v1, documents: [{ fr: 'CNIE' }, { fr: 'Photo' }] };
    expect(conflictingFields(v1, v2, { cost: { kind: 'free' }, note: { fr: 'x' } })).toEqual([]);
  });

  it('maps office and hours overrides to the where field', () => {
    const v2 = { ...v1, where: { kind: 'online' } };
    expect(conflictingFields(v1, v2, { officeId: 'o1', hours: { fr: 'samedi' } })).toEqual(['where']);
  });
});
