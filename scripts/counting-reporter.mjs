// A web-test-runner reporter that writes how many tests passed and failed, so scripts/test.mjs
// can print one total for the browser and Node suites together, and the time each file's tests took.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/** Counts the tests of a suite into `totals`; returns the milliseconds its tests took. */
function count(suite, totals) {
  if (!suite) return 0;
  let ms = 0;
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
    ms += test.duration ?? 0;
  }
  for (const child of suite.suites ?? []) ms += count(child, totals);
  return ms;
}

export function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      /** Milliseconds per test file (its tests' durations), so the slow ones can be named. */
      const files = {};
      for (const session of sessions) {
        const before = totals.passed + totals.failed;
        const ms = count(session.testResults, totals);
        files[relative(process.cwd(), session.testFile)] = Math.round(ms);
        // A file that failed to load or threw outside a test has no results: count it as a failure.
        if (!session.passed && totals.passed + totals.failed === before) totals.failed++;
        else if (session.errors?.length) totals.failed++;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ ...totals, files }));
    },
  };
}
