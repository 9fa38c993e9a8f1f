import type { Plugin } from 'vite';

/**
 * Two changes to SvelteKit's server runtime, made while building (SvelteKit 3.2 to 3.4 at least; see the
 * test beside this file).
 *
 * 1. SvelteKit turns every page's server data into JavaScript (devalue's `uneval`) for the browser to
 *    hydrate with, even on a page with `csr = false`, which never sends it: on an uncached public page that
 *    work was 8 % of the server's CPU (a profile of 3,591 service pages; docs/performance.md). Here the data
 *    is serialised only when the page hydrates.
 * 2. SvelteKit hashes every page it renders (djb2 over the whole HTML, ≈1.5 % of a service page's first
 *    render) for an ETag that `withEtag` (src/hooks.server.ts) then replaces with its own, a hash of the same
 *    bytes that the page cache also gives. Here a page without client-side rendering gets no ETag from
 *    SvelteKit: an anonymous page gets `withEtag`'s, a staff page is `no-store`, an error page had one no
 *    browser could use (SvelteKit answers 304 only to a 200).
 *
 * Pages with `csr = true` (the console, the complaint form) are unchanged by both. If a SvelteKit release
 * changes the lines these look for, the build stops and says so, rather than silently shipping the
 * unpatched runtime.
 */
const PAGE_RENDERER = /\/@sveltejs\/kit\/src\/runtime\/server\/page\/index\.js$/;
const SERIALISE = /if \(node\) \{(\s*)data_serializer\.add_node\(i, server_data\);/;
const CSR_IN_SCOPE = /const csr = nodes\.csr\(\);/;

const RESPONSE_RENDERER = /\/@sveltejs\/kit\/src\/runtime\/server\/page\/render\.js$/;
const ETAG = /if \(!chunks\) \{(\s*)headers\.set\('etag', `"\$\{hash\(transformed\)\}"`\);/;
const PAGE_CONFIG_IN_SCOPE = /page_config,/;

/** Kit's page renderer with server data serialised only for pages that hydrate; null when the code is not as expected. */
export function serialiseOnlyWhenHydrating(code: string): string | null {
  if (!CSR_IN_SCOPE.test(code) || !SERIALISE.test(code)) return null;
  return code.replace(SERIALISE, 'if (node && csr) {$1data_serializer.add_node(i, server_data);');
}

/** Kit's response renderer with the page's ETag hashed only for pages that hydrate; null when the code is not as expected. */
export function etagOnlyWhenHydrating(code: string): string | null {
  if (!PAGE_CONFIG_IN_SCOPE.test(code) || !ETAG.test(code)) return null;
  return code.replace(ETAG, (line) => line.replace('if (!chunks) {', 'if (!chunks && page_config.csr) {'));
}

const PATCHES: readonly { file: RegExp; patch: (code: string) => string | null }[] = [
  { file: PAGE_RENDERER, patch: serialiseOnlyWhenHydrating },
  { file: RESPONSE_RENDERER, patch: etagOnlyWhenHydrating },
];

export function kitPatches(): Plugin {
  return {
    name: 'jamaa-kit-patches',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0] ?? id;
      const change = PATCHES.find(({ file }) => file.test(path));
      if (!change) return null;
      const patched = change.patch(code);
      if (patched === null) this.error(`kit-patches.ts: ${id} no longer has the lines it changes; check the new SvelteKit release and update or drop the patch`);
      return { code: patched, map: null };
    },
  };
}
