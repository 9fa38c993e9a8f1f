import pg from 'pg';
import { distribute } from '../db/citus.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { admin, withDatabase } from './postgres.ts';

/**
 * The test harness on a Citus coordinator (DATABASE_URL pointing at one, detected through pg_extension).
 * A template database cannot be copied there (its Citus metadata names shards on the workers), so every
 * test database is created empty on every node, gets the extension, its coordinator learns its workers,
 * and it is migrated and distributed from scratch. Slower per file than cloning; every test then runs
 * against distributed tables as production would.
 */
export interface CitusNode {
  host: string;
  port: number;
}

export interface CitusCluster {
  coordinator: CitusNode;
  workers: CitusNode[];
}

/** The cluster behind `serverUrl` if its database has the Citus extension; null on plain PostgreSQL. */
export async function detectCitus(serverUrl: string): Promise<CitusCluster | null> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: boolean }>(`select exists (select from pg_extension where extname = 'citus') as present`);
    if (!rows[0]?.present) return null;
    const nodes = await client.query<{ host: string; port: number; groupid: number }>(
      `select nodename as host, nodeport as port, groupid from pg_dist_node where noderole = 'primary' and isactive order by groupid, nodename, nodeport`,
    );
    const url = new URL(serverUrl);
    const own = nodes.rows.find((n) => n.groupid === 0);
    return {
      coordinator: own ? { host: own.host, port: own.port } : { host: url.hostname, port: Number(url.port || 5432) },
      workers: nodes.rows.filter((n) => n.groupid !== 0).map((n) => ({ host: n.host, port: n.port })),
    };
  } finally {
    await client.end();
  }
}

/**
 * The URL of `database` on `node`, with the credentials of `serverUrl` (the test cluster's nodes share
 * them). Host names are the coordinator's view of the nodes; the tests run beside it.
 *
 * @example nodeUrl('postgres://postgres@coord:5432/test', { host: 'w1', port: 5433 }, 'x') // → 'postgres://postgres@w1:5433/x'
 */
export function nodeUrl(serverUrl: string, node: CitusNode, database: string): string {
  const url = new URL(withDatabase(serverUrl, database));
  url.hostname = node.host;
  url.port = String(node.port);
  return url.toString();
}

/** Creates `name` on every node with the extension, registers the workers, migrates and distributes. */
export async function createCitusDatabase(serverUrl: string, cluster: CitusCluster, name: string): Promise<void> {
  for (const node of [cluster.coordinator, ...cluster.workers]) {
    await admin(nodeUrl(serverUrl, node, maintenanceDatabase(serverUrl, cluster, node)), [
      `create database ${name}`,
      // A database's privileges are its own: repeat the least-privilege migration's.
      `revoke temporary on database ${name} from public`,
    ]);
    await admin(nodeUrl(serverUrl, node, name), ['create extension citus']);
  }
  const coordinatorUrl = nodeUrl(serverUrl, cluster.coordinator, name);
  await admin(coordinatorUrl, [
    `select citus_set_coordinator_host('${cluster.coordinator.host}', ${cluster.coordinator.port})`,
    ...cluster.workers.map((w) => `select citus_add_node('${w.host}', ${w.port})`),
  ]);
  const db = await openDatabase({ kind: 'postgres', url: coordinatorUrl, poolSize: 1 });
  try {
    await migrateToLatest(db);
    await distribute(db);
  } finally {
    await db.close();
  }
}

/** Drops `name` on every node (workers after the coordinator, whose connections to them end first). */
export async function dropCitusDatabase(serverUrl: string, cluster: CitusCluster, name: string): Promise<void> {
  for (const node of [cluster.coordinator, ...cluster.workers]) {
    await admin(nodeUrl(serverUrl, node, maintenanceDatabase(serverUrl, cluster, node)), [`drop database if exists ${name} with (force)`]);
  }
}

/** Where CREATE/DROP DATABASE is issued: DATABASE_URL's database on the coordinator, `postgres` on a worker. */
function maintenanceDatabase(serverUrl: string, cluster: CitusCluster, node: CitusNode): string {
  return node === cluster.coordinator ? new URL(serverUrl).pathname.slice(1) || 'postgres' : 'postgres';
}
