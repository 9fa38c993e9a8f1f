import { regionsOf, searchCommunes } from '#lib/server/commune-directory.ts';
import type { PageServerLoad } from './$types';
import { hostedCommunes } from './directory.server.ts';

// `/{lang}/communes?q=…`: the platform's commune search (the home page's form), with the regions below.
export const load = (async (event) => {
  const lang = event.params.lang;
  const communes = await hostedCommunes(event, lang);
  const query = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
  return { query, results: query ? searchCommunes(communes, query) : null, directory: regionsOf(communes, lang) };
}) satisfies PageServerLoad;
