import { error } from '@sveltejs/kit';
import { region } from '#lib/server/commune-directory.ts';
import type { PageServerLoad } from './$types';
import { hostedCommunes } from '../directory.server.ts';

// `/{lang}/communes/{region}`: a region's provinces and prefectures that have hosted communes.
export const load = (async (event) => {
  const lang = event.params.lang;
  const found = region(await hostedCommunes(event, lang), event.params.region, lang);
  if (!found) error(404, { code: 'NOT_FOUND', message: 'no such area', requestId: event.locals.requestId });
  return { region: { key: event.params.region, ...found } };
}) satisfies PageServerLoad;
