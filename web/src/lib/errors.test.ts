import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '@jamaa/api/shared/errors.ts';
import { errorKey, isHostError, validationKey } from './errors.ts';
import { resources } from './i18n/resources.ts';

describe('errorKey', () => {
  it('maps API codes to their message', () => {
    expect(errorKey('TENANT_NOT_FOUND', 404)).toBe('tenant_not_found');
    expect(errorKey('TENANT_SUSPENDED', 503)).toBe('tenant_suspended');
    expect(errorKey('BAD_HOST', 400)).toBe('bad_host');
  });

  it('falls back on the status for codes without a message', () => {
    expect(errorKey(undefined, 404)).toBe('not_found');
    expect(errorKey('SOMETHING_NEW', 500)).toBe('internal');
    expect(errorKey('SOMETHING_NEW', 409)).toBe('internal');
  });

  it('only returns keys that exist in every locale', () => {
    for (const [code, status] of [['TENANT_NOT_FOUND', 404], ['X', 404], ['X', 500]] as const) {
      const key = errorKey(code, status);
      for (const locale of ['ar', 'fr', 'zgh'] as const) expect(resources[locale].errors[key]).toBeTruthy();
    }
  });
});

describe('isHostError', () => {
  it('recognises the host errors', () => {
    expect(isHostError('TENANT_NOT_FOUND')).toBe(true);
    expect(isHostError('TENANT_SUSPENDED')).toBe(true);
    expect(isHostError('NOT_FOUND')).toBe(false);
    expect(isHostError(undefined)).toBe(false);
  });
});

describe('API error codes in the UI', () => {
  it('has a message in every language for every code the API can answer', () => {
    const missing = Object.keys(ERROR_STATUS).filter((code) => errorKey(code, ERROR_STATUS[code as keyof typeof ERROR_STATUS]) !== code.toLowerCase());
    expect(missing).toEqual([]);
  });

  it('reads an unknown validation code as a format error', () => {
    expect(validationKey('too_small')).toBe('too_small');
    expect(validationKey('unrecognized_keys')).toBe('invalid_format');
  });
});
