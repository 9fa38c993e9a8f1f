import { describe, expect, it } from 'vitest';
import { governmentService, jsonLdText, type GovernmentServiceInput } from './json-ld.ts';
import { newOffice } from './testing.ts';

function input(overrides: Partial<GovernmentServiceInput> = {}): GovernmentServiceInput {
  const office = newOffice();
  return {
    url: 'http://ben-guerir.localhost:3000/fr/services/signature-legalisation',
    lang: 'fr',
    name: 'Légalisation de signature',
    description: 'Certification de la signature.',
    serviceType: 'Légalisation et certification',
    provider: { name: 'Ben Guerir', url: 'http://ben-guerir.localhost:3000', address: 'Centre-ville, Ben Guerir' },
    areaServed: 'Ben Guerir',
    cost: { kind: 'fixed', amountMad: 20 },
    online: null,
    office: { ...office, name: 'Bureau de légalisation', address: 'Centre-ville, Ben Guerir' },
    languages: ['ar', 'fr', 'zgh'],
    ...overrides,
  };
}

describe('governmentService', () => {
  it('describes the service, its provider with an address, the area and an office channel', () => {
    const ld = governmentService(input());
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'GovernmentService',
      name: 'Légalisation de signature',
      serviceType: 'Légalisation et certification',
      inLanguage: 'fr',
      provider: {
        '@type': 'GovernmentOrganization',
        name: 'Ben Guerir',
        address: { '@type': 'PostalAddress', streetAddress: 'Centre-ville, Ben Guerir', addressCountry: 'MA' },
      },
      areaServed: { '@type': 'AdministrativeArea', name: 'Ben Guerir' },
      offers: { '@type': 'Offer', price: 20, priceCurrency: 'MAD' },
    });
    expect(ld.availableChannel).toEqual([
      expect.objectContaining({
        '@type': 'ServiceChannel',
        availableLanguage: ['ar', 'fr', 'zgh'],
        serviceLocation: expect.objectContaining({
          '@type': 'Place',
          geo: { '@type': 'GeoCoordinates', latitude: 32.2367, longitude: -7.9532 },
          openingHoursSpecification: [
            expect.objectContaining({ dayOfWeek: expect.arrayContaining(['https://schema.org/Monday']), opens: '08:30', closes: '16:30' }),
            expect.objectContaining({ dayOfWeek: ['https://schema.org/Saturday'] }),
          ],
        }),
      }),
    ]);
  });

  it('tells search engines the days an office is closed', () => {
    const base = input();
    const ld = governmentService({ ...base, office: base.office ? { ...base.office, closures: [{ from: '2027-01-11', to: '2027-01-13' }] } : null });
    const place = (ld.availableChannel as { serviceLocation?: Record<string, unknown> }[])[0]?.serviceLocation;
    expect(place?.specialOpeningHoursSpecification).toEqual([
      { '@type': 'OpeningHoursSpecification', opens: '00:00', closes: '00:00', validFrom: '2027-01-11', validThrough: '2027-01-13' },
    ]);
  });

  it('gives an online service its platform’s URL, and no price when the fee varies', () => {
    const ld = governmentService(input({ online: { url: 'https://www.rokhas.ma', name: 'rokhas.ma' }, office: null, cost: { kind: 'varies' } }));
    expect(ld.availableChannel).toEqual([{ '@type': 'ServiceChannel', name: 'rokhas.ma', serviceUrl: 'https://www.rokhas.ma' }]);
    expect(ld.offers).toBeUndefined();
  });
});

describe('jsonLdText', () => {
  it('cannot be closed or turned into markup by a value, and parses back to the same data', () => {
    const data = { name: '</script><script>alert(1)</script>', note: 'a & b > c', sep: 'x\u2028y' };
    const text = jsonLdText(data);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(data);
  });
});
