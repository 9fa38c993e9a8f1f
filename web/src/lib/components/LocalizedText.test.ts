import { readFileSync } from 'node:fs';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.ts';
import FallbackNotice from './FallbackNotice.svelte';
import FallbackPageNotice from './FallbackPageNotice.svelte';
import LocalizedText from './LocalizedText.svelte';

describe('LocalizedText', () => {
  it('renders text in the page language without a language of its own', () => {
    const { body } = render(LocalizedText, { props: { text: { text: 'Anfa', locale: 'fr', fallback: false } } });
    expect(body).toContain('<span>Anfa');
    expect(body).not.toContain('lang=');
  });

  it('marks a fallback with the language and direction it is really in', () => {
    const { body } = render(LocalizedText, {
      props: { text: { text: 'أنفا', locale: 'ar', fallback: true }, as: 'p' },
    });
    expect(body).toMatch(/<p lang="ar" dir="rtl" class="fallback-text">أنفا/);
  });
});

describe('FallbackNotice', () => {
  it('says nothing when the text is in the page language', () => {
    const { body } = render(FallbackNotice, { props: { text: { text: 'x', locale: 'fr', fallback: false }, lang: 'fr' } });
    expect(body).not.toContain('fallback-mark');
    expect(body).not.toContain('data-fallback');
  });

  it.each(['ar', 'fr', 'zgh'] as const)('labels, for a %s reader, the language a text is shown in, briefly', (lang) => {
    const actual = lang === 'ar' ? 'fr' : 'ar';
    const { body } = render(FallbackNotice, { props: { text: { text: 'x', locale: actual, fallback: true }, lang } });
    const t = translator(lang);
    expect(body).toContain(`data-fallback="${actual}"`);
    const label = t('common:tenant_site.fallback_mark', { actual: t(`common:language_${actual}`) });
    expect(body).toContain(label);
    // A label, not a sentence: the page explains it once (FallbackPageNotice).
    expect(label.length).toBeLessThan(30);
  });
});

describe('FallbackPageNotice', () => {
  it.each(['ar', 'fr', 'zgh'] as const)('explains the labels once, in %s, hidden by CSS unless a label is on the page', (lang) => {
    const { body } = render(FallbackPageNotice, { props: { lang } });
    const t = translator(lang);
    expect(body).toContain(t('common:tenant_site.fallback_page_notice', { wanted: t(`common:language_${lang}`) }));
    expect(body).toContain('class="fallback-page-notice"');
  });

  it('is shown by the stylesheet only when <main> holds a fallback label', () => {
    const css = readFileSync(new URL('../styles/app.css', import.meta.url), 'utf8');
    expect(css).toMatch(/\.fallback-page-notice \{\n {2}display: none;/);
    expect(css).toContain('main:has([data-fallback]) > .fallback-page-notice {\n  display: block;');
  });
});
