import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { newCard, newOffice, newServiceSummary } from '../catalogue/testing.ts';
import { OFFICE_KINDS } from '../catalogue/types.ts';
import { WEEKDAYS } from '@jamaa/tenants/weekdays.ts';
import { formatCalendarDate, formatMoney, formatTime, weekdayName } from '../i18n/format.ts';
import { translator } from '../i18n/i18n.ts';
import { resources } from '../i18n/resources.ts';
import DocumentChecklist from './DocumentChecklist.svelte';
import JsonLd from './JsonLd.svelte';
import OfficeCard from './OfficeCard.svelte';
import OpeningHours from './OpeningHours.svelte';
import SearchForm from './SearchForm.svelte';
import ServiceBadges from './ServiceBadges.svelte';
import ServiceItem from './ServiceItem.svelte';

const fr = translator('fr');
/** What a reader sees of rendered HTML: no tags, no hydration markers. */
const textOf = (html: string) => html.replace(/<!--.*?-->/g, '').replace(/<[^>]+>/g, '');

describe('DocumentChecklist', () => {
  it('renders each document as a real checkbox inside its label', () => {
    const { body } = render(DocumentChecklist, { props: { documents: newCard().documents, lang: 'fr', fallbacks: ['ar'] } });
    const labels = body.match(/<label[^>]*>[\s\S]*?<\/label>/g) ?? [];
    expect(labels).toHaveLength(2);
    for (const label of labels) expect(label).toMatch(/<input type="checkbox"/);
    expect(labels[0]).toContain('Le document, non signé');
  });

  it('marks documents asked only in some cases, and the commune’s own additions', () => {
    const { body } = render(DocumentChecklist, {
      props: {
        documents: newCard().documents,
        extraDocuments: [{ ar: 'صورة شمسية', fr: 'Une photo d’identité' }],
        lang: 'fr',
        fallbacks: ['ar'],
      },
    });
    const labels = body.match(/<label[^>]*>[\s\S]*?<\/label>/g) ?? [];
    expect(labels).toHaveLength(3);
    expect(labels[0]).not.toContain(fr('services:documents_optional'));
    expect(labels[1]).toContain(fr('services:documents_optional'));
    expect(labels[1]).toContain('Ou le passeport');
    expect(labels[2]).toContain('Une photo d’identité');
    expect(labels[2]).toContain(fr('services:documents_local'));
  });

  it('shows documents missing in zgh in their own language, announced once', () => {
    const { body } = render(DocumentChecklist, { props: { documents: newCard().documents, lang: 'zgh', fallbacks: ['ar', 'fr'] } });
    expect(body.match(/data-fallback=/g)).toHaveLength(1);
    expect(body).toMatch(/<span lang="ar" dir="rtl" class="fallback-text">الوثيقة غير موقعة/);
  });

  it('says when nothing is to be brought', () => {
    expect(render(DocumentChecklist, { props: { documents: [], lang: 'fr', fallbacks: [] } }).body).toContain(fr('services:documents_none'));
  });
});

describe('OpeningHours', () => {
  it.each(LOCALES)('lists the seven days by their Intl names in %s, closed days said so', (lang) => {
    const { body } = render(OpeningHours, { props: { hours: newOffice().hours, lang } });
    const days = [...body.matchAll(/<dt[^>]*>([^<]+)<\/dt>/g)].map((m) => m[1]);
    expect(days).toEqual(WEEKDAYS.map((day) => weekdayName(day, lang)));
    expect(body.match(/<div[^>]*class="[^"]*closed/g)).toHaveLength(1);
    expect(body).toContain(translator(lang)('services:hours_closed'));
  });

  it('keeps each range left to right in Arabic, opening first, so that the page direction cannot reverse it', () => {
    const hours = [{ days: ['mon' as const], opens: '08:30', closes: '12:00' }, { days: ['mon' as const], opens: '14:00', closes: '16:30' }];
    const { body } = render(OpeningHours, { props: { hours, lang: 'ar' } });
    const ranges = [...body.matchAll(/<span class="range[^"]*" dir="ltr"><time>([^<]+)<\/time>–<time>([^<]+)<\/time><\/span>/g)].map((m) => [m[1], m[2]]);
    expect(ranges).toEqual([
      [formatTime('08:30', 'ar'), formatTime('12:00', 'ar')],
      [formatTime('14:00', 'ar'), formatTime('16:30', 'ar')],
    ]);
    expect(body).toContain('، ');
  });
});

