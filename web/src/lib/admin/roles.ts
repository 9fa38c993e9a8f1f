// The tenant roles, in the order the console offers them.
import type { Me } from '@jamaa/api/accounts/accounts.schemas.ts';
import { isDepartment, type Department } from '@jamaa/tenants/departments.ts';

export type StaffRole = NonNullable<Me['role']>;

export const STAFF_ROLES = ['administrator', 'editor', 'agent', 'supervisor'] as const satisfies readonly StaffRole[];

/** The form's role, or null when it is not one (a tampered form). */
export function staffRole(value: string | undefined): StaffRole | null {
  return (STAFF_ROLES as readonly string[]).includes(value ?? '') ? (value as StaffRole) : null;
}

/**
 * What the API wants for a role: a department of the list for an agent only (empty or not one of the list:
 * left out, so the API says it is required and the form asks to choose from the list).
 *
 * @example roleInput('agent', ' civil-status ') // → { role: 'agent', department: 'civil-status' }
 * @example roleInput('editor', 'x') // → { role: 'editor' }
 */
export function roleInput(role: StaffRole, department: string | undefined): { role: StaffRole; department?: Department } {
  const trimmed = department?.trim();
  return role === 'agent' && isDepartment(trimmed) ? { role, department: trimmed } : { role };
}
