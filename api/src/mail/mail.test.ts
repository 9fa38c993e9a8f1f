import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOf, newStaffUser, signIn, call, TEST_PASSWORD } from '../accounts/testing.ts';
import { loadConfig } from '../config.ts';
import type { TenantRow } from '../db/schema.ts';
import { LOCALES } from '../shared/locale.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { createMailer, createOutboxMailer, createSmtpMailer } from './mailer.ts';
import { listOutboxMessages } from './outbox.repository.ts';
import { invitationMail, passwordResetMail } from './templates.ts';
import { startSmtpListener, type SmtpListener } from './testing.ts';

describe('mail templates', () => {
  it.each(LOCALES)('say everything in %s, with the link', (locale) => {
    const invitation = invitationMail(locale, { tenantName: 'X', inviterName: 'Y', role: 'agent', link: 'https://x/l', days: 7 });
    const reset = passwordResetMail(locale, { tenantName: 'X', email: 'a@b.ma', link: 'https://x/r', minutes: 60 });
    for (const m of [invitation, reset]) {
      expect(m.subject.length).toBeGreaterThan(5);
      expect(m.text).toContain('https://x/');
    }
    expect(invitation.text).toContain('7');
    expect(reset.text).toContain('60');
  });

  it('write Arabic in Arabic script and zgh in Tifinagh', () => {
    const args = { tenantName: 'T', inviterName: 'I', role: 'editor' as const, link: 'L', days: 7 };
    expect(invitationMail('ar', args).text).toMatch(/[\u0600-\u06FF]{5}/);
    expect(invitationMail('zgh', args).text).toMatch(/[\u2D30-\u2D7F]{5}/);
    expect(invitationMail('fr', args).text).toMatch(/invite/);
  });
});

describe('mail and session settings', () => {
  it('default to the outbox, a From on the platform domain and 30-day sessions; empty means unset', () => {
    expect(loadConfig({ PLATFORM_DOMAIN: 'jamaa.ma', SMTP_URL: '' })).toMatchObject({ smtpUrl: null, mailFrom: 'Jamaa <no-reply@jamaa.ma>', sessionDays: 30 });
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.ma:465', MAIL_FROM: 'Commune <c@example.ma>', SESSION_DAYS: '7' })).toMatchObject({
      smtpUrl: 'smtps://u:p@mail.example.ma:465',
      mailFrom: 'Commune <c@example.ma>',
      sessionDays: 7,
    });
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example.ma' }, 'SMTP_URL'],
    [{ SESSION_DAYS: '0' }, 'SESSION_DAYS'],
  ])('fail at start-up naming the variable for %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });
});

