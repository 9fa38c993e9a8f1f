import { sql } from 'kysely';
import type { CatalogueDraftChange } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export interface DraftRow {
  id: string;
  label: string;
  changes: Record<string, CatalogueDraftChange>;
  created_at: Date;
  updated_at: Date;
}

/** The operator's open draft (the platform tenant's; at most one). */
export async function findDraft(tx: TenantTx): Promise<DraftRow | undefined> {
  return tx
    .selectFrom('catalogue_drafts')
    .select(['id', 'label', 'changes', 'created_at', 'updated_at'])
    .where('tenant_id', '=', tx.tenantId)
    .executeTakeFirst();
}

/** Creates the draft or replaces its label and changes. */
export async function saveDraft(tx: TenantTx, values: { label: string; changes: Record<string, CatalogueDraftChange>; at: Date }): Promise<void> {
  await tx
    .insertInto('catalogue_drafts')
    .values({ tenant_id: tx.tenantId, label: values.label, changes: JSON.stringify(values.changes), created_at: values.at, updated_at: values.at })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ label: values.label, changes: JSON.stringify(values.changes), updated_at: values.at }))
    .execute();
}

export async function deleteDraft(tx: TenantTx): Promise<boolean> {
  const result = await tx.deleteFrom('catalogue_drafts').where('tenant_id', '=', tx.tenantId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Every offering that overrides something, of every tenant in the unit of work's readable scope (the
 * operator's, holding every tenant): local facts only, nothing of any resident.
 */
export async function listOverridesOfScope(tx: TenantTx, codes: readonly string[]): Promise<{ tenant_id: string; service_code: string; overrides: Record<string, unknown> }[]> {
  if (tx.readable.length === 0 || codes.length === 0) return [];
  return tx
    .selectFrom('service_offerings')
    .select(['tenant_id', 'service_code', 'overrides'])
    .where(sql<boolean>`tenant_id = any(${[...tx.readable]}::uuid[])`)
    .where('service_code', 'in', codes)
    .where(sql<boolean>`overrides <> '{}'::jsonb`)
    .orderBy('tenant_id')
    .orderBy('service_code')
    .execute() as Promise<{ tenant_id: string; service_code: string; overrides: Record<string, unknown> }[]>;
}
