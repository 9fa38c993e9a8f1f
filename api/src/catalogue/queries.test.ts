import { describe, expect, it } from 'vitest';
import { buildVocabulary, planQuery } from '@jamaa/tenants/text-folding.ts';
import { sqlSnapshot } from '../testing/sql-snapshot.ts';
import type { TenantTx } from '../tenancy/unit-of-work.ts';
import { searchLocalServices, searchNationalServices, suggestNationalServices } from './catalogue.repository.ts';

/**
 * The search queries of the catalogue, compiled, in a file reviewers read: a change to the SQL shows in the
 * diff (`vitest -u` rewrites it). The plan is one query with a corrected word and a Tifinagh plural.
 */
describe('catalogue search queries', () => {
  it('compile to the SQL in queries.snapshot.sql', async () => {
    const s = sqlSnapshot();
    const tx = s.tx as unknown as TenantTx;
    const plan = planQuery('شهادة الاقمة ⵜⵉⴹⵕⵉⴱⵉⵏ', buildVocabulary(['شهادة الإقامة', 'ⵜⴰⴹⵕⵉⴱⵜ ⵏ ⵜⵣⴷⵖⴰ', 'ⵜⵉⴹⵕⵉⴱⵉⵏ']));
    await s.run('searchNationalServices', () => searchNationalServices(tx, 'v', plan, 60));
    await s.run('searchLocalServices', () => searchLocalServices(tx, ['t1', 't2'], plan, 20));
    await s.run('suggestNationalServices', () => suggestNationalServices(tx, 'v', plan.correctedPhrase, 0.3, 15));
    await expect(s.text()).toMatchFileSnapshot('./queries.snapshot.sql');
  });
});
