/**
 * The starter set of reply templates (issue 11): one per state a reply announces — received, assigned, in
 * progress, resolved, rejected (saying, as decree 2.17.265 wants of a refusal, that the resident may go
 * before the competent court), forwarded to another body — in ar, fr and zgh, from the `starter_reply`
 * strings (`tenants/strings/<locale>/complaints.json`; the zgh ones are drafts like every zgh string). A
 * tenant gets them when it is provisioned (`provisionTenantsIn`), and tenants that existed before once
 * (`backfillStarterReplyTemplates` at start-up, recorded in `seed_runs`); staff then change them like any
 * template (`PUT /admin/complaint-settings/templates`), and emptying the list is not undone at a restart.
 */
import type { ComplaintState, TenantNames } from '../db/schema.ts';
import type { Database } from '../db/database.ts';
import { resources } from '@jamaa/tenants/strings.ts';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { hasSeedRun, recordSeedRun } from '../tenancy/provisioning.repository.ts';
import { findPlatformTenant, listTenantIds } from '../tenancy/tenants.repository.ts';
import { actAsTenant, lockStartup, withProvisioning, type TenantTx } from '../tenancy/unit-of-work.ts';
import { listReplyTemplateRows, replaceReplyTemplateRows } from './complaints.repository.ts';

export const STARTER_STATES = ['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'forwarded'] as const satisfies readonly ComplaintState[];

export interface StarterTemplate {
  state: ComplaintState;
  title: TenantNames;
  body: TenantNames;
}

/** The `seed_runs` name of the one backfill of tenants provisioned before the starter set existed. */
export const STARTER_BACKFILL_RUN = 'starter-reply-templates';

function text(locale: (typeof LOCALES)[number], key: string): string {
  const starter = (resources[locale].complaints as Record<string, unknown>).starter_reply as Record<string, string> | undefined;
  const value = starter?.[key];
  if (!value) throw new Error(`missing string ${locale}/complaints:starter_reply.${key}`);
  return value;
}

/** The starter set, in the order the console lists them. */
export function starterReplyTemplates(): StarterTemplate[] {
  const names = (key: string) => Object.fromEntries(LOCALES.map((l) => [l, text(l, key)])) as TenantNames;
  return STARTER_STATES.map((state) => ({ state, title: names(`${state}_title`), body: names(`${state}_body`) }));
}

/** Gives the tenant of `tx` the starter set if it has no template; answers whether it did. */
export async function addStarterReplyTemplates(tx: TenantTx, at: Date): Promise<boolean> {
  if ((await listReplyTemplateRows(tx)).length > 0) return false;
  await replaceReplyTemplateRows(tx, starterReplyTemplates(), at);
  return true;
}

/**
 * Once per database: every tenant but the platform that has no template gets the starter set (tenants
 * provisioned before it existed). Serialised with the rest of start-up; a second run, or a replica starting
 * alongside, finds the run recorded and does nothing. Answers how many tenants got the set.
 */
export async function backfillStarterReplyTemplates(db: Database, at: Date = new Date()): Promise<number> {
  return withProvisioning(db, async (tx) => {
    await lockStartup(tx);
    if (await hasSeedRun(tx, STARTER_BACKFILL_RUN)) return 0;
    const platform = await findPlatformTenant(tx);
    let given = 0;
    for (const id of await listTenantIds(tx)) {
      if (id === platform?.id) continue;
      if (await addStarterReplyTemplates(await actAsTenant(tx, { id }), at)) given++;
    }
    await recordSeedRun(tx, STARTER_BACKFILL_RUN);
    return given;
  });
}
