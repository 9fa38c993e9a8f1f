import { defineConfig } from 'vitest/config';

// `npx vitest run` at the root runs every workspace's suite with its own configuration.
export default defineConfig({
  test: {
    projects: ['tenants/vitest.config.ts', 'api/vitest.config.ts', 'web/vitest.config.ts'],
  },
});
