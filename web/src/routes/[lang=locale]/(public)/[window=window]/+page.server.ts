import { getWindow } from '#lib/server/content.ts';
import type { PageServerLoad } from './$types';

export const load = (async (event) => ({ list: await getWindow(event, event.params.window, event.params.lang) })) satisfies PageServerLoad;
