import { translatable, translatableValues } from '#lib/admin/text-fields.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
  const { site } = await event.parent();
  const tariff = await loaded(event, await clientFor(event).api.v1.admin.tariff.$get());
  return { tariff, values: { url: tariff.inherited ? '' : (tariff.url ?? ''), ...translatableValues(tariff.inherited ? {} : tariff.note, 'note') }, hasParent: site.parent !== null };
}) satisfies PageServerLoad;

export const actions = {
  /** Saves the link and the note (both empty: no tariff of this tenant's own). */
  save: async (event) => {
    const values = formValues(await event.request.formData());
    const url = values.url?.trim() || null;
    const response = await clientFor(event).api.v1.admin.tariff.$put({ json: { url, note: translatable(values, 'note') ?? {} } });
    if (!response.ok) return refused(response, values, { 'note.ar': 'note_ar', 'note.fr': 'note_fr', 'note.zgh': 'note_zgh' });
    return { saved: true as const };
  },
} satisfies Actions;
