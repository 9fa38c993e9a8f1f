import type { LayoutServerLoad } from './$types';

// Public pages are server-rendered HTML with no client JavaScript: they work with JavaScript off and
// the first load on a slow phone is only HTML, CSS and (when the script needs one) a font.
// A tree that needs client-side navigation (admin, operator) can set `csr = true` in its own layout.
export const csr = false;

// Deliberately throws nothing: an error thrown here would bypass +error.svelte (SvelteKit falls back to
// the static error.html). Routes call requireSite() instead.
export const load = (({ locals }) => {
  return {
    site: locals.site,
    // Where an unknown host's error page sends the reader.
    platformOrigin: locals.platformOrigin,
    // Error pages quote it even when the error (e.g. one from the API client) does not carry it.
    requestId: locals.requestId,
  };
}) satisfies LayoutServerLoad;
