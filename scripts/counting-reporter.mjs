// A web-test-runner reporter that writes how many tests passed and failed, so scripts/test.mjs
// can print one total for the browser and Node suites together, and the time each file's tests took.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/** At most this many characters of a failure's message: the tail of a CI log must stay short. */
const MESSAGE_CHARS = 300;

/**
 * Counts the tests of a suite into `totals`, and names each failed one in `failedTests` (a CI log
 * shows only its tail, so the summary must say which test failed and why); returns the
 * milliseconds its tests took.
 */
function count(suite, totals, failedTests, file, path = []) {
  if (!suite) return 0;
  let ms = 0;
  const here = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else {
      totals.failed++;
      const message = String(test.error?.message ?? 'failed').replace(/\s+/g, ' ').slice(0, MESSAGE_CHARS);
      failedTests.push(`${file}: ${[...here, test.name].join(' › ')}: ${message}`);
    }
    ms += test.duration ?? 0;
  }
  for (const child of suite.suites ?? []) ms += count(child, totals, failedTests, file, here);
  return ms;
}

export function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      /** One line per failed test, or per file that failed outside its tests. */
      const failedTests = [];
      /** Milliseconds per test file (its tests' durations), so the slow ones can be named. */
      const files = {};
      for (const session of sessions) {
        const before = totals.passed + totals.failed;
        const name = relative(process.cwd(), session.testFile);
        const ms = count(session.testResults, totals, failedTests, name);
        files[name] = Math.round(ms);
        const outside = String(session.errors?.[0]?.message ?? 'failed to load').replace(/\s+/g, ' ').slice(0, MESSAGE_CHARS);
        // A file that failed to load or threw outside a test has no results: count it as a failure.
        if (!session.passed && totals.passed + totals.failed === before) {
          totals.failed++;
          failedTests.push(`${name}: ${outside}`);
        } else if (session.errors?.length) {
          totals.failed++;
          failedTests.push(`${name} (outside a test): ${outside}`);
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ ...totals, files, failedTests }));
    },
  };
}
