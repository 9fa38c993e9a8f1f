import { redirect } from '@sveltejs/kit';
import { requireCatalogueSite } from '#lib/server/catalogue.ts';
import { getPublicComplaint } from '#lib/server/complaints.ts';
import type { PageServerLoad } from './$types';

/** A tracking number typed by anyone (a GET form): to its page when this tenant has it. */
export const load = (async (event) => {
  requireCatalogueSite(event.locals);
  const number = (event.url.searchParams.get('number') ?? '').trim().toUpperCase().replace(/\s+/g, '');
  if (!number) return { number: '', notFound: false };
  const complaint = /^[A-Z0-9-]{6,40}$/.test(number) ? await getPublicComplaint(event, number) : null;
  if (complaint) redirect(303, `/${event.params.lang}/complaints/${encodeURIComponent(complaint.tracking)}`);
  return { number, notFound: true };
}) satisfies PageServerLoad;
