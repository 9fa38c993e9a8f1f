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

/** A source file of `api/src` and what it imports, as paths relative to `api/src` (`accounts/staff.service.ts`). */
export interface ModuleImports {
  file: string;
  imports: string[];
}

/** Every non-test module of api/src with its relative imports resolved (packages left out). */
function apiModules(): ModuleImports[] {
  return sources('api/src')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => {
      const file = path.relative('api/src', f).split(path.sep).join('/');
      const imports = importsOf(f)
        .filter((i) => i.startsWith('.'))
        .map((i) => path.posix.normalize(path.posix.join(path.posix.dirname(file), i)));
      return { file, imports };
    });
}

const featureOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');
const layerOf = (file: string) => file.match(/\.(routes|service|repository)\.ts$/)?.[1] ?? null;

/**
 * Layers inside api: routes → services → repositories, never back up. A route reaches data through its
 * service (no repository import, types included); a service imports no route; a repository no service
 * or route. Services and repositories import nothing of `http/` (requests, responses, cookies stay in
 * routes and middleware), and a repository imports no other feature's repository (a feature's tables
 * are reached through its own repository, or its service).
 */
export function layeringViolations(modules: readonly ModuleImports[]): string[] {
  return modules.flatMap(({ file, imports }) =>
    imports
      .filter((target) => {
        const from = layerOf(file);
        const to = layerOf(target);
        if (from === 'routes' && to === 'repository') return true;
        if (from === 'service' && to === 'routes') return true;
        if (from === 'repository' && (to === 'service' || to === 'routes')) return true;
        if ((from === 'service' || from === 'repository') && target.startsWith('http/')) return true;
        if (from === 'repository' && to === 'repository' && featureOf(target) !== featureOf(file)) return true;
        return false;
      })
      .map((target) => `${file} → ${target}`),
  );
}

/**
 * Who may import from `accounts/` (sign-in, staff, invitations, the operator's account management):
 * accounts itself, and, outside it, only these. Everything else that needs the signed-in staff member
 * goes through `sessions/` (`requireStaff`, `StaffPrincipal`, cookies), which imports nothing of accounts.
 */
export const ACCOUNTS_IMPORTERS: Record<string, string> = {
  'app.ts': 'mounts the accounts routers in their groups',
  'seed/': 'creates the demo staff accounts (until the one provisioning path takes this over)',
  'testing/': 'test factories make staff accounts and sign them in (testing/staff.ts)',
  'dashboard/': "the console's first screen reads members and pending invitations (a read model over accounts)",
  'onboarding/': "invites a new commune's first administrator inside the onboarding transaction",
};

export function accountsViolations(modules: readonly ModuleImports[]): string[] {
  const allowed = (file: string) => file.startsWith('accounts/') || Object.keys(ACCOUNTS_IMPORTERS).some((prefix) => file === prefix || (prefix.endsWith('/') && file.startsWith(prefix)));
  return modules.flatMap(({ file, imports }) => (allowed(file) ? [] : imports.filter((t) => t.startsWith('accounts/')).map((t) => `${file} → ${t}`)));
}

/**
 * Web files that may touch the API's runtime (`getRuntime`, `createRuntime`, `sharedRuntime`, or the
 * runtime module itself). Everything else calls the API through `lib/server/api.ts`'s typed client.
 */
export const RUNTIME_TOUCHERS: Record<string, string> = {
  'lib/server/api.ts': 'the one server module: builds and keeps the runtime',
  'hooks.server.ts': "the server's entry: hands /api requests to the app in-process, and logs with the runtime's logger",
  // Ratchet: remove when the page gets the arrondissements from one typed API call (code review 6).
  'routes/[lang=locale]/admin/(console)/users/+page.server.ts': 'KNOWN, to remove: raw app.fetch per arrondissement',
};

