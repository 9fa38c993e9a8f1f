import { defineConfig } from 'vitest/config';

/**
 * Unit tests of web (plain modules under src/). Standalone, so that both `npm test -w @jamaa/web` and a
 * root-level vitest run (as a project) find the same files; it does not load the SvelteKit plugin.
 */
export default defineConfig({
  root: import.meta.dirname,
  // web/tsconfig.json extends a file `svelte-kit sync` generates; unit tests must not depend on that step.
  tsconfig: '../tsconfig.base.json',
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
