// The build-time change to SvelteKit's server runtime still applies to the installed release.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { etagOnlyWhenHydrating, matchersOnce, nonceWhenRead, serialiseOnlyWhenHydrating, templateNonceWhenRead, templateWithoutNonce } from './kit-patches.ts';

const kitRoot = dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
const renderer = readFileSync(join(kitRoot, 'src/runtime/server/page/index.js'), 'utf8');
const responseRenderer = readFileSync(join(kitRoot, 'src/runtime/server/page/render.js'), 'utf8');
const csp = readFileSync(join(kitRoot, 'src/runtime/server/page/csp.js'), 'utf8');
const responder = readFileSync(join(kitRoot, 'src/runtime/server/respond.js'), 'utf8');

describe('SvelteKit patch: no hydration data for pages without client-side rendering', () => {
  it("finds the installed SvelteKit's serialisation of page data and makes it depend on csr", () => {
    const patched = serialiseOnlyWhenHydrating(renderer);
    expect(patched).not.toBeNull();
    expect(patched).toMatch(/if \(node && csr\) \{\s*data_serializer\.add_node\(i, server_data\);/);
    // Exactly one line changed: nothing else of the renderer moved.
    expect(patched?.length).toBe(renderer.length + ' && csr'.length);
  });

  it('refuses code that no longer looks as expected, instead of passing it through', () => {
    expect(serialiseOnlyWhenHydrating(renderer.replace('data_serializer.add_node(i, server_data)', 'serializer.add(i, server_data)'))).toBeNull();
    expect(serialiseOnlyWhenHydrating(renderer.replace('const csr = nodes.csr();', 'const client = nodes.csr();'))).toBeNull();
  });
});

describe('SvelteKit patch: no ETag hashed for pages without client-side rendering', () => {
  it("finds the installed SvelteKit's ETag of a rendered page and makes it depend on csr", () => {
    const patched = etagOnlyWhenHydrating(responseRenderer);
    expect(patched).not.toBeNull();
    expect(patched).toMatch(/if \(!chunks && page_config\.csr\) \{\s*headers\.set\('etag'/);
    expect(patched?.length).toBe(responseRenderer.length + ' && page_config.csr'.length);
  });

  it('refuses code that no longer looks as expected, instead of passing it through', () => {
    expect(etagOnlyWhenHydrating(responseRenderer.replace("headers.set('etag'", "headers.set('ETag'"))).toBeNull();
    expect(etagOnlyWhenHydrating(responseRenderer.replaceAll('page_config,', 'config,'))).toBeNull();
  });
});

describe('SvelteKit patch: a CSP nonce drawn only when read', () => {
  it("finds the installed SvelteKit's nonce field and the template's nonce, and makes both read it lazily", () => {
    const patched = nonceWhenRead(csp);
    expect(patched).not.toBeNull();
    expect(patched).not.toMatch(/nonce = generate_nonce\(\);/);
    expect(patched).toMatch(/get nonce\(\) \{\s*return \(this\.#nonce \?\?= generate_nonce\(\)\);/);
    // Both changes to the response renderer apply, in either order.
    const renderer = templateNonceWhenRead(etagOnlyWhenHydrating(responseRenderer) as string);
    expect(renderer).toMatch(/get nonce\(\) \{ return \/\*\* @type \{string\} \*\/ \(csp\.nonce\); \},/);
    expect(renderer).toMatch(/if \(!chunks && page_config\.csr\)/);
  });

  it("gives the page template no nonce when app.html has no placeholder for one (SvelteKit's generated options)", () => {
    const generated = readFileSync(join(kitRoot, 'src/core/sync/write_server.js'), 'utf8');
    // The generator's own text of the template's parameters: the patch looks for exactly these.
    expect(generated).toContain('app: ({ head, body, assets, nonce, env }) =>');
    const options = (contains: boolean) =>
      `export const options = {\n\tapp_template_contains_nonce: ${contains},\n\ttemplates: {\n\t\tapp: ({ head, body, assets, nonce, env }) => "<html>" + head + body + "</html>",\n\t}\n};`;
    expect(templateWithoutNonce(options(false))).toContain('app: ({ head, body, assets, env }) => "<html>"');
    expect(templateWithoutNonce(options(true))).toBe(options(true));
    expect(templateWithoutNonce(options(false).replace('assets, nonce, env', 'assets, csp, env'))).toBeNull();
  });

  it('keeps the nonce a page reads the same throughout the page', async () => {
    // The patched class, loaded on its own: the nonce is one value per instance, drawn on first read.
    const source = (nonceWhenRead(csp) as string).replace(/^import .*$/gm, '');
    const module = `const __SVELTEKIT_DEV__ = false; const escape_html = (s) => s; const base64_encode = (a) => Buffer.from(a).toString('base64'); const text_encoder = new TextEncoder(); const e = {};\n${source}`;
    const { Csp } = (await import(`data:text/javascript,${encodeURIComponent(module)}`)) as { Csp: new (config: object, opts: object) => { nonce: string } };
    const a = new Csp({ mode: 'nonce', directives: { 'script-src': ['self'] }, reportOnly: {} }, { prerender: false });
    const b = new Csp({ mode: 'nonce', directives: { 'script-src': ['self'] }, reportOnly: {} }, { prerender: false });
    expect(a.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a.nonce).toBe(a.nonce);
    expect(b.nonce).not.toBe(a.nonce);
  });

  it('refuses code that no longer looks as expected, instead of passing it through', () => {
    expect(nonceWhenRead(csp.replace('nonce = generate_nonce();', 'nonce = make_nonce();'))).toBeNull();
    expect(templateNonceWhenRead(responseRenderer.replace('(csp.nonce),', 'csp.nonce,'))).toBeNull();
  });
});

describe('SvelteKit patch: route parameter matchers asked for once', () => {
  it("finds the installed SvelteKit's request for the matchers and keeps what it answers, per manifest", async () => {
    const patched = matchersOnce(responder);
    expect(patched).not.toBeNull();
    expect(patched).toMatch(/const matchers = kept_matchers\.get\(manifest\) \?\? \(await keep_matchers\(manifest\)\);/);
    // The helper it adds, run on its own: one call per manifest.
    const helper = (patched as string).slice((patched as string).indexOf('const kept_matchers'));
    const { keep_matchers, kept_matchers } = (await import(`data:text/javascript,${encodeURIComponent(`${helper}\nexport { keep_matchers, kept_matchers };`)}`)) as {
      keep_matchers: (m: object) => Promise<object>;
      kept_matchers: WeakMap<object, object>;
    };
    let calls = 0;
    const manifest = { matchers: async () => ({ call: ++calls }) };
    const ask = async () => kept_matchers.get(manifest) ?? (await keep_matchers(manifest));
    expect(await ask()).toEqual({ call: 1 });
    expect(await ask()).toEqual({ call: 1 });
    expect(calls).toBe(1);
  });

  it('refuses code that no longer looks as expected, instead of passing it through', () => {
    expect(matchersOnce(responder.replace('const matchers = await manifest.matchers();', 'const matchers = await manifest.matchers?.();'))).toBeNull();
  });
});
