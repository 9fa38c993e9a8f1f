import { describe, expect, it } from 'vitest';
import { safeNext, sectionPath, sectionsFor } from './nav.ts';

describe('console sections', () => {
  it("shows an administrator every tenant section, the operator's access among them, and no operator one", () => {
    expect(sectionsFor({ role: 'administrator', operator: false })).toEqual(['dashboard', 'complaints', 'catalogue', 'content', 'offices', 'contact', 'branding', 'tariff', 'users', 'access', 'audit', 'outbox', 'account']);
  });

  it('shows an editor the catalogue and the site content but not users, branding or the audit log', () => {
    expect(sectionsFor({ role: 'editor', operator: false })).toEqual(['dashboard', 'catalogue', 'content', 'account']);
  });

  it('shows an agent and a supervisor their dashboard, the complaints and their account', () => {
    expect(sectionsFor({ role: 'agent', operator: false })).toEqual(['dashboard', 'complaints', 'account']);
    expect(sectionsFor({ role: 'supervisor', operator: false })).toEqual(['dashboard', 'complaints', 'account']);
  });

  it("shows the operator the platform's tenants, onboarding, statistics, conformance, national catalogue, lifecycle, accounts, audit log and outbox", () => {
    expect(sectionsFor({ role: null, operator: true })).toEqual(['tenants', 'onboarding', 'statistics', 'conformance', 'governance', 'lifecycle', 'accounts', 'audit', 'outbox', 'account']);
  });

  it('builds section paths under the locale', () => {
    expect(sectionPath('ar', 'dashboard')).toBe('/ar/admin');
    expect(sectionPath('fr', 'users')).toBe('/fr/admin/users');
  });

  it('only follows a next parameter that stays in the console', () => {
    expect(safeNext('/fr/admin/users', 'fr')).toBe('/fr/admin/users');
    expect(safeNext('/ar/admin', 'ar')).toBe('/ar/admin');
    expect(safeNext('/ar/admin/audit?q=x', 'zgh')).toBe('/zgh/admin/audit?q=x');
    expect(safeNext('//evil.example/fr/admin', 'fr')).toBeNull();
    expect(safeNext('https://evil.example', 'fr')).toBeNull();
    expect(safeNext('/fr/services', 'fr')).toBeNull();
    expect(safeNext(null, 'fr')).toBeNull();
  });
});
