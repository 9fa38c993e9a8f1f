// The service page rendered on the server with catalogue data the demo tenants do not have (local fees,
// legal maxima, silence means acceptance, typical practice): what a resident reads in each case.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { newLayoutData, newOffice, newServiceDetail, newSite } from '#lib/catalogue/testing.ts';
import type { OfficeView, ServiceDetailView } from '#lib/catalogue/types.ts';
import { formatCalendarDate, formatMoney } from '#lib/i18n/format.ts';
import { translator } from '#lib/i18n/i18n.ts';
import { nearestOffices } from 'virtual:jamaa-enhancements';
import Page from './+page.svelte';
import type { PageData } from './$types';

function renderPage(service: ServiceDetailView, options: { lang?: Locale; seat?: OfficeView | null; site?: Partial<PageData['site']> } = {}) {
  const lang = options.lang ?? 'fr';
  const data = {
    ...newLayoutData(lang, newSite(options.site)),
    service,
    seat: options.seat === undefined ? newOffice({ kind: 'reception', names: { fr: 'Siège' }, address: { ar: 'وسط المدينة', fr: 'Centre-ville, Ben Guerir' } }) : options.seat,
  } satisfies PageData;
  return render(Page, { props: { data } });
}

const fr = translator('fr');
const ar = translator('ar');

