// A web-test-runner reporter that writes how many tests passed and failed, so scripts/test.mjs
// can print one total for the browser and Node suites together.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function count(suite, totals) {
  if (!suite) return;
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

export function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const before = totals.passed + totals.failed;
        count(session.testResults, totals);
        // A file that failed to load or threw outside a test has no results: count it as a failure.
        if (!session.passed && totals.passed + totals.failed === before) totals.failed++;
        else if (session.errors?.length) totals.failed++;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals));
    },
  };
}
