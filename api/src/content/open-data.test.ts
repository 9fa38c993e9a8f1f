// Open data as a reuser gets it: CSV read by a strict RFC 4180 reader (as a spreadsheet or a script would),
// JSON, the headers that make a browser save the file, and the national aggregate on the platform host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { hostOf, testClock } from '../testing/staff.ts';
import { insertItem, setItemState, type ContentValues } from './content.repository.ts';
import { csvField } from '../audit/csv.ts';

/**
 * A strict CSV reader (RFC 4180): CRLF between records, a field either bare (no quote, comma or line break
 * in it) or quoted with its quotes doubled; anything else throws. A leading UTF-8 BOM is taken off and
 * reported. Every record must have the header's number of fields.
 */
function readCsv(text: string): { bom: boolean; header: string[]; rows: Record<string, string>[] } {
  const bom = text.startsWith('\uFEFF');
  const s = bom ? text.slice(1) : text;
  const records: string[][] = [];
  let i = 0;
  while (i < s.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (s[i] === '"') {
        i++;
        for (;;) {
          if (i >= s.length) throw new Error('unterminated quoted field');
          if (s[i] === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field += s[i++];
        }
        if (i < s.length && s[i] !== ',' && s[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        while (i < s.length && s[i] !== ',' && s[i] !== '\r') {
          if (s[i] === '"' || s[i] === '\n') throw new Error(`bare quote or line feed in an unquoted field at ${i}`);
          field += s[i++];
        }
      }
      record.push(field);
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (s[i] === '\r') {
        if (s[i + 1] !== '\n') throw new Error(`CR without LF at ${i}`);
        i += 2;
      } else if (i < s.length) throw new Error(`unexpected ${s[i]} at ${i}`);
      break;
    }
    records.push(record);
  }
  if (!text.endsWith('\r\n')) throw new Error('the last record has no CRLF');
  const [header, ...body] = records;
  if (!header) throw new Error('no header');
  for (const r of body) if (r.length !== header.length) throw new Error(`a record of ${r.length} fields under a header of ${header.length}`);
  return { bom, header, rows: body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? '']))) };
}

/** A response's text with its byte-order mark kept (`Response.text()` drops it, as a spreadsheet would not). */
const textOf = async (res: Response) => new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(await res.arrayBuffer());

/** Would a spreadsheet run this cell as a formula? */
const runsAsFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

const AWKWARD_TITLE = 'Route "Tanger, Tétouan"\nphase 2';
const ARABIC = 'تهيئة الطريق الساحلي، المرحلة الثانية';

