import { OFFICE_KINDS, type AdminOfficeList, type OfficeKind } from '@jamaa/api/offices/offices.schemas.ts';
import { localize } from '#lib/catalogue/present.ts';
import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

/** This site's offices, then its commune's (shown, not changeable here). */
export const load = (async (event) => {
  const { site, lang } = await event.parent();
  const { offices } = await loaded(event, await clientFor(event).api.v1.admin.offices.$get());
  return {
    offices: offices.map((o) => ({
      id: o.id,
      kind: (OFFICE_KINDS as readonly string[]).includes(o.kind) ? (o.kind as OfficeKind) : null,
      name: localize(o.names, lang, site.fallbackLocales),
      address: localize(o.address, lang, site.fallbackLocales),
      phone: o.phone,
      readOnly: o.readOnly,
      hasHours: o.hours.length > 0,
    })),
    deleted: event.url.searchParams.has('deleted'),
    saved: event.url.searchParams.has('saved'),
  };
}) satisfies PageServerLoad;
