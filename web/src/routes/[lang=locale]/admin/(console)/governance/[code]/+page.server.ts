import { error } from '@sveltejs/kit';
import { cardFieldNames, cardFormValues, cardFromForm } from '#lib/admin/national-card.ts';
import { isCatalogueCode } from '#lib/catalogue/present.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function service(event: RequestEvent | Parameters<PageServerLoad>[0]) {
  const code = event.params.code;
  if (!isCatalogueCode(code)) error(404, { code: 'NOT_FOUND', message: `no service ${code}`, requestId: event.locals.requestId });
  return loaded(event, await clientFor(event).api.v1.operator.catalogue.services[':code'].$get({ param: { code } }));
}

/** One national service: its card in the draft (else as published), in a form. */
export const load = (async (event) => {
  const s = await service(event);
  const card = s.draft ?? s.published;
  return { code: s.code, withdrawn: s.withdrawn, changed: s.draft !== null, published: s.published !== null, values: card ? cardFormValues(card) : {} };
}) satisfies PageServerLoad;

export const actions = {
  /** The card with the form's texts and fee, into the draft (validated by the API like a catalogue file). */
  save: async (event) => {
    const values = formValues(await event.request.formData());
    const s = await service(event);
    const base = s.draft ?? s.published;
    if (!base) error(404, { code: 'NOT_FOUND', message: 'no card', requestId: event.locals.requestId });
    const { card, fields } = cardFromForm(base, values);
    if (Object.keys(fields).length > 0) return invalid(fields, values);
    const response = await clientFor(event).api.v1.operator.catalogue.draft.services[':code'].$put({ param: { code: s.code }, json: { card } });
    if (!response.ok) return refused(response, values, cardFieldNames(card.documents.length));
    return { saved: true as const };
  },
  withdraw: async (event) => {
    const response = await clientFor(event).api.v1.operator.catalogue.draft.services[':code'].$put({ param: { code: event.params.code }, json: { withdrawn: true } });
    if (!response.ok) return refused(response, {});
    return { saved: true as const };
  },
  revert: async (event) => {
    const response = await clientFor(event).api.v1.operator.catalogue.draft.services[':code'].$delete({ param: { code: event.params.code } });
    if (!response.ok) return refused(response, {});
    return { reverted: true as const };
  },
} satisfies Actions;
