/**
 * How a service reads one named piece of a tenant's public data: through the process's cache of public
 * reads (http/public-read-cache.ts) when the route passes one, or directly. `untilNextChange`: the value
 * depends on the time (what is published or in force now) and is kept only until the tenant's next
 * scheduled change.
 *
 * What `load` returns may be shared by every request until it is dropped: callers never change it in place.
 */
export interface Remember {
  <T>(what: string, load: (wanted: ReadWanted) => Promise<T>, options?: RememberOptions<T>): Promise<T>;
  /**
   * A piece of public data that is the same for every tenant and changes only with a write announced for
   * all of them (the catalogue's current version: a publication is an operator's write, `announceWrites`
   * 'all'): kept once for the whole process, dropped with every tenant's pages. Absent: read directly.
   */
  readonly shared?: <T>(what: string, load: () => Promise<T>) => Promise<T>;
}

export interface RememberOptions<T> {
  untilNextChange?: boolean;
  /**
   * With `untilNextChange`: where the value holds the tenant's next scheduled change, when `load` was asked
   * for it (`wanted.nextChange`) and read it in its own unit of work, as of the same `now` as the rest (see
   * `nextPublicChange`). The cache then reads it in no unit of its own.
   */
  nextChangeIn?: (value: T) => Date | null | undefined;
}

/** What a cache would like a load to read besides its value. */
export interface ReadWanted {
  /** The tenant's next scheduled change (`nextChangeAfter`), for `RememberOptions.nextChangeIn`. */
  readonly nextChange?: boolean;
}

/** No cache: every read goes to the database (tests, the CLI, staff screens, except the public data they show). */
export const readDirectly: Remember = (_what, load) => load({});

/**
 * A commune's active arrondissements (`listChildTenants(…, ['active'])`), read by its home page and by its
 * service pages (the arrondissement desks of a city): the home page's read keeps them under this name, so
 * a commune's service page, after its home page, needs no read to learn it has none.
 */
export const ACTIVE_CHILDREN = 'active-children';
