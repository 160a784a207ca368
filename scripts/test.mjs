#!/usr/bin/env node
// `npm test`: every check the project has, in one run, ending with one line that CI reads:
//   tests: N passed, N failed
// Stages: type-check, build, the Node suites (server, manifest, bundle) and the browser suites,
// once per engine (Chromium, Firefox ESR, WebKitGTK), each with its own counts.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** Each failed test by name, printed last: a CI log is read from its tail. */
const failedTests = [];
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
// The Node suites and the loader's browser test read dist/: every stage but the type-check builds.
if (want('build') || want('node') || browsers.length > 0) check('build', 'npm', ['run', '--silent', 'build']);

if (want('node')) {
  const files = [...testFiles('test/node'), ...testFiles('test/server')];
  if (files.length) {
    const started = Date.now();
    const tap = 'test-results/node.tap';
    rmSync(tap, { force: true });
    const ok = run('node tests', process.execPath, [
      '--test',
      // Two files at a time: most of a server test is waiting on real processes (daemons,
      // restarts, outages), so the second core would otherwise idle.
      '--test-concurrency=2',
      // A test that hangs fails after two minutes instead of stalling the run (none takes 40 s).
      '--test-timeout=120000',
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
    // TAP names a failed test on its `not ok` line; a suite that failed only through a child
    // says `subtestsFailed` in its YAML block and is left out, its child is named.
    for (const match of text.matchAll(/^ *not ok \d+ - (.*)$/gm)) {
      const block = text.slice(match.index + match[0].length, text.indexOf('...', match.index));
      if (block.includes('subtestsFailed')) continue;
      // `error: 'text'` on one line, or `error: |-` and the text on the lines below it.
      const error = /error: (.*)\n(.*)/.exec(block);
      const message = error ? (error[1].startsWith('|') ? error[2] : error[1]).trim() : '';
      failedTests.push(`[node] ${match[1]}: ${message.slice(0, 300)}`);
    }
    lines.push(`${'node'.padEnd(9)} ${counts(counted)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

// Each engine in a wtr run of its own, so a crashed engine cannot take the others' counts with
// it; two at a time, each on its own port: a browser suite mostly waits on real servers
// (restarts, outages, backoff), so two of them share the two cores with room to spare
// (measured: Firefox and WebKit together 198 s, one after the other 366 s).
const ENGINES_AT_ONCE = 2;

/** A free loopback port for one engine's test server, never one handed to another engine. */
const portsGiven = new Set();
async function enginePort() {
  for (;;) {
    const port = await freePort();
    if (!portsGiven.has(port)) return portsGiven.add(port), port;
  }
}

/**
 * Runs one command with its output kept in a file and printed whole when it ends, so engines
 * running side by side do not interleave their reports.
 */
function runQuietly(label, command, args, env, logFile) {
  return new Promise((resolve) => {
    const started = Date.now();
    const out = openSync(logFile, 'w');
    const child = spawn(command, args, { stdio: ['ignore', out, out], env: { ...process.env, ...env } });
    child.on('close', (code) => {
      closeSync(out);
      console.log(`\n━━ ${label}: ${command} ${args.join(' ')}`);
      process.stdout.write(readFileSync(logFile, 'utf8'));
      console.log(`━━ ${label}: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(code === 0);
    });
  });
}

async function browserSuite(browser) {
  const summary = `test-results/browser-${browser}.json`;
  rmSync(summary, { force: true });
  const started = Date.now();
  const ok = await runQuietly(
    `browser tests (${browser})`,
    'npx',
    ['wtr', '--config', 'web-test-runner.config.mjs'],
    { WTR_BROWSERS: browser, WTR_RESULTS: summary, WTR_PORT: String(await enginePort()) },
    `test-results/browser-${browser}.log`,
  );
  const counted = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (!ok && counted.failed === 0) counted.failed = 1;
  const slowest = Object.entries(counted.files ?? {})
    .sort(([, a], [, b]) => b - a)
    .slice(0, 3)
    .map(([file, ms]) => `${file.replace(/^test\/browser\//, '')} ${(ms / 1000).toFixed(0)} s`);
  return { browser, counted, line: `${browser.padEnd(9)} ${counts(counted)} in ${((Date.now() - started) / 1000).toFixed(0)} s${slowest.length ? ` (slowest: ${slowest.join(', ')})` : ''}` };
}

const queue = [...browsers];
const results = [];
await Promise.all(
  Array.from({ length: Math.min(ENGINES_AT_ONCE, queue.length) }, async () => {
    while (queue.length) results.push(await browserSuite(/** @type {string} */ (queue.shift())));
  }),
);
// Reported in the fixed engine order, whichever finished first.
for (const browser of browsers) {
  const { counted, line } = results.find((r) => r.browser === browser);
  totals.passed += counted.passed;
  totals.failed += counted.failed;
  totals.skipped += counted.skipped;
  if (counted.failed) failures.push(`browser tests in ${browser} (${counted.failed})`);
  for (const test of counted.failedTests ?? []) failedTests.push(`[${browser}] ${test}`);
  lines.push(line);
}

if (lines.length) console.log(`\nSuites:\n${lines.map((l) => `  ${l}`).join('\n')}`);
if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
if (failedTests.length) console.log(failedTests.map((t) => `  ${t}`).join('\n'));
console.log(`\ntests: ${counts(totals)}`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
