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
 * Pages with `csr = true` (the console, the complaint form) are unchanged by both.
 *
 * 3. SvelteKit draws a CSP nonce for every request (16 random bytes, base64: ≈1.5 % of a service page's
 *    first render) even in mode `hash`, which never writes it: our app.html has no `%sveltekit.nonce%`, and
 *    every other use of the nonce asks whether the policy needs one first. Here it is drawn when first read,
 *    and the page template (generated from app.html) reads it only when app.html has the placeholder.
 * 4. SvelteKit asks the manifest for the route parameter matchers on every request, and the manifest's
 *    function `import()`s their module each time: an import of a module already loaded still walks Node's
 *    module loader (≈1 % of a first render). Here, in a build, the matchers are asked for once per manifest
 *    (in `vite dev` a matcher's module can change, and they are asked for every time as before).
 *
 * If a SvelteKit release changes the lines these look for, the build stops and says so, rather than
 * silently shipping the unpatched runtime.
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

const CSP = /\/@sveltejs\/kit\/src\/runtime\/server\/page\/csp\.js$/;
const NONCE_FIELD = /(\n\t)\/\*\* @readonly \*\/\n\tnonce = generate_nonce\(\);\n/;
const TEMPLATE_NONCE = /\bnonce: \/\*\* @type \{string\} \*\/ \(csp\.nonce\),/;

const GENERATED_SERVER = /\/\.svelte-kit\/generated\/[^/]+\/server\.js$/;
const TEMPLATE_PARAMETERS = /app: \(\{ head, body, assets, nonce, env \}\) =>/;

/**
 * Kit's generated server options with a page template that does not take the nonce, when app.html has no
 * `%sveltekit.nonce%` (with one, unchanged); null when the code is not as expected.
 */
export function templateWithoutNonce(code: string): string | null {
  if (!TEMPLATE_PARAMETERS.test(code)) return null;
  if (code.includes('app_template_contains_nonce: true')) return code;
  if (!code.includes('app_template_contains_nonce: false')) return null;
  return code.replace(TEMPLATE_PARAMETERS, 'app: ({ head, body, assets, env }) =>');
}

const RESPONDER = /\/@sveltejs\/kit\/src\/runtime\/server\/respond\.js$/;
const MATCHERS = /const matchers = await manifest\.matchers\(\);/;

/** Kit's CSP with its nonce drawn when first read; null when the code is not as expected. */
export function nonceWhenRead(code: string): string | null {
  if (!NONCE_FIELD.test(code)) return null;
  return code.replace(
    NONCE_FIELD,
    '$1/** @type {string | undefined} */$1#nonce;$1$1/** @readonly */$1get nonce() {$1\treturn (this.#nonce ??= generate_nonce());$1}\n',
  );
}

/** Kit's response renderer giving the page template the nonce only if the template reads it; null when the code is not as expected. */
export function templateNonceWhenRead(code: string): string | null {
  if (!TEMPLATE_NONCE.test(code)) return null;
  return code.replace(TEMPLATE_NONCE, 'get nonce() { return /** @type {string} */ (csp.nonce); },');
}

/** Kit's responder with the route parameter matchers asked for once per manifest; null when the code is not as expected. */
export function matchersOnce(code: string): string | null {
  if (!MATCHERS.test(code)) return null;
  return (
    code.replace(MATCHERS, 'const matchers = kept_matchers.get(manifest) ?? (await keep_matchers(manifest));') +
    `
/** (web/kit-patches.ts) The route parameter matchers, asked for once per manifest. */
const kept_matchers = new WeakMap();

/** @param {import('@sveltejs/kit').SSRManifest['_']} manifest */
async function keep_matchers(manifest) {
\tconst matchers = await manifest.matchers();
\tkept_matchers.set(manifest, matchers);
\treturn matchers;
}
`
  );
}

const PATCHES: readonly { file: RegExp; patch: (code: string) => string | null; buildOnly?: true }[] = [
  { file: PAGE_RENDERER, patch: serialiseOnlyWhenHydrating },
  { file: RESPONSE_RENDERER, patch: etagOnlyWhenHydrating },
  { file: RESPONSE_RENDERER, patch: templateNonceWhenRead },
  { file: CSP, patch: nonceWhenRead },
  { file: GENERATED_SERVER, patch: templateWithoutNonce },
  { file: RESPONDER, patch: matchersOnce, buildOnly: true },
];

export function kitPatches(): Plugin {
  let building = false;
  return {
    name: 'jamaa-kit-patches',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build';
    },
    transform(code, id) {
      const path = id.split('?')[0] ?? id;
      const changes = PATCHES.filter(({ file, buildOnly }) => file.test(path) && (building || !buildOnly));
      if (changes.length === 0) return null;
      let patched = code;
      for (const change of changes) {
        const next = change.patch(patched);
        if (next === null) this.error(`kit-patches.ts: ${id} no longer has the lines it changes; check the new SvelteKit release and update or drop the patch`);
        patched = next;
      }
      return { code: patched, map: null };
    },
  };
}
