import { createConfig, lintFromString } from '@redocly/openapi-core';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { AppDeps } from './context.ts';

/** The app as built for serving, with stand-ins for what fetching the document never touches (database, mail, files). */
function appForDocument() {
  const deps = {
    config: loadConfig({ PLATFORM_DOMAIN: 'localhost', JAMAA_DEMO: 'false', NODE_ENV: 'test' }),
    logger: pino({ level: 'silent' }),
    clock: () => new Date(),
  } as AppDeps;
  return createApp(deps);
}

async function fetchDocument(): Promise<{ text: string; doc: OpenApiDocument }> {
  const res = await appForDocument().request('/api/openapi.json', { headers: { host: 'localhost' } });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, doc: JSON.parse(text) as OpenApiDocument };
}

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
}
interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, { type: string; in?: string; name?: string }> };
}

const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));

describe('the OpenAPI document', () => {
  it('lints clean with Redocly’s recommended ruleset: no error, no warning', async () => {
    const { text } = await fetchDocument();
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        // Off, on purpose: `DELETE /admin/invitations/{id}` (withdraw, by the invitation's id) and
        // `GET|POST /admin/invitations/{token}` (the link, by its secret token) share one template. The
        // router tells them apart by method; renaming either parameter would change the URL's meaning or
        // the typed client's parameter names that web uses. The next test pins this pair as the only one.
        'no-identical-paths': 'off',
        'no-ambiguous-paths': 'off',
      },
    });
    const problems = await lintFromString({ source: text, absoluteRef: '/api/openapi.json', config });
    const described = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(described).toEqual([]);
  }, 60_000);

  it('declares the session cookie as a security scheme, and requires it on every staff and operator operation', async () => {
    const { doc } = await fetchDocument();
    expect(doc.components?.securitySchemes?.session).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'jamaa_session' }));
    expect(doc.servers?.length).toBeGreaterThan(0);
    const staffOps = operations(doc).filter(({ key }) => /^\w+ \/api\/v1\/(admin|operator)\//.test(key) && !key.includes('/admin/invitations/{token}'));
    expect(staffOps.length).toBeGreaterThan(20);
    expect(staffOps.filter(({ op }) => !op.security?.some((s) => 'session' in s)).map(({ key }) => key)).toEqual([]);
    // Public operations do not claim a session.
    const publicOps = operations(doc).filter(({ key }) => /^GET \/api\/v1\/(site|services|offices|domains)/.test(key) || key.includes('/admin/invitations/{token}'));
    expect(publicOps.length).toBeGreaterThan(5);
    expect(publicOps.filter(({ op }) => op.security?.length !== 0).map(({ key }) => key)).toEqual([]);
  });

  it('has one pair of paths differing only by parameter name, the invitation (the linter rule for it is off)', async () => {
    const { doc } = await fetchDocument();
    const byShape = new Map<string, string[]>();
    for (const path of Object.keys(doc.paths)) {
      const shape = path.replace(/\{[^}]+\}/g, '{}');
      byShape.set(shape, [...(byShape.get(shape) ?? []), path]);
    }
    const shared = [...byShape.values()].filter((paths) => paths.length > 1).map((paths) => paths.sort());
    expect(shared).toEqual([['/api/v1/admin/invitations/{id}', '/api/v1/admin/invitations/{token}']]);
  });

  it('names every operation with a unique operationId', async () => {
    const { doc } = await fetchDocument();
    const ids = operations(doc).map(({ key, op }) => op.operationId ?? `(none on ${key})`);
    expect(ids.filter((id) => id.startsWith('(none'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
