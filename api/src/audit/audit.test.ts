import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, hostOf, newStaffUser, signIn, type TestStaff } from '../testing/staff.ts';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import type { AuditPage } from './audit.schemas.ts';
import { recordAudit } from './audit.service.ts';
import { csvField, toCsv, UTF8_BOM } from './csv.ts';

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+212600000000')).toBe("'+212600000000");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('starts with a UTF-8 byte-order mark and ends lines with CRLF, keeping Arabic and Tifinagh intact', () => {
    const text = toCsv(['name', 'note'], [['الدار البيضاء', 'ⴰⵣⵓⵍ, salam']]);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text).toBe(`${UTF8_BOM}name,note\r\nالدار البيضاء,"ⴰⵣⵓⵍ, salam"\r\n`);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

describe.each(DATABASE_KINDS)('the audit log (%s)', (kind) => {
  let t: TestApp;
  let platform: TenantRow;
  let city: TenantRow;
  let other: TenantRow;
  let admin: TestStaff;
  let cookie: string;
  let operatorCookie: string;
  const meta = { ip: '192.0.2.1', requestId: 'req-1' };

  beforeAll(async () => {
    t = await newTestApp(kind);
    platform = await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    other = await newTenant(t.db, { slug: 'tetouan' });
    admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    cookie = await signIn(t.app, hostOf(city), admin.email);
    const operator = await newStaffUser(t.db, { operator: true });
    operatorCookie = await signIn(t.app, 'localhost', operator.email);
    const actor = { id: admin.id, email: admin.email };
    await withTenant(t.db, { id: city.id }, async (tx) => {
      await recordAudit(tx, { tenantId: city.id, at: new Date('2026-01-10T10:00:00Z'), actor, action: 'staff.role_changed', target: { type: 'staff', id: 'u1', label: 'علي, "the boss"' }, before: { role: 'agent' }, after: { role: 'editor' }, meta });
      await recordAudit(tx, { tenantId: city.id, at: new Date('2026-02-10T10:00:00Z'), actor, action: 'staff.disabled', target: { type: 'staff', id: 'u2', label: '=cmd|calc' }, meta });
      await recordAudit(tx, { tenantId: city.id, at: new Date('2026-03-10T10:00:00Z'), actor: null, action: 'auth.sign_in_failed', target: { type: 'email', id: 'ghost@example.ma' }, meta });
    });
    await withTenant(t.db, { id: other.id }, (tx) =>
      recordAudit(tx, { tenantId: other.id, at: new Date('2026-01-10T10:00:00Z'), actor: null, action: 'staff.disabled', target: { type: 'staff', id: 'secret-of-tetouan' }, meta }),
    );
  });
  afterAll(() => t.dispose());

  const list = async (query: string) => {
    const response = await call(t.app, 'GET', hostOf(city), `/api/v1/admin/audit${query}`, { cookie });
    expect(response.status).toBe(200);
    return (await response.json()) as AuditPage;
  };

  it('is append-only for the application: no update, no delete', async () => {
    await expect(withTenant(t.db, { id: city.id }, (tx) => sql`update audit_log set action = 'x.y' where tenant_id = ${city.id}`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(withTenant(t.db, { id: city.id }, (tx) => sql`delete from audit_log where tenant_id = ${city.id}`.execute(tx))).rejects.toThrow(/permission denied/);
  });

  it('is written in the transaction of the change: a rolled-back change leaves no entry', async () => {
    await expect(
      withTenant(t.db, { id: city.id }, async (tx) => {
        await recordAudit(tx, { tenantId: city.id, at: new Date(), actor: null, action: 'staff.enabled', target: { type: 'staff', id: 'rolled-back' }, meta });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await list('?q=rolled-back')).entries).toEqual([]);
  });

  it("lists this tenant's entries, newest first, and none of another tenant's", async () => {
    const page = await list('');
    const written = page.entries.filter((e) => e.action !== 'auth.signed_in');
    expect(written.map((e) => e.action)).toEqual(['auth.sign_in_failed', 'staff.disabled', 'staff.role_changed']);
    expect(JSON.stringify(page)).not.toContain('secret-of-tetouan');
    expect(written.at(-1)).toMatchObject({
      actor: { id: admin.id, email: admin.email },
      action: 'staff.role_changed',
      target: { type: 'staff', id: 'u1', label: 'علي, "the boss"' },
      before: { role: 'agent' },
      after: { role: 'editor' },
      ip: '192.0.2.1',
    });
  });

  it('filters by actor, action (or prefix), date range and text, and pages with a cursor', async () => {
    expect((await list(`?actor=${admin.id}`)).entries.every((e) => e.actor?.id === admin.id)).toBe(true);
    expect((await list(`?actor=${encodeURIComponent(admin.email.slice(0, 8))}`)).entries.length).toBeGreaterThanOrEqual(2);
    expect((await list('?action=staff.disabled')).entries.map((e) => e.target?.id)).toEqual(['u2']);
    expect((await list('?action=auth.')).entries.map((e) => e.action)).toContain('auth.sign_in_failed');
    const range = await list(`?from=${encodeURIComponent('2026-02-01T00:00:00Z')}&to=${encodeURIComponent('2026-03-01T00:00:00Z')}`);
    expect(range.entries.map((e) => e.action)).toEqual(['staff.disabled']);
    expect((await list('?q=ghost')).entries.map((e) => e.action)).toEqual(['auth.sign_in_failed']);
    expect((await list(`?q=${encodeURIComponent('علي')}`)).entries.map((e) => e.target?.id)).toEqual(['u1']);
    expect((await list('?q=100%25')).entries).toEqual([]);
    const both = await list('?limit=2');
    const first = await list('?limit=1');
    expect(first.entries).toHaveLength(1);
    expect(first.nextCursor).toBe(first.entries[0]?.id);
    const second = await list(`?limit=1&before=${first.nextCursor}`);
    expect(second.entries.map((e) => e.id)).toEqual([both.entries[1]?.id]);
  });

  it("gives entries opaque ids that tell nothing of other tenants' activity", async () => {
    const internal = async (tenantId: string) =>
      withTenant(t.db, { id: tenantId }, (tx) => tx.selectFrom('audit_log').select('id').where('tenant_id', '=', tenantId).orderBy('id').execute());
    const busy = await newTenant(t.db, { slug: 'busy-commune' });
    await withTenant(t.db, { id: busy.id }, async (tx) => {
      for (let i = 0; i < 5; i++) await recordAudit(tx, { tenantId: busy.id, at: new Date(), actor: null, action: 'staff.enabled', target: { type: 'staff', id: `busy-${i}` }, meta });
    });
    await withTenant(t.db, { id: city.id }, (tx) => recordAudit(tx, { tenantId: city.id, at: new Date(), actor: null, action: 'staff.enabled', target: { type: 'staff', id: 'after-the-others' }, meta }));
    const page = await list('?limit=200');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(page.entries.length).toBeGreaterThan(3);
    for (const entry of page.entries) expect(entry.id).toMatch(uuid);
    // The internal, platform-wide sequence appears nowhere in what the tenant reads.
    const text = JSON.stringify(page);
    for (const row of await internal(city.id)) expect(text).not.toMatch(new RegExp(`"${row.id}"`));
    const csv = await (await call(t.app, 'GET', hostOf(city), '/api/v1/admin/audit.csv', { cookie })).text();
    expect(csv.split('\r\n').slice(1, -1).every((line) => uuid.test(line.split(',')[0] ?? ''))).toBe(true);
    // A cursor that is no entry of this tenant pages into nothing, and a number is not a cursor.
    const othersPage = (await (await call(t.app, 'GET', 'localhost', `/api/v1/operator/audit?tenantId=${busy.id}`, { cookie: operatorCookie })).json()) as AuditPage;
    expect((await list(`?before=${othersPage.entries[0]?.id}`)).entries).toEqual([]);
    expect((await call(t.app, 'GET', hostOf(city), '/api/v1/admin/audit?before=12', { cookie })).status).toBe(422);
  });

  it('exports CSV that Excel opens in UTF-8, quoted and defused', async () => {
    const response = await call(t.app, 'GET', hostOf(city), '/api/v1/admin/audit.csv?action=staff.', { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-casablanca-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('id,at,actor_email,actor_id,action,target_type,target_id,target_label,before,after,ip,request_id');
    expect(text).toContain(`,staff,u1,"علي, ""the boss""","{""role"":""agent""}","{""role"":""editor""}",192.0.2.1,req-1`);
    expect(text).toContain(`,'=cmd|calc,`);
    expect(text).not.toContain('sign_in_failed');
  });

  it("lets the operator read a tenant's log from the platform, and the platform's own by default", async () => {
    const response = await call(t.app, 'GET', 'localhost', `/api/v1/operator/audit?tenantId=${other.id}`, { cookie: operatorCookie });
    const page = (await response.json()) as AuditPage;
    expect(page.entries.map((e) => e.target?.id)).toEqual(['secret-of-tetouan']);
    const own = (await (await call(t.app, 'GET', 'localhost', '/api/v1/operator/audit', { cookie: operatorCookie })).json()) as AuditPage;
    expect(own.entries.every((e) => !JSON.stringify(e).includes('secret-of-tetouan'))).toBe(true);
    const csv = await call(t.app, 'GET', 'localhost', `/api/v1/operator/audit.csv?tenantId=${other.id}`, { cookie: operatorCookie });
    expect(await csv.text()).toContain('secret-of-tetouan');
    expect(platform.kind).toBe('platform');
  });

  it('records sign-ins and failed sign-ins with the address they came from', async () => {
    const staff = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'editor' }] });
    await call(t.app, 'POST', hostOf(city), '/api/v1/auth/login', { body: { email: staff.email, password: 'wrong password here' } });
    await signIn(t.app, hostOf(city), staff.email);
    const entries = (await list(`?q=${encodeURIComponent(staff.email)}`)).entries;
    expect(entries.map((e) => e.action)).toEqual(['auth.signed_in', 'auth.sign_in_failed']);
    expect(entries[1]).toMatchObject({ actor: null, target: { type: 'email', id: staff.email }, after: { factor: 'password' } });
  });
});
