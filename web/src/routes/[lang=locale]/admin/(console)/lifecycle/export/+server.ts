import { clientFor, unwrap } from '#lib/server/api.ts';
import type { RequestHandler } from './$types';

/** The operator's export as a download: the form posts here, the API's zip comes back as an attachment. */
export const POST: RequestHandler = async (event) => {
  const form = await event.request.formData();
  const tenantId = String(form.get('tenantId') ?? '');
  const response = await clientFor(event).api.v1.operator.tenants[':tenantId'].export.$post({ param: { tenantId } });
  if (!response.ok) await unwrap(response); // the error page, with the API's code translated
  const headers = new Headers();
  for (const name of ['content-type', 'content-disposition', 'x-archive-sha256']) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set('cache-control', 'no-store');
  return new Response(await response.arrayBuffer(), { status: 200, headers });
};
