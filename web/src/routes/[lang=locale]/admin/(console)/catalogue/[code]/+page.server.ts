import { error, type RequestEvent } from '@sveltejs/kit';
import type { OfficeView, ServiceDetailView } from '@jamaa/api/catalogue/catalogue.schemas.ts';
import { isOverrideField, OVERRIDE_FIELD_NAMES, overrideChange, overrideFormValues, ownOverrides, OVERRIDE_FIELDS, type Overrides } from '#lib/admin/offering.ts';
import { isCatalogueCode, localize } from '#lib/catalogue/present.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { requireSite } from '#lib/server/site.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Offering } from '../+page.server.ts';
import type { Actions, PageServerLoad } from './$types';

/** One service: its national card (read only) and this site's local facts. */
export const load = (async (event) => {
  const { site, lang, me } = await event.parent();
  const code = event.params.code;
  const client = clientFor(event);
  const { services } = await loaded(event, await client.api.v1.admin.catalogue.offerings.$get());
  const service = isCatalogueCode(code) ? services.find((s) => s.code === code) : undefined;
  if (!service) error(404, { code: 'NOT_FOUND', message: `no service ${code}`, requestId: event.locals.requestId });
  const canChange = me.role === 'administrator';

  // The full national card is public only while the service is offered here.
  const detailResponse = service.offering.enabled ? await client.api.v1.services[':code'].$get({ param: { code } }) : null;
  const detail = detailResponse?.ok ? ((await detailResponse.json()) as ServiceDetailView) : null;
  const offices = canChange
    ? (await loaded(event, await client.api.v1.admin.offices.$get())).offices
    : (await loaded(event, await client.api.v1.offices.$get())).offices;

  const fallbacks = site.fallbackLocales;
  const { overrides, overriddenBy, reviewFields } = service.offering;
  const own = ownOverrides(overrides, overriddenBy, site.id);
  const byField = Object.fromEntries(
    OVERRIDE_FIELDS.filter((f) => f in overrides).map((f) => [f, overriddenBy[f] === site.id ? ('here' as const) : ('commune' as const)]),
  );
  const card = detail?.card ?? null;
  return {
    code,
    canChange,
    enabled: service.offering.enabled,
    local: service.local,
    name: localize(service.names, lang, fallbacks),
    summary: localize(service.summary, lang, fallbacks),
    nationalCost: card?.cost ?? (overrides.cost ? null : service.cost),
    documents: card ? card.documents.map((d) => localize(d, lang, fallbacks)) : null,
    officeKind: card?.where.officeKind ?? null,
    byField,
    inherited: Object.fromEntries(Object.entries(overrides).filter(([f]) => byField[f] === 'commune')) as Overrides,
    reviewFields,
    values: overrideFormValues(own),
    offices: offices.map((o) => ({ id: o.id, name: localize(o.names, lang, fallbacks), inherited: o.inherited })),
  };
}) satisfies PageServerLoad;

async function ownFields(event: RequestEvent, code: string, tenantId: string) {
  const response = await clientFor(event).api.v1.admin.catalogue.offerings.$get();
  if (!response.ok) return [];
  const { services } = (await response.json()) as { services: Offering[] };
  const service = services.find((s) => s.code === code);
  return service ? OVERRIDE_FIELDS.filter((f) => service.offering.overriddenBy[f] === tenantId) : [];
}

export const actions = {
  /** Saves the local facts: a field left empty stops overriding the national value. */
  save: async (event) => {
    const site = requireSite(event.locals);
    const values = formValues(await event.request.formData());
    const { overrides, fields } = overrideChange(values, await ownFields(event, event.params.code, site.id));
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
