// The build-time change to SvelteKit's server runtime still applies to the installed release.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { etagOnlyWhenHydrating, serialiseOnlyWhenHydrating } from './kit-patches.ts';

const kitRoot = dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
const renderer = readFileSync(join(kitRoot, 'src/runtime/server/page/index.js'), 'utf8');
const responseRenderer = readFileSync(join(kitRoot, 'src/runtime/server/page/render.js'), 'utf8');

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
