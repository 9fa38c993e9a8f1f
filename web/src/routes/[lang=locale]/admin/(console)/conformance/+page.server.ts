import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/** Every tenant's score, lowest first: whom to help first. */
export const load = (async (event) => {
  const { tenants } = await loaded(event, await clientFor(event).api.v1.operator.conformance.$get());
  return { total: tenants.length, scores: tenants.slice(0, 300) };
}) satisfies PageServerLoad;
