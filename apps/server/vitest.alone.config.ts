import { defineConfig } from 'vitest/config';
import { RUN_ALONE } from './vitest.config.js';

export default defineConfig({
  test: {
    name: 'server-alone',
    include: RUN_ALONE,
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One file at a time, and only once every other project has finished.
    fileParallelism: false,
    sequence: { groupOrder: 1 },
  },
});
