import { redirect } from '@sveltejs/kit';
import { newFormToken } from '@jamaa/api/idempotency/idempotency.schemas.ts';
import { complaintMapView } from '#lib/complaints/map.ts';
import { getOffices } from '#lib/server/api.ts';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import { PHOTO_MAX_BYTES } from '#lib/server/page-body-limit.ts';
import { submitComplaintForm } from '#lib/server/complaint-form.ts';
import { getCategories, getComplaintArea, submitComplaint } from '#lib/server/complaints.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  const [categories, offices, area] = await Promise.all([getCategories(event), getOffices(event), getComplaintArea(event)]);
  return {
    categories: categories.filter((c) => c.active),
    token: newFormToken(),
    center: complaintMapView(area, offices),
    photoMaxMb: PHOTO_MAX_BYTES / 1024 / 1024,
    deadlineDays: Math.max(60, ...categories.map((c) => c.deadlineDays)),
  };
}) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const categories = (await getCategories(event)).filter((c) => c.active);
    const outcome = await submitComplaintForm(event, (form, headers) => submitComplaint(event, form, headers), categories);
    if (!('result' in outcome)) return outcome;
    redirect(303, `${outcome.result.privatePath}?filed=1`);
  },
} satisfies Actions;
