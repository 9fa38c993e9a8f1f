import { describe, expect, it } from 'vitest';
import { COMPLAINT_FORM_MAX_BYTES, CONTENT_FILE_FORM_MAX_BYTES, CONTENT_FORM_MAX_BYTES, LOGO_FORM_MAX_BYTES, PAGE_BODY_LIMIT_CEILING, PAGE_BODY_MAX_BYTES, pageBodyLimit, refusePageBody } from './page-body-limit.ts';

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
    expect(PAGE_BODY_LIMIT_CEILING).toBe(Math.max(LOGO_FORM_MAX_BYTES, COMPLAINT_FORM_MAX_BYTES, CONTENT_FILE_FORM_MAX_BYTES));
  });

  it('lets the complaint forms carry three phone photos, and no other page of the same tree', () => {
    expect(pageBodyLimit('/fr/complaints/new', '')).toBe(COMPLAINT_FORM_MAX_BYTES);
    expect(pageBodyLimit('/zgh/admin/complaints/new', '')).toBe(COMPLAINT_FORM_MAX_BYTES);
    expect(COMPLAINT_FORM_MAX_BYTES).toBeGreaterThan(3 * 8 * 1024 * 1024);
    for (const path of ['/fr/complaints', '/fr/complaints/new/x', '/fr/admin/complaints', '/fr/admin/complaints/new/x', '/xx/complaints/new']) {
      expect(pageBodyLimit(path, ''), path).toBe(PAGE_BODY_MAX_BYTES);
    }
  });

  it('lets the content editor post long Markdown, and a PDF only to an item’s attach action', () => {
    const id = '0b8f6c1e-2a4d-4f7b-9c3e-5d6a7b8c9d0e';
    expect(pageBodyLimit('/ar/admin/content/new', '?/create')).toBe(CONTENT_FORM_MAX_BYTES);
    expect(pageBodyLimit(`/fr/admin/content/${id}`, '?/save')).toBe(CONTENT_FORM_MAX_BYTES);
    expect(pageBodyLimit(`/fr/admin/content/${id}`, '?/attach')).toBe(CONTENT_FILE_FORM_MAX_BYTES);
    expect(CONTENT_FILE_FORM_MAX_BYTES).toBeGreaterThan(25 * 1024 * 1024);
    expect(CONTENT_FORM_MAX_BYTES).toBeLessThan(CONTENT_FILE_FORM_MAX_BYTES);
    expect(pageBodyLimit('/fr/admin/content/new', '?/attach')).toBe(CONTENT_FORM_MAX_BYTES);
    for (const path of ['/fr/admin/content', `/fr/admin/content/${id}/x`, `/xx/admin/content/${id}`, '/fr/content/new']) {
      expect(pageBodyLimit(path, '?/attach'), path).toBe(PAGE_BODY_MAX_BYTES);
    }
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
