import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { listAuditEntries } from '../audit/audit.repository.ts';
import type { DB } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';
import { countActiveAdministrators, listMembers } from './memberships.repository.ts';
import { findSessionWithAccess, updateSessionActivity } from '../sessions/sessions.repository.ts';
import { claimPasswordReset, claimTotpStep, useRecoveryCode } from './staff.repository.ts';
import { lockThrottle } from './throttle.repository.ts';

/**
 * The main queries of staff accounts, compiled, in a file reviewers read: a change to the SQL shows in
 * the diff (`vitest -u` rewrites it).
 */
describe('staff account queries', () => {
  it('compile to the SQL in queries.snapshot.sql', async () => {
    const blocks: { name: string; statements: string[] }[] = [];
    const db = new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event) => {
        if (event.level === 'query') blocks.at(-1)?.statements.push(event.query.sql);
      },
    });
    const tx = db as unknown as TenantTx;
    const now = new Date(0);
    const run = async (name: string, fn: () => Promise<unknown>) => {
      blocks.push({ name, statements: [] });
      await fn().catch(() => undefined);
    };
    await run('findSessionWithAccess', () => findSessionWithAccess(tx, 's'));
    await run('updateSessionActivity', () => updateSessionActivity(tx, 's', { expiresAt: now, lastSeenAt: now }));
    await run('lockThrottle', () => lockThrottle(tx, 'account', 'a@b.ma', now));
    await run('claimTotpStep', () => claimTotpStep(tx, 'u', 1n));
    await run('useRecoveryCode', () => useRecoveryCode(tx, 'u', 'h', now));
    await run('claimPasswordReset', () => claimPasswordReset(tx, 'h', now));
    await run('listMembers', () => listMembers(tx, ['t1', 't2']));
    await run('countActiveAdministrators', () => countActiveAdministrators(tx));
    await run('listAuditEntries', () => listAuditEntries(tx, 't', { actor: 'a@', action: 'auth.', from: now, to: now, text: 'x', before: '00000000-0000-4000-8000-000000000000' }, 50));
    const text = blocks.map((b) => `-- ${b.name}\n${b.statements.map((q) => `${q};`).join('\n')}\n`).join('\n');
    await expect(text).toMatchFileSnapshot('./queries.snapshot.sql');
  });
});
