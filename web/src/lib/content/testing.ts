// Factory for tests of the content pages: a published item as the API gives it, changed per test.
import type { PublicItem } from '@jamaa/api/content/content.schemas.ts';

export function newPublicItem(overrides: Partial<PublicItem> = {}): PublicItem {
  return {
    id: '0b6e2c1a-5d55-4a43-9b3e-3c1b7f6b1f01',
    kind: 'news',
    window: 'news',
    slug: 'demo',
    title: { text: 'Titre', locale: 'fr', fallback: false },
    summary: null,
    bodyHtml: '',
    bodyLocale: null,
    fields: {},
    attachments: [],
    eventAt: null,
    expiresAt: null,
    publishedAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    inherited: false,
    ...overrides,
  };
}
