import { sql, type KyselyPlugin, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { retryingRefusedPlan } from '../db/prepared.ts';
import type { DB } from '../db/schema.ts';
import { isUuid } from '../shared/uuid.ts';

declare const tenantBrand: unique symbol;
declare const platformBrand: unique symbol;
declare const provisioningBrand: unique symbol;
declare const platformAdminBrand: unique symbol;

/**
 * A transaction running as the request role with a tenant set, and which one: `tenantId` is the tenant
 * that `app.tenant_id` names in this session, `readable` the other tenants it may read. Repository
 * functions of tenant-owned tables accept only this type and take the tenant from it (`tx.tenantId`), so
 * a query that forgot its tenant does not compile, and the tenant is stated once — it cannot disagree
 * with the session's. If a query ran anyway without it, row-level security would return nothing.
 */
export type TenantTx = Transaction<DB> & {
  readonly [tenantBrand]: string;
  /** The tenant this handle writes and reads as (`current_setting('app.tenant_id')`). */
  readonly tenantId: string;
  /** Other tenants whose rows this handle may read (an arrondissement reads its commune's). */
  readonly readable: readonly string[];
};

/**
 * A transaction running as the request role with no tenant: shared tables only. It reads tenants and
 * domains but cannot change them (see `ProvisioningTx`).
 */
export type PlatformTx = Transaction<DB> & { readonly [platformBrand]: true };

/**
 * A transaction running as `jamaa_provisioner`: the request role plus creating and changing tenants and
 * their domains. It may act as a tenant (`actAsTenant`) to write the new tenant's own rows.
 */
export type ProvisioningTx = PlatformTx & { readonly [provisioningBrand]: true };

/** A transaction running as `jamaa_platform_admin`: provisioning plus granting platform roles (operator). */
export type PlatformAdminTx = ProvisioningTx & { readonly [platformAdminBrand]: true };

/** Either kind may read the shared tables. */
export type AnyTx = TenantTx | PlatformTx;

export interface TenantContext {
  /** The tenant that owns what is written. */
  id: string;
  /** Other tenants whose rows may be read (an arrondissement reads its commune's). */
  readable?: readonly string[];
}

/**
 * Runs `fn` in one transaction as tenant `ctx.id`: switches to the request role `jamaa_app` and sets
 * the tenant with `SET LOCAL` (through `app.set_tenant`), so both vanish at commit or rollback and a
 * pooled connection never carries them to the next request.
 *
 * @example
 *   const texts = await withTenant(db, { id: site.id }, (tx) => findSiteTexts(tx, site.id));
 */
export async function withTenant<T>(db: Database, ctx: TenantContext, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  // A unit whose prepared statement's plan PostgreSQL refused after a migration (it rolled back) runs once more,
  // its statements prepared afresh (`db/prepared.ts`): only units that run the allow-list's statements (`PREPARE`)
  // can meet it, and they do nothing outside the transaction before those statements.
  return oneConnection(db, () => retryingRefusedPlan(() => withTenantInOneTrip(db, ctx, fn)));
}

/** On the embedded database, waits for its one connection in request order (`db/pglite-gate.ts`). */
function oneConnection<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  return db.gate ? db.gate.run(fn) : fn();
}

/**
 * The transaction, the role and the tenant in one round trip instead of three (a console page runs ten units
 * of work, and on a small virtual machine each round trip's system calls cost more than most of its queries;
 * on PGlite each call costs about 0.2 ms of CPU, and a unit opened through its transaction API 1.0 ms against
 * 0.3). Three statements in one simple-protocol query: PostgreSQL looks names up statement by statement, so
 * `app.set_tenant` is resolved as jamaa_app, after the switch. Simple queries take no parameters: the ids go
 * in as literals, checked to be UUIDs first. The handle is the connection's, used as a transaction: nothing
 * nests transactions in a unit of work.
 */
async function withTenantInOneTrip<T>(db: Database, ctx: TenantContext, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const start = `begin; set local role jamaa_app; select app.set_tenant(${uuidLiteral(ctx.id)}, ${uuidArrayLiteral(ctx.readable ?? [])})`;
  return inOneTrip(db, start, (connection) => fn(tenantHandle(connection, ctx)));
}

/** Opens a transaction with `start` (constant text, or literals checked by the caller) in one round trip. */
async function inOneTrip<T>(db: Database, start: string, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.kysely.connection().execute(async (connection) => {
    // PGlite's extended protocol takes one statement per call: several go through its simple one. Kysely's
    // hold on the connection (`connection()`) keeps its other users out meanwhile, as a pool's client would.
    const run = (text: string) => (db.simpleQuery ? db.simpleQuery(text) : sql.raw(text).execute(connection));
    let result: T;
    try {
      await run(start);
      result = await fn(connection as unknown as Transaction<DB>);
    } catch (err) {
      // Never hand a connection back inside a transaction; a rollback that fails leaves the error as it was.
      await run('rollback').catch(() => {});
      throw err;
    }
    await run('commit');
    return result;
  });
}

function uuidLiteral(id: string): string {
  if (!isUuid(id)) throw new Error(`not a tenant id: ${JSON.stringify(id)}`);
  return `'${id}'::uuid`;
}

