import { catalogueVersion, loadCatalogue } from '@jamaa/tenants/catalogue.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../db/schema.ts';
import { publishCatalogue } from './catalogue.service.ts';
import { call, hostOf, newStaffUser, signIn } from '../testing/staff.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';

const shipped = loadCatalogue();
const signature = shipped.services.find((s) => s.code === 'signature-legalisation');
if (!signature) throw new Error('the catalogue has no signature-legalisation');
const other = shipped.services.find((s) => s.code !== signature.code && s.kind !== 'pointer' && s.documents.length > 0);
if (!other) throw new Error('the catalogue has no second service with documents');

describe.each(DATABASE_KINDS)('governing the national catalogue (%s)', (kind) => {
  let t: TestApp;
  let city: TenantRow;
  let quiet: TenantRow;
  let operatorCookie: string;
  let adminCookie: string;
  const op = (method: string, path: string, body?: unknown) => call(t.app, method, 'localhost', `/api/v1/operator${path}`, { cookie: operatorCookie, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
    quiet = await newTenant(t.db, { slug: 'ifrane' });
    const admin = await newStaffUser(t.db, { memberships: [{ tenant: city, role: 'administrator' }] });
    const operator = await newStaffUser(t.db, { operator: true });
    adminCookie = await signIn(t.app, hostOf(city), admin.email);
    operatorCookie = await signIn(t.app, 'localhost', operator.email);
    expect((await op('POST', '/catalogue/versions', {})).status).toBe(200);
    // Casablanca sets its own fee for the legalisation, and extra documents for the other service.
    for (const [code, overrides] of [
      [signature.code, { cost: { kind: 'fixed', amountMad: 2 }, note: { fr: 'Guichet 3' } }],
      [other.code, { extraDocuments: [{ ar: 'صورة', fr: 'Une photo' }] }],
    ] as const) {
      const res = await call(t.app, 'PUT', hostOf(city), `/api/v1/admin/catalogue/offerings/${code}`, { cookie: adminCookie, body: { overrides } });
      expect(res.status).toBe(200);
    }
  });
  afterAll(() => t.dispose());

  it('refuses a card that breaks the catalogue rules, says where, and keeps no draft', async () => {
    const bad = { ...signature, documents: [{ ar: 'نسخة مصادق عليها من البطاقة', fr: 'Copie certifiée conforme de la CNIE', optional: false }] };
    const res = await op('PUT', `/catalogue/draft/services/${signature.code}`, { card: { ...bad, category: 'no-such-category' } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path).some((p) => p.startsWith('card.'))).toBe(true);
    expect(((await (await op('GET', '/catalogue')).json()) as { draft: unknown }).draft).toBeNull();
  });

  it('keeps edits in a draft that tenants do not see, and reviews what changed per service and language', async () => {
    const changed = { ...signature, summary: { ...signature.summary, fr: 'Faire certifier sa signature, au guichet de la commune.' }, cost: { ...signature.cost, kind: 'fixed', amountMad: 3 } };
    expect((await op('PUT', `/catalogue/draft/services/${signature.code}`, { card: changed, label: 'Printemps 2027' })).status).toBe(200);
    expect((await op('PUT', `/catalogue/draft/services/${other.code}`, { withdrawn: true })).status).toBe(200);

    const overview = (await (await op('GET', '/catalogue')).json()) as { draft: { label: string; changes: number }; services: { code: string; draft: string | null }[] };
    expect(overview.draft).toMatchObject({ label: 'Printemps 2027', changes: 2 });
    expect(overview.services.find((s) => s.code === signature.code)?.draft).toBe('changed');
    expect(overview.services.find((s) => s.code === other.code)?.draft).toBe('withdrawn');

    // Residents still see the published text.
    const live = (await (await call(t.app, 'GET', hostOf(quiet), `/api/v1/services/${signature.code}`)).json()) as { summary: { fr: string } };
    expect(live.summary.fr).toBe(signature.summary.fr);

    const review = (await (await op('GET', '/catalogue/draft')).json()) as {
      services: { code: string; action: string; languages: Record<string, number>; fields: { path: string; locale: string | null; before: string | null; after: string | null }[] }[];
      conflicts: { tenant: { slug: string }; service: { code: string }; reason: string; fields: string[] }[];
    };
    const sig = review.services.find((s) => s.code === signature.code);
    expect(sig?.action).toBe('changed');
    expect(sig?.fields).toContainEqual({ path: 'summary.fr', field: 'summary', locale: 'fr', before: signature.summary.fr, after: 'Faire certifier sa signature, au guichet de la commune.' });
    expect(sig?.languages).toMatchObject({ fr: 1, ar: 0, zgh: 0 });
    expect(sig?.fields.some((f) => f.path.startsWith('cost.') && f.locale === null)).toBe(true);
    expect(review.services.find((s) => s.code === other.code)?.action).toBe('withdrawn');
    // Casablanca's fee conflicts with the new fee; its extra documents with the withdrawal; its note with nothing.
    expect(review.conflicts.map((c) => [c.tenant.slug, c.service.code, c.reason, c.fields])).toEqual(
      expect.arrayContaining([
        ['casablanca', signature.code, 'changed', ['cost']],
        ['casablanca', other.code, 'withdrawn', ['documents']],
      ]),
    );
    expect(review.conflicts.every((c) => c.tenant.slug === 'casablanca')).toBe(true);
  });

  it('is the operator’s only: a commune administrator cannot read or publish the draft', async () => {
    for (const [method, path] of [['GET', '/api/v1/operator/catalogue/draft'], ['POST', '/api/v1/operator/catalogue/draft/publish']] as const) {
      const res = await call(t.app, method, hostOf(city), path, { cookie: adminCookie, ...(method === 'POST' ? { body: {} } : {}) });
      expect([401, 403]).toContain(res.status);
    }
  });

  it('publishes the draft: residents see the new card, the withdrawn service is gone, overrides are flagged, the draft is gone', async () => {
    const res = await op('POST', '/catalogue/draft/publish', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ label: 'Printemps 2027', flagged: 1 });

    const live = (await (await call(t.app, 'GET', hostOf(quiet), `/api/v1/services/${signature.code}`)).json()) as { summary: { fr: string }; catalogueVersion: string };
    expect(live).toMatchObject({ summary: { fr: 'Faire certifier sa signature, au guichet de la commune.' }, catalogueVersion: 'Printemps 2027' });
    expect((await call(t.app, 'GET', hostOf(quiet), `/api/v1/services/${other.code}`)).status).toBe(404);

    const offering = (await (await call(t.app, 'GET', hostOf(city), `/api/v1/admin/catalogue/offerings/${signature.code}`, { cookie: adminCookie })).json()) as { offering: { reviewFields: string[] } };
    expect(offering.offering.reviewFields).toEqual(['cost']);

    expect((await op('GET', '/catalogue/draft')).status).toBe(404);
    expect((await op('POST', '/catalogue/draft/publish', {})).status).toBe(404);
    const audit = (await (await op('GET', '/audit')).json()) as { entries: { action: string }[] };
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['catalogue.published', 'catalogue.draft_changed']));
  });

  it('warns when a newer version changed a service after the draft did, and publishes over it only when told', async () => {
    const start = (await (await op('GET', `/catalogue/services/${signature.code}`)).json()) as { published: typeof signature };
    const mine = { ...start.published, summary: { ...start.published.summary, fr: 'Version du brouillon.' } };
    expect((await op('PUT', `/catalogue/draft/services/${signature.code}`, { card: mine })).status).toBe(200);
    expect(((await (await op('GET', '/catalogue/draft')).json()) as { outdated: string[] }).outdated).toEqual([]);

    // Meanwhile a release publishes a version that changes the same card (its fee).
    const live = shipped.services.map((s) => (s.code === signature.code ? { ...start.published, cost: { ...start.published.cost, kind: 'fixed' as const, amountMad: 4 } } : s));
    const released = { ...shipped, services: live.filter((s) => s.code !== other.code) };
    await publishCatalogue(t.db, { ...released, version: catalogueVersion(released) }, 'Été 2027');

    const review = (await (await op('GET', '/catalogue/draft')).json()) as { outdated: string[]; baseVersion: string };
    expect(review).toMatchObject({ outdated: [signature.code], baseVersion: 'Été 2027' });
    const refused = await op('POST', '/catalogue/draft/publish', {});
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string; details: { services: string[] } } }).error).toMatchObject({
      code: 'DRAFT_OUTDATED',
      details: { services: [signature.code] },
    });
    const fee = async () => ((await (await call(t.app, 'GET', hostOf(quiet), `/api/v1/services/${signature.code}`)).json()) as { cost: { amountMad?: number } }).cost.amountMad;
    expect(await fee()).toBe(4);

    // Told to, the draft's card goes out whole (the newer fee with it: the operator chose).
    expect((await op('POST', '/catalogue/draft/publish', { replaceNewer: true })).status).toBe(200);
    expect(await fee()).toBe(start.published.cost.amountMad);
  });

  it('refuses to publish a draft that changes nothing, and discards it', async () => {
    const current = (await (await op('GET', `/catalogue/services/${signature.code}`)).json()) as { published: Record<string, unknown> };
    expect((await op('PUT', `/catalogue/draft/services/${signature.code}`, { card: current.published })).status).toBe(200);
    const res = await op('POST', '/catalogue/draft/publish', {});
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOTHING_TO_PUBLISH');
    expect((await op('DELETE', '/catalogue/draft')).status).toBe(204);
    expect(((await (await op('GET', '/catalogue')).json()) as { draft: unknown }).draft).toBeNull();
  });
});
