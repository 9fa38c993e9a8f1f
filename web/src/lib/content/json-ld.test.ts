import { describe, expect, it } from 'vitest';
import type { PublicItem } from '@jamaa/api/content/content.schemas.ts';
import { cityJsonLd, sessionsJsonLd } from './json-ld.ts';
import { newPublicItem } from './testing.ts';

const session = (slug: string, eventAt: string | null, place?: Record<string, string>): PublicItem =>
  newPublicItem({
    kind: 'session',
    window: 'sessions',
    slug,
    title: { text: 'Session ordinaire de février 2027', locale: 'fr', fallback: false },
    summary: { text: 'Ordre du jour provisoire', locale: 'fr', fallback: false },
    fields: { type: 'ordinary', ...(place ? { place } : {}) },
    eventAt,
    summaryLate: false,
  });

describe('JSON-LD of the content pages', () => {
  it('describes the commune as a GovernmentOrganization on its canonical address, with its logo when it has one', () => {
    const site = { origin: 'https://tetouan.jamaa.ma', branding: { logoUrl: '/api/v1/site/logo?v=ab12' } };
    expect(cityJsonLd(site, 'Commune de Tétouan', 'fr')).toEqual({
      '@context': 'https://schema.org',
      '@type': 'GovernmentOrganization',
      name: 'Commune de Tétouan',
      url: 'https://tetouan.jamaa.ma/fr',
      logo: 'https://tetouan.jamaa.ma/api/v1/site/logo?v=ab12',
      address: { '@type': 'PostalAddress', addressCountry: 'MA' },
    });
    expect(cityJsonLd({ ...site, branding: { logoUrl: null } }, 'Commune de Tétouan', 'fr')).not.toHaveProperty('logo');
  });

  it('describes each dated council session as an Event at its place, organised by the commune, at its page’s address', () => {
    const [event, ...rest] = sessionsJsonLd(
      [session('session-ordinaire-fevrier-2027', '2027-02-02T09:00:00.000Z', { fr: 'Salle des délibérations', ar: 'قاعة الاجتماعات' }), session('sans-date', null)],
      'https://tetouan.jamaa.ma',
      'ar',
      'جماعة تطوان',
    );
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      '@type': 'Event',
      name: 'Session ordinaire de février 2027',
      startDate: '2027-02-02T09:00:00.000Z',
      url: 'https://tetouan.jamaa.ma/ar/council/sessions/session-ordinaire-fevrier-2027',
      location: { '@type': 'Place', name: 'قاعة الاجتماعات' },
      organizer: { '@type': 'GovernmentOrganization', name: 'جماعة تطوان', url: 'https://tetouan.jamaa.ma/ar' },
      description: 'Ordre du jour provisoire',
    });
  });
});
