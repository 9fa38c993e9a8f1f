import { redirect } from '@sveltejs/kit';
import { newFormToken } from '@jamaa/api/idempotency/idempotency.schemas.ts';
import { complaintMapView } from '#lib/complaints/map.ts';
import { getOffices } from '#lib/server/api.ts';
import { submitComplaintForm } from '#lib/server/complaint-form.ts';
import { fileForCaller, getAdminCategories, getComplaintArea } from '#lib/server/complaints.ts';
import { PHOTO_MAX_BYTES } from '#lib/server/page-body-limit.ts';
import type { Actions, PageServerLoad } from './$types';

/** An agent files for a resident who calls or comes to the counter: the same form, plus the channel. */
export const load = (async (event) => {
  const [categories, offices, area] = await Promise.all([getAdminCategories(event), getOffices(event), getComplaintArea(event)]);
  return { categories: categories.filter((c) => c.active), token: newFormToken(), center: complaintMapView(area, offices), photoMaxMb: PHOTO_MAX_BYTES / 1024 / 1024 };
}) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const categories = (await getAdminCategories(event)).filter((c) => c.active);
    const outcome = await submitComplaintForm(event, (form, headers) => fileForCaller(event, form, headers), categories);
    if (!('result' in outcome)) return outcome;
    // Whether an SMS went out too (never the number: it would sit in the address bar and logs).
    const sms = outcome.result.sms ? `?sms=${outcome.result.sms.status}` : '';
    redirect(303, `/${event.params.lang}/admin/complaints/receipt/${outcome.result.token}${sms}`);
  },
} satisfies Actions;
