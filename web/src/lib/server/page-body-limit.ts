// How much a browser may post to a page (SvelteKit form actions), decided before SvelteKit reads a
// byte. `web/server.ts` applies it; the API's own routes bound their bodies themselves (api/src/http/body-limit.ts).
import { LOGO_MAX_BYTES } from '@jamaa/api/branding/branding.schemas.ts';
import { isLocale } from '@jamaa/tenants/locale.ts';
import { MAX_PHOTOS } from '../complaints/constants.ts';

/**
 * Any page form. Console forms carry text in three scripts, URL-encoded: an Arabic letter takes 12
 * bytes once percent-encoded, so this leaves room for a long service card and no more.
 */
export const PAGE_BODY_MAX_BYTES = 256 * 1024;
/** The logo form (`/<locale>/admin/branding?/logo`): the image (≤ 2 MB) and its multipart envelope. */
export const LOGO_FORM_MAX_BYTES = LOGO_MAX_BYTES + 64 * 1024;
/** The most a single photo may weigh as a phone sends it (the page's server shrinks it for the API). */
export const PHOTO_MAX_BYTES = 12 * 1024 * 1024;
/** The complaint forms (`/<locale>/complaints/new`, the console's `/<locale>/admin/complaints/new`): up to three phone photos. */
export const COMPLAINT_FORM_MAX_BYTES = MAX_PHOTOS * PHOTO_MAX_BYTES + 256 * 1024;
/** The console's content forms (`/<locale>/admin/content/new`, `…/content/<id>`): a Markdown body in three scripts, percent-encoded. */
export const CONTENT_FORM_MAX_BYTES = 2 * 1024 * 1024;
/** A file joined to an item (`…/content/<id>?/attach`): a PDF of up to 25 MB (the API's document limit) and its envelope. */
export const CONTENT_FILE_FORM_MAX_BYTES = 25 * 1024 * 1024 + 64 * 1024;
/** SvelteKit's own limit (`BODY_SIZE_LIMIT`), the largest above: what bounds a body of undeclared length. */
export const PAGE_BODY_LIMIT_CEILING = Math.max(LOGO_FORM_MAX_BYTES, COMPLAINT_FORM_MAX_BYTES, CONTENT_FILE_FORM_MAX_BYTES);

/** The most a request to this page may send. */
export function pageBodyLimit(pathname: string, search: string): number {
  const [, locale, admin, page, ...rest] = pathname.replace(/\/+$/, '').split('/');
  const logoForm = isLocale(locale) && admin === 'admin' && page === 'branding' && rest.length === 0 && /^\?\/logo(&|$)/.test(search);
  if (logoForm) return LOGO_FORM_MAX_BYTES;
  const complaintForm =
    isLocale(locale) && ((admin === 'complaints' && page === 'new' && rest.length === 0) || (admin === 'admin' && page === 'complaints' && rest.length === 1 && rest[0] === 'new'));
  if (complaintForm) return COMPLAINT_FORM_MAX_BYTES;
  const contentForm = isLocale(locale) && admin === 'admin' && page === 'content' && rest.length === 1 && /^[\w-]+$/.test(rest[0] ?? '');
  if (contentForm) return rest[0] !== 'new' && /^\?\/attach(&|$)/.test(search) ? CONTENT_FILE_FORM_MAX_BYTES : CONTENT_FORM_MAX_BYTES;
  return PAGE_BODY_MAX_BYTES;
}

/**
 * 413 when the declared Content-Length is over the page's limit, else null. Node's parser never reads
 * past a declared length; a body of undeclared length (chunked) is left to SvelteKit, which counts it
 * against `PAGE_BODY_LIMIT_CEILING` as it arrives.
 *
 * @example refusePageBody('/fr/admin/users', '', '10485760') // → 413
 */
export function refusePageBody(pathname: string, search: string, contentLength: string | undefined): 413 | null {
  if (contentLength === undefined || !/^\d+$/.test(contentLength)) return null;
  return Number(contentLength) > pageBodyLimit(pathname, search) ? 413 : null;
}
