import type { Member } from '@jamaa/api/accounts/accounts.schemas.ts';
import { roleInput, staffRole } from '#lib/admin/roles.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** What a form that worked sends back: which form, about whom, and what happened. */
export interface Done {
  done: 'invited' | 'invited_undelivered' | 'withdrawn' | 'role_changed' | 'disabled' | 'enabled' | 'granted' | 'removed';
  form: string;
  userId: string;
  email: string;
}

export const load = (async (event) => {
  const { site } = await event.parent();
  const client = clientFor(event);
  const staff = await loaded(event, await client.api.v1.admin.users.$get());
  // Only a commune has arrondissements to grant rights on.
  const { arrondissements } = site.kind === 'commune' ? await loaded(event, await client.api.v1.admin.arrondissements.$get()) : { arrondissements: [] };
  return { staff, arrondissements, now: Date.now() };
}) satisfies PageServerLoad;

type Event = Parameters<Actions[string]>[0];

/** Reads the form, tagged with the form it came from so the page shows the answer beside it. */
async function read(event: Event, form: string): Promise<Record<string, string>> {
  return { ...formValues(await event.request.formData()), form };
}

const admin = (event: Event) => clientFor(event).api.v1.admin;

/** What the page shows after a change to a member worked. */
function memberDone(member: Pick<Member, 'userId' | 'email'>, values: Record<string, string>, done: Done['done']): Done {
  return { done, form: values.form ?? '', userId: member.userId, email: member.email };
}

export const actions = {
  invite: async (event) => {
    const values = await read(event, 'invite');
    const email = values.email?.trim() ?? '';
    const role = staffRole(values.role);
    if (!email || !role) return invalid({ ...(email ? {} : { email: 'required' }), ...(role ? {} : { role: 'required' }) }, values);
    const response = await admin(event).users.$post({ json: { email, ...roleInput(role, values.department) } });
    if (!response.ok) return refused(response, values);
    const created = await response.json();
    return { done: created.delivered ? 'invited' : 'invited_undelivered', form: 'invite', userId: '', email: created.invitation.email } satisfies Done;
  },
  withdraw: async (event) => {
    const values = await read(event, 'invitations');
    const response = await admin(event).invitations[':id'].$delete({ param: { id: values.id ?? '' } });
    if (!response.ok) return refused(response, values);
    return { done: 'withdrawn', form: 'invitations', userId: '', email: '' } satisfies Done;
  },
  role: async (event) => {
    const values = await read(event, 'role');
    const role = staffRole(values.role);
    if (!role) return invalid({ role: 'required' }, values);
    const response = await admin(event).users[':userId'].$patch({ param: { userId: values.userId ?? '' }, json: roleInput(role, values.department) });
    if (!response.ok) return refused(response, values);
    return memberDone(await response.json(), values, 'role_changed');
  },
  disable: async (event) => {
    const values = await read(event, 'status');
    const response = await admin(event).users[':userId'].disable.$post({ param: { userId: values.userId ?? '' } });
    if (!response.ok) return refused(response, values);
    return memberDone(await response.json(), values, 'disabled');
  },
  enable: async (event) => {
    const values = await read(event, 'status');
    const response = await admin(event).users[':userId'].enable.$post({ param: { userId: values.userId ?? '' } });
    if (!response.ok) return refused(response, values);
    return memberDone(await response.json(), values, 'enabled');
  },
  grant: async (event) => {
    const values = await read(event, 'grant');
    const role = staffRole(values.role);
    if (!role || !values.tenantId) return invalid({ ...(role ? {} : { role: 'required' }), ...(values.tenantId ? {} : { tenantId: 'required' }) }, values);
    const param = { userId: values.userId ?? '', tenantId: values.tenantId };
    const response = await admin(event).users[':userId'].tenants[':tenantId'].$put({ param, json: roleInput(role, values.department) });
    if (!response.ok) return refused(response, values);
    return memberDone(await response.json(), values, 'granted');
  },
  revoke: async (event) => {
    const values = await read(event, 'grant');
    const response = await admin(event).users[':userId'].tenants[':tenantId'].$delete({ param: { userId: values.userId ?? '', tenantId: values.tenantId ?? '' } });
    if (!response.ok) return refused(response, values);
    return { done: 'removed', form: 'grant', userId: values.userId ?? '', email: '' } satisfies Done;
  },
} satisfies Actions;
