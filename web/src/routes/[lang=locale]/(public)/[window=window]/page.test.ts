// A content window's page of a tenant that has published nothing in it.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { newLayoutData } from '#lib/catalogue/testing.ts';
import { translator } from '#lib/i18n/i18n.ts';
import Page from './+page.svelte';
import { load } from './+page.server.ts';
import type { PageData, PageServerLoadEvent } from './$types';

describe('a window with nothing published', () => {
  it.each(['ar', 'fr', 'zgh'] as const)('says so without asking the API when the navigation links no such window (%s)', async (lang) => {
    const layout = { ...newLayoutData(lang), windows: ['council'] };
    // No request: asking the API would fail.
    const event = { params: { lang, window: 'news' }, parent: async () => layout } as unknown as PageServerLoadEvent;
    const page = await load(event);
    expect(page).toEqual({ list: { window: 'news', locale: lang, items: [] } });
    const body = render(Page, { props: { data: { ...layout, ...page } satisfies PageData } }).body;
    expect(body).toContain(translator(lang)('content:empty'));
  });
});
