import { describe, expect, it } from 'vitest';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { translator } from '#lib/i18n/i18n.ts';
import { resources } from '#lib/i18n/resources.ts';
import { AUDIT_ACTIONS, apiQuery, auditActionKey, casablancaOffset, filtersOf } from './audit.ts';

describe('audit action labels', () => {
  it.each(LOCALES)('label every action the API records in %s', (locale) => {
    const labels = resources[locale].staff.audit_action as Record<string, string>;
    for (const action of AUDIT_ACTIONS) {
      const key = action.replaceAll('.', '_');
      expect(labels[key], `${locale}: ${action}`).toBeTruthy();
      expect(translator(locale)(auditActionKey(action) as 'staff:audit_action.auth_signed_in')).toBe(labels[key]);
    }
    expect(Object.keys(labels).length, `${locale}: labels of actions that no longer exist`).toBe(AUDIT_ACTIONS.length);
  });
});

describe('audit filters', () => {
  it('reads the filters from the search parameters, trimmed', () => {
    expect(filtersOf(new URLSearchParams('action=staff.invited&q=%20ali%20'))).toEqual({ action: 'staff.invited', actor: '', from: '', to: '', q: 'ali' });
  });

  it('widens days to whole days in Moroccan time', () => {
    expect(casablancaOffset('2026-01-15')).toBe('+01:00');
    expect(apiQuery({ action: '', actor: '', from: '2026-01-15', to: '2026-01-16', q: '' })).toEqual({
      from: '2026-01-15T00:00:00+01:00',
      to: '2026-01-16T23:59:59.999+01:00',
    });
  });

  it('leaves out empty filters, unknown actions and malformed days', () => {
    expect(apiQuery({ action: 'nope', actor: 'ali@', from: '15/01/2026', to: '', q: '' })).toEqual({ actor: 'ali@' });
  });
});

describe('audit action in words', () => {
  it('never shows an action code, even one this page does not know yet', async () => {
    const { auditActionLabel } = await import('./audit.ts');
    const t = translator('fr');
    expect(auditActionLabel('auth.sign_in_failed', t)).toBe('Connexion refusée');
    expect(auditActionLabel('future.thing_done', t)).toBe('Autre action');
  });
});
