import { sql, type Selectable } from 'kysely';
import type { CatalogueCategoriesTable, CatalogueServicesTable, LocalServicesTable, ServiceOfferingsTable, TenantNames } from '../db/schema.ts';
import { escapeLike } from '../db/sql.ts';
import type { AnyTx, PlatformTx, TenantTx } from '../tenancy/unit-of-work.ts';

export type CategoryRow = Selectable<CatalogueCategoriesTable>;
export type NationalServiceRow = Selectable<CatalogueServicesTable>;
export type OfferingRow = Selectable<ServiceOfferingsTable>;
export type LocalServiceRow = Selectable<LocalServicesTable>;

export interface VersionRow {
  id: string;
  content_hash: string;
  label: string;
  published_at: Date;
}

export async function findCurrentVersion(tx: AnyTx): Promise<VersionRow | undefined> {
  return tx
    .selectFrom('catalogue_versions')
    .select(['id', 'content_hash', 'label', 'published_at'])
    .where('is_current', '=', true)
    .executeTakeFirst();
}

export async function findVersionByHash(tx: AnyTx, hash: string): Promise<VersionRow | undefined> {
  return tx
    .selectFrom('catalogue_versions')
    .select(['id', 'content_hash', 'label', 'published_at'])
    .where('content_hash', '=', hash)
    .executeTakeFirst();
}

/** Inserts a version and makes it the current one (the previous one stays for history and diffs). */
export async function insertCurrentVersion(tx: PlatformTx, hash: string, label: string): Promise<VersionRow> {
  await tx.updateTable('catalogue_versions').set({ is_current: false }).where('is_current', '=', true).execute();
  return tx
    .insertInto('catalogue_versions')
    .values({ content_hash: hash, label, is_current: true })
    .returning(['id', 'content_hash', 'label', 'published_at'])
    .executeTakeFirstOrThrow();
}

