import { error, fail, redirect } from '@sveltejs/kit';
import { OFFICE_KINDS, OfficeInUseSchema } from '@jamaa/api/offices/offices.schemas.ts';
import { officeFormValues, officeFromForm } from '#lib/admin/office-form.ts';
import { localize } from '#lib/catalogue/present.ts';
import { clientFor, errorBody } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { requireSite } from '#lib/server/site.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load = (async (event) => {
  const { site, lang } = await event.parent();
  const { offices } = await loaded(event, await clientFor(event).api.v1.admin.offices.$get());
  const office = offices.find((o) => o.id === event.params.id);
  if (!office) error(404, { code: 'NOT_FOUND', message: 'no such office', requestId: event.locals.requestId });
  return { id: office.id, readOnly: office.readOnly, name: localize(office.names, lang, site.fallbackLocales), values: officeFormValues(office), kinds: OFFICE_KINDS };
}) satisfies PageServerLoad;

export const actions = {
  save: async (event) => {
    const values = formValues(await event.request.formData());
    if (!UUID.test(event.params.id)) return invalid({}, values, 'NOT_FOUND');
    const { input, fields, fieldNames } = officeFromForm(values);
    if (Object.keys(fields).length > 0) return invalid(fields, values);
    const response = await clientFor(event).api.v1.admin.offices[':id'].$put({ param: { id: event.params.id }, json: input });
    if (!response.ok) return refused(response, values, fieldNames);
    return { saved: true };
  },
  /** Deleting an office that services point to is refused: the page names them. */
  delete: async (event) => {
    if (!UUID.test(event.params.id)) return invalid({}, {}, 'NOT_FOUND');
    const client = clientFor(event);
    const response = await client.api.v1.admin.offices[':id'].$delete({ param: { id: event.params.id } });
    if (response.ok) redirect(303, `/${event.params.lang}/admin/offices?deleted=1`);
    const body = await errorBody(response.clone());
    const details = body?.error.code === 'OFFICE_IN_USE' ? OfficeInUseSchema.safeParse(body.error.details) : null;
    if (!details?.success) return refused(response, {});
    const site = requireSite(event.locals);
    const list = await client.api.v1.admin.catalogue.offerings.$get();
    const services = list.ok ? (await list.json()).services : [];
    const inUse = details.data.services.map((s) => {
      const service = services.find((x) => x.code === s.code);
      return { code: s.code, name: service ? localize(service.names, event.params.lang, site.fallbackLocales) : null, elsewhere: s.tenantId !== site.id ? s.tenantSlug : null };
    });
    return fail(409, { code: 'OFFICE_IN_USE', fields: {} as Record<string, string>, values: {} as Record<string, string>, inUse });
  },
} satisfies Actions;
