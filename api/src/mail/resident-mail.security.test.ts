// Issue 12: the operator reads no resident's personal data. A complaint's acknowledgement goes to the
// resident's address and carries the private link to the complaint (name, phone, description): the
// commune's staff read it in their outbox, the operator looking at that outbox sees that a message went
// out, not to whom nor what it said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import type { OutboxView } from './outbox.schemas.ts';

const RESIDENT = 'fatima.resident@example.ma';

describe.each(DATABASE_KINDS)("a resident's mail in a tenant's outbox (%s)", (kind) => {
  let t: TestApp;
  let platform: TenantRow;
  let city: TenantRow;
  let adminCookie: string;
  let operatorCookie: string;
  let token: string;

  beforeAll(async () => {
    t = await newTestApp(kind);
    platform = await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'settat', locales: ['fr', 'ar'] });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    adminCookie = await signIn(t.app, hostOf(city), admin.email);
    const operator = await newStaffUser(t.db, { operator: true });
    operatorCookie = await signIn(t.app, hostOf(platform), operator.email);
    const filed = await call(t.app, 'POST', hostOf(city), '/api/v1/complaints', {
      origin: null,
      body: {
        category: 'street_lighting',
        description: 'Lampadaire éteint devant chez moi, rue des Figuiers.',
        latitude: 33.0,
        longitude: -7.62,
        contactName: 'Fatima Zahra',
        contactEmail: RESIDENT,
        locale: 'fr',
      },
    });
    expect(filed.status, await filed.clone().text()).toBe(201);
    token = ((await filed.json()) as { token: string }).token;
  });
  afterAll(() => t.dispose());

  const outbox = async (host: string, path: string, cookie: string) => {
    const response = await call(t.app, 'GET', host, path, { cookie });
    expect(response.status).toBe(200);
    return { text: await response.clone().text(), messages: ((await response.json()) as OutboxView).messages };
  };

  it("shows the commune's staff the acknowledgement in full: address, text and private link", async () => {
    const { messages } = await outbox(hostOf(city), '/api/v1/admin/outbox', adminCookie);
    const ack = messages.find((m) => m.to === RESIDENT);
    expect(ack).toMatchObject({ withheld: false, secret: false });
    expect(ack?.text).toContain(`/fr/complaints/private/${token}`);
  });

  it('shows the operator that it was written, never to whom nor its text', async () => {
    const { text, messages } = await outbox(hostOf(platform), `/api/v1/operator/outbox?tenantId=${city.id}`, operatorCookie);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to: '', text: '', withheld: true, status: 'held' });
    expect(messages[0]?.subject).not.toBe('');
    for (const personal of [RESIDENT, token, 'Fatima', 'Figuiers']) expect(text).not.toContain(personal);
  });
});
