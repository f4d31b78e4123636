/**
 * End-to-end: the real server and one web host per simulated user as child processes,
 * the built renderer in Debian's Chromium (Playwright cannot download browsers here).
 * One worker: the processes share two cores with everything else.
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  globalSetup: './fixtures/globalSetup.ts',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // The JSON report feeds the one-line summary printed by scripts/test.sh.
  reporter: [['list'], ['json', { outputFile: 'test-results/report.json' }]],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
});