function uuidArrayLiteral(ids: readonly string[]): string {
  for (const id of ids) if (!isUuid(id)) throw new Error(`not a tenant id: ${JSON.stringify(id)}`);
  return `'{${ids.join(',')}}'::uuid[]`;
}

/** Runs `fn` in one transaction as the request role with no tenant set: only shared tables answer. */
export async function withPlatform<T>(db: Database, fn: (tx: PlatformTx) => Promise<T>): Promise<T> {
  // The transaction and the role in one round trip, as `withTenant`.
  return oneConnection(db, () => inOneTrip(db, 'begin; set local role jamaa_app', (tx) => fn(tx as PlatformTx)));
}

/**
 * Runs `fn` in one transaction as `jamaa_provisioner`, with no tenant set: the only unit of work that may
 * create or change tenants and their domains (`insertTenant`, `updateTenant`, `insertTenantDomain` take
 * its type). Request paths that change a tenant (branding; the operator's onboarding) use it as well as
 * seeding, so the serving login may switch to this role — but not to `jamaa_platform_admin`.
 *
 * @example await withProvisioning(db, (tx) => insertTenantDomain(tx, tenant.id, 'casablancacity.ma'));
 */
export async function withProvisioning<T>(db: Database, fn: (tx: ProvisioningTx) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(async (tx) => {
    await sql`set local role jamaa_provisioner`.execute(tx);
    return fn(tx as ProvisioningTx);
  });
}

/**
 * Runs `fn` in one transaction as `jamaa_platform_admin`: provisioning plus granting platform roles. Only
 * the owner's connection may switch to it (seeding at start-up, tests); on the serving login it fails with
 * "permission denied to set role", so nothing a request can reach makes anyone an operator.
 */
export async function withPlatformAdmin<T>(db: Database, fn: (tx: PlatformAdminTx) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(async (tx) => {
    await sql`set local role jamaa_platform_admin`.execute(tx);
    return fn(tx as PlatformAdminTx);
  });
}

/** A plugin that changes nothing: `withPlugin` with it gives a distinct handle on the same connection. */
const SAME_QUERIES: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => args.result,
};

/**
 * Switches an open request-role transaction to another tenant and returns a NEW handle that says so;
 * use the returned handle from then on. For operations that must write several tenants atomically
 * (seeding, onboarding a city with its arrondissements); everything else uses `withTenant`.
 *
 * The session has one tenant at a time: an older handle still runs on the same connection, so after a
 * switch its `tenantId` no longer matches the session's and row-level security answers for the new
 * tenant. Keep to the newest handle (or switch back explicitly, again taking the returned handle).
 *
 * Why `withPlugin` and not a Proxy or `Object.create`: Kysely's `Transaction` keeps its state in private
 * `#props`, which neither carries over; `withPlugin` returns a real `Transaction` on the same connection,
 * and a no-op plugin leaves every query as it was. The handle stays a `Transaction`, so repositories keep
 * calling `tx.selectFrom(…)` and `sql`.execute(tx)` as before.
 */
export async function actAsTenant(tx: AnyTx, ctx: TenantContext): Promise<TenantTx> {
  await sql`select app.set_tenant(${ctx.id}::uuid, ${[...(ctx.readable ?? [])]}::uuid[])`.execute(tx);
  return tenantHandle(tx, ctx);
}

/** A handle on `tx` that says which tenant the session was just set to (see `actAsTenant`). */
function tenantHandle(tx: AnyTx | Transaction<DB>, ctx: TenantContext): TenantTx {
  const readable = Object.freeze([...(ctx.readable ?? [])]);
  const handle = tx.withPlugin(SAME_QUERIES);
  Object.defineProperties(handle, {
    tenantId: { value: ctx.id, enumerable: true },
    readable: { value: readable, enumerable: true },
  });
  return handle as TenantTx;
}

/** Channel on which tenant configuration changes are announced to every process. */
export const TENANT_CHANGED_CHANNEL = 'jamaa_tenant_changed';

/**
 * Announces that a tenant's configuration changed. Sent from the application (never a trigger), inside
 * the writing transaction, so PostgreSQL delivers it only if the change commits.
 */
export async function announceTenantChanged(tx: AnyTx, tenantId: string): Promise<void> {
  await sql`select pg_notify(${TENANT_CHANGED_CHANNEL}, ${tenantId})`.execute(tx);
}

/**
 * Several replicas starting together on an empty database must not seed or publish twice: the first
 * takes this transaction-scoped lock, the others wait for its commit and then find the work done.
 */
export async function lockStartup(tx: PlatformTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('jamaa:startup'))`.execute(tx);
}

/** The payload of `announceTenantsChanged`: many tenants changed at once (a provisioning batch). */
export const TENANTS_CHANGED_BATCH = 'batch';

/**
 * Announces, once, that several tenants changed (a provisioning batch): listeners drop their whole cache
 * on any notification, so one per batch suffices, whatever its size.
 */
export async function announceTenantsChanged(tx: AnyTx): Promise<void> {
  await sql`select pg_notify(${TENANT_CHANGED_CHANNEL}, ${TENANTS_CHANGED_BATCH})`.execute(tx);
}
