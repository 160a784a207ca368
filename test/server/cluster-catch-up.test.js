// A WebSocket page that resumes on a cluster node from before the node's local history is caught
// up from Redis. Against real processes: Debian's redis-server, two reference-server nodes, and a
// Chromium page with <pulse-source> on a ws:// source, as a user's would. The catch-up must reach
// the page in messages it accepts (src/data/ws-transport.ts refuses one over 4 MiB): 500 events of
// 10 KB in one message were 5 MB, refused whole, and the page went on after them without a gap.
// Needs `npm run build` first (the page loads dist/pulseboard.bundle.js from the node).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { createRig, freePort } from '../fixtures/cluster-rig.mjs';
import { postJson } from './helpers.js';

const rig = createRig('pulse-catch-up');
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  if (!existsSync(join(process.cwd(), 'dist', 'pulseboard.bundle.js'))) throw new Error('run npm run build first: the page loads dist/pulseboard.bundle.js');
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
});

after(async () => {
  await browser?.close();
  await rig.stopAll();
});

test('cluster + WebSocket: a page resuming from before its node\'s local history gets every event of the catch-up from Redis, once, in order', async () => {
  const redis = await rig.redis();
  const args = ['--no-sim', '--no-host-metrics', '--redis', redis.url, '--history', '100', '--retry', '200', '--heartbeat', '1s'];
  const portA = await freePort();
  let a = await rig.node([...args, '--node', 'a'], { port: portA });
  const b = await rig.node([...args, '--node', 'b']);
  // nginx in front of node a (WebSocket upgrades passed through) serves the page: one origin.
  const pageFile = join(rig.dir, 'page.html');
  writeFileSync(
    pageFile,
    `<!doctype html><meta charset="utf-8"><title>catch-up</title>
<script type="module" src="/dist/pulseboard.bundle.js"></script>
<pulse-source></pulse-source>
<script type="module">
  await customElements.whenDefined('pulse-source');
  const source = document.querySelector('pulse-source');
  source.src = location.origin.replace(/^http/, 'ws') + '/ws?topics=big';
  window.got = [];
  await new Promise((r) => requestAnimationFrame(r));
  source.subscribe('big', (payload) => window.got.push(payload.n));
  window.stats = () => source.stats;
</script>`,
  );
  const lb = await rig.nginx(
    [portA],
    `    location = /page.html { alias ${pageFile}; default_type text/html; }
    location = /ws {
      proxy_pass http://pulseboard;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $http_host;
      proxy_read_timeout 1h;
    }`,
  );
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${lb.url}/page.html`);
  const got = () => page.evaluate(() => /** @type {any} */ (globalThis).got.length);
  const publish = async (/** @type {number} */ from, /** @type {number} */ to, /** @type {string} */ via) => {
    const items = [];
    for (let n = from; n <= to; n++) items.push({ topic: 'big', data: { n, detail: 'x'.repeat(10_000) } });
    const r = await postJson(`${via}/ingest`, items);
    assert.equal(r.status, 202);
  };
  await page.waitForFunction(() => /** @type {any} */ (globalThis).stats?.().state === 'open', null, { timeout: 15_000 });
  await publish(1, 10, a.url);
  await page.waitForFunction(() => /** @type {any} */ (globalThis).got.length >= 10, null, { timeout: 15_000 });

  // Node a goes away; 630 more events arrive through node b meanwhile; a comes back and holds
  // only the newest 100 itself: the page's resume point (event 10) is served from Redis.
  await rig.kill(a.proc, 'SIGKILL');
  for (let from = 11; from <= 640; from += 90) await publish(from, Math.min(640, from + 89), b.url);
  a = await rig.node([...args, '--node', 'a'], { port: portA });
  await page.waitForFunction(() => /** @type {any} */ (globalThis).got.length >= 640, null, { timeout: 20_000 }).catch(() => undefined);
  const seen = await page.evaluate(() => ({ got: /** @type {any} */ (globalThis).got, stats: /** @type {any} */ (globalThis).stats() }));
  assert.equal(seen.stats.malformed, 0, 'no message refused as too large');
  assert.equal(seen.got.length, 640, `every event reached the page (${await got()})`);
  assert.deepEqual(seen.got, Array.from({ length: 640 }, (_, k) => k + 1), 'once, in order');
  assert.equal(seen.stats.gaps, 0, 'Redis held them all: no gap');
  assert.deepEqual(errors, []);
});
