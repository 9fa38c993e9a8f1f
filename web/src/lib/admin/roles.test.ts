import { describe, expect, it } from 'vitest';
import { roleInput, STAFF_ROLES, staffRole } from './roles.ts';

describe('staff roles in forms', () => {
  it('accepts only the four tenant roles', () => {
    expect(staffRole('agent')).toBe('agent');
    expect(staffRole('operator')).toBeNull();
    expect(staffRole(undefined)).toBeNull();
  });

  it('sends a department for an agent only', () => {
    expect(roleInput('agent', ' civil-status ')).toEqual({ role: 'agent', department: 'civil-status' });
    expect(roleInput('agent', '')).toEqual({ role: 'agent' });
    expect(roleInput('agent', 'Service des parcs'), 'a department not in the list').toEqual({ role: 'agent' });
    expect(roleInput('editor', 'civil-status')).toEqual({ role: 'editor' });
  });
});

describe('the roles offered', () => {
  it('are exactly the roles the API knows', async () => {
    const { StaffRoleSchema } = await import('@jamaa/api/accounts/accounts.schemas.ts');
    expect([...STAFF_ROLES].sort()).toEqual([...StaffRoleSchema.options].sort());
  });
});
