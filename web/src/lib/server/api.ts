// CONTRACT (owned by the api side; web pages only import the functions below).
// The single server-only module that talks to the in-process Hono app.
import type { RequestEvent } from '@sveltejs/kit';
import type { Home } from '@jamaa/api/site/site.schemas.ts';
import type { Locale } from '@jamaa/api/shared/locale.ts';

/** The home page data of the request's tenant in `locale`. Throws a SvelteKit error on failure. */
export async function getHome(event: RequestEvent, locale: Locale): Promise<Home> {
  void event;
  void locale;
  throw new Error('not wired yet');
}
