// What the platform's commune directory pages show (built on the server by lib/server/commune-directory.ts).
import type { Resolved, Translatable } from '@jamaa/tenants/locale.ts';

export interface HostedCommune {
  slug: string;
  code: string;
  names: Translatable;
  origin: string;
  childCount: number;
}

export interface Area {
  /** In addresses: a region's code (`06`), a province's number within its region (`141` for `06.141`). */
  key: string;
  name: Resolved;
  communes: number;
}
