import type { Plugin } from 'vite';

/**
 * One change to SvelteKit's server runtime, made while building (SvelteKit 3.2 to 3.4 at least; see the
 * test beside this file).
 *
 * SvelteKit turns every page's server data into JavaScript (devalue's `uneval`) for the browser to
 * hydrate with, even on a page with `csr = false`, which never sends it: on an uncached public page that
 * work was 8 % of the server's CPU (a profile of 3,591 service pages; docs/performance.md). Here the data is
 * serialised only when the page hydrates. Pages with `csr = true` (the console, the complaint form) are
 * unchanged.
 *
 * If a SvelteKit release changes the lines this looks for, the build stops and says so, rather than
 * silently shipping the unpatched runtime.
 */
const PAGE_RENDERER = /\/@sveltejs\/kit\/src\/runtime\/server\/page\/index\.js$/;
const SERIALISE = /if \(node\) \{(\s*)data_serializer\.add_node\(i, server_data\);/;
const CSR_IN_SCOPE = /const csr = nodes\.csr\(\);/;

/** Kit's page renderer with server data serialised only for pages that hydrate; null when the code is not as expected. */
export function serialiseOnlyWhenHydrating(code: string): string | null {
  if (!CSR_IN_SCOPE.test(code) || !SERIALISE.test(code)) return null;
  return code.replace(SERIALISE, 'if (node && csr) {$1data_serializer.add_node(i, server_data);');
}

export function kitPatches(): Plugin {
  return {
    name: 'jamaa-kit-patches',
    enforce: 'pre',
    transform(code, id) {
      if (!PAGE_RENDERER.test(id.split('?')[0] ?? id)) return null;
      const patched = serialiseOnlyWhenHydrating(code);
      if (patched === null) this.error(`kit-patches.ts: ${id} no longer has the lines it changes; check the new SvelteKit release and update or drop the patch`);
      return { code: patched, map: null };
    },
  };
}
