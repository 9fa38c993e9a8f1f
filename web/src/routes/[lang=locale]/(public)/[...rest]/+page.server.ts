import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// A path under a locale that no page matches: a 404 inside the tenant's layout (header, switcher).
export const load = (({ locals }) => {
  error(404, 'NOT_FOUND', { code: 'NOT_FOUND', requestId: locals.requestId });
}) satisfies PageServerLoad;
