import { defineConfig } from 'vitest/config';

// One runner for every workspace's unit and integration tests; e2e runs under Playwright.
export default defineConfig({
  test: {
    projects: ['packages/protocol', 'apps/server', 'apps/server/vitest.postgres.config.ts', 'apps/desktop', 'tooling', 'bench'],
  },
});
