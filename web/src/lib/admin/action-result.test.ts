import { describe, expect, it } from 'vitest';
import { failureOf } from './action-result.ts';

describe('failureOf', () => {
  it('returns a refusal, which carries an error code', () => {
    const refusal = { code: 'VALIDATION_FAILED', fields: { email: 'required' }, values: {} };
    expect(failureOf(refusal)).toBe(refusal);
  });

  it('returns null for a success and before any submission', () => {
    expect(failureOf<{ code?: string; saved?: boolean }>({ saved: true })).toBeNull();
    expect(failureOf(null)).toBeNull();
    expect(failureOf(undefined)).toBeNull();
  });
});
