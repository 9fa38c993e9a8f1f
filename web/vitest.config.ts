import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { enhancements } from './enhancements.ts';

/**
 * Unit tests of web: plain modules under src/ (and the build plugins beside this file), and components rendered on the server (`svelte/server`),
 * which is how the public pages reach readers. Standalone (no SvelteKit plugin), so that both
 * `npm test -w @jamaa/web` and a root-level vitest run (as a project) find the same files.
 */
export default defineConfig({
  root: import.meta.dirname,
  // web/tsconfig.json extends a file `svelte-kit sync` generates; unit tests must not depend on that step.
  tsconfig: '../tsconfig.base.json',
  plugins: [enhancements(), svelte({ configFile: false, compilerOptions: { runes: true } })],
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', '*.test.ts'],
    environment: 'node',
  },
});
