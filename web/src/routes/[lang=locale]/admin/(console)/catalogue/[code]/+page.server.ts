import { error } from '@sveltejs/kit';
import { isOverrideField, OVERRIDE_FIELD_NAMES, overrideChange, overrideFormValues, OVERRIDE_FIELDS, type OverrideField } from '#lib/admin/offering.ts';
import { isCatalogueCode, localize } from '#lib/catalogue/present.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/** One service: its national card (read only) and this site's local facts, in one API call. */
export const load = (async (event) => {
  const { site, lang, me } = await event.parent();
  const code = event.params.code;
  if (!isCatalogueCode(code)) error(404, { code: 'NOT_FOUND', message: `no service ${code}`, requestId: event.locals.requestId });
  const service = await loaded(event, await clientFor(event).api.v1.admin.catalogue.offerings[':code'].$get({ param: { code } }));
  const fallbacks = site.fallbackLocales;
  const { enabled, overrides, reviewFields } = service.offering;
  const byField = Object.fromEntries(
    OVERRIDE_FIELDS.filter((f) => f in overrides).map((f) => [f, f in service.own ? ('here' as const) : ('commune' as const)]),
  );
  const card = service.card;
  return {
    code,
    canChange: me.role === 'administrator',
    enabled,
    local: service.local,
    name: localize(service.names, lang, fallbacks),
    summary: localize(service.summary, lang, fallbacks),
    nationalCost: card.cost,
    documents: card.documents.map((d) => localize(d, lang, fallbacks)),
    officeKind: card.where.officeKind ?? null,
    byField,
    inherited: service.inherited,
    reviewFields,
    values: overrideFormValues(service.own),
    ownFields: OVERRIDE_FIELDS.filter((f) => f in service.own),
    offices: service.offices.map((o) => ({ id: o.id, name: localize(o.names, lang, fallbacks), inherited: o.inherited })),
  };
}) satisfies PageServerLoad;

/**
 * The override fields this tenant had set when the form was shown (a hidden field): those the form now
 * leaves empty are removed; a field set meanwhile by someone else is not in the list, so it is kept.
 */
function ownFields(values: Record<string, string>): OverrideField[] {
  return (values.own_fields ?? '').split(' ').filter(isOverrideField);
}

export const actions = {
  /** Saves the local facts: a field left empty stops overriding the national value. */
  save: async (event) => {
    const values = formValues(await event.request.formData());
    const { overrides, fields } = overrideChange(values, ownFields(values));
    if (Object.keys(fields).length > 0) return invalid(fields, values);
    const response = await clientFor(event).api.v1.admin.catalogue.offerings[':code'].$put({ param: { code: event.params.code }, json: { overrides } });
    if (!response.ok) return refused(response, values, OVERRIDE_FIELD_NAMES);
    return { saved: true };
  },
  /** "Use the national value" for one field. */
  clear: async (event) => {
    const values = formValues(await event.request.formData());
    const field = values.field;
    if (!isOverrideField(field)) return invalid({}, values);
    const response = await clientFor(event).api.v1.admin.catalogue.offerings[':code'].$put({ param: { code: event.params.code }, json: { overrides: { [field]: null } } });
    if (!response.ok) return refused(response, values, OVERRIDE_FIELD_NAMES);
    return { cleared: field };
  },
} satisfies Actions;
