import { describe, expect, it } from 'vitest';
import { LOGO_FORM_MAX_BYTES, PAGE_BODY_LIMIT_CEILING, PAGE_BODY_MAX_BYTES, pageBodyLimit, refusePageBody } from './page-body-limit.ts';

describe('page body limits', () => {
  it('gives the logo form room for a 2 MB image, and every other page far less', () => {
    expect(pageBodyLimit('/fr/admin/branding', '?/logo')).toBe(LOGO_FORM_MAX_BYTES);
    expect(pageBodyLimit('/ar/admin/branding/', '?/logo')).toBe(LOGO_FORM_MAX_BYTES);
    expect(LOGO_FORM_MAX_BYTES).toBeGreaterThan(2 * 1024 * 1024);
    for (const [path, search] of [
      ['/fr/admin/branding', '?/colours'],
      ['/fr/admin/branding', ''],
      ['/fr/admin/users', '?/logo'],
      ['/fr/admin/sign-in', ''],
      ['/xx/admin/branding', '?/logo'],
      ['/fr/services', ''],
    ] as const) {
      expect(pageBodyLimit(path, search), `${path}${search}`).toBe(PAGE_BODY_MAX_BYTES);
    }
    expect(PAGE_BODY_LIMIT_CEILING).toBe(LOGO_FORM_MAX_BYTES);
  });

  it('refuses a declared length over the page limit before anything is read', () => {
    expect(refusePageBody('/fr/admin/sign-in', '', String(200 * 1024 * 1024))).toBe(413);
    expect(refusePageBody('/fr/admin/sign-in', '', String(PAGE_BODY_MAX_BYTES + 1))).toBe(413);
    expect(refusePageBody('/fr/admin/sign-in', '', String(PAGE_BODY_MAX_BYTES))).toBeNull();
    expect(refusePageBody('/fr/admin/branding', '?/logo', String(1.5 * 1024 * 1024))).toBeNull();
    expect(refusePageBody('/fr/admin/branding', '?/logo', String(3 * 1024 * 1024))).toBe(413);
    expect(refusePageBody('/fr/admin/sign-in', '', undefined)).toBeNull();
  });
});
