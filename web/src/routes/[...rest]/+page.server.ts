import { error } from '@sveltejs/kit';
import { requireSite } from '#lib/server/site.ts';
import type { PageServerLoad } from './$types';

// Any path no other route matches: the host's error comes first (an unknown host says so on every
// path), then a plain 404, both through +error.svelte rather than SvelteKit's bare fallback.
export const load = (({ locals }) => {
  requireSite(locals);
  error(404, 'NOT_FOUND', { code: 'NOT_FOUND', requestId: locals.requestId });
}) satisfies PageServerLoad;
