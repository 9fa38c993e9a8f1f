// The process-wide runtime, in a module of its own: SvelteKit's bundle of the api modules imports only
// this (and the runtime's type), so the bundle does not evaluate the whole app (routes, services, their
// schemas) a second time beside the copy `web/server.ts` runs (docs/performance.md, h74).
import type { Runtime } from './runtime.ts';

const KEY = Symbol.for('jamaa.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

/**
 * The process-wide runtime. The production server (which serves /api ahead of SvelteKit) and
 * SvelteKit's hooks each load their own copy of this module; the promise lives on `globalThis` so both
 * share one database and one cache.
 */
export function sharedRuntime(create: () => Promise<Runtime>): Promise<Runtime> {
  const holder = globalThis as Holder;
  holder[KEY] ??= create().catch((err: unknown) => {
    delete holder[KEY];
    throw err;
  });
  return holder[KEY];
}
