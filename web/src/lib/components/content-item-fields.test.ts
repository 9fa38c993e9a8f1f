// The item page shows every list an editor fills in, not only the facts: without this a committee's
// members, the action programme's axes or the year's purchasing forecast were saved and never shown.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { PublicItem } from '@jamaa/api/content/content.schemas.ts';
import { newPublicItem } from '../content/testing.ts';
import ContentItem from './ContentItem.svelte';

const item = (kind: string, window: string, fields: Record<string, unknown>, extra: Partial<PublicItem> = {}): PublicItem => newPublicItem({ kind, window, fields, ...extra });

/** The page's text without tags, spaces collapsed (narrow and no-break spaces become plain ones). */
function textOf(kind: string, window: string, fields: Record<string, unknown>, lang: 'ar' | 'fr' = 'fr', extra: Partial<PublicItem> = {}): string {
  const { body } = render(ContentItem, { props: { item: item(kind, window, fields, extra), lang, siteName: 'Commune de Tétouan' } });
  return body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[\s\u00a0\u202f]+/g, ' ');
}

describe('an item page shows the lists of its own fields', () => {
  it('a committee: its chair and its members', () => {
    const text = textOf('committee', 'council', { chair: 'Mme la présidente', members: ['Membre A', 'Membre B'] });
    expect(text).toContain('Président Mme la présidente');
    expect(text).toMatch(/Membres Membre A Membre B/);
  });

  it('the action programme: its years and each axis with its budget, in Arabic too', () => {
    const fields = { fromYear: 2022, toYear: 2027, axes: [{ title: { fr: 'Réhabilitation de la médina', ar: 'تأهيل المدينة العتيقة' }, budgetMad: 60_000_000 }] };
    const fr = textOf('action_programme', 'council', fields);
    expect(fr).toContain('2022 – 2027');
    expect(fr).toContain('Axes du programme Réhabilitation de la médina — 60.000.000 DH');
    // The dash keeps its space on both sides in the HTML itself (a browser shows what is there).
    const { body } = render(ContentItem, { props: { item: item('action_programme', 'council', fields), lang: 'fr', siteName: 'Commune de Tétouan' } });
    expect(body).toMatch(/Réhabilitation de la médina(<!--[^>]*-->)*<span[^>]*> — 60\.000\.000[\s\u00a0\u202f]DH<\/span>/);
    const ar = textOf('action_programme', 'council', fields, 'ar');
    expect(ar).toContain('محاور البرنامج');
    expect(ar).toContain('تأهيل المدينة العتيقة');
  });

  it('the yearly purchasing forecast: each purchase with its kind, estimate and quarter', () => {
    const text = textOf('purchase_forecast', 'tenders', {
      year: 2027,
      items: [{ object: { fr: 'Aménagement d’un jardin public' }, kind: 'works', estimateMad: 3_500_000, quarter: 2 }],
    });
    expect(text).toContain('Année 2027');
    expect(text).toContain('Achats prévus Aménagement d’un jardin public — Travaux · 3.500.000 DH · 2e trimestre');
  });

  it('grants: the stage and the beneficiaries with their amounts', () => {
    const text = textOf('grant_call', 'participation', { stage: 'beneficiaries', beneficiaries: [{ name: 'Association Al Amal', amountMad: 50_000 }] });
    expect(text).toContain('Étape Bénéficiaires Bénéficiaires Association Al Amal');
    expect(text).toContain('Bénéficiaires Association Al Amal — 50.000 DH');
  });

  it('school transport: its routes and vehicles; a petition: its filing date and the council’s decision', () => {
    expect(textOf('school_transport', 'city', { routes: [{ fr: 'Douar Ouled Ali – école centrale' }], vehicles: 3 })).toMatch(/Nombre de véhicules 3 .*Itinéraires Douar Ouled Ali – école centrale/);
    const petition = textOf('petition', 'petitions', { status: 'on_agenda', signatures: 412, submittedOn: '2026-11-02', decision: { fr: 'Inscrite à la session de février' } });
    expect(petition).toMatch(/Déposée le 2 nov/);
    expect(petition).toContain('Décision du conseil Inscrite à la session de février');
  });

  it('a PDF says its size in the page’s language', () => {
    const attachments = [{ fileId: '0b6e2c1a-5d55-4a43-9b3e-3c1b7f6b1f02', purpose: 'document' as const, contentType: 'application/pdf', size: 240_000, name: { fr: 'Budget' }, url: '/api/v1/content-files/x' }];
    expect(textOf('document', 'documents', { type: 'budget' }, 'fr', { attachments })).toContain('Budget (PDF, 234 Ko)');
    expect(textOf('document', 'documents', { type: 'budget' }, 'ar', { attachments })).toContain('ك.ب');
  });
});

