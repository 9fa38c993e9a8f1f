import { redirect } from '@sveltejs/kit';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** Bulk onboarding: a region or a CSV file of registry codes; `?job=` follows a run (the page refreshes itself while it runs). */
export const load = (async (event) => {
  const client = clientFor(event);
  const options = await loaded(event, await client.api.v1.operator.onboarding.options.$get());
  const jobId = event.url.searchParams.get('job') ?? '';
  const job = /^[0-9a-f-]{36}$/.test(jobId) ? await loaded(event, await client.api.v1.operator.onboarding.jobs[':jobId'].$get({ param: { jobId } })) : null;
  return { regions: options.regions, job };
}) satisfies PageServerLoad;

export const actions = {
  start: async (event) => {
    const data = await event.request.formData();
    const values = formValues(data);
    const file = data.get('csv');
    const csv = file instanceof File && file.size > 0 ? await file.text() : (values.codes ?? '').trim();
    const region = values.region ?? '';
    if (!region && !csv) return invalid({ region: 'required' }, values);
    const response = await clientFor(event).api.v1.operator.onboarding.batch.$post({ json: region ? { region } : { csv } });
    if (!response.ok) return refused(response, values);
    const job = await response.json();
    redirect(303, `/${event.params.lang}/admin/onboarding/bulk?job=${job.id}`);
  },
} satisfies Actions;
