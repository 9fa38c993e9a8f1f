import type { OutboxView } from '@jamaa/api/mail/outbox.schemas.ts';
import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/** The newest mail written by the site: the tenant's for an administrator, the platform's for the operator. */
export const load = (async (event) => {
  const { me } = await event.parent();
  const api = clientFor(event).api.v1;
  const response = me.operator ? await api.operator.outbox.$get({ query: {} }) : await api.admin.outbox.$get();
  return { outbox: await loaded(event, response) };
}) satisfies PageServerLoad;
