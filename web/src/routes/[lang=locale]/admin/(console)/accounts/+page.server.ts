import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** Every staff account of the platform, for the operator; `?q=` searches names and addresses. */
export const load = (async (event) => {
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const response = await clientFor(event).api.v1.operator.users.$get({ query: q ? { q } : {} });
  const { accounts } = await loaded(event, response);
  return { q, accounts };
}) satisfies PageServerLoad;

async function setDisabled(event: Parameters<Actions[string]>[0], disabled: boolean) {
  const values = formValues(await event.request.formData());
  const users = clientFor(event).api.v1.operator.users[':userId'];
  const param = { userId: values.userId ?? '' };
  const response = disabled ? await users.disable.$post({ param }) : await users.enable.$post({ param });
  if (!response.ok) return refused(response, values);
  const account = await response.json();
  return { done: disabled ? ('disabled' as const) : ('enabled' as const), userId: account.id, email: account.email };
}

export const actions = {
  disable: (event) => setDisabled(event, true),
  enable: (event) => setDisabled(event, false),
  /** Support: a second factor lost with its recovery codes (reason required; the person is told by mail). */
  resetSecondFactor: async (event) => {
    const values = formValues(await event.request.formData());
    const reason = (values.reason ?? '').trim();
    if (reason.length < 10) return invalid({ reason: reason ? 'too_short' : 'required' }, values);
    const response = await clientFor(event).api.v1.operator.users[':userId']['second-factor'].reset.$post({ param: { userId: values.userId ?? '' }, json: { reason } });
    if (!response.ok) return refused(response, values);
    return { done: 'second_factor_reset' as const, userId: values.userId ?? '', email: values.email ?? '' };
  },
  endSessions: async (event) => {
    const values = formValues(await event.request.formData());
    const response = await clientFor(event).api.v1.operator.users[':userId'].sessions.end.$post({ param: { userId: values.userId ?? '' } });
    if (!response.ok) return refused(response, values);
    return { done: 'sessions_ended' as const, userId: values.userId ?? '', email: values.email ?? '' };
  },
} satisfies Actions;
