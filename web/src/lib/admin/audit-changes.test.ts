import { describe, expect, it } from 'vitest';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { translator } from '#lib/i18n/i18n.ts';
import { resources } from '#lib/i18n/resources.ts';
import { AUDIT_FIELDS, auditFieldKey, changeRows } from './audit-changes.ts';

const fr = translator('fr');
const ar = translator('ar');
/** Everything a reader sees of the rows, as one text. */
const shown = (rows: ReturnType<typeof changeRows>) => rows.map((r) => `${r.label}: ${r.before ?? ''} → ${r.after ?? ''}`).join('\n');

describe('audit changes in words', () => {
  it.each(LOCALES)('label every field shown in %s', (locale) => {
    const labels = resources[locale].staff.audit_field as Record<string, string>;
    for (const field of AUDIT_FIELDS) expect(labels[auditFieldKey(field).slice('staff:audit_field.'.length)], `${locale}: ${field}`).toBeTruthy();
    expect(Object.keys(labels).length, `${locale}: labels of fields no longer shown`).toBe(AUDIT_FIELDS.length);
  });

  it('shows a role change as the two roles and the department by name', () => {
    const rows = changeRows({ before: { role: 'agent', department: 'civil-status' }, after: { role: 'editor', department: null } }, fr, 'fr');
    expect(rows).toEqual([
      { path: 'role', label: 'Rôle', before: fr('admin:role.agent'), after: fr('admin:role.editor') },
      { path: 'department', label: 'Service', before: 'État civil', after: null },
    ]);
    expect(changeRows({ before: { role: 'agent', department: 'civil-status' }, after: { role: 'editor' } }, ar, 'ar')[1]).toMatchObject({ label: 'المصلحة', before: 'الحالة المدنية' });
  });

  it('shows only what changed on an office, in the page language, with hours in words', () => {
    const office = { key: 'etat-civil', kind: 'civil_status', names: { ar: 'مكتب', fr: 'Bureau' }, phone: '0522000000', hours: [{ days: ['mon', 'tue'], opens: '08:30', closes: '16:30' }], position: 1 };
    const rows = changeRows({ before: office, after: { ...office, phone: '0522111111', hours: [{ days: ['mon'], opens: '09:00', closes: '12:00' }] } }, fr, 'fr');
    expect(rows.map((r) => r.path)).toEqual(['phone', 'hours']);
    expect(rows[1]?.before).toBe('lundi, mardi 08:30–16:30');
    const created = shown(changeRows({ before: null, after: office }, fr, 'fr'));
    expect(created).toContain('Type:  → Bureau de l’état civil');
    expect(created).toContain('Nom:  → Bureau');
    expect(created, 'the slug key is an internal').not.toContain('etat-civil');
  });

  it("shows a grant of the operator's access with its reason and term, and a read under it with how many complaints it showed", () => {
    const granted = changeRows({ before: null, after: { reason: 'Assistance 2026-118', days: 7, startsAt: '2026-12-07T09:00:00.000Z', endsAt: '2026-12-14T09:00:00.000Z' } }, fr, 'fr');
    expect(granted.map((r) => r.label)).toEqual(['Motif', 'Durée (jours)', 'À partir du', 'Jusqu’au']);
    expect(granted[0]?.after).toBe('Assistance 2026-118');
    expect(granted[3]?.after).toMatch(/14 déc\. 2026/);
    const read = changeRows({ before: null, after: { records: 12, view: 'complaints' } }, ar, 'ar');
    expect(read.map((r) => r.label)).toEqual(['الشكايات المطلع عليها']);
  });

  it('never shows JSON, codes or internals', () => {
    const entries = [
      { before: null, after: { factor: 'totp' } },
      { before: null, after: { method: 'password' } },
      { before: { sha256: 'ab'.repeat(32), contentType: 'image/png' }, after: { sha256: 'cd'.repeat(32), contentType: 'image/svg+xml', width: 120, height: 40, bytes: 2048 } },
      { before: { enabled: null, overrides: {} }, after: { enabled: true, overrides: { cost: { kind: 'fixed', amountMad: 20 }, contact: { phone: '0522' }, extraDocuments: [{ fr: 'Photo' }] } } },
      { before: null, after: { tenantId: '0b5a', email: 'a@b.ma', role: 'agent', department: 'roads', accountCreated: true, expiresAt: '2026-12-05T10:00:00.000Z' } },
    ];
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const entry of entries) {
        const text = shown(changeRows(entry, t, locale));
        expect(text, `${locale}: ${JSON.stringify(entry)}`).not.toMatch(/[{}[\]"]|sha|image\/|totp|password|roads|0b5a|overrides|T10:00/);
      }
    }
    const offering = changeRows(entries[3]!, fr, 'fr');
    expect(offering.map((r) => r.label)).toEqual(['Activé sur le site', 'Adaptations locales › Coût', 'Adaptations locales › Contact › Téléphone', 'Adaptations locales › Pièces en plus']);
    expect(offering[0]).toMatchObject({ before: null, after: 'Oui' });
    expect(offering[3]?.after).toBe('Photo');
  });
});
