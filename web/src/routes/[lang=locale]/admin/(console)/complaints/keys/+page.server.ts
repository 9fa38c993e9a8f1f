import { createOpen311Key, getOpen311Keys, revokeOpen311Key } from '#lib/server/complaints.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Open311 API keys, one per client application; administrators only (the API says so too). The page
 * also gives the address clients start from (the discovery document on this tenant's host).
 */
export const load = (async (event) => ({
  keys: await getOpen311Keys(event),
  endpoint: new URL('/open311/discovery.json', event.url.origin).href,
})) satisfies PageServerLoad;

export const actions = {
  create: async (event) => {
    const values = formValues(await event.request.formData());
    const name = (values.name ?? '').trim();
    if (!name) return invalid({ name: 'required' }, values);
    const response = await createOpen311Key(event, name);
    if (!response.ok) return refused(response, values);
    const created = (await response.json()) as { apiKey: string; name: string };
    return { created: { apiKey: created.apiKey, name: created.name } };
  },
  revoke: async (event) => {
    const values = formValues(await event.request.formData());
    const response = await revokeOpen311Key(event, values.keyId ?? '');
    if (!response.ok) return refused(response, values);
    return { revoked: true };
  },
} satisfies Actions;