describe('createMailer', () => {
  it('writes to the outbox when SMTP_URL is unset and sends by SMTP when it is set', () => {
    const db = {} as Parameters<typeof createMailer>[1];
    expect(createMailer({ smtpUrl: null, mailFrom: 'a@b' }, db, () => new Date()).kind).toBe('outbox');
    expect(createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', mailFrom: 'a@b' }, db, () => new Date()).kind).toBe('smtp');
  });
});

describe('the SMTP mailer', () => {
  let smtp: SmtpListener;
  beforeAll(async () => {
    smtp = await startSmtpListener();
  });
  afterAll(() => smtp.close());

  it('delivers UTF-8 text through a real SMTP server on loopback', async () => {
    const mailer = createSmtpMailer(smtp.url, 'Jamaa <no-reply@jamaa.test>');
    await mailer.send({ tenantId: 'x', to: 'agent@example.ma', subject: 'دعوة — ⴰⵙⵏⵓⴱⴳ', text: 'السلام عليكم\nⴰⵣⵓⵍ\nhttps://example.ma/ar/admin/invitation/abc' });
    await mailer.close();
    const mail = await smtp.waitFor((m) => m.to.includes('agent@example.ma'));
    expect(mail.from).toBe('no-reply@jamaa.test');
    expect(mail.subject).toBe('دعوة — ⴰⵙⵏⵓⴱⴳ');
    expect(mail.text).toBe('السلام عليكم\nⴰⵣⵓⵍ\nhttps://example.ma/ar/admin/invitation/abc');
  });

  it('fails loudly when the server is unreachable', async () => {
    const mailer = createSmtpMailer('smtp://127.0.0.1:1', 'a@b.ma');
    await expect(mailer.send({ tenantId: 'x', to: 'a@b.ma', subject: 's', text: 't' })).rejects.toThrow();
    await mailer.close();
  });
});

describe.each(DATABASE_KINDS)('mail of staff accounts (%s)', (kind) => {
  let smtp: SmtpListener;
  let t: TestApp;
  let fr: TenantRow;
  let zgh: TenantRow;
  let adminCookie: string;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    t = await newTestApp(kind, { env: { SMTP_URL: smtp.url, MAIL_FROM: 'Jamaa <no-reply@jamaa.test>' }, mailer: (db, clock) => createMailer({ smtpUrl: smtp.url, mailFrom: 'Jamaa <no-reply@jamaa.test>' }, db, clock) });
    await newPlatform(t.db);
    fr = await newTenant(t.db, { slug: 'tanger', locales: ['fr', 'ar'], names: { fr: 'Tanger', ar: 'طنجة' } });
    zgh = await newTenant(t.db, { slug: 'tiznit', locales: ['zgh', 'ar', 'fr'], names: { zgh: 'ⵜⵉⵣⵏⵉⵜ', fr: 'Tiznit' } });
    const admin = await newStaffUser(t.db, { displayName: 'Samira', memberships: [{ tenant: fr, role: 'administrator' }] });
    adminCookie = await signIn(t.app, hostOf(fr), admin.email);
  });
  afterAll(async () => {
    await t.dispose();
    await smtp.close();
  });

  it("sends an invitation through SMTP in the tenant's language, whose link sets the password", async () => {
    const invited = await call(t.app, 'POST', hostOf(fr), '/api/v1/admin/users', { cookie: adminCookie, body: { email: 'Nadia@Example.ma', role: 'editor' } });
    expect(invited.status).toBe(201);
    expect(((await invited.json()) as { delivered: boolean }).delivered).toBe(true);
    const mail = await smtp.waitFor((m) => m.to.includes('nadia@example.ma'));
    expect(mail.subject).toBe("Invitation à l'espace d'administration de Tanger");
    expect(mail.text).toContain('Samira vous invite');
    const link = mail.text.match(/http:\/\/tanger\.localhost\/fr\/admin\/invitation\/([a-z2-7]{32})/);
    expect(link).not.toBeNull();
    const accepted = await call(t.app, 'POST', hostOf(fr), `/api/v1/admin/invitations/${link?.[1]}`, { body: { password: TEST_PASSWORD, displayName: 'Nadia' } });
    expect(accepted.status).toBe(200);
    expect(await signIn(t.app, hostOf(fr), 'nadia@example.ma')).toMatch(/^jamaa_session=/);
    // Nothing went to the outbox: SMTP took it.
    const outbox = await withTenant(t.db, { id: fr.id }, (tx) => listOutboxMessages(tx, fr.id, 10));
    expect(outbox).toEqual([]);
  });

  it('sends a reset link in Tifinagh for a tenant whose default language is zgh', async () => {
    const staff = await newStaffUser(t.db, { memberships: [{ tenant: zgh, role: 'editor' }] });
    const response = await call(t.app, 'POST', hostOf(zgh), '/api/v1/auth/password/reset-request', { body: { email: staff.email } });
    expect(response.status).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes(staff.email));
    expect(mail.subject).toMatch(/[\u2D30-\u2D7F]/);
    expect(mail.text).toContain('ⵜⵉⵣⵏⵉⵜ');
    expect(mail.text).toMatch(/http:\/\/tiznit\.localhost\/zgh\/admin\/password-reset\/[a-z2-7]{32}/);
  });
});

describe.each(DATABASE_KINDS)('the outbox mailer (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await newTestApp(kind);
  });
  afterAll(() => t.dispose());

  it("files messages in the tenant's outbox, which its administrators read", async () => {
    await newPlatform(t.db);
    const tenant = await newTenant(t.db, { slug: 'oujda' });
    const other = await newTenant(t.db, { slug: 'safi' });
    const mailer = createOutboxMailer(t.db, () => new Date('2026-11-23T10:00:00Z'));
    await mailer.send({ tenantId: tenant.id, to: 'x@example.ma', subject: 'Bonjour', text: 'Texte' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant, role: 'administrator' }] });
    const response = await call(t.app, 'GET', hostOf(tenant), '/api/v1/admin/outbox', { cookie: await signIn(t.app, hostOf(tenant), admin.email) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      messages: [{ id: expect.any(String), to: 'x@example.ma', subject: 'Bonjour', text: 'Texte', createdAt: '2026-11-23T10:00:00.000Z', sentAt: null }],
    });
    const otherAdmin = await newStaffUser(t.db, { memberships: [{ tenant: other, role: 'administrator' }] });
    const elsewhere = await call(t.app, 'GET', hostOf(other), '/api/v1/admin/outbox', { cookie: await signIn(t.app, hostOf(other), otherAdmin.email) });
    expect(await elsewhere.json()).toEqual({ messages: [] });
  });
});
