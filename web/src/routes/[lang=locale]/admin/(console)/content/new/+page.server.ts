import { fail, redirect } from '@sveltejs/kit';
import { contentFieldName, contentFormValues, contentFromForm, isContentKind } from '#lib/admin/content-form.ts';
import { clientFor } from '#lib/server/api.ts';
import { withSite } from '#lib/admin/content-site.ts';
import { previewBodies, sitePickerFor, targetQuery } from '#lib/server/content-admin.ts';
import { kindInputs, kindInputsOf } from '#lib/server/kind-inputs.ts';
import { formValues, invalid, keptValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
  const { site, lang } = await event.parent();
  // Only editors and administrators (of the chosen arrondissement too): anyone else gets the 403 page
  // here, not at the end of the form.
  await loaded(event, await clientFor(event).api.v1.admin.content.$get({ query: { kind: 'news', ...targetQuery(event) } }));
  const picker = await sitePickerFor(event, lang, site.fallbackLocales);
  const asked = event.url.searchParams.get('kind');
  const kind = isContentKind(asked) ? asked : 'news';
  // Only this kind's inputs: another kind is another page (`?kind=`).
  const inputs = kindInputs(kind);
  // An arrondissement has none of its own to share with.
  return { values: contentFormValues(null, inputs, kind), inputs, canShare: site.kind === 'commune' && !picker.current, chosenSite: picker.current };
}) satisfies PageServerLoad;

export const actions = {
  /** A new draft, then its edit page (where it is published). */
  create: async (event) => {
    const values = formValues(await event.request.formData());
    const inputs = kindInputsOf(values.kind);
    const { input, fields } = contentFromForm(values, inputs);
    if (Object.keys(fields).length > 0) return invalid(fields, values);
    const target = targetQuery(event);
    const response = await clientFor(event).api.v1.admin.content.$post({ query: target, json: input });
    if (!response.ok) return refused(response, values, (path) => contentFieldName(inputs, path));
    const item = await response.json();
    redirect(303, withSite(`/${event.params.lang}/admin/content/${item.id}?created=1`, target.tenant ?? null));
  },
  /** The bodies as the public will see them, nothing saved. */
  preview: async (event) => {
    const values = formValues(await event.request.formData());
    if (!isContentKind(values.kind)) return fail(422, { code: 'VALIDATION_FAILED', fields: { kind: 'invalid_value' }, values: keptValues(values) });
    return { preview: await previewBodies(event, values), values: keptValues(values) };
  },
} satisfies Actions;
