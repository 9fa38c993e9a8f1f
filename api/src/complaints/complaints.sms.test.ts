// Issue 11: an agent files for a resident who calls or comes to the counter, and the resident gets the
// number and private link by SMS. An SMS is an outbox row (`channel = 'sms'`): held without a gateway,
// delivered to the HTTP gateway of SMS_GATEWAY_URL with one; read by the tenant's staff, withheld from
// the operator and invisible to another tenant.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { smsLength } from '../mail/sms-text.ts';
import type { OutboxView } from '../mail/outbox.schemas.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import type { SubmissionResult } from './complaints.schemas.ts';

/** The platform's public origin: links take its scheme and port, never the request's. */
const PUBLIC_URL = 'https://localhost:8443';
const FILING = { category: 'cleanliness', description: 'Appel : dépôt sauvage rue 9', address: 'Rue 9', channel: 'phone', locale: 'fr' };

interface Gateway {
  url: string;
  received: { to: string; from: string; text: string; authorization: string | undefined }[];
  /** The status the gateway answers for a number (200 otherwise). */
  answer: Map<string, number>;
  close(): Promise<void>;
}

async function fakeGateway(): Promise<Gateway> {
  const received: Gateway['received'] = [];
  const answer = new Map<string, number>();
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; from: string; text: string };
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      received.push({ ...body, authorization: req.headers.authorization });
      res.statusCode = answer.get(body.to) ?? 200;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/send`, received, answer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(DATABASE_KINDS)('SMS to a resident filed for by an agent (%s)', (kind) => {
  describe('without a gateway', () => {
    let t: TestApp;
    let settat: TenantRow;
    let rabat: TenantRow;
    let platform: TenantRow;
    const cookie = { agent: '', admin: '', rabatAdmin: '', operator: '' };

    beforeAll(async () => {
      t = await newTestApp(kind, { env: { PUBLIC_URL } });
      platform = await newPlatform(t.db);
      settat = await newTenant(t.db, { slug: 'settat', locales: ['fr', 'ar'] });
      rabat = await newTenant(t.db, { slug: 'rabat' });
      const agent = await newStaffUser(t.db, { memberships: [{ tenant: settat, role: 'agent' }] });
      const admin = await newStaffUser(t.db, { memberships: [{ tenant: settat, role: 'administrator' }] });
      const rabatAdmin = await newStaffUser(t.db, { memberships: [{ tenant: rabat, role: 'administrator' }] });
      const operator = await newStaffUser(t.db, { operator: true });
      cookie.agent = await signIn(t.app, hostOf(settat), agent.email);
      cookie.admin = await signIn(t.app, hostOf(settat), admin.email);
      cookie.rabatAdmin = await signIn(t.app, hostOf(rabat), rabatAdmin.email);
      cookie.operator = await signIn(t.app, hostOf(platform), operator.email);
    });
    afterAll(() => t?.dispose());

    const fileFor = (body: Record<string, unknown>) => call(t.app, 'POST', hostOf(settat), '/api/v1/admin/complaints', { cookie: cookie.agent, body: { ...FILING, ...body } });
    const smsRows = () => t.db.kysely.selectFrom('mail_outbox').selectAll().where('channel', '=', 'sms').orderBy('created_at').execute();
    const complaintCount = async () => (await t.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const outbox = async (host: string, path: string, who: string) => {
      const res = await call(t.app, 'GET', host, path, { cookie: who });
      expect(res.status).toBe(200);
      return (await res.json()) as OutboxView;
    };

    it("writes the number and the private link, on the tenant's own origin, to the resident's mobile, held in the outbox", async () => {
      const res = await fileFor({ contactName: 'Khadija', contactPhone: '06 12 34 56 78', receiptBy: 'sms' });
      expect(res.status, await res.clone().text()).toBe(201);
      const filed = (await res.json()) as SubmissionResult;
      expect(filed.sms).toEqual({ to: '+212612345678', status: 'held' });

      const [sms, ...others] = await smsRows();
      expect(others).toHaveLength(0);
      const link = `https://settat.localhost:8443/fr/complaints/private/${filed.token}`;
      expect(sms).toMatchObject({ to_address: '+212612345678', status: 'held', kind: 'complaint_received', locale: 'fr', secret: false });
      expect(sms?.body_text).toBe(`Réclamation ${filed.tracking} enregistrée. Suivi\n${link}`);
      // One SMS of 7-bit characters: no no-break space, no typographic apostrophe, no « ç ».
      expect(smsLength(sms?.body_text ?? '')).toMatchObject({ encoding: 'gsm', segments: 1 });
      // The complaint keeps the number as the SMS went to it.
      const stored = await t.db.kysely.selectFrom('complaints').select('contact_phone').where('tracking', '=', filed.tracking).executeTakeFirstOrThrow();
      expect(stored.contact_phone).toBe('+212612345678');
    });

    it("shows the SMS to the tenant's administrator, withholds it from the operator, and never shows it to another tenant", async () => {
      const own = await outbox(hostOf(settat), '/api/v1/admin/outbox', cookie.admin);
      const sms = own.messages.find((m) => m.channel === 'sms');
      expect(sms).toMatchObject({ to: '+212612345678', withheld: false, status: 'held' });
      expect(sms?.text).toContain('/fr/complaints/private/');

      const operator = await outbox(hostOf(platform), `/api/v1/operator/outbox?tenantId=${settat.id}`, cookie.operator);
      const seen = operator.messages.find((m) => m.channel === 'sms');
      expect(seen).toMatchObject({ to: '', text: '', withheld: true });
      expect(JSON.stringify(operator)).not.toContain('612345678');

      const other = await outbox(hostOf(rabat), '/api/v1/admin/outbox', cookie.rabatAdmin);
      expect(other.messages).toHaveLength(0);
    });

    it('refuses a number that is not a Moroccan mobile, or no number, when an SMS is asked for, and files nothing', async () => {
      const before = await complaintCount();
      const smsBefore = (await smsRows()).length;
      for (const [phone, code] of [
        ['0522 12 34 56', 'not_moroccan_mobile'],
        ['+33 6 12 34 56 78', 'not_moroccan_mobile'],
        ['06 12 34 56', 'not_moroccan_mobile'],
        [undefined, 'mobile_required'],
      ] as const) {
        const res = await fileFor({ contactName: 'Khadija', ...(phone ? { contactPhone: phone } : {}), receiptBy: 'sms' });
        expect(res.status, phone).toBe(422);
        const body = (await res.json()) as { error: { code: string; details: { path: string; code: string }[] } };
        expect(body.error.code).toBe('VALIDATION_FAILED');
        expect(body.error.details).toEqual([{ path: 'contactPhone', code }]);
      }
      // An anonymous complaint keeps no number: it cannot ask for an SMS.
      const anonymous = await fileFor({ anonymous: true, contactPhone: '0612345678', receiptBy: 'sms' });
      expect(anonymous.status).toBe(422);
      expect(((await anonymous.json()) as { error: { details: unknown } }).error.details).toEqual([{ path: 'anonymous', code: 'sms_not_anonymous' }]);
      expect(await complaintCount()).toBe(before);
      expect(await smsRows()).toHaveLength(smsBefore);
    });

    it('sends no SMS when the receipt is printed, and takes a landline then', async () => {
      const smsBefore = (await smsRows()).length;
      const res = await fileFor({ contactName: 'Khadija', contactPhone: '0522 12 34 56' });
      expect(res.status).toBe(201);
      expect((await res.json()) as SubmissionResult).not.toHaveProperty('sms');
      expect(await smsRows()).toHaveLength(smsBefore);
    });

    /** The resident's own form, as the page posts it (multipart, the checkbox `on`), with an Idempotency-Key. */
    const fileOnWeb = (fields: Record<string, string>, key = `web-${crypto.randomUUID()}`) => {
      const form = new FormData();
      for (const [name, value] of Object.entries({ category: 'cleanliness', description: 'Dépôt sauvage rue 9', address: 'Rue 9', locale: 'ar', ...fields })) form.set(name, value);
      return t.app.request(`http://${hostOf(settat)}/api/v1/complaints`, { method: 'POST', headers: { host: hostOf(settat), 'idempotency-key': key }, body: form });
    };

    it("sends a resident who ticked the box on the web the SMS an agent's filing sends, in the language they used, once per Idempotency-Key", async () => {
      const smsBefore = (await smsRows()).length;
      const before = Number(await complaintCount());
      const key = `web-${crypto.randomUUID()}`;
      const res = await fileOnWeb({ anonymous: 'false', contactName: 'Amina', contactPhone: '07.11.22.33.44', smsReceipt: 'on' }, key);
      expect(res.status, await res.clone().text()).toBe(201);
      const filed = (await res.json()) as SubmissionResult;
      expect(filed.sms).toEqual({ to: '+212711223344', status: 'held' });
      expect(filed.privatePath).toBe(`/ar/complaints/private/${filed.token}`);
      const rows = await smsRows();
      expect(rows).toHaveLength(smsBefore + 1);
      const sms = rows.at(-1);
      // Arabic (the page's language), though the tenant's default is French; the link on its canonical origin.
      expect(sms).toMatchObject({ to_address: '+212711223344', status: 'held', kind: 'complaint_received', locale: 'ar', channel: 'sms' });
      expect(sms?.body_text).toBe(`شكايتكم رقم ${filed.tracking}\nhttps://settat.localhost:8443/ar/complaints/private/${filed.token}`);
      const stored = await t.db.kysely.selectFrom('complaints').select(['contact_phone', 'channel', 'anonymous']).where('tracking', '=', filed.tracking).executeTakeFirstOrThrow();
      expect(stored).toEqual({ contact_phone: '+212711223344', channel: 'web', anonymous: false });

      // A double tap or a retry with the same key answers the same number and writes no second SMS.
      const replay = await fileOnWeb({ anonymous: 'false', contactName: 'Amina', contactPhone: '07.11.22.33.44', smsReceipt: 'on' }, key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as SubmissionResult).tracking).toBe(filed.tracking);
      expect(await smsRows()).toHaveLength(smsBefore + 1);
      expect(Number(await complaintCount())).toBe(before + 1);
    });

    it("writes to a resident in the tenant's default language when the page's language is not one the tenant publishes (its link would not open)", async () => {
      const res = await fileOnWeb({ contactPhone: '0698765432', smsReceipt: 'true', locale: 'zgh' });
      expect(res.status, await res.clone().text()).toBe(201);
      const filed = (await res.json()) as SubmissionResult;
      const sms = (await smsRows()).find((r) => r.to_address === '+212698765432');
      expect(sms?.locale).toBe('fr');
      expect(sms?.body_text).toBe(`Réclamation ${filed.tracking} enregistrée. Suivi\nhttps://settat.localhost:8443/fr/complaints/private/${filed.token}`);
    });

    it("refuses a resident's SMS to a number that is not a Moroccan mobile, or with an anonymous complaint, and files nothing", async () => {
      const before = await complaintCount();
      const smsBefore = (await smsRows()).length;
      for (const [fields, detail] of [
        [{ contactPhone: '0522 12 34 56' }, { path: 'contactPhone', code: 'not_moroccan_mobile' }],
        [{ contactName: 'Amina' }, { path: 'contactPhone', code: 'mobile_required' }],
        [{ anonymous: 'true', contactPhone: '0612345678' }, { path: 'anonymous', code: 'sms_not_anonymous' }],
      ] as const) {
        const res = await fileOnWeb({ ...fields, smsReceipt: 'on' });
        expect(res.status, JSON.stringify(fields)).toBe(422);
        const body = (await res.json()) as { error: { code: string; details: { path: string; code: string }[] } };
        expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [detail] });
      }
      expect(await complaintCount()).toBe(before);
      expect(await smsRows()).toHaveLength(smsBefore);
    });

    it('sends a resident no SMS without the box ticked, even with a mobile number', async () => {
      const smsBefore = (await smsRows()).length;
      const res = await fileOnWeb({ contactName: 'Amina', contactPhone: '0611223344' });
      expect(res.status).toBe(201);
      expect((await res.json()) as SubmissionResult).not.toHaveProperty('sms');
      expect(await smsRows()).toHaveLength(smsBefore);
      const stored = await t.db.kysely.selectFrom('complaints').select('contact_phone').where('contact_phone', '=', '0611223344').execute();
      expect(stored).toHaveLength(1);
    });

    it("writes in the tenant's default language when the agent leaves the resident's language out, the receipt's link too", async () => {
      const { locale: _agentsLanguage, ...withoutLocale } = FILING;
      const res = await call(t.app, 'POST', hostOf(settat), '/api/v1/admin/complaints', { cookie: cookie.agent, body: { ...withoutLocale, contactPhone: '00212 7 12 34 56 78', receiptBy: 'sms' } });
      expect(res.status, await res.clone().text()).toBe(201);
      const filed = (await res.json()) as SubmissionResult;
      // The receipt's link (`privatePath`, and the complaint's language the receipt page reads) and the SMS agree.
      expect(filed.privatePath).toBe(`/fr/complaints/private/${filed.token}`);
      expect(((await (await t.get(hostOf(settat), `/api/v1/complaints/private/${filed.token}`)).json()) as { locale: string }).locale).toBe('fr');
      const sms = (await smsRows()).find((r) => r.to_address === '+212712345678');
      expect(sms).toMatchObject({ locale: 'fr', body_text: `Réclamation ${filed.tracking} enregistrée. Suivi\nhttps://settat.localhost:8443/fr/complaints/private/${filed.token}` });
    });

    it("writes in the language the agent chose for the resident, not the tenant's default nor the console's", async () => {
      // Settat writes French by default; the agent's console is in French; the caller speaks Arabic.
      const res = await fileFor({ locale: 'ar', contactName: 'Fatima', contactPhone: '0655443322', receiptBy: 'sms' });
      expect(res.status, await res.clone().text()).toBe(201);
      const filed = (await res.json()) as SubmissionResult;
      expect(filed.privatePath).toBe(`/ar/complaints/private/${filed.token}`);
      const sms = (await smsRows()).find((r) => r.to_address === '+212655443322');
      expect(sms).toMatchObject({ locale: 'ar', body_text: `شكايتكم رقم ${filed.tracking}\nhttps://settat.localhost:8443/ar/complaints/private/${filed.token}` });
      // An Arabic SMS holds the number and the link only.
      expect(smsLength(sms?.body_text ?? '')).toMatchObject({ encoding: 'ucs2', segments: 2 });
      const stored = await t.db.kysely.selectFrom('complaints').select('locale').where('tracking', '=', filed.tracking).executeTakeFirstOrThrow();
      expect(stored.locale).toBe('ar');
    });
  });

  describe('with a gateway', () => {
    let t: TestApp;
    let gateway: Gateway;
    let settat: TenantRow;
    let agentCookie = '';

    beforeAll(async () => {
      gateway = await fakeGateway();
      t = await newTestApp(kind, { env: { PUBLIC_URL, SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: 'gateway-token', SMS_SENDER: 'Settat' } });
      await newPlatform(t.db);
      settat = await newTenant(t.db, { slug: 'settat', locales: ['fr', 'ar'] });
      const agent = await newStaffUser(t.db, { memberships: [{ tenant: settat, role: 'agent' }] });
      agentCookie = await signIn(t.app, hostOf(settat), agent.email);
    });
    afterAll(async () => {
      await t?.dispose();
      await gateway?.close();
    });

    const fileFor = (phone: string) =>
      call(t.app, 'POST', hostOf(settat), '/api/v1/admin/complaints', { cookie: agentCookie, body: { ...FILING, contactName: 'Youssef', contactPhone: phone, receiptBy: 'sms' } });
    const statusOf = async (to: string) => (await t.db.kysely.selectFrom('mail_outbox').select(['status', 'sent_at', 'last_error']).where('to_address', '=', to).executeTakeFirst());

    it('delivers the SMS to the gateway, with its token and sender, and marks it sent', async () => {
      const res = await fileFor('+212 6 99 88 77 66');
      expect(res.status, await res.clone().text()).toBe(201);
      const filed = (await res.json()) as SubmissionResult;
      expect(filed.sms).toEqual({ to: '+212699887766', status: 'pending' });
      await expect.poll(async () => (await statusOf('+212699887766'))?.status).toBe('sent');
      expect((await statusOf('+212699887766'))?.sent_at).not.toBeNull();
      expect(gateway.received).toEqual([
        { to: '+212699887766', from: 'Settat', text: `Réclamation ${filed.tracking} enregistrée. Suivi\nhttps://settat.localhost:8443/fr/complaints/private/${filed.token}`, authorization: 'Bearer gateway-token' },
      ]);
      // The mail dispatcher has nothing to do with it: no mail was written.
      expect(await t.db.kysely.selectFrom('mail_outbox').select('id').where('channel', '=', 'mail').execute()).toHaveLength(0);
    });

    it('gives an SMS up when the gateway refuses the number for good', async () => {
      gateway.answer.set('+212611111111', 400);
      const res = await fileFor('0611111111');
      expect(res.status).toBe(201);
      await expect.poll(async () => (await statusOf('+212611111111'))?.status).toBe('failed');
      expect((await statusOf('+212611111111'))?.last_error).toContain('400');
    });
  });
});
