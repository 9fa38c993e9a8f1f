import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { enhancements } from './enhancements.ts';
import { kitPatches } from './kit-patches.ts';

/**
 * SvelteKit 3 takes its configuration here (there is no svelte.config.js).
 *
 * CSP: every fetch is same-origin. Mode "hash": Kit would hash any inline script or style it generates (the
 * public pages render no script at all, see `csr` in src/routes/+layout.server.ts). The one relaxation is
 * `style-src-attr 'unsafe-inline'`: a tenant's colours reach the page as CSS custom properties in a
 * `style` attribute (see src/routes/+layout.svelte), which costs no extra request on a slow network. A style
 * attribute cannot run script, and `default-src 'self'` still stops any `url()` in it from leaving the origin.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    enhancements(),
    kitPatches(),
    sveltekit({
      adapter: adapter(),
      compilerOptions: { runes: true },
      csp: {
        mode: 'hash',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self'],
          'style-src-attr': ['unsafe-inline'],
          'img-src': ['self'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'form-action': ['self'],
          'base-uri': ['self'],
          'object-src': ['none'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  ssr: {
    // Native or WebAssembly dependencies of the in-process API: loaded from node_modules at run time.
    external: ['@electric-sql/pglite', 'pg', '@node-rs/argon2', 'pino', 'sharp', '@aws-sdk/client-s3', '@aws-sdk/lib-storage', 'file-type'],
  },
});
