import { redirect } from '@sveltejs/kit';
import { clientFor } from '#lib/server/api.ts';
import { formValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in person's sessions on this site: device, address, last seen; end one, or all the others. */
export const load = (async (event) => {
  const response = await clientFor(event).api.v1.admin.account.sessions.$get();
  const { sessions } = await loaded(event, response);
  return { sessions };
}) satisfies PageServerLoad;

export const actions = {
  endOthers: async (event) => {
    const response = await clientFor(event).api.v1.admin.account.sessions['end-others'].$post();
    if (!response.ok) return refused(response, {});
    return { done: 'others_ended' as const };
  },
  end: async (event) => {
    const values = formValues(await event.request.formData());
    const response = await clientFor(event).api.v1.admin.account.sessions[':sessionId'].$delete({ param: { sessionId: values.sessionId ?? '' } });
    if (!response.ok) return refused(response, values);
    if ((await response.json()).current) redirect(303, `/${event.params.lang}/admin/sign-in`);
    return { done: 'ended' as const };
  },
} satisfies Actions;
