#!/usr/bin/env node
// `npm test`: every check the project has, in one run, ending with one line that CI reads:
//   tests: N passed, N failed
// Stages: type-check, build, the Node suites (server, manifest, bundle) and the browser suites,
// once per engine (Chromium, Firefox ESR, WebKitGTK), each with its own counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync('test-results', { recursive: true });

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`━━ ${label}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

/** A stage with no test counts of its own (type-check, build) counts as one check. */
function check(label, command, args) {
  if (run(label, command, args)) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

const counts = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => /\.test\.(m?js)$/.test(f))
    .sort();
}

// `npm test -- browser` runs one stage; `npm test -- firefox` (or chromium, webkit) runs the
// browser suites in that one engine.
const BROWSERS = ['chromium', 'firefox', 'webkit'];
const only = process.argv[2];
const want = (stage) => !only || only === stage;
const browsers = BROWSERS.includes(only) ? [only] : want('browser') ? BROWSERS : [];
const STAGES = ['typecheck', 'build', 'node', 'browser', ...BROWSERS];
if (only && !STAGES.includes(only)) {
  console.error(`unknown stage "${only}": use one of ${STAGES.join(', ')}`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
/** One line per suite for the summary at the end. */
const lines = [];

if (want('typecheck')) {
  check('type-check (browser code)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  check('type-check (server code)', 'npx', ['tsc', '-p', 'tsconfig.server.json', '--noEmit']);
}
if (want('build') || want('node')) check('build', 'npm', ['run', '--silent', 'build']);

if (want('node')) {
  const files = [...testFiles('test/node'), ...testFiles('test/server')];
  if (files.length) {
    const started = Date.now();
    const tap = 'test-results/node.tap';
    rmSync(tap, { force: true });
    const ok = run('node tests', process.execPath, [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ]);
    const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
    const num = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    const counted = { passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo') };
    if (!ok && counted.failed === 0) counted.failed = 1; // the runner itself failed
    totals.passed += counted.passed;
    totals.failed += counted.failed;
    totals.skipped += counted.skipped;
    if (counted.failed) failures.push(`node tests (${counted.failed})`);
    lines.push(`${'node'.padEnd(9)} ${counts(counted)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

// One engine per run, one after another: they would fight for the two cores, and a crashed
// engine must not take the others' counts with it.
for (const browser of browsers) {
  const summary = `test-results/browser-${browser}.json`;
  rmSync(summary, { force: true });
  const started = Date.now();
  const ok = run(`browser tests (${browser})`, 'npx', ['wtr', '--config', 'web-test-runner.config.mjs'], {
    WTR_BROWSERS: browser,
    WTR_RESULTS: summary,
  });
  const counted = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (!ok && counted.failed === 0) counted.failed = 1;
  totals.passed += counted.passed;
  totals.failed += counted.failed;
  totals.skipped += counted.skipped;
  if (counted.failed) failures.push(`browser tests in ${browser} (${counted.failed})`);
  const slowest = Object.entries(counted.files ?? {})
    .sort(([, a], [, b]) => b - a)
    .slice(0, 3)
    .map(([file, ms]) => `${file.replace(/^test\/browser\//, '')} ${(ms / 1000).toFixed(0)} s`);
  lines.push(`${browser.padEnd(9)} ${counts(counted)} in ${((Date.now() - started) / 1000).toFixed(0)} s${slowest.length ? ` (slowest: ${slowest.join(', ')})` : ''}`);
}

if (lines.length) console.log(`\nSuites:\n${lines.map((l) => `  ${l}`).join('\n')}`);
if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\ntests: ${counts(totals)}`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
