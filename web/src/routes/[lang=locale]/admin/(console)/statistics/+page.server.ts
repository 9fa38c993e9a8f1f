import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/** Figures across every tenant of the platform. */
export const load = (async (event) => ({ stats: await loaded(event, await clientFor(event).api.v1.operator.statistics.$get()) })) satisfies PageServerLoad;
