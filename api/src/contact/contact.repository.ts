import type { Insertable, Selectable } from 'kysely';
import type { ContactLinesTable, ContactOperatorsTable } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

export type ContactLineRow = Selectable<ContactLinesTable>;
export type ContactOperatorRow = Selectable<ContactOperatorsTable>;
export type NewContactLine = Omit<Insertable<ContactLinesTable>, 'tenant_id' | 'id' | 'updated_at'>;
export type NewContactOperator = Omit<Insertable<ContactOperatorsTable>, 'tenant_id' | 'id' | 'updated_at'>;

export async function insertContactLine(tx: TenantTx, line: NewContactLine): Promise<ContactLineRow> {
  return tx.insertInto('contact_lines').values({ ...line, tenant_id: tx.tenantId }).returningAll().executeTakeFirstOrThrow();
}

export async function insertContactOperator(tx: TenantTx, op: NewContactOperator): Promise<ContactOperatorRow> {
  return tx.insertInto('contact_operators').values({ ...op, tenant_id: tx.tenantId }).returningAll().executeTakeFirstOrThrow();
}

/** The lines of the given tenants (a tenant and its commune), in display order. */
export async function listContactLines(tx: TenantTx, tenantIds: readonly string[]): Promise<ContactLineRow[]> {
  if (tenantIds.length === 0) return [];
  return tx.selectFrom('contact_lines').selectAll().where('tenant_id', 'in', tenantIds).orderBy('position').orderBy('id').execute();
}

export async function listContactOperators(tx: TenantTx, tenantIds: readonly string[]): Promise<ContactOperatorRow[]> {
  if (tenantIds.length === 0) return [];
  return tx.selectFrom('contact_operators').selectAll().where('tenant_id', 'in', tenantIds).orderBy('position').orderBy('id').execute();
}

export async function findContactLine(tx: TenantTx, id: string): Promise<ContactLineRow | undefined> {
  return tx.selectFrom('contact_lines').selectAll().where('tenant_id', '=', tx.tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findContactOperator(tx: TenantTx, id: string): Promise<ContactOperatorRow | undefined> {
  return tx.selectFrom('contact_operators').selectAll().where('tenant_id', '=', tx.tenantId).where('id', '=', id).executeTakeFirst();
}

export async function updateContactLine(tx: TenantTx, id: string, line: NewContactLine, at: Date): Promise<ContactLineRow | undefined> {
  return tx.updateTable('contact_lines').set({ ...line, updated_at: at }).where('tenant_id', '=', tx.tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function updateContactOperator(tx: TenantTx, id: string, op: NewContactOperator, at: Date): Promise<ContactOperatorRow | undefined> {
  return tx.updateTable('contact_operators').set({ ...op, updated_at: at }).where('tenant_id', '=', tx.tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteContactLine(tx: TenantTx, id: string): Promise<void> {
  await tx.deleteFrom('contact_lines').where('tenant_id', '=', tx.tenantId).where('id', '=', id).execute();
}

export async function deleteContactOperator(tx: TenantTx, id: string): Promise<void> {
  await tx.deleteFrom('contact_operators').where('tenant_id', '=', tx.tenantId).where('id', '=', id).execute();
}

export async function setContactPosition(tx: TenantTx, table: 'contact_lines' | 'contact_operators', id: string, position: number): Promise<void> {
  await tx.updateTable(table).set({ position }).where('tenant_id', '=', tx.tenantId).where('id', '=', id).execute();
}

/** One past the largest position in this tenant (a new entry goes last). */
export async function nextContactPosition(tx: TenantTx, table: 'contact_lines' | 'contact_operators'): Promise<number> {
  const row = await tx
    .selectFrom(table)
    .select((eb) => eb.fn.max('position').as('max'))
    .where('tenant_id', '=', tx.tenantId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}
