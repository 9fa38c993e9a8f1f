import { error } from '@sveltejs/kit';
import { province } from '#lib/server/commune-directory.ts';
import type { PageServerLoad } from './$types';
import { hostedCommunes } from '../../directory.server.ts';

// `/{lang}/communes/{region}/{province}`: the hosted communes of a province or prefecture.
export const load = (async (event) => {
  const lang = event.params.lang;
  const found = province(await hostedCommunes(event, lang), event.params.region, event.params.province, lang);
  if (!found) error(404, { code: 'NOT_FOUND', message: 'no such area', requestId: event.locals.requestId });
  return { province: { regionKey: event.params.region, ...found } };
}) satisfies PageServerLoad;
