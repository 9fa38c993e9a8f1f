import { loadCatalogue } from '@jamaa/tenants/catalogue.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { resolvedTenant, type ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { publishCatalogue, searchOfferedServices } from './catalogue.service.ts';
import { RELEVANCE_QUERIES, type RelevanceQuery } from './search-relevance.queries.ts';

/**
 * The relevance set (`search-relevance.queries.ts`) against the real catalogue: for each query the expected
 * card must come first (or, for a query nothing matches, no card and some suggestions). Prints the hit rate
 * per language so a change to ranking shows what it wins and loses.
 */
describe.each(DATABASE_KINDS)('search relevance on the national catalogue (%s)', (kind) => {
  let db: TestDatabase;
  let resolved: ResolvedTenant;

  beforeAll(async () => {
    db = await newTestDatabase(kind);
    const platform: TenantRow = await newPlatform(db);
    const commune = await newTenant(db, { slug: 'relevance' });
    resolved = resolvedTenant(commune, [platform]);
    await publishCatalogue(db, loadCatalogue());
  });
  afterAll(() => db.dispose());

  it('ranks the expected card first for every query of the set', { timeout: 180_000 }, async () => {
    const catalogue = loadCatalogue();
    const codes = new Set(catalogue.services.map((s) => s.code));
    // A query expecting a card the catalogue lacks is a mistake in the set, not a search miss.
    const unknown = RELEVANCE_QUERIES.filter((query) => query.expect !== null && !codes.has(query.expect));

    const misses: string[] = [];
    const tally = new Map<string, { hits: number; total: number }>();
    for (const query of RELEVANCE_QUERIES) {
      const result = await searchOfferedServices(db, resolved, query.q, 5);
      const got = result.services.map((s) => s.code);
      const suggestions = (result as { suggestions?: { code: string }[] }).suggestions ?? [];
      const hit = query.expect === null ? got.length === 0 && suggestions.length > 0 : got[0] === query.expect;
      const bucket = tally.get(query.lang) ?? { hits: 0, total: 0 };
      tally.set(query.lang, { hits: bucket.hits + (hit ? 1 : 0), total: bucket.total + 1 });
      if (!hit) misses.push(describeMiss(query, got, suggestions.map((s) => s.code)));
    }
    const hits = RELEVANCE_QUERIES.length - misses.length;
    const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
    const perLanguage = [...tally].map(([lang, t]) => `${lang} ${t.hits}/${t.total}`).join(', ');
    console.log(`search relevance (${kind}): ${hits}/${RELEVANCE_QUERIES.length} = ${percent(hits, RELEVANCE_QUERIES.length)} [${perLanguage}]`);
    if (misses.length > 0) console.log(misses.join('\n'));
    expect(unknown.map((query) => `${query.q} → ${query.expect}`)).toEqual([]);
    expect(misses).toEqual([]);
  });
});

function describeMiss(query: RelevanceQuery, got: string[], suggestions: string[]): string {
  const wanted = query.expect ?? '(nothing, with suggestions)';
  const answer = got.length > 0 ? got.slice(0, 3).join(', ') : `nothing; suggestions: ${suggestions.join(', ') || 'none'}`;
  return `  miss [${query.lang}/${query.kind}] «${query.q}»: wanted ${wanted}, got ${answer}`;
}
