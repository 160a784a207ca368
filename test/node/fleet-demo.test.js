// The fleet demo (`npm run demo:fleet`): a hub and three real agents; the wall must show every
// host live, one line per host, both boxes' logs, with no console errors. Needs `npm run build`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

/** @type {import('node:child_process').ChildProcess | undefined} */
let demo;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
after(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo?.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
});

test('demo:fleet shows three hosts live, a line per host, and the logs of two boxes', async () => {
  demo = spawn(process.execPath, ['demo/fleet.mjs', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const page = await new Promise((resolve, reject) => {
    let out = '';
    demo?.stdout?.on('data', (d) => {
      out += d;
      const m = /fleet demo: (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    demo?.once('exit', (code) => reject(new Error(`demo exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`no URL: ${out}`)), 20_000);
  });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const tab = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await tab.goto(/** @type {string} */ (page));
  await tab.waitForFunction(() => {
    const gauges = [...document.querySelectorAll('metric-gauge')];
    return gauges.length === 9 && gauges.every((g) => g.getAttribute('status') === 'live');
  }, null, { timeout: 30_000, polling: 250 });
  const hosts = await tab.waitForFunction(() => {
    const chart = document.querySelector('time-series[topic="cpu@*"]');
    const names = [...(chart?.shadowRoot?.querySelectorAll('.legend button .name') ?? [])].map((n) => n.textContent);
    return names.length === 3 ? names.sort() : null;
  }, null, { timeout: 20_000, polling: 250 });
  assert.deepEqual(await hosts.jsonValue(), ['db-1', 'web-1', 'web-2']);
  const sources = await tab.waitForFunction(() => {
    const log = document.querySelector('log-firehose');
    const seen = new Set([...(log?.shadowRoot?.querySelectorAll('[part~="source"]') ?? [])].map((s) => s.textContent));
    return seen.has('web-1') && seen.has('web-2') ? [...seen].sort() : null;
  }, null, { timeout: 20_000, polling: 250 });
  assert.deepEqual(await sources.jsonValue(), ['web-1', 'web-2'], 'two boxes, nothing else in the firehose');
  const label = await tab.textContent('#simulated');
  assert.match(label ?? '', /simulated/, 'the wall says the loads are simulated');
  assert.deepEqual(errors, []);
});
