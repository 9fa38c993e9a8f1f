// What an audit entry changed, in words: each field the staff member would recognise, labelled in the
// page's language, with its value before and after formatted for a reader (a role's name, a department's
// name, a date, "yes"/"no", an amount, a text in the page's language). Technical facts the log keeps
// for investigators (file hashes, ids, content types) are left out of the view; the CSV export has them.
import { departmentLabel } from '@jamaa/tenants/departments.ts';
import { LOCALES, resolveText, type Locale, type Translatable } from '@jamaa/tenants/locale.ts';
import { WEEKDAYS, type Weekday } from '@jamaa/tenants/weekdays.ts';
import { formatDate, formatMoney, formatNumber, formatTime, weekdayName } from '#lib/i18n/format.ts';
import type { Translate } from '#lib/i18n/i18n.ts';

/**
 * The fields an entry's before/after may hold that a reader is shown, each labelled in
 * `staff:audit_field.<name in snake_case>` (the test checks every one has a label in every language). A field not
 * listed here is an internal (a hash, an id, a content type) and stays out of the view.
 */
export const AUDIT_FIELDS = [
  // accounts
  'email',
  'role',
  'department',
  'disabled',
  'enabled',
  'accountCreated',
  'expiresAt',
  'method',
  'factor',
  'remaining',
  'unused',
  // branding
  'primaryColor',
  'accentColor',
  'width',
  'height',
  'bytes',
  // catalogue
  'overrides',
  'version',
  'services',
  'flagged',
  'names',
  'summary',
  'category',
  'audiences',
  'cost',
  'amountMad',
  'note',
  'officeId',
  'hours',
  'extraDocuments',
  'documents',
  'steps',
  'contact',
  // offices
  'kind',
  'address',
  'phone',
  'latitude',
  'longitude',
  'position',
  // tenants
  'code',
  'slug',
  'domains',
  'status',
  // site settings
  'tariff',
  'url',
  // the operator's access to personal data (and the reason of a second-factor reset)
  'reason',
  'days',
  'startsAt',
  'endsAt',
  'revokedAt',
  'records',
] as const;
export type AuditField = (typeof AUDIT_FIELDS)[number];

const isAuditField = (name: string): name is AuditField => (AUDIT_FIELDS as readonly string[]).includes(name);

/** The `staff:audit_field` key of a field (keys are snake_case: `primaryColor` → `primary_color`). */
export function auditFieldKey(field: AuditField): `staff:audit_field.${string}` {
  return `staff:audit_field.${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

/** One changed (or recorded) field: its label and its two values, already in words; null where it had none. */
export interface ChangeRow {
  /** The dotted path in the entry (`overrides.cost`), for tests and keys. */
  path: string;
  label: string;
  before: string | null;
  after: string | null;
}

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTranslatable = (value: unknown): value is Translatable =>
  isPlain(value) && Object.keys(value).length > 0 && Object.entries(value).every(([k, v]) => (LOCALES as readonly string[]).includes(k) && typeof v === 'string');
const isWeekday = (value: unknown): value is Weekday => (WEEKDAYS as readonly unknown[]).includes(value);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A key of a value that may have no translation (then the value itself is shown). */
function translated(t: Translate, key: string, fallback: string): string {
  const text = t(key as 'staff:audit.action', { defaultValue: '' });
  return text || fallback;
}

/** A value in words, knowing the field it belongs to. */
export function formatValue(field: string, value: unknown, t: Translate, lang: Locale): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return t(value ? 'staff:audit.yes' : 'staff:audit.no');
  if (typeof value === 'number') return field === 'amountMad' ? formatMoney(value, lang) : formatNumber(value, lang);
  if (typeof value === 'string') {
    switch (field) {
      case 'role':
        return translated(t, `admin:role.${value}`, value);
      case 'department':
        return departmentLabel(value, lang);
      case 'method':
      case 'factor':
        return translated(t, `staff:audit_value.factor_${value}`, value);
      case 'kind':
        return translated(t, `services:office_kind.${value}`, translated(t, `staff:audit_value.kind_${value}`, value));
      case 'status':
        return translated(t, `staff:audit_value.status_${value}`, value);
      default:
        if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatDate(new Date(value), lang, { dateStyle: 'medium', timeStyle: 'short' });
        if (ISO_DAY.test(value)) return formatDate(new Date(`${value}T12:00:00Z`), lang, { dateStyle: 'medium' });
        return value;
    }
  }
  if (isTranslatable(value)) return resolveText(value, lang, LOCALES)?.text ?? null;
  if (Array.isArray(value)) {
    if (value.length === 0) return t('staff:audit.none');
    if (field === 'hours') return value.map((h) => openingHours(h, lang)).join(' ; ');
    if (value.every((v) => typeof v === 'string' || isTranslatable(v))) return value.map((v) => formatValue(field, v, t, lang) ?? '').filter(Boolean).join(' · ');
    return t('staff:audit.items', { count: value.length });
  }
  if (isPlain(value) && field === 'cost') {
    const kind = typeof value.kind === 'string' ? translated(t, `staff:audit_value.cost_${value.kind}`, value.kind) : '';
    const amount = typeof value.amountMad === 'number' ? ` ${formatMoney(value.amountMad, lang)}` : '';
    return `${kind}${amount}`;
  }
  return null;
}

function openingHours(value: unknown, lang: Locale): string {
  if (!isPlain(value) || !Array.isArray(value.days)) return '';
  const days = value.days.filter(isWeekday).map((d) => weekdayName(d, lang)).join(', ');
  const time = (s: unknown) => (typeof s === 'string' ? formatTime(s, lang) : '');
  return `${days} ${time(value.opens)}–${time(value.closes)}`;
}

/** Whether a value is shown as nested rows (an object that is neither a text in three languages nor a cost). */
const nests = (field: string, value: unknown) => isPlain(value) && !isTranslatable(value) && field !== 'cost';

/**
 * The rows of an entry: fields present before or after, the changed ones only when there are both
 * (a created thing shows all it was made with, a deleted one all it had), nested objects as rows of
 * their own labelled "parent › field", unknown (internal) fields left out.
 *
 * @example changeRows({ before: { role: 'agent' }, after: { role: 'editor' } }, t, 'fr')
 *   // → [{ path: 'role', label: 'Rôle', before: 'Agent', after: 'Éditeur' }]
 */
export function changeRows(entry: { before: unknown; after: unknown }, t: Translate, lang: Locale): ChangeRow[] {
  const rows: ChangeRow[] = [];
  const both = entry.before != null && entry.after != null;
  const walk = (before: unknown, after: unknown, path: string[], labels: string[]) => {
    const b = isPlain(before) ? before : {};
    const a = isPlain(after) ? after : {};
    for (const name of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
      if (!isAuditField(name)) continue;
      const label = [...labels, t(auditFieldKey(name) as 'staff:audit_field.email')];
      const was = b[name];
      const now = a[name];
      if (both && JSON.stringify(was ?? null) === JSON.stringify(now ?? null)) continue;
      if (nests(name, was) || nests(name, now)) {
        walk(was, now, [...path, name], label);
        continue;
      }
      const row = { path: [...path, name].join('.'), label: label.join(' › '), before: formatValue(name, was, t, lang), after: formatValue(name, now, t, lang) };
      if (row.before !== null || row.after !== null) rows.push(row);
    }
  };
  walk(entry.before, entry.after, [], []);
  return rows;
}
