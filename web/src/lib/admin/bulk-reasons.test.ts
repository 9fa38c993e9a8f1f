import { describe, expect, it } from 'vitest';
import { BATCH_REASONS } from '@jamaa/api/onboarding/onboarding.schemas.ts';
import { resources } from '../i18n/resources.ts';
import { bulkReasonKey } from './bulk-reasons.ts';

describe("a bulk onboarding's reasons", () => {
  it('has words in every language for every reason the API can give, and for a row already there', () => {
    for (const reason of [...BATCH_REASONS, null]) {
      const [, key] = bulkReasonKey(reason).split('.');
      for (const locale of ['ar', 'fr', 'zgh'] as const) {
        const words = (resources[locale].operator as Record<string, Record<string, string>>).bulk_reason?.[key ?? ''];
        expect(words, `${locale}: ${reason}`).toMatch(/\S/);
        // Never the code itself, nor the API's English.
        expect(words).not.toContain('_');
      }
    }
  });
});
