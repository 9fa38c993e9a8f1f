import { clientFor } from '#lib/server/api.ts';
import { refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** The national catalogue: the current version, the draft of the next one, and every service. */
export const load = (async (event) => ({ catalogue: await loaded(event, await clientFor(event).api.v1.operator.catalogue.$get()) })) satisfies PageServerLoad;

export const actions = {
  discard: async (event) => {
    const response = await clientFor(event).api.v1.operator.catalogue.draft.$delete();
    if (!response.ok) return refused(response, {});
    return { discarded: true };
  },
} satisfies Actions;
