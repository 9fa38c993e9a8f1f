import { describe, expect, it } from 'vitest';
import { translator } from '#lib/i18n/i18n.ts';
import { retryAfterMessage } from './retry-after.ts';

describe('retryAfterMessage', () => {
  it('speaks in seconds, then minutes, then hours, rounding up', () => {
    expect(retryAfterMessage(42)).toEqual({ key: 'retry_after', count: 42 });
    expect(retryAfterMessage(900)).toEqual({ key: 'retry_after_minutes', count: 15 });
    expect(retryAfterMessage(890)).toEqual({ key: 'retry_after_minutes', count: 15 });
    expect(retryAfterMessage(3600)).toEqual({ key: 'retry_after_minutes', count: 60 });
    expect(retryAfterMessage(86_400)).toEqual({ key: 'retry_after_hours', count: 24 });
  });

  it('has words for every unit in every language', () => {
    for (const lang of ['ar', 'fr', 'zgh'] as const) {
      const t = translator(lang);
      for (const seconds of [30, 900, 14_400]) {
        const { key, count } = retryAfterMessage(seconds);
        const text = t(`admin:${key}`, { count });
        expect(text, `${lang} ${key}`).not.toContain(key);
      }
    }
    expect(translator('fr')('admin:retry_after_minutes', { count: 15 })).toBe('Réessayez dans 15 minutes.');
  });
});
