import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that measure the server under load (memory bounds, backpressure closes, figures
 * they print): they run on their own after everything else (vitest.alone.config.ts), so
 * another file's server competing for the same cores cannot make them fail or lie.
 */
export const RUN_ALONE = ['test/reliability/slowConsumer.test.ts', 'src/store/postgres/throughput.test.ts'];

export default defineConfig({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...RUN_ALONE],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
