import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

/** Convention 1 (docs/CONVENTIONS.md): imports run web → api → tenants; migrations import nothing of ours. */
describe('dependency direction', () => {
  it.each([
    ['migrations/src', /^@jamaa\//],
    ['tenants/src', /^@jamaa\/(api|web|migrations)/],
    ['api/src', /^@jamaa\/web/],
  ])('%s does not import %s', (dir, forbidden) => {
    const offenders = sources(dir).flatMap((f) => importsOf(f).filter((i) => forbidden.test(i)).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('inside api, repositories import no service or route, and services no route', () => {
    const offenders = sources('api/src').flatMap((f) => {
      const layer = f.match(/\.(repository|service|routes)\.ts$/)?.[1];
      const banned = layer === 'repository' ? /\.(service|routes)\.ts$/ : layer === 'service' ? /\.routes\.ts$/ : null;
      return banned ? importsOf(f).filter((i) => banned.test(i)).map((i) => `${f} → ${i}`) : [];
    });
    expect(offenders).toEqual([]);
  });

  it('web reaches the API through its one server module only', () => {
    const offenders = sources('web/src').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^@jamaa\/api\/(?!shared\/|[a-z-]+\/[a-z-]+\.schemas\.ts$|app\.ts$)/.test(i))
        .filter(() => !f.endsWith(path.join('lib', 'server', 'api.ts')))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