describe('ServiceBadges', () => {
  it.each(LOCALES)('shows the fee in %s: free, an amount in dirhams, or varies', (lang) => {
    const t = translator(lang);
    expect(render(ServiceBadges, { props: { lang, cost: { kind: 'free' }, online: null } }).body).toContain(t('services:cost_free'));
    expect(render(ServiceBadges, { props: { lang, cost: { kind: 'fixed', amountMad: 20 }, online: null } }).body).toContain(formatMoney(20, lang));
    expect(render(ServiceBadges, { props: { lang, cost: { kind: 'varies' }, online: null } }).body).toContain(t('services:cost_varies_badge'));
  });

  it.each(LOCALES)("says in %s that the commune's tariff sets a fee, not that it varies", (lang) => {
    const t = translator(lang);
    const { body } = render(ServiceBadges, { props: { lang, cost: { kind: 'tariff' }, online: null } });
    expect(body).toContain(t('services:cost_tariff'));
    expect(body).not.toContain(t('services:cost_varies_badge'));
  });

  it('names the national platform of an online service', () => {
    const { body } = render(ServiceBadges, {
      props: { lang: 'ar', cost: { kind: 'varies' }, online: { code: 'rokhas', url: 'https://www.rokhas.ma' } },
    });
    expect(body).toContain(translator('ar')('services:online_badge'));
    expect(body).toContain('<bdi dir="ltr">rokhas.ma</bdi>');
  });
});

describe('ServiceItem', () => {
  it('links to the service page with its name and the first sentence of its summary', () => {
    const { body } = render(ServiceItem, { props: { service: newServiceSummary(), lang: 'fr', fallbacks: ['ar'] } });
    expect(body).toContain('href="/fr/services/signature-legalisation"');
    expect(body).toContain('Légalisation de signature');
    expect(body).toContain('Certification de la signature d’un acte.');
    expect(body).not.toContain('Deuxième phrase');
  });
});

