import { describe, expect, it } from 'vitest';
import { moroccanMobile } from './phone.ts';

describe('moroccanMobile', () => {
  it.each([
    ['0612345678', '+212612345678'],
    ['06 12 34 56 78', '+212612345678'],
    ['07.12.34.56.78', '+212712345678'],
    ['06-12-34-56-78', '+212612345678'],
    ['+212612345678', '+212612345678'],
    ['+212 6 12 34 56 78', '+212612345678'],
    ['+212 (0)6 12 34 56 78', '+212612345678'],
    ['00212712345678', '+212712345678'],
    ['212612345678', '+212612345678'],
  ])('reads %s as %s', (raw, e164) => {
    expect(moroccanMobile(raw)).toBe(e164);
  });

  it.each([
    ['0522123456', 'a landline'],
    ['0812345678', 'not a mobile prefix'],
    ['061234567', 'a digit short'],
    ['06123456789', 'a digit long'],
    ['612345678', 'no leading 0 nor country code'],
    ['+33612345678', 'a French mobile'],
    ['0033612345678', 'a French mobile, 00 form'],
    ['06 12 34 56 7a', 'a letter'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (raw) => {
    expect(moroccanMobile(raw)).toBeNull();
  });
});
