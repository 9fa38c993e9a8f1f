// The search page rendered on the server: what a resident reads when nothing matches.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { newLayoutData, newServiceSummary } from '#lib/catalogue/testing.ts';
import { translator } from '#lib/i18n/i18n.ts';
import Page from './+page.svelte';
import type { PageData } from './$types';

type Suggestion = PageData['suggestions'][number];

function renderSearch(lang: Locale, suggestions: Suggestion[]) {
  const data = {
    ...newLayoutData(lang),
    query: 'zzqxw',
    services: [],
    suggestions,
  } satisfies PageData;
  return render(Page, { props: { data } }).body;
}

const suggestion = (code: string, fr: string, reason: Suggestion['reason']): Suggestion => ({
  ...newServiceSummary({ code, names: { ar: fr, fr } }),
  reason,
});

describe('a search that finds nothing', () => {
  it.each(['ar', 'fr', 'zgh'] as const)('offers the closest services, then the most needed, and the contact page (%s)', (lang) => {
    const t = translator(lang);
    const body = renderSearch(lang, [
      suggestion('birth-certificate-extract', 'Extrait d’acte de naissance', 'similar'),
      suggestion('signature-legalisation', 'Légalisation de signature', 'popular'),
    ]);
    expect(body).toContain(t('services:search_no_result', { query: 'zzqxw' }));
    const similar = body.indexOf(t('services:search_suggestions_similar'));
    const popular = body.indexOf(t('services:home_popular_heading'));
    expect(similar).toBeGreaterThan(-1);
    expect(popular).toBeGreaterThan(similar);
    expect(body.indexOf(`href="/${lang}/services/birth-certificate-extract"`)).toBeGreaterThan(similar);
    expect(body.indexOf(`href="/${lang}/services/signature-legalisation"`)).toBeGreaterThan(popular);
    expect(body).toContain(`href="/${lang}/contact"`);
    expect(body).toContain(t('services:search_contact_link'));
  });

  it('shows only the headings it has services for', () => {
    const fr = translator('fr');
    const body = renderSearch('fr', [suggestion('signature-legalisation', 'Légalisation de signature', 'popular')]);
    expect(body).not.toContain(fr('services:search_suggestions_similar'));
    expect(body).toContain(fr('services:home_popular_heading'));
    expect(body).toContain('href="/fr/contact"');
  });
});