describe('OfficeCard', () => {
  it("gives the address, a tel: link, an e-mail link, and the way there in the phone's map app or OpenStreetMap", () => {
    const { body } = render(OfficeCard, { props: { office: newOffice(), lang: 'fr', fallbacks: ['ar'], communeName: null } });
    expect(body).toContain('Centre-ville, Ben Guerir');
    expect(body).toContain('href="tel:+212524000000"');
    expect(body).toContain('href="mailto:legalisation@example.ma"');
    expect(body).toMatch(/<a class="map-link[^"]*" href="geo:32.2367,-7.9532\?q=32.2367,-7.9532\(Bureau%20de%20l%C3%A9galisation\)"/);
    expect(body).toContain(fr('contact:directions'));
    expect(body).toMatch(/<a class="route-web[^"]*" href="https:\/\/www.openstreetmap.org\/directions\?route=%3B32.2367%2C-7.9532#map=17\/32.2367\/-7.9532" rel="external noopener"/);
    expect(body).not.toContain(fr('services:commune_office', { name: 'Casablanca' }));
  });

  it('says when the office is the commune’s, and shows the hours the commune gave for a service', () => {
    const { body } = render(OfficeCard, {
      props: {
        office: newOffice({ inherited: true, phone: null, email: null, mapUrl: null, latitude: null, longitude: null }),
        lang: 'fr',
        fallbacks: ['ar'],
        communeName: 'Casablanca',
        serviceHours: { text: 'Aussi le samedi matin', locale: 'fr', fallback: false },
      },
    });
    expect(body).toContain(fr('services:commune_office', { name: 'Casablanca' }));
    expect(body).toContain('Aussi le samedi matin');
    expect(body).not.toContain('tel:');
    expect(body).not.toContain('map-link');
  });

  it.each(['ar', 'fr', 'zgh'] as const)('gives the Ramadan hours and the public-holiday closure in %s, and no Ramadan block without them', (lang) => {
    const t = translator(lang);
    const { body } = render(OfficeCard, { props: { office: newOffice(), lang, fallbacks: ['ar'], communeName: null } });
    expect(body).toContain(t('contact:ramadan_hours'));
    expect(body).toContain(`${formatTime('09:00', lang)}</time>–<time>${formatTime('15:00', lang)}`);
    expect(body).toContain(t('contact:holidays_closed'));
    const usual = render(OfficeCard, { props: { office: newOffice({ ramadanHours: [] }), lang, fallbacks: ['ar'], communeName: null } }).body;
    expect(usual).not.toContain(t('contact:ramadan_hours'));
  });

  it('says the office is closed today, with its days and reason in the page’s language, even in a compact list', () => {
    const office = newOffice({ closures: [{ from: '2027-01-11', to: '2027-01-13', reason: { fr: 'travaux', ar: 'أشغال' } }] });
    const { body } = render(OfficeCard, { props: { office, lang: 'fr', fallbacks: ['ar'], communeName: null, compact: true, today: '2027-01-12' } });
    expect(body).toContain(fr('contact:closure_today'));
    expect(textOf(body)).toContain(`Fermé du 11 au ${formatCalendarDate('2027-01-13', 'fr')}\u202f: travaux`);
    const ar = render(OfficeCard, { props: { office, lang: 'ar', fallbacks: ['fr'], communeName: null, today: '2027-01-12' } }).body;
    expect(textOf(ar)).toContain(`${translator('ar')('contact:closure_range', { from: '11', to: formatCalendarDate('2027-01-13', 'ar') })}: أشغال`);
  });

  it('announces a closure two weeks ahead, says a one-day closure by its date, and forgets closures once over', () => {
    const office = newOffice({ closures: [{ from: '2027-01-20', to: '2027-01-20', reason: { ar: 'جرد' } }] });
    const at = (today: string) => render(OfficeCard, { props: { office, lang: 'fr', fallbacks: ['ar'], communeName: null, today } }).body;
    const soon = at('2027-01-06');
    expect(soon).toContain(fr('contact:closure_upcoming'));
    expect(soon).toContain(fr('contact:closure_day', { date: '20 janvier 2027' }));
    // Given only in Arabic: shown in Arabic, marked as such.
    expect(soon.replace(/<!--.*?-->/g, '')).toMatch(/<span lang="ar" dir="rtl"[^>]*>جرد<\/span>/);
    expect(at('2027-01-05')).not.toContain(fr('contact:closure_upcoming'));
    expect(at('2027-01-21')).not.toContain('20 janvier 2027');
  });
});

describe('SearchForm', () => {
  it('is a GET form to the search page of the language, keeping the query', () => {
    const { body } = render(SearchForm, { props: { lang: 'ar', value: 'تصحيح "الامضاء"' } });
    expect(body).toMatch(/<form[^>]*method="GET"[^>]*action="\/ar\/search"/);
    expect(body).toMatch(/<input[^>]*name="q"/);
    expect(body).toContain('value="تصحيح &quot;الامضاء&quot;"');
  });
});

describe('JsonLd', () => {
  it('puts escaped JSON-LD in the head', () => {
    const { head } = render(JsonLd, { props: { data: { '@type': 'GovernmentService', name: '</script>' } } });
    const json = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(head)?.[1];
    expect(JSON.parse(json ?? 'null')).toEqual({ '@type': 'GovernmentService', name: '</script>' });
  });
});

describe('office kinds', () => {
  it('have a name in every language for every kind of office the catalogue knows', () => {
    for (const locale of LOCALES) {
      expect(Object.keys(resources[locale].services['office_kind'] as object).sort()).toEqual([...OFFICE_KINDS].sort());
    }
  });
});