describe('the service page', () => {
  it('answers what, who, what to bring, steps, fee, delay, where and on what legal basis', () => {
    const { body } = renderPage(newServiceDetail());
    for (const key of [
      'summary_heading',
      'eligibility_heading',
      'documents_heading',
      'steps_heading',
      'cost_heading',
      'delay_heading',
      'where_heading',
      'legal_basis_heading',
    ] as const) {
      expect(body, key).toContain(fr(`services:${key}`));
    }
    expect(body.match(/<input type="checkbox"/g)).toHaveLength(2);
    expect(body).toMatch(/<ol class="steps[^"]*">/);
    expect(body).toContain('Bureau de légalisation');
    expect(body).toContain('openstreetmap.org');
    expect(body).toContain(fr('services:last_reviewed', { date: formatCalendarDate('2026-11-23', 'fr') }));
    expect(body).toContain('datetime="2026-11-23"');
  });

  it('names the body that handles a pointer card and links to it, without an office or a document list', () => {
    const { body } = renderPage(
      newServiceDetail({
        office: null,
        card: {
          code: 'national-identity-card',
          kind: 'pointer',
          handledBy: { names: { ar: 'المديرية العامة للأمن الوطني', fr: 'Direction générale de la sûreté nationale (DGSN)' }, url: 'https://www.cnie.ma' },
          documents: [],
          where: { kind: 'elsewhere' },
          legalBasis: [],
        },
      }),
    );
    expect(body).toContain('Direction générale de la sûreté nationale (DGSN)');
    expect(body).toContain('href="https://www.cnie.ma"');
    expect(body).not.toContain(fr('services:documents_heading'));
    expect(body).not.toContain(fr('services:documents_none'));
    expect(body).not.toContain(fr('services:legal_basis_heading'));
  });

  it('links the procedure idarati.ma publishes, in Arabic or French as the page, Arabic for an Amazigh page', () => {
    const french = 'https://idarati.ma/informationnel/fr/thematique/90270e39-6ce3-4cb2-b655-6fd64e3ae173/93b978be-cb38-4d28-9c0c-544bcab6dd81';
    const arabic = french.replace('/fr/', '/ar/');
    const detail = newServiceDetail({ card: { idarati: { url: french, procedureId: '93b978be-cb38-4d28-9c0c-544bcab6dd81' } } });
    for (const [lang, href, hreflang] of [
      ['fr', french, 'fr'],
      ['ar', arabic, 'ar'],
      ['zgh', arabic, 'ar'],
    ] as const) {
      const body = renderPage(detail, { lang }).body;
      const line = translator(lang)('services:idarati_link', { platform: 'idarati.ma' });
      expect(body, lang).toContain(`<a href="${href}" hreflang="${hreflang}" rel="noopener external">${line}</a>`);
    }
    expect(fr('services:idarati_link', { platform: 'idarati.ma' })).toBe('La procédure officielle sur idarati.ma');
    // A card without a confirmed procedure links none.
    expect(renderPage(newServiceDetail()).body).not.toContain('idarati.ma/informationnel');
  });

  it('links the idarati.ma procedure of a pointer card where it sends the resident', () => {
    const url = 'https://idarati.ma/informationnel/fr/thematique/7e5762f0-2239-475c-84cf-2be1b46b44f2/2af408ce-cba8-414a-83d0-87afd7530922';
    const { body } = renderPage(
      newServiceDetail({
        office: null,
        card: {
          kind: 'pointer',
          handledBy: { names: { ar: 'الوكالة الحضرية', fr: 'L’agence urbaine' } },
          documents: [],
          where: { kind: 'elsewhere' },
          idarati: { url },
        },
      }),
    );
    expect(body).not.toContain(fr('services:documents_heading'));
    const where = body.slice(body.indexOf('id="where"'));
    expect(where).toContain(`href="${url}"`);
    expect(where).toContain(fr('services:idarati_link', { platform: 'idarati.ma' }));
  });

  it('says that the commune’s tariff sets a fee', () => {
    const { body } = renderPage(newServiceDetail({ card: { cost: { kind: 'tariff' } } }));
    expect(body).toContain(fr('services:cost_tariff'));
    expect(body).not.toContain(fr('services:cost_varies'));
  });

  it('links a fee the commune sets to the commune’s tariff, with its note in the page’s language', () => {
    const tariff = { url: 'https://www.benguerir.ma/arrete-fiscal.pdf', note: { ar: 'القرار الجبائي لسنة 2026', fr: 'Arrêté fiscal 2026' } };
    const french = renderPage(newServiceDetail({ card: { cost: { kind: 'tariff' } } }), { site: { tariff } }).body;
    expect(french).toContain(fr('services:cost_tariff'));
    expect(french).toContain(`href="${tariff.url}"`);
    expect(french).toContain(fr('services:tariff_link'));
    expect(french).toContain('Arrêté fiscal 2026');
    const arabic = renderPage(newServiceDetail({ card: { cost: { kind: 'tariff' } } }), { lang: 'ar', site: { tariff } }).body;
    expect(arabic).toContain(ar('services:tariff_link'));
    expect(arabic).toContain('القرار الجبائي لسنة 2026');
    // A fixed fee does not point to the tariff.
    expect(renderPage(newServiceDetail({ card: { cost: { kind: 'fixed', amountMad: 20 } } }), { site: { tariff } }).body).not.toContain(tariff.url);
  });

  it('says, in each language, that a commune which has not published its tariff yet gives the amount at the desk, and links its contact page', () => {
    for (const lang of ['ar', 'fr', 'zgh'] as const) {
      const t = translator(lang);
      const body = renderPage(newServiceDetail({ card: { cost: { kind: 'tariff' } } }), { lang, site: { tariff: null } }).body;
      expect(body, lang).toContain(t('services:cost_tariff'));
      expect(body, lang).toContain(t('services:tariff_unpublished'));
      expect(body, lang).toContain(`href="/${lang}/contact"`);
      expect(body, lang).not.toContain(t('services:cost_varies_badge'));
      expect(body, lang).not.toContain(t('services:tariff_link'));
    }
    // A free or fixed fee says nothing of the tariff.
    expect(renderPage(newServiceDetail({ card: { cost: { kind: 'fixed', amountMad: 20 } } }), { site: { tariff: null } }).body).not.toContain(fr('services:tariff_unpublished'));
  });

  it('shows the commune’s fee instead of the national one, and says whose it is', () => {
    const { body } = renderPage(newServiceDetail({ localFacts: { cost: { kind: 'fixed', amountMad: 20 } } }));
    expect(body).toContain(formatMoney(20, 'fr'));
    expect(body).toContain(fr('services:cost_local'));
    expect(body).not.toContain('Selon l’arrêté fiscal');
  });

  it('gives the legal maximum delay in days and the silence-means-acceptance rule', () => {
    const card = { delay: { typical: { ar: 'شهر.', fr: 'Un mois.' }, maxDays: 60, silenceMeansAcceptance: true } };
    const french = renderPage(newServiceDetail({ card })).body;
    expect(french).toContain(fr('services:delay_max_days', { count: 60 }));
    expect(french).toContain('60 jours au plus');
    expect(french).toContain(fr('services:silence_acceptance'));
    const arabic = renderPage(newServiceDetail({ card }), { lang: 'ar' }).body;
    expect(arabic).toContain('60 يومًا على الأكثر');
    expect(arabic).toContain(ar('services:silence_acceptance'));
    expect(renderPage(newServiceDetail({ card: { delay: { maxDays: 30 } } })).body).not.toContain(fr('services:silence_acceptance'));
  });

  it('marks the fields that describe typical practice, or the whole card when it is all typical', () => {
    const marker = fr('services:typical_marker');
    const sourced = renderPage(newServiceDetail({ card: { typicalFields: ['documents', 'steps'] } })).body;
    expect(sourced.match(new RegExp(`class="typical-marker[^"]*">${marker}<`, 'g'))).toHaveLength(2);
    expect(sourced).toContain(fr('services:typical_legend'));
    const typical = renderPage(newServiceDetail({ card: { facts: 'typical', typicalFields: [] } })).body;
    expect(typical).toContain(fr('services:typical_notice'));
    expect(typical).not.toContain('class="typical-marker');
    const none = renderPage(newServiceDetail()).body;
    expect(none).not.toContain('class="typical-marker');
    expect(none).not.toContain(fr('services:typical_legend'));
  });

  it('sends an online service to its national platform, and still names the office when it is both', () => {
    const { body } = renderPage(
      newServiceDetail({ card: { where: { kind: 'both', officeKind: 'urbanism_one_stop_shop', onlinePlatform: { code: 'rokhas', url: 'https://www.rokhas.ma' } } } }),
    );
    expect(body).toMatch(/<a class="platform-link[^"]*" href="https:\/\/www.rokhas.ma" rel="noopener external"/);
    expect(body).toContain(fr('services:online_go', { platform: 'rokhas.ma' }));
    expect(body).toContain(fr('services:online_or_office'));
    expect(body).toContain('Bureau de légalisation');
    const online = renderPage(newServiceDetail({ card: { where: { kind: 'online', onlinePlatform: { code: 'watiqa', url: 'https://www.watiqa.ma' } } } })).body;
    expect(online).not.toContain('map-link');
    expect(online).not.toContain(fr('services:online_or_office'));
  });

  it('names the kind of office when the commune has none recorded for the service', () => {
    const { body } = renderPage(newServiceDetail({ office: null }));
    expect(body).toContain(fr('services:office_fallback', { office: fr('services:office_kind.legalisation') }));
  });

  it('shows what the commune adds: documents, a note, hours and contact', () => {
    const { body } = renderPage(
      newServiceDetail({
        localFacts: {
          extraDocuments: [{ fr: 'Une photo d’identité', ar: 'صورة شمسية' }],
          note: { fr: 'Guichet 3, premier étage.', ar: 'الشباك 3، الطابق الأول.' },
          hours: { fr: 'Aussi le samedi matin.', ar: 'صباح السبت أيضا.' },
          contact: { phone: '0524 00 00 00' },
        },
      }),
    );
    expect(body).toContain('Une photo d’identité');
    expect(body).toContain(fr('services:documents_local'));
    expect(body).toContain(fr('services:local_note_heading'));
    expect(body).toContain('Guichet 3, premier étage.');
    expect(body).toContain('Aussi le samedi matin.');
    expect(body).toContain('href="tel:0524000000"');
    expect(body).toContain(fr('services:contact_local'));
  });

  it('in zgh, shows the Tifinagh name and marks the texts shown in another language', () => {
    const { body } = renderPage(newServiceDetail(), { lang: 'zgh' });
    expect(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(body)?.[1]?.replace(/<!--[\s\S]*?-->/g, '')).toBe('<span>ⴰⵙⵙⵉⴷⵜ ⵏ ⵓⵣⵎⵓⵍ</span>');
    expect(body).toMatch(/<p lang="ar" dir="rtl" class="fallback-text">الإشهاد على صحة التوقيع/);
    // Each untranslated block carries a short label naming its language; the sentence explaining it is
    // said once, by the layout (FallbackPageNotice), never once per block.
    expect(body).toContain('<small class="fallback-mark" data-fallback="ar">');
    const zgh = translator('zgh');
    expect(body).not.toContain(zgh('common:tenant_site.fallback_page_notice', { wanted: zgh('common:language_zgh') }));
  });

  it('describes the service as schema.org GovernmentService JSON-LD in the head', () => {
    const { head } = renderPage(newServiceDetail({ localFacts: { cost: { kind: 'free' } } }));
    const json = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(head)?.[1];
    const ld = JSON.parse(json ?? 'null');
    expect(ld).toMatchObject({
      '@type': 'GovernmentService',
      name: 'Légalisation de signature',
      serviceType: 'Légalisation et certification',
      inLanguage: 'fr',
      url: 'http://ben-guerir.localhost:3000/fr/services/signature-legalisation',
      provider: { '@type': 'GovernmentOrganization', name: 'Ben Guerir', address: { streetAddress: 'Centre-ville, Ben Guerir' } },
      areaServed: { name: 'Ben Guerir' },
      offers: { price: 0, priceCurrency: 'MAD' },
    });
    expect(ld.availableChannel[0].serviceLocation['@type']).toBe('Place');
  });

  it("lists a city's arrondissement offices for a civil-status service: a plain list with the way there, the nearest-office button left to the script", () => {
    const office = (slug: string, fr: string, latitude: number, longitude: number) => ({
      ...newOffice({ id: `00000000-0000-4000-8000-0000000000${latitude === 33.589 ? '01' : '02'}`, kind: 'civil_status', names: { fr }, latitude, longitude }),
      inherited: true,
      arrondissement: { slug, names: { fr: slug === 'anfa' ? 'Anfa' : 'Sidi Moumen' } },
    });
    const service = newServiceDetail({
      office: null,
      card: { where: { kind: 'both', officeKind: 'civil_status', onlinePlatform: { code: 'watiqa', url: 'https://www.watiqa.ma' } } },
      arrondissementOffices: [office('anfa', 'État civil Anfa', 33.589, -7.633), office('sidi-moumen', 'État civil Sidi Moumen', 33.58, -7.515)],
    });
    const { body, head } = renderPage(service, { site: { kind: 'commune' } });
    expect(body).toContain(fr('services:where_pick_heading'));
    expect(body).toContain(fr('services:where_pick_civil_status'));
    expect(body).not.toContain(fr('services:office_fallback', { office: fr('services:office_kind.civil_status') }));
    expect(body.indexOf('État civil Anfa')).toBeLessThan(body.indexOf('État civil Sidi Moumen'));
    expect(body).toContain('data-lat="33.58" data-lng="-7.515"');
    expect(body).toContain('href="geo:33.589,-7.633?q=33.589,-7.633(%C3%89tat%20civil%20Anfa)"');
    expect(body).toContain('https://www.openstreetmap.org/directions?route=%3B33.589%2C-7.633');
    // Without the script the button would do nothing: it starts hidden and the script shows it.
    expect(body).toMatch(/<p class="nearest[^"]*" data-nearest-controls="" hidden="">/);
    // The typed enhancement (src/lib/enhance/nearest-offices.ts), loaded by this page only.
    expect(head).toContain(`<script src="${nearestOffices}" defer=""></script>`);
    expect(body).toContain(fr('contact:ramadan_hours'));
    expect(body).toContain(fr('contact:holidays_closed'));
  });
});
