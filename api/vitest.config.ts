import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    // PGlite instances are heavy (~0.5 GB each): keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `expect.poll` waits for what arrives asynchronously (a NOTIFY heard, a mail delivered): 1 s by default,
    // which a loaded 2-core machine can exceed. It returns as soon as the value is there.
    expect: { poll: { timeout: 30_000, interval: 50 } },
  },
});
