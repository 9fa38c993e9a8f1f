import type { RequestEvent } from '@sveltejs/kit';
import type { InvitationCreatedSchema, Member, StaffList } from '@jamaa/api/accounts/accounts.schemas.ts';
import type { Site } from '@jamaa/api/site/site.schemas.ts';
import type { Locale } from '@jamaa/tenants/locale.ts';
import type { z } from '@hono/zod-openapi';
import { roleInput, staffRole } from '#lib/admin/roles.ts';
import { clientFor, getHome, getRuntime } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** An arrondissement of this commune, with the id the membership routes need. */
export interface Arrondissement {
  id: string;
  slug: string;
  names: Site['names'];
}

/**
 * The commune's arrondissements. The home page lists them without their ids, so each one's own site
 * answer (public, in process) gives it.
 */
async function arrondissements(event: RequestEvent, lang: Locale, site: Site): Promise<Arrondissement[]> {
  if (site.kind !== 'commune') return [];
  const { children } = await getHome(event, lang);
  const runtime = await getRuntime();
  const found = await Promise.all(
    children.map(async (child) => {
      const response = await runtime.app.fetch(new Request(`${child.origin}/api/v1/site`));
      return response.ok ? ((await response.json()) as Site) : null;
    }),
  );
  return found.filter((s): s is Site => s !== null).map((s) => ({ id: s.id, slug: s.slug, names: s.names }));
}

/** What a form that worked sends back: which form, about whom, and what happened. */
export interface Done {
  done: 'invited' | 'invited_undelivered' | 'withdrawn' | 'role_changed' | 'disabled' | 'enabled' | 'granted' | 'removed';
  form: string;
  userId: string;
  email: string;
}

export const load = (async (event) => {
  const { lang, site } = await event.parent();
  const staff = await loaded(event, await clientFor(event).api.v1.admin.users.$get());
  return { staff, arrondissements: await arrondissements(event, lang, site), now: Date.now() };
}) satisfies PageServerLoad;

type Event = Parameters<Actions[string]>[0];

/** Reads the form, tagged with the form it came from so the page shows the answer beside it. */
async function read(event: Event, form: string): Promise<Record<string, string>> {
  return { ...formValues(await event.request.formData()), form };
}

const admin = (event: Event) => clientFor(event).api.v1.admin;

async function memberAnswer(response: Response, values: Record<string, string>, done: Done['done']) {
  if (!response.ok) return refused(response, values);
  const member = (await response.json()) as Member;
  return { done, form: values.form ?? '', userId: member.userId, email: member.email } satisfies Done;
}

export const actions = {
  invite: async (event) => {
    const values = await read(event, 'invite');
    const email = values.email?.trim() ?? '';
    const role = staffRole(values.role);
    if (!email || !role) return invalid({ ...(email ? {} : { email: 'required' }), ...(role ? {} : { role: 'required' }) }, values);
    const response = await admin(event).users.$post({ json: { email, ...roleInput(role, values.department) } });
    if (!response.ok) return refused(response, values);
    const created = (await response.json()) as z.infer<typeof InvitationCreatedSchema>;
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
    return memberAnswer(response, values, 'role_changed');
  },
  disable: async (event) => {
    const values = await read(event, 'status');
    return memberAnswer(await admin(event).users[':userId'].disable.$post({ param: { userId: values.userId ?? '' } }), values, 'disabled');
  },
  enable: async (event) => {
    const values = await read(event, 'status');
    return memberAnswer(await admin(event).users[':userId'].enable.$post({ param: { userId: values.userId ?? '' } }), values, 'enabled');
  },
  grant: async (event) => {
    const values = await read(event, 'grant');
    const role = staffRole(values.role);
    if (!role || !values.tenantId) return invalid({ ...(role ? {} : { role: 'required' }), ...(values.tenantId ? {} : { tenantId: 'required' }) }, values);
    const param = { userId: values.userId ?? '', tenantId: values.tenantId };
    return memberAnswer(await admin(event).users[':userId'].tenants[':tenantId'].$put({ param, json: roleInput(role, values.department) }), values, 'granted');
  },
  revoke: async (event) => {
    const values = await read(event, 'grant');
    const response = await admin(event).users[':userId'].tenants[':tenantId'].$delete({ param: { userId: values.userId ?? '', tenantId: values.tenantId ?? '' } });
    if (!response.ok) return refused(response, values);
    return { done: 'removed', form: 'grant', userId: values.userId ?? '', email: '' } satisfies Done;
  },
} satisfies Actions;