export async function insertCategories(
  tx: PlatformTx,
  versionId: string,
  rows: { code: string; names: TenantNames; icon: string; position: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('catalogue_categories')
    .values(rows.map((r) => ({ version_id: versionId, code: r.code, names: JSON.stringify(r.names), icon: r.icon, position: r.position })))
    .execute();
}

export async function insertNationalServices(
  tx: PlatformTx,
  versionId: string,
  rows: { code: string; category: string; audiences: string[]; card: object; nameSearch: string; bodySearch: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('catalogue_services')
    .values(
      rows.map((r) => ({
        version_id: versionId,
        code: r.code,
        category: r.category,
        audiences: r.audiences,
        card: JSON.stringify(r.card),
        name_search: r.nameSearch,
        body_search: r.bodySearch,
      })),
    )
    .execute();
}

export async function listCategories(tx: AnyTx, versionId: string): Promise<CategoryRow[]> {
  return tx.selectFrom('catalogue_categories').selectAll().where('version_id', '=', versionId).orderBy('position').execute();
}

export async function listNationalServices(tx: AnyTx, versionId: string): Promise<NationalServiceRow[]> {
  return tx.selectFrom('catalogue_services').selectAll().where('version_id', '=', versionId).orderBy('code').execute();
}

export async function findNationalService(tx: AnyTx, versionId: string, code: string): Promise<NationalServiceRow | undefined> {
  return tx.selectFrom('catalogue_services').selectAll().where('version_id', '=', versionId).where('code', '=', code).executeTakeFirst();
}

/** Offerings of the given tenants (an arrondissement and its commune), for the merge. */
export async function listOfferings(tx: TenantTx, tenantIds: readonly string[], code?: string): Promise<OfferingRow[]> {
  if (tenantIds.length === 0) return [];
  let query = tx.selectFrom('service_offerings').selectAll().where('tenant_id', 'in', tenantIds);
  if (code !== undefined) query = query.where('service_code', '=', code);
  return query.execute();
}

export async function upsertOffering(
  tx: TenantTx,
  tenantId: string,
  code: string,
  values: { enabled: boolean | null; overrides: object; baseVersionId: string; reviewFields: string[] },
): Promise<void> {
  const row = {
    enabled: values.enabled,
    overrides: JSON.stringify(values.overrides),
    base_version_id: values.baseVersionId,
    review_fields: values.reviewFields,
    updated_at: new Date(),
  };
  await tx
    .insertInto('service_offerings')
    .values({ tenant_id: tenantId, service_code: code, ...row })
    .onConflict((oc) => oc.columns(['tenant_id', 'service_code']).doUpdateSet(row))
    .execute();
}

/** Offerings of one tenant that override something: the ones a new national version may conflict with. */
export async function listOverridingOfferings(tx: TenantTx, tenantId: string): Promise<OfferingRow[]> {
  return tx
    .selectFrom('service_offerings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`overrides <> '{}'::jsonb`)
    .execute();
}

export async function setOfferingReview(tx: TenantTx, tenantId: string, code: string, reviewFields: string[]): Promise<void> {
  await tx
    .updateTable('service_offerings')
    .set({ review_fields: reviewFields })
    .where('tenant_id', '=', tenantId)
    .where('service_code', '=', code)
    .execute();
}

export async function listLocalServices(tx: TenantTx, tenantIds: readonly string[]): Promise<LocalServiceRow[]> {
  if (tenantIds.length === 0) return [];
  return tx.selectFrom('local_services').selectAll().where('tenant_id', 'in', tenantIds).orderBy('code').execute();
}

export async function insertLocalService(
  tx: TenantTx,
  tenantId: string,
  row: { code: string; category: string; audiences: string[]; card: object; nameSearch: string; bodySearch: string },
): Promise<void> {
  await tx
    .insertInto('local_services')
    .values({
      tenant_id: tenantId,
      code: row.code,
      category: row.category,
      audiences: row.audiences,
      card: JSON.stringify(row.card),
      name_search: row.nameSearch,
      body_search: row.bodySearch,
    })
    .execute();
}

export interface SearchHit {
  code: string;
  rank: number;
}

/** Ranks national services matching every term; `terms` are already normalised (`searchTerms`). */
export async function searchNationalServices(tx: AnyTx, versionId: string, terms: readonly string[], limit: number): Promise<SearchHit[]> {
  if (terms.length === 0) return [];
  const { matchAll, rank } = searchClauses(terms);
  const { rows } = await sql<{ code: string; rank: number }>`
    select code, (${rank})::float8 as rank
    from catalogue_services
    where version_id = ${versionId} and ${matchAll}
    order by rank desc, code
    limit ${limit}`.execute(tx);
  return rows.map((r) => ({ code: r.code, rank: Number(r.rank) }));
}

export async function searchLocalServices(tx: TenantTx, tenantIds: readonly string[], terms: readonly string[], limit: number): Promise<SearchHit[]> {
  if (terms.length === 0 || tenantIds.length === 0) return [];
  const { matchAll, rank } = searchClauses(terms);
  const { rows } = await sql<{ code: string; rank: number }>`
    select code, (${rank})::float8 as rank
    from local_services
    where tenant_id = any(${[...tenantIds]}::uuid[]) and enabled and ${matchAll}
    order by rank desc, code
    limit ${limit}`.execute(tx);
  return rows.map((r) => ({ code: r.code, rank: Number(r.rank) }));
}

/**
 * Every term must appear in the text, or nearly in the names and keywords (trigram word similarity, for
 * typos); names weigh twice the rest. Shared by national and local services, which have the same search columns.
 */
function searchClauses(terms: readonly string[]) {
  const matchAll = sql.join(
    terms.map((t) => {
      const like = `%${escapeLike(t)}%`;
      // Substrings anywhere; typos only against names and keywords, which are short (similarity over
      // the whole body text costs far more and finds little more).
      return sql`(name_search like ${like} or body_search like ${like} or word_similarity(${t}, name_search) >= 0.6)`;
    }),
    sql` and `,
  );
  const rank = sql.join(
    terms.map((t) => sql`greatest(2 * word_similarity(${t}, name_search), word_similarity(${t}, body_search))`),
    sql` + `,
  );
  return { matchAll, rank };
}
