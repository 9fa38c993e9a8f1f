import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { updateComplaint } from './complaints.repository.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, DAY, hostOf, newStaffUser, signIn, testClock, type NewStaffOptions } from '../testing/staff.ts';
import type { PrivateComplaint, PublicComplaint, StaffComplaint, StaffComplaintDetail } from './complaints.schemas.ts';

/**
 * The staff side of complaints through the real app: assignment, public replies and internal notes, the
 * state machine, redaction and photo review before anything is public, merge, forward, the queue's
 * filters, per-category deadlines, filing for a caller, reply templates, and an arrondissement's
 * complaints seen from the city only with rights. Each change that concerns the resident mails them.
 */
describe.each(DATABASE_KINDS)('complaints, staff API (%s)', (kind) => {
  const clock = testClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let casa: TenantRow;
  let anfa: TenantRow;
  let rabat: TenantRow;
  let casaHost: string;
  let anfaHost: string;
  const cookie: Record<'supervisor' | 'citySupervisor' | 'plainSupervisor' | 'works' | 'civil' | 'admin' | 'anfa' | 'rabat', string> = {} as never;
  let worksAgentId = '';
  const accounts: [keyof typeof cookie, string, string][] = [];
  /** Sessions lapse when the clock jumps weeks ahead: sign everyone in again. */
  const signInAgain = async () => {
    for (const [who, email, host] of accounts) cookie[who] = await signIn(t.app, host, email);
  };

  beforeAll(async () => {
    // With the page cache and the cache of public reads, as in production: the form's rules (categories,
    // area) are kept between submissions, and a staff change must reach the next one.
    t = await newTestApp(kind, { clock: clock.now, pages: true });
    await newPlatform(t.db);
    casa = await newTenant(t.db, { slug: 'casablanca' });
    anfa = await newTenant(t.db, { slug: 'anfa', parent: casa });
    rabat = await newTenant(t.db, { slug: 'rabat' });
    casaHost = hostOf(casa);
    anfaHost = hostOf(anfa, casa);
    const user = async (who: keyof typeof cookie, memberships: NewStaffOptions['memberships'], host = casaHost) => {
      const u = await newStaffUser(t.db, { memberships });
      accounts.push([who, u.email, host]);
      return u.id;
    };
    await user('supervisor', [{ tenant: casa, role: 'supervisor' }]);
    await user('citySupervisor', [{ tenant: casa, role: 'supervisor' }, { tenant: anfa, role: 'supervisor' }]);
    await user('plainSupervisor', [{ tenant: casa, role: 'supervisor' }, { tenant: anfa, role: 'agent' }]);
    worksAgentId = await user('works', [{ tenant: casa, role: 'agent', department: 'works' }]);
    await user('civil', [{ tenant: casa, role: 'agent', department: 'civil-status' }]);
    await user('admin', [{ tenant: casa, role: 'administrator' }]);
    await user('anfa', [{ tenant: anfa, role: 'supervisor' }], anfaHost);
    await user('rabat', [{ tenant: rabat, role: 'supervisor' }], hostOf(rabat));
    await signInAgain();
  });
  afterAll(() => t?.dispose());

  const RESIDENT = 'resident@example.ma';
  const file = async (host: string, body: Record<string, unknown> = {}) => {
    const res = await call(t.app, 'POST', host, '/api/v1/complaints', {
      origin: null,
      body: { category: 'roads', description: 'Nid-de-poule devant chez moi, Karim 0611223344', latitude: 33.57, longitude: -7.59, contactEmail: RESIDENT, locale: 'fr', ...body },
    });
    expect(res.status).toBe(201);
    const result = (await res.json()) as { tracking: string; token: string; dueDate: string };
    const { id } = await t.db.kysely.selectFrom('complaints').select('id').where('tracking', '=', result.tracking).executeTakeFirstOrThrow();
    return { ...result, id };
  };
  const staff = (who: keyof typeof cookie, method: string, path: string, body?: unknown, host = casaHost) => call(t.app, method, host, `/api/v1/admin${path}`, { cookie: cookie[who], body });
  const detail = async (who: keyof typeof cookie, id: string, host = casaHost) => {
    const res = await staff(who, 'GET', `/complaints/${id}`, undefined, host);
    expect(res.status).toBe(200);
    return (await res.json()) as StaffComplaintDetail;
  };
  const tracked = async (tracking: string, host = casaHost) => (await (await t.get(host, `/api/v1/complaints/track/${tracking}`)).json()) as PublicComplaint;
  const mails = async (tracking: string) =>
    (await t.db.kysely.selectFrom('mail_outbox').select(['subject', 'body_text', 'kind']).where('to_address', '=', RESIDENT).orderBy('created_at').execute()).filter((m) => m.subject.includes(tracking));
  const auditActions = async (id: string) => (await t.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', id).orderBy('id').execute());

  it('a supervisor assigns to a department and an agent: assigned, the resident is mailed, the public sees the step but not who; audited', async () => {
    const c = await file(casaHost);
    const res = await staff('supervisor', 'POST', `/complaints/${c.id}/assign`, { department: 'works', assigneeId: worksAgentId });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'assigned', department: 'works', assigneeId: worksAgentId });
    const pub = await tracked(c.tracking);
    expect(pub.steps.map((s) => s.state)).toEqual(['received', 'assigned']);
    expect(JSON.stringify(pub)).not.toContain(worksAgentId);
    expect((await mails(c.tracking)).map((m) => m.kind)).toEqual(['complaint_received', 'complaint_updated']);
    expect((await auditActions(c.id)).map((a) => a.action)).toContain('complaint.assigned');
    // Reassigning another agent is no change of state and mails nobody.
    expect((await staff('supervisor', 'POST', `/complaints/${c.id}/assign`, { assigneeId: null })).status).toBe(200);
    expect(await mails(c.tracking)).toHaveLength(2);
  });

  it('a public reply reaches the resident (page, tracking and mail); an internal note stays in the staff history', async () => {
    const c = await file(casaHost);
    expect((await staff('supervisor', 'POST', `/complaints/${c.id}/replies`, { body: 'Équipe envoyée demain matin.', public: true })).status).toBe(200);
    expect((await staff('supervisor', 'POST', `/complaints/${c.id}/replies`, { body: 'Voir avec le chef de secteur, note interne', public: false })).status).toBe(200);
    const pub = JSON.stringify(await tracked(c.tracking));
    expect(pub).toContain('Équipe envoyée demain matin.');
    expect(pub).not.toContain('note interne');
    const own = (await (await t.get(casaHost, `/api/v1/complaints/private/${c.token}`)).json()) as PrivateComplaint;
    expect(own.steps.map((s) => s.body)).toContain('Équipe envoyée demain matin.');
    expect(JSON.stringify(own)).not.toContain('note interne');
    const sent = await mails(c.tracking);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.body_text).toContain('Équipe envoyée demain matin.');
    const history = (await detail('supervisor', c.id)).events.map((e) => [e.kind, e.public, e.body]);
    expect(history).toEqual(expect.arrayContaining([['reply', true, 'Équipe envoyée demain matin.'], ['note', false, 'Voir avec le chef de secteur, note interne']]));
    // The audit log keeps the length, not the words.
    expect(JSON.stringify(await auditActions(c.id))).not.toContain('note interne');
  });

  it('changes state through the state machine: resolved closes with a date and mails; a forbidden change is 409 and changes nothing', async () => {
    const c = await file(casaHost);
    expect((await staff('supervisor', 'POST', `/complaints/${c.id}/state`, { state: 'in_progress' })).status).toBe(200);
    clock.advance(DAY);
    const done = await staff('supervisor', 'POST', `/complaints/${c.id}/state`, { state: 'resolved', reply: 'Réparé.' });
    expect(await done.json()).toMatchObject({ state: 'resolved', closedAt: clock.now().toISOString(), allowedStates: ['in_progress'] });
    const before = await detail('supervisor', c.id);
    const refused = await staff('supervisor', 'POST', `/complaints/${c.id}/state`, { state: 'assigned' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string; details: unknown } }).error).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'resolved', to: 'assigned', allowed: ['in_progress'] } });
    expect(await detail('supervisor', c.id)).toEqual(before);
    expect((await mails(c.tracking)).map((m) => m.kind)).toEqual(['complaint_received', 'complaint_updated', 'complaint_updated']);
    const pub = await tracked(c.tracking);
    expect(pub).toMatchObject({ state: 'resolved', closedAt: clock.now().toISOString() });
    expect(pub.steps.at(-1)).toMatchObject({ state: 'resolved', body: 'Réparé.' });
    // Reopening keeps the deadline from the filing.
    expect(await (await staff('supervisor', 'POST', `/complaints/${c.id}/state`, { state: 'in_progress' })).json()).toMatchObject({ state: 'in_progress', closedAt: null, dueDate: c.dueDate });
  });

  it('shows the text publicly only once staff reviewed it, as redacted, never the original; the audit log holds no text', async () => {
    const c = await file(casaHost, { address: '12 rue des Orangers, chez Karim' });
    expect((await tracked(c.tracking)).description).toBeNull();
    const res = await staff('supervisor', 'POST', `/complaints/${c.id}/redaction`, { description: 'Nid-de-poule devant le n° 12.', address: 'Rue des Orangers', reviewed: true });
    expect(res.status).toBe(200);
    const pub = JSON.stringify(await tracked(c.tracking));
    expect(pub).toContain('Nid-de-poule devant le n° 12.');
    expect(pub).toContain('Rue des Orangers');
    for (const secret of ['Karim', '0611223344', RESIDENT]) expect(pub).not.toContain(secret);
    expect(JSON.stringify(await (await t.get(casaHost, '/api/v1/complaints')).json())).not.toContain('Karim');
    const audited = await auditActions(c.id);
    expect(audited.map((a) => a.action)).toContain('complaint.redacted');
    expect(JSON.stringify(audited)).not.toContain('Karim');
    // A complaint with no map point keeps a place.
    const unplaced = await file(casaHost, { latitude: undefined, longitude: undefined, address: 'Place des Nations' });
    const refused = await staff('supervisor', 'POST', `/complaints/${unplaced.id}/redaction`, { address: null });
    expect(refused.status).toBe(422);
  });

  it('makes a photo public only once published, and takes it back when hidden (from the resident too)', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ category: 'roads', description: 'Trou', latitude: '33.57', longitude: '-7.59', locale: 'fr' })) form.set(k, v);
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#777' } }).jpeg().toBuffer();
    form.append('photo', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg');
    const res = await t.app.request(`http://${casaHost}/api/v1/complaints`, { method: 'POST', headers: { host: casaHost }, body: form });
    const { tracking, token } = (await res.json()) as { tracking: string; token: string };
    const { id } = await t.db.kysely.selectFrom('complaints').select('id').where('tracking', '=', tracking).executeTakeFirstOrThrow();
    const [photo] = (await detail('supervisor', id)).photos;
    expect(photo?.status).toBe('pending');
    const publicUrl = `/api/v1/complaints/photos/${photo?.id}`;
    expect((await t.get(casaHost, publicUrl)).status).toBe(404);

    expect((await staff('supervisor', 'POST', `/complaints/${id}/photos/${photo?.id}/review`, { status: 'published' })).status).toBe(200);
    expect((await tracked(tracking)).photos).toEqual([{ id: photo?.id, url: publicUrl }]);
    expect((await t.get(casaHost, publicUrl)).status).toBe(200);
    // Not on another tenant's host.
    expect((await t.get(hostOf(rabat), publicUrl)).status).toBe(404);

    expect((await staff('supervisor', 'POST', `/complaints/${id}/photos/${photo?.id}/review`, { status: 'hidden' })).status).toBe(200);
    expect((await t.get(casaHost, publicUrl)).status).toBe(404);
    expect(((await (await t.get(casaHost, `/api/v1/complaints/private/${token}`)).json()) as PrivateComplaint).photos).toEqual([]);
    expect((await auditActions(id)).map((a) => a.action)).toEqual(expect.arrayContaining(['complaint.photo_published', 'complaint.photo_hidden']));
  });

  it('merges a duplicate into its original: the public follows the original, supporters add up, "me too" counts there, a second merge is refused', async () => {
    const original = await file(casaHost);
    const duplicate = await file(casaHost);
    await call(t.app, 'POST', casaHost, `/api/v1/complaints/track/${duplicate.tracking}/supporters`, { origin: null });
    expect((await staff('works', 'POST', `/complaints/${duplicate.id}/merge`, { into: original.tracking })).status).toBe(403);
    const res = await staff('supervisor', 'POST', `/complaints/${duplicate.id}/merge`, { into: original.tracking });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mergedInto: original.tracking });
    expect(await tracked(duplicate.tracking)).toMatchObject({ mergedInto: original.tracking });
    // The duplicate's resident and its one supporter count on the original.
    expect((await tracked(original.tracking)).supporters).toBe(2);
    // "Me too" on the duplicate counts on the original (this client had only supported the duplicate).
    const me = await call(t.app, 'POST', casaHost, `/api/v1/complaints/track/${duplicate.tracking}/supporters`, { origin: null });
    expect(await me.json()).toEqual({ supporters: 3, added: true });
    const again = await staff('supervisor', 'POST', `/complaints/${duplicate.id}/merge`, { into: original.tracking });
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('MERGE_REFUSED');
    // Never into another tenant's complaint.
    const elsewhere = await file(hostOf(rabat), { latitude: 34.02, longitude: -6.83 });
    expect((await staff('supervisor', 'POST', `/complaints/${original.id}/merge`, { into: elsewhere.tracking })).status).toBe(404);
    // A merged complaint is handled through its original.
    expect((await staff('supervisor', 'POST', `/complaints/${duplicate.id}/state`, { state: 'in_progress' })).status).toBe(409);
  });

  it('forwards to another body with its reference: closed as forwarded, shown publicly, final', async () => {
    const c = await file(casaHost, { category: 'water_leaks' });
    const res = await staff('supervisor', 'POST', `/complaints/${c.id}/forward`, { body: 'Lydec', reference: 'LY-2026-4411', reply: 'Transmis au délégataire de l’eau.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'forwarded', forwardedTo: 'Lydec', forwardReference: 'LY-2026-4411', allowedStates: [] });
    expect(await tracked(c.tracking)).toMatchObject({ state: 'forwarded', forwardedTo: 'Lydec', forwardReference: 'LY-2026-4411' });
    expect((await mails(c.tracking)).at(-1)?.body_text).toContain('Transmis au délégataire');
    expect((await staff('supervisor', 'POST', `/complaints/${c.id}/state`, { state: 'in_progress' })).status).toBe(409);
    expect((await auditActions(c.id)).find((a) => a.action === 'complaint.forwarded')?.after).toMatchObject({ to: 'Lydec', reference: 'LY-2026-4411' });
  });

  it('filters the queue by state, category, department and deadline; an agent sees only its department; overdue come first', async () => {
    const lamp = await file(casaHost, { category: 'street_lighting', description: 'Lampadaire éteint, queue test' });
    const noise = await file(casaHost, { category: 'noise', description: 'Bruit la nuit, queue test' });
    await staff('supervisor', 'POST', `/complaints/${noise.id}/assign`, { department: 'works' });
    const ids = async (who: keyof typeof cookie, query: string) => {
      const res = await staff(who, 'GET', `/complaints?q=queue%20test&${query}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { complaints: StaffComplaint[] }).complaints.map((c) => c.id);
    };
    expect(new Set(await ids('supervisor', ''))).toEqual(new Set([lamp.id, noise.id]));
    expect(await ids('supervisor', 'state=received')).toEqual([lamp.id]);
    expect(await ids('supervisor', 'state=assigned')).toEqual([noise.id]);
    expect(await ids('supervisor', 'category=street_lighting')).toEqual([lamp.id]);
    expect(await ids('supervisor', 'department=works')).toEqual([noise.id]);
    expect(await ids('works', '')).toEqual([noise.id]);
    expect(await ids('civil', '')).toEqual([]);
    expect((await staff('civil', 'GET', `/complaints/${noise.id}`)).status).toBe(404);
    expect(await ids('supervisor', 'deadline=overdue')).toEqual([]);
    clock.advance(61 * DAY);
    await signInAgain();
    expect(new Set(await ids('supervisor', 'deadline=overdue'))).toEqual(new Set([lamp.id, noise.id]));
    const queue = (await (await staff('supervisor', 'GET', '/complaints?state=open')).json()) as { complaints: StaffComplaint[]; overdue: number };
    expect(queue.overdue).toBeGreaterThanOrEqual(2);
    expect(queue.complaints[0]?.overdue).toBe(true);
    expect(queue.complaints.find((c) => c.id === lamp.id)).toMatchObject({ overdue: true, escalated: true });
  });

  it('orders the whole queue as open overdue by due date, open by due date, then closed newest first, and its pages add up to it', async () => {
    const a = await file(casaHost, { description: 'Premier, order test' });
    clock.advance(DAY);
    const b = await file(casaHost, { description: 'Deuxième, order test' });
    clock.advance(9 * DAY);
    const c = await file(casaHost, { description: 'Troisième, order test' });
    clock.advance(DAY);
    const d = await file(casaHost, { description: 'Quatrième, order test' });
    clock.advance(DAY);
    const e = await file(casaHost, { description: 'Cinquième, order test' });
    for (const closed of [e, d]) expect((await staff('supervisor', 'POST', `/complaints/${closed.id}/state`, { state: 'resolved', reply: 'Réglé.' })).status).toBe(200);
    // a and b past their deadline, c not yet.
    clock.advance(new Date(`${a.dueDate}T12:00:00Z`).getTime() + 2 * DAY - clock.now().getTime());
    await signInAgain();
    const page = async (query: string) => {
      const res = await staff('supervisor', 'GET', `/complaints?q=order%20test&${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { complaints: StaffComplaint[]; total: number; overdue: number };
      return { ids: body.complaints.map((x) => x.id), overdue: body.complaints.map((x) => x.overdue), total: body.total, overdueCount: body.overdue };
    };
    const all = await page('');
    expect(all).toEqual({ ids: [a.id, b.id, c.id, e.id, d.id], overdue: [true, true, false, false, false], total: 5, overdueCount: 2 });
    const pages = [await page('limit=2'), await page('limit=2&offset=2'), await page('limit=2&offset=4'), await page('limit=2&offset=6')];
    expect(pages.map((p) => p.ids)).toEqual([[a.id, b.id], [c.id, e.id], [d.id], []]);
    expect(pages.map((p) => [p.total, p.overdueCount])).toEqual([[5, 2], [5, 2], [5, 2], [5, 2]]);
    expect(await page('state=open&limit=2&offset=1')).toEqual({ ids: [b.id, c.id], overdue: [true, false], total: 3, overdueCount: 2 });
    expect(await page('state=closed')).toEqual({ ids: [e.id, d.id], overdue: [false, false], total: 2, overdueCount: 0 });
    expect(await page('state=resolved&offset=1')).toEqual({ ids: [d.id], overdue: [false], total: 2, overdueCount: 0 });
  });

  it("gives new complaints their category's deadline as the administrator set it (audited); an inactive category is refused", async () => {
    const current = (await (await staff('admin', 'GET', '/complaint-settings/categories')).json()) as { categories: { code: string; names: object; deadlineDays: number; department: string | null; active: boolean }[] };
    const categories = current.categories.map(({ code, names, deadlineDays, department, active }) =>
      code === 'street_lighting' ? { code, names, deadlineDays: 15, department: 'lighting', active } : code === 'noise' ? { code, names, deadlineDays, department, active: false } : { code, names, deadlineDays, department, active },
    );
    expect((await staff('supervisor', 'PUT', '/complaint-settings/categories', { categories })).status).toBe(403);
    expect((await staff('admin', 'PUT', '/complaint-settings/categories', { categories: [...categories, { ...categories[0], deadlineDays: 61 }] })).status).toBe(422);
    expect((await staff('admin', 'PUT', '/complaint-settings/categories', { categories })).status).toBe(200);
    // The staff list (kept in the cache of public reads, like the form's) shows the change at once.
    const after = (await (await staff('supervisor', 'GET', '/complaint-settings/categories')).json()) as typeof current;
    expect(after.categories.find((c) => c.code === 'street_lighting')).toMatchObject({ deadlineDays: 15, department: 'lighting' });
    expect(after.categories.find((c) => c.code === 'noise')).toMatchObject({ active: false });
    const lamp = await file(casaHost, { category: 'street_lighting' });
    const filedOn = clock.now();
    expect(lamp.dueDate).toBe(new Date(filedOn.getTime() + 15 * DAY).toISOString().slice(0, 10));
    expect(await detail('supervisor', lamp.id)).toMatchObject({ department: 'lighting', dueDate: lamp.dueDate });
    const refused = await call(t.app, 'POST', casaHost, '/api/v1/complaints', { origin: null, body: { category: 'noise', description: 'Bruit', address: 'Rue 5', locale: 'fr' } });
    expect(((await refused.json()) as { error: { details: unknown } }).error.details).toEqual([{ path: 'category', code: 'unknown_category' }]);
    const publicCodes = ((await (await t.get(casaHost, '/api/v1/complaints/categories')).json()) as { categories: { code: string }[] }).categories.map((c) => c.code);
    expect(publicCodes).not.toContain('noise');
    const entry = await t.db.kysely.selectFrom('audit_log').select('action').where('tenant_id', '=', casa.id).where('action', '=', 'complaint.categories_changed').execute();
    expect(entry).toHaveLength(1);
  });

  it('files for a caller at the counter or on the phone: same number series and private link, audited as filed for the resident', async () => {
    const res = await staff('works', 'POST', '/complaints', { category: 'cleanliness', description: 'Appel au centre : dépôt sauvage', address: 'Rue 9', channel: 'phone', contactPhone: '0600000000', locale: 'ar' });
    expect(res.status).toBe(201);
    const result = (await res.json()) as { tracking: string; token: string; privatePath: string };
    expect(result.tracking).toMatch(/^CASA-2026-\d{6}$/);
    expect(result.privatePath).toBe(`/ar/complaints/private/${result.token}`);
    const own = (await (await t.get(casaHost, `/api/v1/complaints/private/${result.token}`)).json()) as PrivateComplaint;
    expect(own).toMatchObject({ channel: 'phone', contactPhone: '0600000000' });
    const { id } = await t.db.kysely.selectFrom('complaints').select('id').where('tracking', '=', result.tracking).executeTakeFirstOrThrow();
    expect((await auditActions(id)).map((a) => a.action)).toContain('complaint.filed_for_resident');
  });

  it('keeps reply templates per state in ar, fr and zgh; only an administrator changes them', async () => {
    const templates = [{ state: 'resolved', title: { ar: 'تم الإصلاح', fr: 'Réparé', zgh: 'ⵉⵜⵜⵓⵙⴳⴰ' }, body: { ar: 'تم إصلاح المشكل.', fr: 'Le problème est réglé.', zgh: 'ⵉⵜⵜⵓⵙⴳⴰ ⵓⵎⵓⴽⵔⵉⵙ.' } }];
    expect((await staff('supervisor', 'PUT', '/complaint-settings/templates', { templates })).status).toBe(403);
    expect((await staff('admin', 'PUT', '/complaint-settings/templates', { templates: [{ ...templates[0], state: 'closed' }] })).status).toBe(422);
    expect((await staff('admin', 'PUT', '/complaint-settings/templates', { templates })).status).toBe(200);
    const listed = (await (await staff('works', 'GET', '/complaint-settings/templates')).json()) as { templates: unknown[] };
    expect(listed.templates).toEqual([{ id: expect.any(String), ...templates[0] }]);
  });

  it("keeps an arrondissement's complaints with it: the city's supervisor sees and works them only with rights there", async () => {
    const c = await file(anfaHost, { description: 'Trottoir cassé à Anfa' });
    expect(c.tracking).toMatch(/^ANFA-/);
    const inQueue = async (who: keyof typeof cookie, query = '') => ((await (await staff(who, 'GET', `/complaints?state=open${query}`)).json()) as { complaints: StaffComplaint[] }).complaints.some((x) => x.id === c.id);
    expect(((await (await staff('anfa', 'GET', '/complaints?state=open', undefined, anfaHost)).json()) as { complaints: StaffComplaint[] }).complaints.map((x) => x.id)).toContain(c.id);
    expect(await inQueue('supervisor')).toBe(false);
    expect(await inQueue('plainSupervisor')).toBe(false);
    expect((await staff('supervisor', 'GET', `/complaints/${c.id}`)).status).toBe(404);
    expect(await inQueue('citySupervisor')).toBe(true);
    expect(await inQueue('citySupervisor', `&arrondissement=${anfa.id}`)).toBe(true);
    expect((await staff('supervisor', 'GET', `/complaints?arrondissement=${anfa.id}`)).status).toBe(404);
    // A change from the city's host is written as the arrondissement's.
    expect((await staff('citySupervisor', 'POST', `/complaints/${c.id}/assign`, { department: 'works' })).status).toBe(200);
    const entry = await t.db.kysely.selectFrom('audit_log').select('tenant_id').where('target_id', '=', c.id).where('action', '=', 'complaint.assigned').executeTakeFirstOrThrow();
    expect(entry.tenant_id).toBe(anfa.id);
    expect(await detail('anfa', c.id, anfaHost)).toMatchObject({ state: 'assigned', department: 'works' });
    // Another commune never.
    expect((await staff('rabat', 'GET', `/complaints/${c.id}`, undefined, hostOf(rabat))).status).toBe(404);
    // A suspended arrondissement is out of the city's queue at once, even before any process hears of the
    // change (the commune's list of arrondissements is kept in the cache of public reads; the rights are not).
    await t.db.kysely.updateTable('tenants').set({ status: 'suspended' }).where('id', '=', anfa.id).execute();
    try {
      expect(await inQueue('citySupervisor')).toBe(false);
      expect((await staff('citySupervisor', 'GET', `/complaints/${c.id}`)).status).toBe(404);
    } finally {
      await t.db.kysely.updateTable('tenants').set({ status: 'active' }).where('id', '=', anfa.id).execute();
    }
    expect(await inQueue('citySupervisor')).toBe(true);
  });

  it("refuses a map point outside the commune's area once the administrator set it, anywhere outside Morocco otherwise; a wrong box is refused edge by edge; audited", async () => {
    const inRabat = { latitude: 34.02, longitude: -6.83 };
    const fileAt = (point: { latitude: number; longitude: number }) =>
      call(t.app, 'POST', casaHost, '/api/v1/complaints', { origin: null, body: { category: 'roads', description: 'Trou', ...point, locale: 'fr' } });
    // The resident's form reads the same area (its map opens on it), through the cache of public reads.
    const publicArea = async () => (await (await t.get(casaHost, '/api/v1/complaints/area')).json()) as { area: unknown };
    expect(await (await staff('supervisor', 'GET', '/complaint-settings/area')).json()).toEqual({ area: null, morocco: { south: 20.7, west: -17.2, north: 35.95, east: -0.95 } });
    expect(await publicArea()).toEqual({ area: null });
    expect((await fileAt(inRabat)).status).toBe(201);

    const box = { south: 33.45, west: -7.75, north: 33.65, east: -7.45 };
    expect((await staff('supervisor', 'PUT', '/complaint-settings/area', { area: box })).status).toBe(403);
    const wrong = await staff('admin', 'PUT', '/complaint-settings/area', { area: { south: 33.65, west: -7.75, north: 33.45, east: 2.35 } });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: { details: unknown } }).error.details).toEqual([
      { path: 'area.east', code: 'area_outside_morocco' },
      { path: 'area.north', code: 'area_inverted' },
    ]);
    expect(((await (await staff('admin', 'GET', '/complaint-settings/area')).json()) as { area: unknown }).area).toBeNull();

    const set = await staff('admin', 'PUT', '/complaint-settings/area', { area: box });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { area: unknown }).area).toEqual(box);
    expect(await publicArea()).toEqual({ area: box });
    expect(await (await t.get(hostOf(rabat), '/api/v1/complaints/area')).json()).toEqual({ area: null });
    const refused = await fileAt(inRabat);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({ code: 'LOCATION_OUTSIDE_AREA', details: { area: 'tenant' } });
    expect((await fileAt({ latitude: 33.5731, longitude: -7.5898 })).status).toBe(201);
    // Another tenant keeps Morocco's box.
    expect((await call(t.app, 'POST', hostOf(rabat), '/api/v1/complaints', { origin: null, body: { category: 'roads', description: 'Trou', ...inRabat, locale: 'fr' } })).status).toBe(201);

    expect((await staff('admin', 'PUT', '/complaint-settings/area', { area: null })).status).toBe(200);
    expect(await publicArea()).toEqual({ area: null });
    expect((await fileAt(inRabat)).status).toBe(201);
    const entries = await t.db.kysely.selectFrom('audit_log').select(['before', 'after']).where('tenant_id', '=', casa.id).where('action', '=', 'complaint.area_changed').orderBy('id').execute();
    expect(entries).toEqual([
      { before: { area: null }, after: { area: box } },
      { before: { area: box }, after: { area: null } },
    ]);
  });

  it('publishes statistics that add up: received, resolved, median days to resolve, share answered within the deadline, by category and month, and the same in the yearly CSV', async () => {
    const tanger = await newTenant(t.db, { slug: 'tanger' });
    const host = hostOf(tanger);
    const filedAt = clock.now();
    const ids: string[] = [];
    for (const category of ['roads', 'roads', 'roads', 'noise']) ids.push((await file(host, { category, latitude: 35.76, longitude: -5.83, contactEmail: undefined })).id);
    const after = (days: number) => new Date(filedAt.getTime() + days * DAY);
    await withTenant(t.db, { id: tanger.id }, async (tx) => {
      await updateComplaint(tx, ids[0] as string, { state: 'resolved', closed_at: after(2) });
      await updateComplaint(tx, ids[1] as string, { state: 'resolved', closed_at: after(10) });
      // Answered, but after the 60 days.
      await updateComplaint(tx, ids[2] as string, { state: 'rejected', closed_at: after(70) });
    });
    const year = filedAt.getUTCFullYear();
    const month = `${year}-${String(filedAt.getUTCMonth() + 1).padStart(2, '0')}`;
    const stats = (await (await t.get(host, `/api/v1/complaints/statistics?year=${year}`)).json()) as {
      total: unknown;
      byCategory: unknown[];
      byMonth: { month: string; received: number }[];
    };
    expect(stats.total).toEqual({ received: 4, resolved: 2, medianDaysToResolve: 6, withinDeadlineShare: 0.667 });
    expect(stats.byCategory).toEqual([
      { category: 'noise', received: 1, resolved: 0, medianDaysToResolve: null, withinDeadlineShare: null },
      { category: 'roads', received: 3, resolved: 2, medianDaysToResolve: 6, withinDeadlineShare: 0.667 },
    ]);
    expect(stats.byMonth.filter((m) => m.received > 0).map((m) => [m.month, m.received])).toEqual([[month, 4]]);
    const csv = await (await t.get(host, `/api/v1/complaints/statistics/report.csv?year=${year}`)).text();
    expect(csv.split('\r\n')).toEqual(expect.arrayContaining([`total,${year},4,2,6,0.667`, 'category,roads,3,2,6,0.667', 'category,noise,1,0,,', `month,${month},4,2,6,0.667`]));
    // Nothing of Casablanca's complaints in Tanger's figures, and a year with none is empty, not an error.
    expect(((await (await t.get(host, `/api/v1/complaints/statistics?year=${year - 1}`)).json()) as { total: unknown }).total).toEqual({ received: 0, resolved: 0, medianDaysToResolve: null, withinDeadlineShare: null });
  });

  it('blurs a region of a photo before it is published: the region becomes unreadable, the rest stays, the original is gone everywhere; audited', async () => {
    // A white photo with a black-and-white "number plate" (stripes) at 100,100–300,200.
    const stripes = Array.from({ length: 10 }, (_, i) => `<rect x="${100 + i * 20}" y="100" width="10" height="100" fill="#000"/>`).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="#fff"/>${stripes}</svg>`;
    const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 95 }).toBuffer();
    const form = new FormData();
    for (const [k, v] of Object.entries({ category: 'roads', description: 'Voiture sur le trottoir', latitude: '33.57', longitude: '-7.59', locale: 'fr' })) form.set(k, v);
    form.append('photo', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'plate.jpg');
    const res = await t.app.request(`http://${casaHost}/api/v1/complaints`, { method: 'POST', headers: { host: casaHost }, body: form });
    const { tracking } = (await res.json()) as { tracking: string };
    const { id } = await t.db.kysely.selectFrom('complaints').select('id').where('tracking', '=', tracking).executeTakeFirstOrThrow();
    const [before] = (await detail('supervisor', id)).photos;
    const stdev = async (url: string, region: { left: number; top: number; width: number; height: number }) => {
      const bytes = new Uint8Array(await (await staff('supervisor', 'GET', url.replace('/api/v1/admin', ''))).arrayBuffer());
      // stats() reads its input, not the pipeline: cut the region out first.
      const cut = await sharp(bytes).extract(region).greyscale().png().toBuffer();
      return (await sharp(cut).stats()).channels[0]?.stdev ?? 0;
    };
    const plateArea = { left: 100, top: 100, width: 200, height: 100 };
    const elsewhere = { left: 500, top: 300, width: 200, height: 200 };
    expect(await stdev(before?.url as string, plateArea)).toBeGreaterThan(100);

    // x, y, width, height in fractions of the photo: the plate and a margin.
    const region = { x: 0.1, y: 0.1, width: 0.3, height: 0.25 };
    expect((await staff('supervisor', 'POST', `/complaints/${id}/photos/${before?.id}/blur`, { ...region, width: 0.95 })).status).toBe(422);
    // Another commune's supervisor, on their own host, finds no such complaint and changes nothing.
    expect((await staff('rabat', 'POST', `/complaints/${id}/photos/${before?.id}/blur`, region, hostOf(rabat))).status).toBe(404);
    expect((await detail('supervisor', id)).photos.map((p) => p.id)).toEqual([before?.id]);
    const blurred = await staff('supervisor', 'POST', `/complaints/${id}/photos/${before?.id}/blur`, region);
    expect(blurred.status).toBe(200);
    const photos = ((await blurred.json()) as StaffComplaintDetail).photos;
    expect(photos).toHaveLength(1);
    const [after] = photos;
    expect(after?.id).not.toBe(before?.id);
    expect(after?.status).toBe('pending');
    expect(await stdev(after?.url as string, plateArea)).toBeLessThan(40);
    expect(await stdev(after?.url as string, elsewhere)).toBeLessThan(5);
    // The unblurred original answers nowhere, and its row is gone.
    expect((await staff('supervisor', 'GET', `/complaints/${id}/photos/${before?.id}`)).status).toBe(404);
    expect(await t.db.kysely.selectFrom('tenant_files').select('id').where('id', '=', before?.id as string).execute()).toEqual([]);
    // Published, the blurred one is what the public gets.
    expect((await staff('supervisor', 'POST', `/complaints/${id}/photos/${after?.id}/review`, { status: 'published' })).status).toBe(200);
    expect((await tracked(tracking)).photos.map((p) => p.id)).toEqual([after?.id]);
    expect((await auditActions(id)).find((a) => a.action === 'complaint.photo_blurred')?.after).toEqual({ fileId: after?.id, region });
  });
});
