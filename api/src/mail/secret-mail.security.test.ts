// Issue 8, point 3: a password reset or an invitation link reaches only its owner. With no mail server, a
// tenant's administrators — who read their tenant's outbox — must not be able to take over an account that
// merely has a membership on their tenant (an arrondissement's administrator and the commune's supervisor).
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, hostOf, newStaffUser, signIn, type TestStaff } from '../testing/staff.ts';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import type { OutboxView } from './outbox.schemas.ts';

const RESET_LINK = /^http:\/\/anfa\.casablanca\.localhost:3000\/fr\/admin\/password-reset\/([a-z2-7]{32})$/m;
const INVITATION_LINK = /^http:\/\/anfa\.casablanca\.localhost:3000\/fr\/admin\/invitation\/([a-z2-7]{32})$/m;

describe.each(DATABASE_KINDS)('secret mail with no mail server (%s)', (kind) => {
  const logLines: string[] = [];
  let t: TestApp;
  let platform: TenantRow;
  let city: TenantRow;
  let anfa: TenantRow;
  let supervisor: TestStaff;
  let anfaAdminCookie: string;
  let operatorCookie: string;

  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    t = await newTestApp(kind, { env: { JAMAA_DEMO: 'true' }, logger });
    platform = await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca', locales: ['fr', 'ar'] });
    anfa = await newTenant(t.db, { parent: city, slug: 'anfa', locales: ['fr', 'ar'] });
    // The commune's supervisor also works for the arrondissement: a membership there.
    supervisor = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'supervisor' }, { tenant: anfa, role: 'editor' }] });
    const anfaAdmin = await newStaffUser(t.db, { memberships: [{ tenant: anfa, role: 'administrator' }] });
    anfaAdminCookie = await signIn(t.app, hostOf(anfa, city), anfaAdmin.email);
    const operator = await newStaffUser(t.db, { operator: true });
    operatorCookie = await signIn(t.app, hostOf(platform), operator.email);
  });
  afterAll(() => t.dispose());

  const anfaHost = () => hostOf(anfa, city);
  const platformOutbox = async () =>
    ((await (await call(t.app, 'GET', hostOf(platform), '/api/v1/operator/outbox', { cookie: operatorCookie })).json()) as OutboxView).messages;

  it('an arrondissement administrator cannot obtain a reset or invitation link for anyone through any API', async () => {
    // The attack: a reset of the commune's supervisor asked on the arrondissement's host, and an invitation.
    expect((await call(t.app, 'POST', anfaHost(), '/api/v1/auth/password/reset-request', { body: { email: supervisor.email } })).status).toBe(202);
    expect((await call(t.app, 'POST', anfaHost(), '/api/v1/admin/users', { cookie: anfaAdminCookie, body: { email: 'new@example.ma', role: 'editor' } })).status).toBe(
      201,
    );

    // The operator holds both links, in the platform's outbox.
    const held = await platformOutbox();
    const resetToken = held.find((m) => m.to === supervisor.email)?.text.match(RESET_LINK)?.[1];
    const invitationToken = held.find((m) => m.to === 'new@example.ma')?.text.match(INVITATION_LINK)?.[1];
    expect(resetToken).toBeDefined();
    expect(invitationToken).toBeDefined();
    const secrets = [resetToken, invitationToken] as string[];

    // The arrondissement's outbox shows who was written to and about what, never the link.
    const own = await call(t.app, 'GET', anfaHost(), '/api/v1/admin/outbox', { cookie: anfaAdminCookie });
    expect(((await own.json()) as OutboxView).messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ to: supervisor.email, subject: 'Réinitialisation de votre mot de passe Jamaa', text: '', secret: true, status: 'held' }),
        expect.objectContaining({ to: 'new@example.ma', text: '', secret: true, status: 'held' }),
      ]),
    );

    // No answer of any GET route of the API, asked by the arrondissement's administrator, carries a token.
    const doc = (await (await t.get(anfaHost(), '/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.entries(doc.paths)
      .filter(([path, operations]) => 'get' in operations && !path.includes('{'))
      .map(([path]) => path);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/admin/outbox', '/api/v1/admin/audit', '/api/v1/admin/dashboard', '/api/v1/admin/users']));
    for (const path of [...paths, '/api/v1/operator/outbox', `/api/v1/operator/outbox?tenantId=${anfa.id}`]) {
      const body = await (await call(t.app, 'GET', anfaHost(), path, { cookie: anfaAdminCookie })).text();
      for (const secret of secrets) expect(body, `${path} must not carry a link's token`).not.toContain(secret);
    }

    // Nor does the arrondissement's outbox show them to the operator: only the platform's held copy does.
    const anfaSeenByOperator = await call(t.app, 'GET', hostOf(platform), `/api/v1/operator/outbox?tenantId=${anfa.id}`, { cookie: operatorCookie });
    const anfaBody = await anfaSeenByOperator.text();
    expect(anfaSeenByOperator.status).toBe(200);
    for (const secret of secrets) expect(anfaBody).not.toContain(secret);

    // The owner, given the link, uses it.
    const reset = await call(t.app, 'POST', anfaHost(), '/api/v1/auth/password/reset', { body: { token: resetToken, password: 'a long and new passphrase' } });
    expect(reset.status).toBe(200);
  });

  it('logs each held link once in demo mode, for a local run without a mail server', async () => {
    const lines = () => logLines.filter((line) => line.includes(supervisor.email) && line.includes('/admin/password-reset/'));
    expect(lines()).toHaveLength(1);
    const entry = JSON.parse(lines()[0] ?? '{}') as { mail?: { to: string; link: string } };
    expect(entry.mail?.to).toBe(supervisor.email);
    expect(entry.mail?.link).toMatch(RESET_LINK);
  });

  it("keeps the platform's own secret mail once, in its outbox, readable by the operator", async () => {
    const operator = await newStaffUser(t.db, { operator: true });
    expect((await call(t.app, 'POST', hostOf(platform), '/api/v1/auth/password/reset-request', { body: { email: operator.email } })).status).toBe(202);
    const mine = (await platformOutbox()).filter((m) => m.to === operator.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.text).toMatch(/^http:\/\/localhost:3000\/[a-z]+\/admin\/password-reset\/[a-z2-7]{32}$/m);
  });
});
