import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import { ContentInputSchema } from '../content/content.schemas.ts';
import { seedItems } from '../content/content.service.ts';
import { ensurePlatformTenant } from '../seed/seed.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newTenant } from '../testing/factories.ts';
import { call, errorCode, newStaffUser, signIn } from '../testing/staff.ts';
import { findTenantByCode } from '../tenancy/tenants.repository.ts';
import { withPlatform, withTenant } from '../tenancy/unit-of-work.ts';

interface Job {
  id: string;
  status: string;
  done: number;
  total: number;
  report: { created: { code: string }[]; skipped: { code: string }[]; refused: { row: number; reason: string }[] } | null;
}

describe.each(DATABASE_KINDS)('the operator onboards over HTTP (%s)', (kind) => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await ensurePlatformTenant(t.db, t.storage);
    await ensureCatalogue(t.db);
    const operator = await newStaffUser(t.db, { operator: true, displayName: 'Opératrice' });
    cookie = await signIn(t.app, 'localhost', operator.email);
  });
  afterAll(() => t.dispose());

  const get = async <T>(path: string) => {
    const res = await call(t.app, 'GET', 'localhost', path, { cookie });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  };
  const ask = async (domain: string) => (await t.get('localhost', `/api/v1/domains/check?domain=${encodeURIComponent(domain)}`)).status;
  const job = async (id: string) => {
    await expect.poll(async () => (await get<Job>(`/api/v1/operator/onboarding/jobs/${id}`)).status).not.toBe('running');
    return get<Job>(`/api/v1/operator/onboarding/jobs/${id}`);
  };

  it('searches the registry and tells what is on the platform already, with the credit', async () => {
    const found = await get<{ hits: { code: string; slug: string; onboarded: boolean }[]; credit: string }>(`/api/v1/operator/registry?q=${encodeURIComponent('بنجرير')}`);
    expect(found.hits[0]).toMatchObject({ code: '07.427.01.01', slug: 'ben-guerir', onboarded: false });
    expect(found.credit).toMatch(/Haut-Commissariat au Plan, RGPH 2024/);
    const options = await get<{ services: unknown[]; brandingPresets: unknown[]; regions: unknown[] }>('/api/v1/operator/onboarding/options');
    expect(options.services.length).toBeGreaterThan(10);
    expect(options.regions).toHaveLength(12);
  });

  it('onboards a commune, whose site is live at once; its new custom domain is pending until the proxy asks', async () => {
    const res = await call(t.app, 'POST', 'localhost', '/api/v1/operator/onboarding', {
      cookie,
      body: { code: '07.427.01.01', domains: ['Benguerir.example.ma'], administratorEmail: 'admin@benguerir.example.ma' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const result = (await res.json()) as { commune: { slug: string; url: string }; invitation: { email: string } };
    expect(result.commune.slug).toBe('ben-guerir');
    expect(result.invitation).toEqual({ email: 'admin@benguerir.example.ma' });
    expect((await t.get('ben-guerir.localhost', '/api/v1/site')).status).toBe(200);

    const again = await call(t.app, 'POST', 'localhost', '/api/v1/operator/onboarding', { cookie, body: { code: '07.427.01.01' } });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('TENANT_EXISTS');

    const overview = await get<{ tenants: { slug: string; status: string; domains: { domain: string; state: string }[]; lastActivityAt: string | null; openRequests: number | null }[] }>(
      '/api/v1/operator/tenants',
    );
    const row = overview.tenants.find((x) => x.slug === 'ben-guerir');
    expect(row).toMatchObject({ status: 'active', domains: [{ domain: 'benguerir.example.ma', state: 'pending' }], openRequests: 0 });
    expect(row?.lastActivityAt).not.toBeNull();

    // The proxy asks, is told yes, obtains the certificate: the domain is active from then on.
    expect(await ask('benguerir.example.ma')).toBe(200);
    const after = await get<{ tenants: { slug: string; domains: { state: string; activatedAt: string | null }[] }[] }>('/api/v1/operator/tenants');
    expect(after.tenants.find((x) => x.slug === 'ben-guerir')?.domains[0]).toMatchObject({ state: 'active', activatedAt: expect.any(String) });

    // The platform's audit log has the operator's onboarding.
    const audit = await get<{ entries: { action: string; actor: unknown }[] }>('/api/v1/operator/audit');
    expect(audit.entries.map((e) => e.action)).toContain('tenant.onboarded');
  });

  it('adds a custom domain to a tenant, refusing one that is taken or the platform’s own', async () => {
    const tenant = await withPlatform(t.db, (tx) => findTenantByCode(tx, '07.427.01.01'));
    const path = `/api/v1/operator/tenants/${tenant?.id}/domains`;
    const added = await call(t.app, 'POST', 'localhost', path, { cookie, body: { domain: 'www.benguerir.ma' } });
    expect(added.status, await added.clone().text()).toBe(201);
    expect(await added.json()).toEqual({ domain: 'www.benguerir.ma', state: 'pending', activatedAt: null, servable: true });
    const taken = await call(t.app, 'POST', 'localhost', path, { cookie, body: { domain: 'www.benguerir.ma' } });
    expect(await errorCode(taken)).toBe('DOMAIN_TAKEN');
    const ours = await call(t.app, 'POST', 'localhost', path, { cookie, body: { domain: 'x.localhost' } });
    expect(await errorCode(ours)).toBe('VALIDATION_FAILED');
    const audit = await withTenant(t.db, { id: tenant?.id ?? '' }, (tx) =>
      tx.selectFrom('audit_log').select('action').where('tenant_id', '=', tenant?.id ?? '').where('action', '=', 'tenant.domain_added').execute(),
    );
    expect(audit).toHaveLength(1);
  });

  it('onboards a CSV in bulk: progress, created / skipped / refused with reasons; run again, it creates nothing', async () => {
    const csv = 'code\n06.371.01.01\n07.427.01.01\nnope\n99.999.99.99\n04.421.01.0\n';
    const started = await call(t.app, 'POST', 'localhost', '/api/v1/operator/onboarding/batch', { cookie, body: { csv } });
    expect(started.status, await started.clone().text()).toBe(202);
    const first = await job(((await started.json()) as Job).id);
    expect(first).toMatchObject({ status: 'done', done: 5, total: 5 });
    expect(first.report?.created.map((r) => r.code)).toEqual(['06.371.01.01', '04.421.01.0']);
    expect(first.report?.skipped.map((r) => r.code)).toEqual(['07.427.01.01']);
    expect(first.report?.refused.map((r) => [r.row, r.reason])).toEqual([
      [3, 'malformed_code'],
      [4, 'unknown_code'],
    ]);
    expect((await t.get('agdal-riyad.rabat.localhost', '/api/v1/site')).status).toBe(200);
    const again = await job(((await (await call(t.app, 'POST', 'localhost', '/api/v1/operator/onboarding/batch', { cookie, body: { csv } })).json()) as Job).id);
    expect(again.report?.created).toEqual([]);
    expect(again.report?.skipped).toHaveLength(3);

    const bad = await call(t.app, 'POST', 'localhost', '/api/v1/operator/onboarding/batch', { cookie, body: { region: 'Atlantis' } });
    expect(await errorCode(bad)).toBe('REGISTRY_CODE_UNKNOWN');
  });

  it('scores conformance, the tenants that need help first, and counts across tenants', async () => {
    type Scores = { tenants: { slug: string; score: number; officesIncomplete: number; missingTranslations: Record<string, number>; lateDecisions: number }[] };
    const before = (await get<Scores>('/api/v1/operator/conformance')).tenants.find((s) => s.slug === 'ben-guerir');
    expect(before?.lateDecisions).toBe(0);
    // A session held three weeks ago whose summary of decisions was never posted (due within 8 days), and
    // one held yesterday (not due yet).
    const benguerirRow = await withPlatform(t.db, (tx) => findTenantByCode(tx, '07.427.01.01'));
    const held = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await withTenant(t.db, { id: benguerirRow!.id }, (tx) =>
      seedItems(
        tx,
        [
          { input: ContentInputSchema.parse({ kind: 'session', slug: 'session-tardive', title: { fr: 'Session ordinaire' }, eventAt: held(21), fields: { type: 'ordinary' } }), publish: true },
          { input: ContentInputSchema.parse({ kind: 'session', slug: 'session-recente', title: { fr: 'Session extraordinaire' }, eventAt: held(1), fields: { type: 'extraordinary' } }), publish: true },
        ],
        new Date(),
      ),
    );
    const scores = await get<Scores>('/api/v1/operator/conformance');
    expect(scores.tenants.length).toBeGreaterThan(5);
    const sorted = [...scores.tenants].sort((a, b) => a.score - b.score);
    expect(scores.tenants.map((s) => s.score)).toEqual(sorted.map((s) => s.score));
    const benguerir = scores.tenants.find((s) => s.slug === 'ben-guerir');
    // The placeholder office has neither hours nor a location; registry names have no Amazigh yet.
    expect(benguerir).toMatchObject({ officesIncomplete: 1, lateDecisions: 1 });
    expect(benguerir!.score).toBeLessThan(before!.score);
    expect(benguerir?.missingTranslations.zgh).toBeGreaterThan(0);

    const stats = await get<{ tenants: { communes: number; arrondissements: number }; serviceAdoption: { offeredBy: number }[]; requestsPerMonth: null }>(
      '/api/v1/operator/statistics',
    );
    expect(stats.tenants).toMatchObject({ communes: 3, arrondissements: 5 });
    expect(stats.serviceAdoption.every((s) => s.offeredBy === 8)).toBe(true);
    expect(stats.requestsPerMonth).toBeNull();
  });
});

describe.each(DATABASE_KINDS)('the reverse proxy’s ask endpoint (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await newTestApp(kind);
    await ensurePlatformTenant(t.db, t.storage);
    const active = await newTenant(t.db, { slug: 'active' });
    const suspended = await newTenant(t.db, { slug: 'suspended', status: 'suspended' });
    const archived = await newTenant(t.db, { slug: 'archived', status: 'archived' });
    const provisioning = await newTenant(t.db, { slug: 'provisioning', status: 'provisioning' });
    await newTenant(t.db, { parent: active, slug: 'arr' });
    await t.db.kysely
      .insertInto('tenant_domains')
      .values([
        { domain: 'active.example.ma', tenant_id: active.id },
        { domain: 'suspended.example.ma', tenant_id: suspended.id },
        { domain: 'archived.example.ma', tenant_id: archived.id },
        { domain: 'provisioning.example.ma', tenant_id: provisioning.id },
      ])
      .execute();
  });
  afterAll(() => t.dispose());

  const ask = async (domain: string) => {
    const res = await t.get('anything.example', `/api/v1/domains/check?domain=${encodeURIComponent(domain)}`);
    return [res.status, ((await res.json()) as { ok: boolean }).ok] as const;
  };

  it('says yes only for the names of an active tenant: its custom domains and its subdomains of the platform', async () => {
    expect(await ask('active.example.ma')).toEqual([200, true]);
    expect(await ask('ACTIVE.example.ma.')).toEqual([200, true]);
    expect(await ask('active.localhost')).toEqual([200, true]);
    expect(await ask('arr.active.localhost')).toEqual([200, true]);
    expect(await ask('arr.active.example.ma')).toEqual([200, true]);
  });

  it('says no for a suspended, archived or provisioning tenant, an unknown name, an address or a port', async () => {
    for (const domain of ['suspended.example.ma', 'suspended.localhost', 'archived.example.ma', 'provisioning.example.ma', 'unknown.example.ma', 'nobody.localhost']) {
      expect(await ask(domain), domain).toEqual([404, false]);
    }
    for (const domain of ['127.0.0.1', '[::1]', 'active.example.ma:443', '0x7f.1', 'exa mple.ma']) {
      expect(await ask(domain), domain).toEqual([404, false]);
    }
  });

  it('marks a custom domain active once the proxy was told yes, and never one it was refused', async () => {
    const states = async () =>
      Object.fromEntries((await t.db.kysely.selectFrom('tenant_domains').select(['domain', 'state']).execute()).map((r) => [r.domain, r.state]));
    expect(await states()).toEqual({
      'active.example.ma': 'active',
      'suspended.example.ma': 'pending',
      'archived.example.ma': 'pending',
      'provisioning.example.ma': 'pending',
    });
  });
});
