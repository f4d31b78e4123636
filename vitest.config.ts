import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One runner for every workspace's unit and integration tests; e2e runs under Playwright.
export default defineConfig({
  test: {
    projects: ['packages/protocol', 'apps/server', 'apps/server/vitest.postgres.config.ts', 'apps/server/vitest.alone.config.ts', 'apps/desktop', 'tooling', 'bench'],
    // Vitest's default is one fewer worker than cores: a single worker on a 2-core machine.
    // Most files spend their time waiting on a server, a socket or a timer, so two files
    // share two cores well; the ones that measure load run alone (apps/server/vitest.config.ts).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
