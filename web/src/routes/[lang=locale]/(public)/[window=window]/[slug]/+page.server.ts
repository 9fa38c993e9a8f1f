import { getItem } from '#lib/server/content.ts';
import type { PageServerLoad } from './$types';

export const load = (async (event) => ({ item: await getItem(event, event.params.window, event.params.slug, event.params.lang) })) satisfies PageServerLoad;
