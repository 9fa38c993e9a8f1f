import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * The migrated template every test database is cloned from. Named after this checkout, so that two
 * checkouts testing against one server at once do not drop each other's template.
 */
export const TEMPLATE_DB = `jamaa_test_template_${createHash('sha256').update(import.meta.dirname).digest('hex').slice(0, 8)}`;

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs administrative statements (CREATE/DROP DATABASE) on the server's maintenance connection. */
export async function admin(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}
