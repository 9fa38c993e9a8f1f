import { getHome } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
  return { home: await getHome(event, event.params.lang) };
}) satisfies PageServerLoad;
