// The audit log page's pure parts: the label of each action, and the API query made from the page's
// search parameters (dates typed as days in Moroccan time).
import { AUDIT_ACTIONS, type AuditAction } from '@jamaa/api/audit/audit.schemas.ts';

import { dateTimeFormat } from '#lib/i18n/format.ts';
import type { Translate } from '#lib/i18n/i18n.ts';

export { AUDIT_ACTIONS, type AuditAction };

type ActionKey = `staff:audit_action.${string}`;

/** Whether the log's action is one web knows a label for. */
export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

/**
 * The `staff` key of an action's label (`staff.role_changed` → `staff:audit_action.staff_role_changed`).
 *
 * @example auditActionKey('auth.signed_in') // → 'staff:audit_action.auth_signed_in'
 */
export function auditActionKey(action: AuditAction): ActionKey {
  return `staff:audit_action.${action.replaceAll('.', '_')}`;
}

/**
 * An action in words: its label in the page's language. An action recorded by a newer version of the API
 * than this page knows is shown as "Other action", never as its code.
 */
export function auditActionLabel(action: string, t: Translate): string {
  return isAuditAction(action) ? t(auditActionKey(action) as 'staff:audit_action.auth_signed_in') : t('staff:audit.other_action');
}

/** The UTC offset of Africa/Casablanca at noon of `day` (`YYYY-MM-DD`), as `+01:00` or `+00:00`. */
export function casablancaOffset(day: string): string {
  const parts = dateTimeFormat('en', { timeZone: 'Africa/Casablanca', timeZoneName: 'longOffset' }).formatToParts(new Date(`${day}T12:00:00Z`));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters the page shows (its search parameters, as typed). */
export interface AuditFilters {
  action: string;
  actor: string;
  from: string;
  to: string;
  q: string;
}

export function filtersOf(params: URLSearchParams): AuditFilters {
  const get = (name: string) => (params.get(name) ?? '').trim();
  return { action: get('action'), actor: get('actor'), from: get('from'), to: get('to'), q: get('q') };
}

/**
 * The API query of the filters: empty ones left out, days widened to the whole day in Moroccan time,
 * an unknown action or a malformed day ignored.
 *
 * @example apiQuery({ action: '', actor: '', from: '2026-03-01', to: '', q: 'x' }) // → { from: '2026-03-01T00:00:00+01:00', q: 'x' }
 */
export function apiQuery(filters: AuditFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (isAuditAction(filters.action)) query.action = filters.action;
  if (filters.actor) query.actor = filters.actor.slice(0, 254);
  if (DAY.test(filters.from)) query.from = `${filters.from}T00:00:00${casablancaOffset(filters.from)}`;
  if (DAY.test(filters.to)) query.to = `${filters.to}T23:59:59.999${casablancaOffset(filters.to)}`;
  if (filters.q) query.q = filters.q.slice(0, 200);
  return query;
}
