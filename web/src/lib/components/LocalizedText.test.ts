import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.ts';
import FallbackNotice from './FallbackNotice.svelte';
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
    expect(body).not.toContain('fallback-notice');
  });

  it.each(['ar', 'fr', 'zgh'] as const)('tells a %s reader which language the text is shown in', (lang) => {
    const actual = lang === 'ar' ? 'fr' : 'ar';
    const { body } = render(FallbackNotice, { props: { text: { text: 'x', locale: actual, fallback: true }, lang } });
    const t = translator(lang);
    expect(body).toContain('class="fallback-notice"');
    expect(body).toContain(
      t('common:fallback_notice', { wanted: t(`common:language_${lang}`), actual: t(`common:language_${actual}`) }),
    );
  });
});
