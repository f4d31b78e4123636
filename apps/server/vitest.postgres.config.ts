import { defineConfig } from 'vitest/config';

// The REST and realtime integration suites again, each server on a fresh PostgreSQL
// database (test/harness.ts reads PARLEY_TEST_STORE), so both stores pass the same tests.
export default defineConfig({
  test: {
    name: 'server-postgres',
    include: ['test/rest/**/*.test.ts', 'test/realtime/**/*.test.ts'],
    env: { PARLEY_TEST_STORE: 'postgres' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
