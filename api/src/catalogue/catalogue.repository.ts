import { sql, type Selectable } from 'kysely';
import type { CatalogueCategoriesTable, CatalogueServicesTable, LocalServicesTable, ServiceOfferingsTable, TenantNames } from '../db/schema.ts';
import type { QueryPlan } from '@jamaa/tenants/text-folding.ts';
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
    .values({ tenant_id: tx.tenantId, service_code: code, ...row })
    .onConflict((oc) => oc.columns(['tenant_id', 'service_code']).doUpdateSet(row))
    .execute();
}

/** Offerings of one tenant that override something: the ones a new national version may conflict with. */
export async function listOverridingOfferings(tx: TenantTx): Promise<OfferingRow[]> {
  return tx
    .selectFrom('service_offerings')
    .selectAll()
    .where('tenant_id', '=', tx.tenantId)
    .where(sql<boolean>`overrides <> '{}'::jsonb`)
    .execute();
}

export async function setOfferingReview(tx: TenantTx, code: string, reviewFields: string[]): Promise<void> {
  await tx
    .updateTable('service_offerings')
    .set({ review_fields: reviewFields })
    .where('tenant_id', '=', tx.tenantId)
    .where('service_code', '=', code)
    .execute();
}

export async function listLocalServices(tx: TenantTx, tenantIds: readonly string[]): Promise<LocalServiceRow[]> {
  if (tenantIds.length === 0) return [];
  return tx.selectFrom('local_services').selectAll().where('tenant_id', 'in', tenantIds).orderBy('code').execute();
}

export async function insertLocalService(
  tx: TenantTx,
  row: { code: string; category: string; audiences: string[]; card: object; nameSearch: string; bodySearch: string },
): Promise<void> {
  await tx
    .insertInto('local_services')
    .values({
      tenant_id: tx.tenantId,
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
  /** The card's frequencyRank (1 = most asked for); null when it has none. Breaks ties in rank. */
  frequency: number | null;
}

/**
 * Ranks national services matching every term group of the plan (see `planQuery` in shared/search-text.ts):
 * a query equal to a name or keyword ranks first, then one that starts or sits inside one, then words found
 * in names and keywords, then in the summary and documents; corrected spellings weigh less than exact ones.
 */
export async function searchNationalServices(tx: AnyTx, versionId: string, plan: QueryPlan, limit: number): Promise<SearchHit[]> {
  if (plan.terms.length === 0) return [];
  const { matchAll, rank } = searchClauses(plan);
  const { rows } = await sql<{ code: string; rank: number; frequency: number | null }>`
    select code, (${rank})::float8 as rank, (card->>'frequencyRank')::int as frequency
    from catalogue_services
    where version_id = ${versionId} and ${matchAll}
    order by rank desc, frequency asc nulls last, code
    limit ${limit}`.execute(tx);
  return rows.map(toHit);
}

export async function searchLocalServices(tx: TenantTx, tenantIds: readonly string[], plan: QueryPlan, limit: number): Promise<SearchHit[]> {
  if (plan.terms.length === 0 || tenantIds.length === 0) return [];
  const { matchAll, rank } = searchClauses(plan);
  const { rows } = await sql<{ code: string; rank: number; frequency: number | null }>`
    select code, (${rank})::float8 as rank, (card->>'frequencyRank')::int as frequency
    from local_services
    where tenant_id = any(${[...tenantIds]}::uuid[]) and enabled and ${matchAll}
    order by rank desc, frequency asc nulls last, code
    limit ${limit}`.execute(tx);
  return rows.map(toHit);
}

/**
 * The national services whose names and keywords come closest to a query that matched nothing (trigram
 * word similarity), most similar first; ties go to the services residents need most.
 */
export async function suggestNationalServices(tx: AnyTx, versionId: string, phrase: string, minSimilarity: number, limit: number): Promise<SearchHit[]> {
  if (phrase === '') return [];
  const { rows } = await sql<{ code: string; rank: number; frequency: number | null }>`
    select code, word_similarity(${phrase}, name_search)::float8 as rank, (card->>'frequencyRank')::int as frequency
    from catalogue_services
    where version_id = ${versionId} and word_similarity(${phrase}, name_search) >= ${minSimilarity}
    order by rank desc, frequency asc nulls last, code
    limit ${limit}`.execute(tx);
  return rows.map(toHit);
}

function toHit(row: { code: string; rank: number; frequency: number | null }): SearchHit {
  return { code: row.code, rank: Number(row.rank), frequency: row.frequency === null ? null : Number(row.frequency) };
}

/** Corrected spellings count for less than what the resident typed. */
const CORRECTED_WEIGHT = 0.8;

/** Adjacent query words found side by side in a name or keyword say the query is about that card. */
const MAX_PAIRS = 6;

/**
 * Shared by national and local services, which have the same search columns: `name_search` holds every name
 * and keyword framed by ` | ` (see `phraseColumn`), `body_search` the summary and documents.
 */
function searchClauses(plan: QueryPlan) {
  const like = (value: string) => `%${escapeLike(value)}%`;
  const body = sql`(' ' || body_search || ' ')`;
  const matchAll = sql.join(
    plan.terms.map(
      (group) =>
        sql`(${sql.join(
          group.alternatives.map((a) => sql`name_search like ${like(a.word)} or body_search like ${like(a.word)}`),
          sql` or `,
        )})`,
    ),
    sql` and `,
  );
  const termScores = plan.terms.map((group) =>
    sql`greatest(${sql.join(
      group.alternatives.map(
        (a) => sql`${Math.round((a.exact ? 1 : CORRECTED_WEIGHT) * a.weight * 1000) / 1000}::float8 * (case
          when name_search like ${like(` ${a.word} `)} then 3
          when name_search like ${like(` ${a.word}`)} then 2
          when name_search like ${like(a.word)} then 1.5
          when ${body} like ${like(` ${a.word} `)} then 1
          when body_search like ${like(a.word)} then 0.5
          else 0 end)`,
      ),
      sql`, `,
    )})`,
  );
  const phrases = [...new Set([plan.phrase, plan.correctedPhrase].filter(Boolean))];
  const phraseScores = phrases.map(
    (p) => sql`(case
      when name_search like ${like(`| ${p} |`)} then 10
      when name_search like ${like(`| ${p} `)} then 6
      when name_search like ${like(` ${p} `)} then 4
      else 0 end)`,
  );
  const words = plan.correctedPhrase.split(' ').filter(Boolean);
  const pairs = [...new Set(words.slice(1).map((word, i) => `${words[i]} ${word}`))].slice(0, MAX_PAIRS);
  const pairScores = pairs.map(
    (pair) => sql`(case when name_search like ${like(` ${pair} `)} then 1 when ${body} like ${like(` ${pair} `)} then 0.3 else 0 end)`,
  );
  const rank = sql.join([sql`greatest(${sql.join([...phraseScores, sql`0`], sql`, `)})`, ...termScores, ...pairScores], sql` + `);
  return { matchAll, rank };
}