describe('a legal text links its publication in the Bulletin officiel', () => {
  const url = 'https://www.collectivites-territoriales.gov.ma/fr/bulletin-officiel/52.pdf';
  const html = (fields: Record<string, unknown>, lang: 'ar' | 'fr' | 'zgh' = 'fr') =>
    render(ContentItem, { props: { item: item('legal_text', 'legal', { type: 'arrete', ...fields }), lang, siteName: 'Commune de Ben Guerir' } }).body;

  it('names the bulletin and its issue, linked to the publication', () => {
    const body = html({ reference: '7/2026', bulletinIssue: 'BO-CT n° 52', bulletinUrl: url });
    expect(body).toMatch(new RegExp(`<a[^>]*href="${url.replaceAll('.', '\\.')}"[^>]*>(<!--[^>]*-->)*BO-CT n° 52`));
    expect(textOf('legal_text', 'legal', { type: 'arrete', bulletinIssue: 'BO-CT n° 52', bulletinUrl: url })).toContain('Bulletin officiel des collectivités territoriales BO-CT n° 52');
    expect(html({ bulletinUrl: url }, 'ar')).toContain('الجريدة الرسمية للجماعات الترابية');
  });

  it('shows no bulletin line when the text has no link', () => {
    expect(textOf('legal_text', 'legal', { type: 'arrete', reference: '7/2026' })).not.toContain('Bulletin officiel');
  });
});

describe('a petition’s page counts its signatures against the threshold', () => {
  const petition = (signatures: number, threshold: { signatures: number; verified: boolean; reached: boolean }) => ({
    fields: { status: 'collecting', signatures },
    extra: { petitionThreshold: threshold } as Partial<PublicItem>,
  });
  const html = (signatures: number, threshold: { signatures: number; verified: boolean; reached: boolean }, lang: 'ar' | 'fr' | 'zgh' = 'fr') => {
    const p = petition(signatures, threshold);
    return render(ContentItem, { props: { item: item('petition', 'petitions', p.fields, p.extra), lang, siteName: 'Commune de Tétouan' } }).body;
  };

  it('shows the numbers as text and in a labelled progress bar, and what is missing', () => {
    const body = html(120, { signatures: 400, verified: false, reached: false });
    expect(body).toMatch(/<progress[^>]*max="400"[^>]*value="120"|<progress[^>]*value="120"[^>]*max="400"/);
    expect(body).toMatch(/<progress[^>]*aria-label="Signatures recueillies par rapport au seuil requis"/);
    const text = textOf('petition', 'petitions', { status: 'collecting', signatures: 120 }, 'fr', { petitionThreshold: { signatures: 400, verified: false, reached: false } });
    expect(text).toContain('Signatures recueillies : 120 sur 400 requises');
    expect(text).toContain('Seuil non atteint : encore 280 à recueillir.');
    expect(text).toContain('Conditions de dépôt');
    // The figures are not checked against the law's text: the page says so plainly.
    expect(text).toContain('Seuil à confirmer');
  });

  it('says when the threshold is reached; the bar stays full rather than overflowing', () => {
    const body = html(450, { signatures: 400, verified: true, reached: true });
    expect(body).toMatch(/<progress[^>]*value="400"/);
    const text = textOf('petition', 'petitions', { status: 'collecting', signatures: 450 }, 'fr', { petitionThreshold: { signatures: 400, verified: true, reached: true } });
    expect(text).toContain('Seuil atteint');
    expect(text).toContain('450 sur 400');
    expect(text).not.toContain('Seuil à confirmer');
  });

  it('says the threshold is to be confirmed in Arabic and Amazigh too', () => {
    expect(html(10, { signatures: 100, verified: false, reached: false }, 'ar')).toContain('النصاب في طور التأكيد');
    expect(html(10, { signatures: 100, verified: false, reached: false }, 'zgh')).toContain('ⴰⵟⵟⵓⵏ ⴰⴷ ⵉⵜⵜⵓⵙⵏⵜⵎ');
  });
});

describe('an item with a place shows it on a map that needs no script', () => {
  const place = { status: 'working', location: { lat: 35.5785, lng: -5.3684 } };
  const body = (lang: 'ar' | 'fr' = 'fr') => render(ContentItem, { props: { item: item('water_point', 'city', place, { title: { text: 'Fontaine de la place', locale: 'fr', fallback: false } }), lang, siteName: 'Tétouan' } }).body;

  it('tiles from this site, named as one image after the place, with links to the maps app and OpenStreetMap', () => {
    const html = body();
    expect(html).not.toContain('<script');
    const tiles = [...html.matchAll(/background-image: url\((\/map-tiles\/16\/\d+\/\d+\.png)\)/g)].map((m) => m[1]);
    expect(tiles).toHaveLength(9);
    // The point's own tile is the middle one (z16: x 31790, y 25829 for Tétouan).
    expect(tiles[4]).toBe('/map-tiles/16/31790/25829.png');
    expect(html).toMatch(/role="img" aria-label="Carte de l’emplacement\u202f: Fontaine de la place"/);
    expect(html).toContain('href="geo:35.5785,-5.3684?q=35.5785,-5.3684(Fontaine%20de%20la%20place)"');
    expect(html).toContain('href="https://www.openstreetmap.org/?mlat=35.5785&amp;mlon=-5.3684#map=17/35.5785/-5.3684"');
    // Isolated left to right, so that an Arabic line keeps the minus sign in place.
    expect(html).toContain('\u206635.57850, -5.36840\u2069');
  });

  it('keeps the map left to right on an Arabic page, and says what it is in Arabic', () => {
    const html = body('ar');
    expect(html).toMatch(/dir="ltr" role="img" aria-label="خريطة الموقع: Fontaine de la place"/);
    expect(html).toContain('فتح في تطبيق الخرائط');
  });

  it('an item without a place has no map', () => {
    const { body: html } = render(ContentItem, { props: { item: item('water_point', 'city', { status: 'working' }), lang: 'fr', siteName: 'Tétouan' } });
    expect(html).not.toContain('/map-tiles/');
  });
});
