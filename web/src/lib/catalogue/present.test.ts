import { describe, expect, it } from 'vitest';
import {
  categorySections,
  communeSeat,
  effectiveContact,
  effectiveCost,
  firstFallback,
  firstSentence,
  hoursByWeekday,
  idaratiLink,
  isAudience,
  isCatalogueCode,
  isTypical,
  listingHref,
  localize,
  platformHost,
  searchQuery,
  telHref,
} from './present.ts';
import { newCard, newOffice, newServiceDetail, newServiceSummary } from './testing.ts';
import type { ServiceListingView } from './types.ts';

describe('firstSentence', () => {
  it.each([
    ['Certification de l’authenticité de la signature (contrat, procuration…) signé devant l’agent. Depuis la loi n° 55.19, non.', 'Certification de l’authenticité de la signature (contrat, procuration…) signé devant l’agent.'],
    ['الإشهاد على صحة توقيع شخص على وثيقة عرفية (عقد، التزام، وكالة...) بعد توقيعه أمام الموظف المختص. منذ القانون رقم 55.19 لا يجوز.', 'الإشهاد على صحة توقيع شخص على وثيقة عرفية (عقد، التزام، وكالة...) بعد توقيعه أمام الموظف المختص.'],
    ['هل تحتاج إلى شهادة السكنى بسرعة؟ توجه إلى الملحقة.', 'هل تحتاج إلى شهادة السكنى بسرعة؟'],
    ['Loi n° 55.19 relative à la simplification des procédures', 'Loi n° 55.19 relative à la simplification des procédures'],
  ])('cuts %s at its first full stop', (text, expected) => {
    expect(firstSentence(text)).toBe(expected);
  });

  it('does not cut at an abbreviation near the start', () => {
    expect(firstSentence('Selon l’art. 7 de la loi, la commune délivre le document. Ensuite…')).toBe(
      'Selon l’art. 7 de la loi, la commune délivre le document.',
    );
  });
});

describe('searchQuery', () => {
  it('trims, collapses spaces and cuts what the API would refuse', () => {
    expect(searchQuery('  acte   de\tnaissance ')).toBe('acte de naissance');
    expect(searchQuery(null)).toBe('');
    expect(searchQuery('x'.repeat(500))).toHaveLength(200);
  });
});

describe('codes and audiences from the URL', () => {
  it('accepts catalogue codes and refuses anything else', () => {
    expect(isCatalogueCode('signature-legalisation')).toBe(true);
    for (const bad of ['', 'NOPE', 'a--b', '-a', '../etc', 'a'.repeat(81)]) expect(isCatalogueCode(bad), bad).toBe(false);
    expect(isAudience('residents')).toBe(true);
    expect(isAudience('tourists')).toBe(false);
  });
});

describe('hoursByWeekday', () => {
  it('lays hours out Monday to Sunday, closed days empty, ranges in time order', () => {
    const days = hoursByWeekday([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '14:00', closes: '16:30' },
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '08:30', closes: '12:00' },
      { days: ['sat'], opens: '09:00', closes: '12:00' },
    ]);
    expect(days.map((d) => d.day)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(days[0]?.ranges).toEqual([
      { opens: '08:30', closes: '12:00' },
      { opens: '14:00', closes: '16:30' },
    ]);
    expect(days[5]?.ranges).toEqual([{ opens: '09:00', closes: '12:00' }]);
    expect(days[6]?.ranges).toEqual([]);
  });
});

describe('effectiveCost', () => {
  it('uses the national fee when the commune set none', () => {
    const card = newCard({ cost: { kind: 'free' } });
    expect(effectiveCost(newServiceDetail(), card)).toEqual({ cost: { kind: 'free' }, local: false });
  });

  it('lets the commune’s fee win, and says so', () => {
    const detail = newServiceDetail({ localFacts: { cost: { kind: 'fixed', amountMad: 20 } } });
    expect(effectiveCost(detail, newCard())).toEqual({ cost: { kind: 'fixed', amountMad: 20 }, local: true });
  });
});

describe('effectiveContact', () => {
  it('prefers the commune’s contact, then the card’s, else none', () => {
    const card = newCard({ contact: { phone: '3737', note: { ar: 'رقم وطني', fr: 'Numéro national' } } });
    expect(effectiveContact(newServiceDetail({ localFacts: { contact: { phone: '0524000000' } } }), card)).toEqual({
      phone: '0524000000',
      email: undefined,
      local: true,
    });
    expect(effectiveContact(newServiceDetail(), card)).toMatchObject({ phone: '3737', local: false });
    expect(effectiveContact(newServiceDetail(), newCard())).toBeNull();
  });
});

describe('isTypical', () => {
  it('marks listed fields of a sourced card, and every field of a typical one', () => {
    const sourced = newCard({ facts: 'sourced', typicalFields: ['documents'] });
    expect(isTypical(sourced, 'documents')).toBe(true);
    expect(isTypical(sourced, 'cost')).toBe(false);
    expect(isTypical(newCard({ facts: 'typical', typicalFields: [] }), 'cost')).toBe(true);
  });
});