export function runtimeViolations(files: readonly { file: string; text: string }[]): string[] {
  return files
    .filter(({ file }) => !(file in RUNTIME_TOUCHERS))
    .filter(({ text }) => /\b(getRuntime|createRuntime|sharedRuntime)\b|@jamaa\/api\/runtime\.ts/.test(text))
    .map(({ file }) => file);
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

describe('rooms inside api', () => {
  const modules = apiModules();

  it('found the modules (the rules below are not vacuous)', () => {
    expect(modules.filter((m) => layerOf(m.file) === 'routes').length).toBeGreaterThan(10);
    expect(modules.some((m) => m.imports.includes('sessions/require-staff.ts'))).toBe(true);
  });

  it('routes → services → repositories; no service or repository imports http/; no repository imports another feature’s', () => {
    expect(layeringViolations(modules)).toEqual([]);
  });

  it('no feature reaches into accounts/ (sessions/ is the way in), except the documented importers', () => {
    expect(accountsViolations(modules)).toEqual([]);
  });

  it('reports planted violations of each rule', () => {
    const planted: ModuleImports[] = [
      { file: 'offices/offices.routes.ts', imports: ['offices/offices.repository.ts', 'offices/offices.service.ts'] },
      { file: 'offices/offices.service.ts', imports: ['http/request.ts', 'offices/offices.repository.ts'] },
      { file: 'offices/offices.repository.ts', imports: ['catalogue/catalogue.repository.ts', 'db/sql.ts'] },
      { file: 'catalogue/catalogue.repository.ts', imports: ['catalogue/catalogue.service.ts'] },
      { file: 'branding/branding.routes.ts', imports: ['accounts/http.ts', 'sessions/require-staff.ts'] },
      { file: 'sessions/sessions.service.ts', imports: ['accounts/staff.repository.ts'] },
    ];
    expect(layeringViolations(planted)).toEqual([
      'offices/offices.routes.ts → offices/offices.repository.ts',
      'offices/offices.service.ts → http/request.ts',
      'offices/offices.repository.ts → catalogue/catalogue.repository.ts',
      'catalogue/catalogue.repository.ts → catalogue/catalogue.service.ts',
    ]);
    expect(accountsViolations(planted)).toEqual(['branding/branding.routes.ts → accounts/http.ts', 'sessions/sessions.service.ts → accounts/staff.repository.ts']);
    expect(runtimeViolations([{ file: 'routes/[lang=locale]/+page.server.ts', text: "const { app } = await getRuntime();" }, { file: 'lib/server/api.ts', text: 'sharedRuntime()' }])).toEqual([
      'routes/[lang=locale]/+page.server.ts',
    ]);
  });
});

describe('web', () => {
  it('touches the API runtime only in lib/server/api.ts (and the documented exceptions)', () => {
    const files = sources('web/src')
      .filter((f) => !/\.test\.ts$/.test(f))
      .map((f) => ({ file: path.relative('web/src', f).split(path.sep).join('/'), text: fs.readFileSync(path.join(ROOT, f), 'utf8') }));
    expect(files.length).toBeGreaterThan(20);
    expect(runtimeViolations(files)).toEqual([]);
  });

  it('loads the app (runtime.ts, app.ts) only lazily: its bundle would otherwise evaluate a second copy of every api module', () => {
    // server.ts runs the api modules as they are; what SvelteKit's bundle imports statically of them is
    // evaluated again, in memory of its own (≈30 MB of RSS for the whole app: docs/performance.md, h74).
    const eager = sources('web/src')
      .filter((f) => !/\.test\.ts$/.test(f))
      .filter((f) => eagerAppImport(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(eager).toEqual([]);
    expect(eagerAppImport("import { createRuntime, type Runtime } from '@jamaa/api/runtime.ts';")).toBe(true);
    expect(eagerAppImport("import { type AppType } from '@jamaa/api/app.ts';")).toBe(true);
    expect(eagerAppImport("import type { Runtime } from '@jamaa/api/runtime.ts';\nconst { createRuntime } = await import('@jamaa/api/runtime.ts');")).toBe(false);
  });
});

/** Whether a module imports (or re-exports) the api's runtime or app for their values: `import type` and `import()` do not load them with it. */
function eagerAppImport(text: string): boolean {
  return /^\s*(?:import(?!\s+type\b)|export)\b[^;]*?from\s*['"]@jamaa\/api\/(?:runtime|app)\.ts['"]/m.test(text);
}
