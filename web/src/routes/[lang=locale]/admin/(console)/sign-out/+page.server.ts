import { redirect } from '@sveltejs/kit';
import { clientFor } from '#lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST (a link could be followed by a prefetch or another site); the page itself
// only sends back to the console.
export const load = (({ params }) => redirect(303, `/${params.lang}/admin`)) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    await clientFor(event).api.v1.auth.logout.$post();
    redirect(303, `/${event.params.lang}/admin/sign-in?signed_out=1`);
  },
} satisfies Actions;
