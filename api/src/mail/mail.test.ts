import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOf, newStaffUser, signIn, call, TEST_PASSWORD } from '../testing/staff.ts';
import { loadConfig } from '../config.ts';
import type { TenantRow } from '../db/schema.ts';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { withTenant } from '../tenancy/unit-of-work.ts';
import { DEFAULT_TIMINGS } from './dispatcher.ts';
import { canonicalOrigin } from './links.ts';
import { createMailer, createOutboxMailer, createSmtpTransport } from './mailer.ts';
import { listOutboxMessages } from './outbox.repository.ts';
import { renderMail, type MailTemplate } from './templates.ts';
import { startSmtpListener, type SmtpListener } from './testing.ts';

const INVITATION: MailTemplate = { kind: 'invitation', inviterName: 'Samira', role: 'agent', days: 7 };
const RESET: MailTemplate = { kind: 'password_reset', email: 'a@b.ma', minutes: 60 };

describe('mail texts (the `mail` strings)', () => {
  it.each(LOCALES)('say everything in %s, with the link alone on its line', (locale) => {
    for (const template of [INVITATION, RESET]) {
      const m = renderMail(locale, 'Tanger', template, 'https://tanger.jamaa.ma/fr/admin/x');
      expect(m.subject.length).toBeGreaterThan(5);
      expect(m.text.split('\n')).toContain('https://tanger.jamaa.ma/fr/admin/x');
      expect(m.text).toContain('Tanger');
      // No i18next key left where a text should be.
      expect(`${m.subject}\n${m.text}`).not.toMatch(/\b(invitation|password_reset|role)\.[a-z_]+|\{\{/);
    }
    expect(renderMail(locale, 'T', INVITATION, 'L').text).toContain('7');
    expect(renderMail(locale, 'T', INVITATION, 'L').text).toContain('Samira');
    expect(renderMail(locale, 'T', RESET, 'L').text).toContain('60');
    expect(renderMail(locale, 'T', RESET, 'L').text).toContain('a@b.ma');
  });

  it('write Arabic in Arabic script, zgh in Tifinagh, French with its typography', () => {
    expect(renderMail('ar', 'T', INVITATION, 'L').text).toMatch(/[\u0600-\u06FF]{5}/);
    expect(renderMail('ar', 'T', INVITATION, 'L').text).toContain('موظف(ة)');
    expect(renderMail('zgh', 'T', INVITATION, 'L').text).toMatch(/[\u2D30-\u2D7F]{5}/);
    const fr = renderMail('fr', 'Tanger', INVITATION, 'L');
    expect(fr.subject).toBe('Invitation à l’espace d’administration de Tanger');
    expect(fr.text).toContain('Samira vous invite à rejoindre l’espace d’administration de Tanger sur Jamaa, avec le rôle\u202f: agent.');
  });
});

describe('canonical origin of links in mail', () => {
  const platform = { kind: 'platform' as const, slug: 'platform' };
  const casablanca = { kind: 'commune' as const, slug: 'casablanca' };
  const anfa = { kind: 'arrondissement' as const, slug: 'anfa' };
  const prod = { publicUrl: 'https://jamaa.ma', platformDomain: 'jamaa.ma' };

  it('is the platform subdomain of the tenant, with the scheme and port of PUBLIC_URL', () => {
    expect(canonicalOrigin([anfa, casablanca, platform], [], prod)).toBe('https://anfa.casablanca.jamaa.ma');
    expect(canonicalOrigin([casablanca, platform], [], { ...prod, publicUrl: 'https://jamaa.ma:8443' })).toBe('https://casablanca.jamaa.ma:8443');
    expect(canonicalOrigin([platform], [], prod)).toBe('https://jamaa.ma');
    expect(canonicalOrigin([casablanca], [], { publicUrl: 'http://localhost:3000', platformDomain: 'localhost' })).toBe('http://casablanca.localhost:3000');
  });

  it("is the tenant's own custom domain when it has one, except on localhost where none resolves", () => {
    expect(canonicalOrigin([casablanca, platform], ['www.casablancacity.ma', 'casablancacity.ma'], prod)).toBe('https://casablancacity.ma');
    expect(canonicalOrigin([casablanca], ['casablancacity.ma'], { publicUrl: 'http://localhost:3000', platformDomain: 'localhost' })).toBe(
      'http://casablanca.localhost:3000',
    );
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
  const deps = { db: {} as Parameters<typeof createMailer>[1]['db'], logger: pino({ level: 'silent' }), clock: () => new Date() };

  it('keeps mail in the outbox when SMTP_URL is unset and delivers by SMTP when it is set', async () => {
    expect(createMailer({ smtpUrl: null, mailFrom: 'a@b', demo: false }, deps).kind).toBe('outbox');
    const smtp = createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', mailFrom: 'a@b', demo: false }, deps);
    expect(smtp.kind).toBe('smtp');
    await smtp.close();
  });

  it('logs a held secret link only in demo mode', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const mail = { tenantId: 't', to: 'a@b.ma', subject: 'S', link: 'http://x.localhost:3000/fr/admin/password-reset/abc', secret: true, status: 'held' as const, heldIn: 'p' };
    createOutboxMailer({ demo: false }, { logger }).committed([mail]);
    expect(lines).toEqual([]);
    createOutboxMailer({ demo: true }, { logger }).committed([mail, { ...mail, secret: false, link: 'http://x/nothing-secret' }]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ mail: { to: 'a@b.ma', link: mail.link } });
  });
});

describe('the SMTP transport', () => {
  let smtp: SmtpListener;
  beforeAll(async () => {
    smtp = await startSmtpListener();
  });
  afterAll(() => smtp.close());

  it('delivers UTF-8 text through a real SMTP server on loopback', async () => {
    const transport = createSmtpTransport(smtp.url, 'Jamaa <no-reply@jamaa.test>');
    await transport.send({ to: 'agent@example.ma', subject: 'دعوة — ⴰⵙⵏⵓⴱⴳ', text: 'السلام عليكم\nⴰⵣⵓⵍ\nhttps://example.ma/ar/admin/invitation/abc' });
    await transport.close();
    const mail = await smtp.waitFor((m) => m.to.includes('agent@example.ma'));
    expect(mail.from).toBe('no-reply@jamaa.test');
    expect(mail.subject).toBe('دعوة — ⴰⵙⵏⵓⴱⴳ');
    expect(mail.text).toBe('السلام عليكم\nⴰⵣⵓⵍ\nhttps://example.ma/ar/admin/invitation/abc');
  });

  it('fails loudly when the server is unreachable', async () => {
    const transport = createSmtpTransport('smtp://127.0.0.1:1', 'a@b.ma');
    await expect(transport.send({ to: 'a@b.ma', subject: 's', text: 't' })).rejects.toThrow();
    await transport.close();
  });
});

describe.each(DATABASE_KINDS)('mail of staff accounts through SMTP (%s)', (kind) => {
  let smtp: SmtpListener;
  let t: TestApp;
  let fr: TenantRow;
  let zgh: TenantRow;
  let admin: Awaited<ReturnType<typeof newStaffUser>>;
  let adminCookie: string;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    // The dispatcher polls hourly here: what arrives within seconds was sent on the wake after commit.
    t = await newTestApp(kind, {
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Jamaa <no-reply@jamaa.test>' },
      mailer: ({ config, ...deps }) => createMailer(config, deps, { timings: { ...DEFAULT_TIMINGS, pollMs: 60 * 60_000 } }),
    });
    await newPlatform(t.db);
    fr = await newTenant(t.db, { slug: 'tanger', locales: ['fr', 'ar'], names: { fr: 'Tanger', ar: 'طنجة' } });
    zgh = await newTenant(t.db, { slug: 'tiznit', locales: ['zgh', 'ar', 'fr'], names: { zgh: 'ⵜⵉⵣⵏⵉⵜ', fr: 'Tiznit' } });
    admin = await newStaffUser(t.db, { displayName: 'Samira', memberships: [{ tenant: fr, role: 'administrator' }] });
    adminCookie = await signIn(t.app, hostOf(fr), admin.email);
  });
  afterAll(async () => {
    await t.dispose();
    await smtp.close();
  });

  const outbox = (tenant: TenantRow) => withTenant(t.db, { id: tenant.id }, (tx) => listOutboxMessages(tx, tenant.id, 10));

  it("sends an invitation in the tenant's language, whose link sets the password; no link stays in the database", async () => {
    const invited = await call(t.app, 'POST', hostOf(fr), '/api/v1/admin/users', { cookie: adminCookie, body: { email: 'Nadia@Example.ma', role: 'editor' } });
    expect(invited.status).toBe(201);
    expect(((await invited.json()) as { delivered: boolean }).delivered).toBe(true);
    const mail = await smtp.waitFor((m) => m.to.includes('nadia@example.ma'), 20_000);
    expect(mail.subject).toBe('Invitation à l’espace d’administration de Tanger');
    expect(mail.text).toContain('Samira vous invite');
    // The canonical origin: PUBLIC_URL's default here, http://<PLATFORM_DOMAIN>:<PORT>.
    const link = mail.text.match(/^http:\/\/tanger\.localhost:3000\/fr\/admin\/invitation\/([a-z2-7]{32})$/m);
    expect(link).not.toBeNull();
    const accepted = await call(t.app, 'POST', hostOf(fr), `/api/v1/admin/invitations/${link?.[1]}`, { body: { password: TEST_PASSWORD, displayName: 'Nadia' } });
    expect(accepted.status).toBe(200);
    expect(await signIn(t.app, hostOf(fr), 'nadia@example.ma')).toMatch(/^jamaa_session=/);

    // Sent: the row keeps who and what, and its body (the link) is blanked.
    await expect.poll(async () => (await outbox(fr)).find((m) => m.to_address === 'nadia@example.ma')?.status, { timeout: 30_000 }).toBe('sent');
    const row = (await outbox(fr)).find((m) => m.to_address === 'nadia@example.ma');
    expect(row).toMatchObject({ subject: mail.subject, body_text: '', secret: true, kind: 'invitation', locale: 'fr', attempts: 1 });
    const shown = await call(t.app, 'GET', hostOf(fr), '/api/v1/admin/outbox', { cookie: adminCookie });
    expect(await shown.json()).toMatchObject({ messages: [{ to: 'nadia@example.ma', text: '', secret: true, status: 'sent', sentAt: expect.any(String) }] });
  });

  it('sends a reset link in Tifinagh for a tenant whose default language is zgh', async () => {
    const staff = await newStaffUser(t.db, { memberships: [{ tenant: zgh, role: 'editor' }] });
    const response = await call(t.app, 'POST', hostOf(zgh), '/api/v1/auth/password/reset-request', { body: { email: staff.email } });
    expect(response.status).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes(staff.email), 20_000);
    expect(mail.subject).toMatch(/[\u2D30-\u2D7F]/);
    expect(mail.text).toContain('ⵜⵉⵣⵏⵉⵜ');
    expect(mail.text).toMatch(/^http:\/\/tiznit\.localhost:3000\/zgh\/admin\/password-reset\/[a-z2-7]{32}$/m);
  });
});
