// Prints one closing line "N passed, N failed" (plus skipped) from the JSON reports of
// Vitest and Playwright, so any reader of the log sees the whole run's count.
import { existsSync, readFileSync } from 'node:fs';

const failedSteps = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

const vitest = '.test-output/vitest.json';
if (existsSync(vitest)) {
  const report = JSON.parse(readFileSync(vitest, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

const playwright = 'e2e/test-results/report.json';
if (existsSync(playwright)) {
  const stats = JSON.parse(readFileSync(playwright, 'utf8')).stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
}

// A failed step that produced no test report (prerequisites, typecheck, lint) still counts as a failure.
const stepsWithoutReport = failedSteps.filter((s) => s === 'prerequisites' || s === 'typecheck' || s === 'lint').length;
failed += stepsWithoutReport;
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