describe('csvField', () => {
  it('neutralises a cell that a spreadsheet would run as a formula, and leaves others alone', () => {
    for (const cell of ['=HYPERLINK("http://x","y")', '+212 5 39', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      const out = csvField(cell);
      expect(runsAsFormula(readCsv(`h\r\n${out}\r\n`).rows[0]?.h ?? ''), cell).toBe(false);
    }
    expect(csvField('Tétouan')).toBe('Tétouan');
    // The Arabic comma (U+060C) is not a separator: no quotes needed.
    expect(csvField(ARABIC)).toBe(ARABIC);
    // A number is data, not a formula: a negative longitude stays a number.
    expect(csvField(-5.37)).toBe('-5.37');
  });
});

describe.each(DATABASE_KINDS)('open data (%s)', (kind) => {
  let t: TestApp;
  const clock = testClock(new Date('2026-11-23T08:00:00Z'));
  let city: TenantRow;
  let quiet: TenantRow;
  let suspended: TenantRow;

  /** A published item written straight to the database (the console's rules are tested elsewhere). */
  const publish = (tenant: TenantRow, v: Partial<ContentValues> & Pick<ContentValues, 'kind' | 'slug' | 'fields'>, status: 'published' | 'draft' = 'published') =>
    withTenant(t.db, { id: tenant.id }, async (tx) => {
      const row = await insertItem(
        tx,
        { title: { fr: v.slug }, summary: {}, body: {}, attachments: [], event_at: null, expires_at: null, shared_with_arrondissements: false, ...v },
        clock.now(),
        null,
      );
      if (status === 'published') await setItemState(tx, row.id, { status: 'published', publish_at: new Date(clock.now().getTime() - 60_000) }, clock.now(), null);
      return row;
    });

  beforeAll(async () => {
    t = await newTestApp(kind, { clock: clock.now });
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'tetouan' });
    quiet = await newTenant(t.db, { slug: 'martil' });
    suspended = await newTenant(t.db, { slug: 'mdiq', status: 'suspended' });
    await publish(city, {
      kind: 'project',
      slug: 'route-cotiere',
      title: { fr: AWKWARD_TITLE, ar: ARABIC },
      fields: { status: 'in_progress', budgetMad: 12_500_000, progress: 40, location: { lat: 35.57, lng: -5.37 } },
    });
    await publish(city, { kind: 'project', slug: 'brouillon', fields: { status: 'planned' } }, 'draft');
    await publish(city, {
      kind: 'tender',
      slug: 'ao-12-2026',
      title: { fr: '=HYPERLINK("http://evil.example","Cliquez")', ar: '@SUM(1+1)' },
      fields: { reference: '-12/2026', deadline: '2026-12-20T10:00:00+01:00', status: 'awarded', awardee: '+SARL Nord', amountMad: 900_000 },
    });
    await publish(city, { kind: 'document', slug: 'budget-2027', fields: { type: 'budget', year: 2027, amountMad: 310_000_000 } });
    await publish(city, { kind: 'document', slug: 'rapport-technique', fields: { type: 'technical_report', year: 2026 } });
    await publish(city, {
      kind: 'session',
      slug: 'session-octobre',
      event_at: new Date('2026-10-05T09:00:00Z'),
      fields: { type: 'ordinary', agenda: [], decisions: [{ title: { fr: 'Budget 2027', ar: 'ميزانية 2027' }, votesFor: 30, votesAgainst: 2, abstentions: 1, adopted: true }] },
    });
    await publish(suspended, { kind: 'project', slug: 'projet-suspendu', fields: { status: 'planned' } });
    // Active itself, but under a suspended commune: its site is not served, nor its data.
    const underSuspended = await newTenant(t.db, { parent: suspended, slug: 'centre' });
    await publish(underSuspended, { kind: 'project', slug: 'projet-arrondissement-suspendu', fields: { status: 'planned' } });
  });
  afterAll(() => t?.dispose());

  const get = (host: string, path: string) => t.get(host, path);

  it('serves each data set as a CSV file to save: UTF-8 with a BOM for Excel, RFC 4180 quoting, a header even when empty', async () => {
    for (const dataset of ['projects', 'tenders', 'budgets', 'decisions']) {
      const res = await get(hostOf(city), `/api/v1/open-data/${dataset}.csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="tetouan-${dataset}.csv"`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const csv = readCsv(await textOf(res));
      expect(csv.bom).toBe(true);
      expect(csv.header.slice(0, 4)).toEqual(['commune', 'slug', 'title_ar', 'title_fr']);
      // A commune with nothing published still gets the columns, so that a script reading many communes works.
      const empty = readCsv(await textOf(await get(hostOf(quiet), `/api/v1/open-data/${dataset}.csv`)));
      expect(empty.header).toEqual(csv.header);
      expect(empty.rows).toEqual([]);
    }
  });

  it('keeps quotes, commas, line breaks and Arabic text intact, and lists only what is public', async () => {
    const { rows } = readCsv(await textOf(await get(hostOf(city), '/api/v1/open-data/projects.csv')));
    expect(rows).toEqual([
      expect.objectContaining({ commune: city.code, slug: 'route-cotiere', title_fr: AWKWARD_TITLE, title_ar: ARABIC, status: 'in_progress', budget_mad: '12500000', progress_percent: '40', latitude: '35.57', longitude: '-5.37' }),
    ]);
    const json = (await (await get(hostOf(city), '/api/v1/open-data/projects.json')).json()) as { dataset: string; records: Record<string, unknown>[] };
    expect(json.dataset).toBe('projects');
    expect(json.records).toEqual([expect.objectContaining({ slug: 'route-cotiere', title_fr: AWKWARD_TITLE, title_ar: ARABIC, budget_mad: 12_500_000, longitude: -5.37 })]);
  });

  it('neutralises cells a spreadsheet would run as formulas (= + - @), in every column', async () => {
    const { rows } = readCsv(await textOf(await get(hostOf(city), '/api/v1/open-data/tenders.csv')));
    expect(rows).toHaveLength(1);
    const row = rows[0] ?? {};
    for (const [column, cell] of Object.entries(row)) expect(runsAsFormula(cell), `${column}: ${cell}`).toBe(false);
    // The text is still there for a reader, behind the apostrophe that spreadsheets hide.
    expect(row.title_fr).toBe('\'=HYPERLINK("http://evil.example","Cliquez")');
    expect(row.title_ar).toBe("'@SUM(1+1)");
    expect(row.reference).toBe("'-12/2026");
    expect(row.awardee).toBe("'+SARL Nord");
    // JSON carries the data as it is: no spreadsheet runs it.
    const json = (await (await get(hostOf(city), '/api/v1/open-data/tenders.json')).json()) as { records: Record<string, unknown>[] };
    expect(json.records[0]).toMatchObject({ reference: '-12/2026', awardee: '+SARL Nord' });
  });

  it('serves JSON as a file to save too, and refuses an unknown data set', async () => {
    const res = await get(hostOf(city), '/api/v1/open-data/budgets.json');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="tetouan-budgets.json"');
    const budgets = ((await res.json()) as { records: { slug: string; type: string }[] }).records;
    expect(budgets.map((r) => [r.slug, r.type])).toEqual([['budget-2027', 'budget']]);
    const decisions = readCsv(await textOf(await get(hostOf(city), '/api/v1/open-data/decisions.csv'))).rows;
    expect(decisions).toEqual([expect.objectContaining({ source: 'session', date: '2026-10-05', decision_ar: 'ميزانية 2027', votes_for: '30', adopted: 'true' })]);
    expect((await get(hostOf(city), '/api/v1/open-data/salaries.csv')).status).toBe(422);
    expect((await get(hostOf(city), '/api/v1/open-data/projects.xlsx')).status).toBe(422);
  });

  it('aggregates every active commune on the platform host only, without a suspended one', async () => {
    const res = await get('localhost', '/api/v1/open-data/national/projects.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="national-projects.csv"');
    const { rows } = readCsv(await textOf(res));
    expect(rows.map((r) => [r.commune, r.slug])).toEqual([[city.code, 'route-cotiere']]);
    expect(rows[0]?.title_ar).toBe(ARABIC);
    const json = (await (await get('localhost', '/api/v1/open-data/national/tenders.json')).json()) as { records: { commune: string }[] };
    expect(json.records.map((r) => r.commune)).toEqual([city.code]);
    const empty = readCsv(await textOf(await get('localhost', '/api/v1/open-data/national/budgets.csv')));
    expect(empty.header).toContain('amount_mad');
    const national = JSON.stringify(await (await get('localhost', '/api/v1/open-data/national/projects.json')).json());
    expect(national).not.toContain('projet-suspendu');
    expect(national).not.toContain('projet-arrondissement-suspendu');
    // A commune's host has its own file, not the nation's.
    expect((await get(hostOf(city), '/api/v1/open-data/national/projects.csv')).status).toBe(404);
    expect((await get(hostOf(suspended), '/api/v1/open-data/national/projects.csv')).status).toBe(503);
  });

  // Last: it adds a commune, which the national files above would otherwise count.
  it('holds the budgets and the accounts (administrative account, financial reports) in one set, each typed, and nothing else', async () => {
    const commune = await newTenant(t.db, { slug: 'benguerir' });
    await publish(commune, { kind: 'document', slug: 'budget-2026', fields: { type: 'budget', year: 2026, amountMad: 95_000_000 } });
    await publish(commune, { kind: 'document', slug: 'compte-administratif-2025', fields: { type: 'accounts', year: 2025, amountMad: 88_400_000 } });
    await publish(commune, { kind: 'document', slug: 'rapport-financier-2025', fields: { type: 'financial_report', year: 2025 } });
    await publish(commune, { kind: 'document', slug: 'etude-assainissement', fields: { type: 'technical_report', year: 2025 } });
    await publish(commune, { kind: 'document', slug: 'guide-du-contribuable', fields: { type: 'other' } });
    const { rows } = readCsv(await textOf(await get(hostOf(commune), '/api/v1/open-data/budgets.csv')));
    expect(rows.map((r) => [r.slug, r.type, r.year, r.amount_mad]).sort()).toEqual([
      ['budget-2026', 'budget', '2026', '95000000'],
      ['compte-administratif-2025', 'accounts', '2025', '88400000'],
      ['rapport-financier-2025', 'financial_report', '2025', ''],
    ]);
    const national = (await (await get('localhost', '/api/v1/open-data/national/budgets.json')).json()) as { records: { commune: string; type: string }[] };
    expect(national.records.filter((r) => r.commune === commune.code).map((r) => r.type).sort()).toEqual(['accounts', 'budget', 'financial_report']);
  });
});
