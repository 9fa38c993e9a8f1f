import { sql } from 'kysely';
import type { TenantNames } from '../db/schema.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';

/** Invitations of a tenant neither accepted nor withdrawn: still open at `now`, and lapsed. */
export async function countOpenInvitations(tx: TenantTx, now: Date): Promise<{ pending: number; expired: number }> {
  const row = await tx
    .selectFrom('invitations')
    .select([
      sql<string>`count(*) filter (where expires_at > ${now})`.as('pending'),
      sql<string>`count(*) filter (where expires_at <= ${now})`.as('expired'),
    ])
    .where('tenant_id', '=', tx.tenantId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), expired: Number(row.expired) };
}

/** A tenant's offerings flagged for review, with the service's names in the current national version. */
export async function listOfferingsToReview(tx: TenantTx): Promise<{ code: string; fields: string[]; names: TenantNames | null }[]> {
  return tx
    .selectFrom('service_offerings as o')
    .leftJoin('catalogue_versions as v', (join) => join.on('v.is_current', '=', true))
    .leftJoin('catalogue_services as s', (join) => join.onRef('s.version_id', '=', 'v.id').onRef('s.code', '=', 'o.service_code'))
    .select(['o.service_code as code', 'o.review_fields as fields', sql<TenantNames | null>`s.card -> 'names'`.as('names')])
    .where('o.tenant_id', '=', tx.tenantId)
    .where(sql<number>`cardinality(o.review_fields)`, '>', 0)
    .orderBy('o.service_code')
    .execute();
}

/** Messages of a tenant's outbox not sent. */
export async function countUndeliveredMail(tx: TenantTx): Promise<number> {
  const row = await tx
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tx.tenantId)
    .where('sent_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
