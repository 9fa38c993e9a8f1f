import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    // PGlite instances are heavy (~0.5 GB each): keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    // A `beforeAll` that makes a test database: a template's clone on PostgreSQL takes a second, but on a Citus
    // coordinator the database is made on every node, migrated and distributed from scratch (testing/citus.ts):
    // 15 s on a quiet machine, 55-78 s on this 2-core one at a load of 14 (the workers wait on fsync as each
    // shard's indexes are built), which a 60 s limit cut short. The limit only says when a hanging hook is
    // reported; the hooks that make a database set no lower one of their own.
    hookTimeout: 180_000,
    // `expect.poll` waits for what arrives asynchronously (a NOTIFY heard, a mail delivered): 1 s by default,
    // which a loaded 2-core machine can exceed. It returns as soon as the value is there.
    expect: { poll: { timeout: 30_000, interval: 50 } },
  },
});
