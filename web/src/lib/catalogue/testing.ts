// Factories for tests of the catalogue pages: API-shaped values with sensible defaults, changed per test.
import type { Site } from '@jamaa/api/site/site.schemas.ts';
import type { Locale } from '@jamaa/tenants/locale.ts';
import type { OfficeView, ServiceCard, ServiceDetailView, ServiceSummary } from './types.ts';

export function newCard(overrides: Partial<ServiceCard> = {}): ServiceCard {
  return {
    code: 'signature-legalisation',
    kind: 'service',
    category: 'legalisation',
    audiences: ['residents'],
    names: { ar: 'تصحيح الإمضاء', fr: 'Légalisation de signature', zgh: 'ⴰⵙⵙⵉⴷⵜ ⵏ ⵓⵣⵎⵓⵍ' },
    summary: { ar: 'الإشهاد على صحة التوقيع. نص ثان.', fr: 'Certification de la signature d’un acte. Deuxième phrase.' },
    eligibility: { ar: 'كل شخص راشد.', fr: 'Toute personne majeure.' },
    documents: [
      { ar: 'الوثيقة غير موقعة', fr: 'Le document, non signé', optional: false },
      { ar: 'البطاقة الوطنية', fr: 'CNIE (original)', optional: true, note: { ar: 'أو جواز السفر', fr: 'Ou le passeport' } },
    ],
    steps: [
      { ar: 'الحضور شخصيا.', fr: 'Se présenter en personne.' },
      { ar: 'التوقيع أمام الموظف.', fr: 'Signer devant l’agent.' },
    ],
    cost: { kind: 'varies', note: { ar: 'حسب القرار الجبائي.', fr: 'Selon l’arrêté fiscal.' } },
    delay: { typical: { ar: 'في الحين.', fr: 'Immédiat.' } },
    where: { kind: 'office', officeKind: 'legalisation' },
    legalBasis: [{ ref: 'Loi n° 55.19', title: { ar: 'القانون رقم 55.19', fr: 'Loi n° 55.19 relative à la simplification' } }],
    keywords: {},
    facts: 'sourced',
    typicalFields: [],
    sources: ['idarati.ma'],
    lastReviewed: '2026-11-23',
    ...overrides,
  };
}

export function newOffice(overrides: Partial<OfficeView> = {}): OfficeView {
  return {
    id: '8e672c04-0277-4168-94ef-d6eb034c471c',
    key: 'legalisation',
    kind: 'legalisation',
    names: { ar: 'مكتب تصحيح الإمضاءات', fr: 'Bureau de légalisation' },
    address: { ar: 'وسط المدينة، ابن جرير', fr: 'Centre-ville, Ben Guerir' },
    latitude: 32.2367,
    longitude: -7.9532,
    hours: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '08:30', closes: '16:30' },
      { days: ['sat'], opens: '09:00', closes: '12:00' },
    ],
    ramadanHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '09:00', closes: '15:00' }],
    closures: [],
    phone: '+212 5 24 00 00 00',
    email: 'legalisation@example.ma',
    mapUrl: 'https://www.openstreetmap.org/?mlat=32.2367&mlon=-7.9532#map=18/32.2367/-7.9532',
    inherited: false,
    ...overrides,
  };
}

export function newServiceSummary(overrides: Partial<ServiceSummary> = {}): ServiceSummary {
  const card = newCard();
  return {
    code: card.code,
    category: card.category,
    audiences: ['residents', 'businesses'],
    local: false,
    names: card.names,
    summary: card.summary,
    cost: card.cost,
    online: null,
    kind: 'service',
    handledBy: null,
    frequencyRank: 1,
    ...overrides,
  };
}

/** A service detail as the API sends it; `card` changes go through `newCard`. */
export function newServiceDetail(
  overrides: Partial<Omit<ServiceDetailView, 'card'>> & { card?: Partial<ServiceCard> } = {},
): ServiceDetailView {
  const { card: cardOverrides, ...rest } = overrides;
  const card = newCard(cardOverrides);
  const online = card.where.onlinePlatform ?? null;
  return {
    ...newServiceSummary({ code: card.code, category: card.category, names: card.names, summary: card.summary, cost: card.cost, online }),
    card,
    categoryNames: { ar: 'تصحيح الإمضاء والإشهاد على مطابقة النسخ', fr: 'Légalisation et certification', zgh: 'ⴰⵙⵙⵉⴷⵜ ⵏ ⵓⵣⵎⵓⵍ ⴷ ⵜⵏⵖⵍⵉⵏ' },
    localFacts: {},
    office: newOffice(),
    arrondissementOffices: [],
    catalogueVersion: '2026-11-23.ebd6ae9e6d05',
    ...rest,
  };
}

export function newSite(overrides: Partial<Site> = {}): Site {
  return {
    id: '9b9e854f-4a3c-4597-913a-f4a6258aa5e2',
    slug: 'ben-guerir',
    code: '07.271.01.0',
    kind: 'commune',
    status: 'active',
    names: { ar: 'ابن جرير', fr: 'Ben Guerir', zgh: 'ⴱⵏ ⴳⵔⵉⵔ' },
    locales: ['ar', 'fr', 'zgh'],
    defaultLocale: 'ar',
    fallbackLocales: ['ar', 'fr'],
    branding: { primaryColor: '#0f5c4d', accentColor: '#c8963e', logoUrl: null },
    origin: 'http://ben-guerir.localhost:3000',
    canonicalOrigin: 'http://ben-guerir.localhost:3000',
    parent: null,
    tariff: null,
    version: '1',
    updatedAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  };
}

/** What the locale and public layouts give every public page, for a page rendered on its own in a test. */
export function newLayoutData(lang: Locale, site: Site = newSite()) {
  const name = site.names[lang] ?? '';
  return {
    site,
    lang,
    name: { text: name, locale: lang, fallback: false },
    siteTitle: site.kind === 'platform' ? name : `Commune ${name}`,
    platformOrigin: 'http://localhost:3000',
    requestId: 'test',
    footerLines: [],
    notices: [],
    windows: null,
  };
}
