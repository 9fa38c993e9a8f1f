import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../catalogue/catalogue.service.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { hostOf } from '../testing/staff.ts';
import type { TenantRow } from '../db/schema.ts';
import { readableInProcess } from './in-process-json.ts';

describe('JSON answers to an in-process caller', () => {
  let t: TestApp;
  let city: TenantRow;

  beforeAll(async () => {
    t = await newTestApp('pglite');
    await newPlatform(t.db);
    await ensureCatalogue(t.db);
    city = await newTenant(t.db, { slug: 'casablanca' });
  }, 120_000);
  afterAll(() => t?.dispose());

  const call = async (path: string, inProcess: boolean) => {
    const response = await t.app.fetch(new Request(`http://${hostOf(city)}${path}`, { headers: { host: hostOf(city) } }), inProcess ? { inProcess: true } : {});
    return readableInProcess(response);
  };

  it.each(['/api/v1/site', '/api/v1/site/home?locale=fr', '/api/v1/services/birth-certificate-extract', '/api/v1/content-banner?locale=fr', '/api/v1/services/no-such-service', '/api/v1/site/home?locale=xx'])(
    'gives %s exactly as over HTTP: status, headers and the same JSON',
    async (path) => {
      const [direct, wire] = [await call(path, true), await call(path, false)];
      expect(direct.status).toBe(wire.status);
      const headers = (r: Response) => [...r.headers].filter(([name]) => name !== 'x-request-id');
      expect(headers(direct)).toEqual(headers(wire));
      expect(headers(direct)).toContainEqual(['content-type', 'application/json']);
      // Error answers quote their own request's id.
      const body = (text: string) => text.replace(/"requestId":"[^"]*"/, '"requestId":"…"');
      expect(body(JSON.stringify(await direct.json()))).toBe(body(await wire.text()));
      // Parsed from the kept text: the body itself was never read.
      expect(direct.bodyUsed).toBe(false);
    },
  );

  it('leaves other answers as they are', async () => {
    const response = await call('/api/v1/site/icons/favicon.svg', true);
    expect(response.headers.get('content-type')).not.toContain('json');
    expect((await response.text()).length).toBeGreaterThan(0);
  });
});
