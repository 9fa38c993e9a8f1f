import { describe, expect, it } from 'vitest';
import { residentLocale, residentLocaleChoice } from './resident-locale.ts';

const settat = { locales: ['fr', 'ar'], defaultLocale: 'fr' } as const;

describe("the resident's language on an agent's filing", () => {
  it("is offered among the tenant's languages, the tenant's default selected, or what the agent chose before a refusal", () => {
    expect(residentLocaleChoice(settat, undefined)).toEqual({ options: ['fr', 'ar'], selected: 'fr' });
    expect(residentLocaleChoice(settat, 'ar')).toEqual({ options: ['fr', 'ar'], selected: 'ar' });
    expect(residentLocaleChoice(settat, 'zgh').selected).toBe('fr');
  });

  it("gives the receipt's link the complaint's language, or the tenant's default when the tenant does not publish it", () => {
    expect(residentLocale(settat, 'ar')).toBe('ar');
    expect(residentLocale(settat, 'zgh')).toBe('fr');
    expect(residentLocale(settat, '')).toBe('fr');
  });
});
