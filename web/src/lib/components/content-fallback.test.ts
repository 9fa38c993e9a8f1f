import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { PublicItem, PublicList } from '@jamaa/api/content/content.schemas.ts';
import { translator } from '../i18n/i18n.ts';
import ContentItem from './ContentItem.svelte';
import ContentList from './ContentList.svelte';

const item = (title: PublicItem['title']): PublicItem => ({
  id: '0b6e2c1a-5d55-4a43-9b3e-3c1b7f6b1f01',
  kind: 'news',
  window: 'news',
  slug: 'budget-2027',
  title,
  summary: null,
  bodyHtml: '<p>…</p>',
  bodyLocale: title.locale,
  fields: {},
  attachments: [],
  eventAt: null,
  expiresAt: null,
  publishedAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  inherited: false,
});

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