describe('links', () => {
  it('names a national platform by its host', () => {
    expect(platformHost('https://www.rokhas.ma')).toBe('rokhas.ma');
    expect(platformHost('https://courrier.gov.ma/virtualbo/')).toBe('courrier.gov.ma');
  });

  it('links an idarati.ma procedure in the reader’s language; Amazigh takes the site’s first fallback idarati.ma offers', () => {
    const french = 'https://idarati.ma/informationnel/fr/thematique/90270e39-6ce3-4cb2-b655-6fd64e3ae173/93b978be-cb38-4d28-9c0c-544bcab6dd81';
    const arabic = french.replace('/fr/', '/ar/');
    expect(idaratiLink(french, 'fr', ['ar'])).toEqual({ url: french, lang: 'fr' });
    expect(idaratiLink(french, 'ar', ['fr'])).toEqual({ url: arabic, lang: 'ar' });
    expect(idaratiLink(french, 'zgh', ['ar', 'fr'])).toEqual({ url: arabic, lang: 'ar' });
    expect(idaratiLink(french, 'zgh', ['fr'])).toEqual({ url: french, lang: 'fr' });
    expect(idaratiLink(french, 'zgh', [])).toEqual({ url: arabic, lang: 'ar' });
    const www = french.replace('://idarati', '://www.idarati');
    expect(idaratiLink(www, 'ar', [])).toEqual({ url: www.replace('/fr/', '/ar/'), lang: 'ar' });
    // Only the language segment changes: a /fr/ elsewhere in the path stays.
    expect(idaratiLink(`${french}?from=/fr/`, 'ar', []).url).toBe(`${arabic}?from=/fr/`);
  });

  it('dials a number as stored', () => {
    expect(telHref('+212 5 24 00 00 00')).toBe('tel:+212524000000');
    expect(telHref('3737')).toBe('tel:3737');
  });

  it('builds listing filters as plain query strings', () => {
    expect(listingHref('fr', { category: null, audience: null })).toBe('/fr/services');
    expect(listingHref('ar', { category: 'urbanism', audience: 'businesses' })).toBe('/ar/services?category=urbanism&audience=businesses');
  });
});

describe('categorySections', () => {
  const listing: ServiceListingView = {
    catalogueVersion: 'v',
    cataloguePublishedAt: '2026-11-23T00:00:00.000Z',
    categories: [
      { code: 'civil-status', names: { fr: 'État civil' }, icon: 'id-card', serviceCount: 12 },
      { code: 'urbanism', names: { fr: 'Urbanisme' }, icon: 'building-2', serviceCount: 10 },
      { code: 'legalisation', names: { fr: 'Légalisation' }, icon: 'stamp', serviceCount: 2 },
    ],
    services: [
      newServiceSummary({ code: 'building-permit', category: 'urbanism' }),
      newServiceSummary({ code: 'signature-legalisation', category: 'legalisation' }),
      newServiceSummary({ code: 'copy-certification', category: 'legalisation' }),
    ],
  };

  it('groups by category in catalogue order, counting what is listed and leaving out empty ones', () => {
    const sections = categorySections(listing, null);
    expect(sections.map((s) => [s.category.code, s.category.serviceCount, s.services.map((x) => x.code)])).toEqual([
      ['urbanism', 1, ['building-permit']],
      ['legalisation', 2, ['signature-legalisation', 'copy-certification']],
    ]);
  });

  it('keeps only the chosen category, even when the audience leaves it empty', () => {
    expect(categorySections(listing, 'legalisation').map((s) => s.category.code)).toEqual(['legalisation']);
    expect(categorySections(listing, 'civil-status')).toEqual([
      { category: { ...listing.categories[0], serviceCount: 0 }, services: [] },
    ]);
  });
});

describe('communeSeat', () => {
  const own = newOffice({ id: 'a', kind: 'reception', inherited: false });
  const communes = newOffice({ id: 'b', kind: 'reception', inherited: true });
  it('is the commune’s own seat for a commune, the inherited one for an arrondissement', () => {
    expect(communeSeat([newOffice(), own, communes], 'commune')?.id).toBe('a');
    expect(communeSeat([own, communes], 'arrondissement')?.id).toBe('b');
    expect(communeSeat([newOffice()], 'commune')).toBeNull();
  });
});

describe('localize', () => {
  it('falls back along the tenant’s order and says so once per section', () => {
    const name = localize({ ar: 'تصحيح الإمضاء', fr: 'Légalisation' }, 'zgh', ['fr', 'ar']);
    expect(name).toEqual({ text: 'Légalisation', locale: 'fr', fallback: true });
    expect(localize(undefined, 'fr', ['ar'])).toEqual({ text: '', locale: 'fr', fallback: false });
    expect(firstFallback([{ text: 'x', locale: 'zgh', fallback: false }, name])).toBe(name);
    expect(firstFallback([])).toBeNull();
  });
});
