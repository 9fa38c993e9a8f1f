import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { PublicItem, PublicList } from '@jamaa/api/content/content.schemas.ts';
import { newPublicItem } from '../content/testing.ts';
import { translator } from '../i18n/i18n.ts';
import ContentItem from './ContentItem.svelte';
import ContentList from './ContentList.svelte';

const item = (title: PublicItem['title']): PublicItem => newPublicItem({ slug: 'budget-2027', title, bodyHtml: '<p>…</p>', bodyLocale: title.locale });

describe('content in another language than the page', () => {
  const list: PublicList = {
    window: 'news',
    locale: 'zgh',
    items: [item({ text: 'Budget 2027', locale: 'fr', fallback: true }), item({ text: 'ⴰⴱⵓⴷⵊⵉ', locale: 'zgh', fallback: false })],
  };

  it('labels each fallback title in a list, and only those', () => {
    const { body, head } = render(ContentList, { props: { list, lang: 'zgh', siteName: 'ⵜⴰⵎⵙⵏⴰⴹⵜ ⵏ ⵜⵟⵟⴰⵡⵉⵏ', origin: 'http://tetouan.localhost' } });
    expect(body.match(/data-fallback="fr"/g)).toHaveLength(1);
    expect(head).toContain(`<title>${translator('zgh')('content:window.news')} — ⵜⴰⵎⵙⵏⴰⴹⵜ ⵏ ⵜⵟⵟⴰⵡⵉⵏ</title>`);
  });

  it('labels a fallback item page, whose title names the commune', () => {
    const { body, head } = render(ContentItem, { props: { item: list.items[0] as PublicItem, lang: 'zgh', siteName: 'ⵜⴰⵎⵙⵏⴰⴹⵜ ⵏ ⵜⵟⵟⴰⵡⵉⵏ' } });
    expect(body).toContain('data-fallback="fr"');
    expect(head).toContain('<title>Budget 2027 — ⵜⴰⵎⵙⵏⴰⴹⵜ ⵏ ⵜⵟⵟⴰⵡⵉⵏ</title>');
    expect(head).toContain('<meta property="og:title" content="Budget 2027"');
  });
});
