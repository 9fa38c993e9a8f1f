import { defineConfig } from 'vitest/config';

/**
 * Unit tests of web (plain modules under src/). Standalone, so that both `npm test -w @jamaa/web` and a
 * root-level vitest run (as a project) find the same files; it does not load the SvelteKit plugin.
 */
export default defineConfig({
  root: import.meta.dirname,
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
