import { clientFor } from '#lib/server/api.ts';
import { loaded } from '#lib/server/staff.ts';
import type { PageServerLoad } from './$types';

const SHOWN = 300;
const STATUSES = ['provisioning', 'active', 'suspended', 'archived'] as const;

/** The operator's table of every tenant; `?q=` filters by name, slug or code, `?status=` by state. */
export const load = (async (event) => {
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const status = STATUSES.find((s) => s === event.url.searchParams.get('status')) ?? null;
  const { tenants } = await loaded(event, await clientFor(event).api.v1.operator.tenants.$get());
  const needle = q.toLowerCase();
  const matching = tenants.filter(
    (t) =>
      (!status || t.status === status) &&
      (!needle ||
        t.slug.includes(needle) ||
        t.code.startsWith(needle) ||
        Object.values(t.names).some((n) => n?.toLowerCase().includes(needle)) ||
        t.domains.some((d) => d.domain.includes(needle))),
  );
  return { q, status, statuses: STATUSES, total: tenants.length, matching: matching.length, tenants: matching.slice(0, SHOWN) };
}) satisfies PageServerLoad;
