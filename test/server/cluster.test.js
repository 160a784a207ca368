// `--redis` cluster against real processes (issue 17): Debian's redis-server with AOF
// (appendfsync always), three reference-server nodes, Debian's nginx in front (SSE buffering
// off), and a Chromium page streaming through nginx with <pulse-source>, as a user's would.
// Needs `npm run build` first (the page loads dist/pulseboard.bundle.js through the nodes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { Redis } from 'ioredis';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { createRig, freePort, sleep } from '../fixtures/cluster-rig.mjs';
import { openSse, openWs, postJson, request } from './helpers.js';


const PAGE = `<!doctype html><meta charset="utf-8"><title>cluster</title>
<script type="module" src="/dist/pulseboard.bundle.js"></script>
<pulse-source src="/events?topics=seq"></pulse-source>
<script type="module">
  await customElements.whenDefined('pulse-source');
  const source = document.querySelector('pulse-source');
  window.got = [];
  window.ids = [];
  window.gaps = [];
  await new Promise((r) => requestAnimationFrame(r));
  source.subscribe('seq', (payload, meta) => { window.got.push(payload.n); window.ids.push(meta.id); });
  source.addEventListener('pulse-state', () => {});
  window.stats = () => source.stats;
</script>`;

const rig = createRig('pulse-cluster');
/** @type {{ port: number, url: string, proc: import('node:child_process').ChildProcess }} */
let redis;
/** @type {{ port: number, url: string, proc: import('node:child_process').ChildProcess }[]} */
const nodes = [];
/** @type {{ port: number, url: string }} */
let lb;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {number[]} */
let nodePorts = [];

/** @param {number} i */
function nodeArgs(i) {
  // A small local history (100 events) so a resume on another node is also served from Redis.
  return ['--no-sim', '--no-host-metrics', '--redis', redis.url, '--node', `n${i + 1}`, '--history', '100', '--retry', '200', '--heartbeat', '2s'];
}

/** @param {number} i */
async function startNode(i) {
  nodes[i] = await rig.node(nodeArgs(i), { port: nodePorts[i] });
}

before(async () => {
  if (!existsSync(join(process.cwd(), 'dist', 'pulseboard.bundle.js'))) throw new Error('run npm run build first: the page loads dist/pulseboard.bundle.js');
  redis = await rig.redis();
  nodePorts = [await freePort(), await freePort(), await freePort()];
  for (let i = 0; i < 3; i++) await startNode(i);
  const page = join(rig.dir, 'page.html');
  writeFileSync(page, PAGE);
  lb = await rig.nginx(nodePorts, `    location = /page.html { alias ${page}; default_type text/html; }`);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
});

after(async () => {
  await browser?.close();
  await rig.stopAll();
});

/** The node a page's stream is on: the one whose /health counts an SSE client. */
async function servingNode() {
  for (let tries = 0; tries < 200; tries++) {
    for (let i = 0; i < 3; i++) {
      const h = await request(`${nodes[i].url}/health`).catch(() => null);
      if (h?.json?.clients?.sse > 0) return i;
    }
    await sleep(25);
  }
  throw new Error('no node serves the page');
}

/**
 * Publishes seq n through the nodes in turn (each request waits for its 202, so stream order is
 * n order), with an Idempotency-Key: a request that failed (node killed, Redis down) is retried
 * on the next node and can never be stored twice.
 * @param {number} from
 * @param {number} to inclusive
 * @param {(n: number) => Promise<void>} [at] called before publishing n
 */
async function publishRoundRobin(from, to, at) {
  let next = 0;
  let answered503 = 0;
  for (let n = from; n <= to; n++) {
    await at?.(n);
    for (let attempt = 0; ; attempt++) {
      const node = nodes[next++ % 3];
      const r = await postJson(`${node.url}/ingest`, { topic: 'seq', data: { n } }, { 'Idempotency-Key': `seq-${n}` }).catch(() => null);
      if (r?.status === 202) break;
      if (r?.status === 503) {
        answered503++;
        assert.ok(r.headers['retry-after'], '503 carries Retry-After');
      }
      if (attempt > 400) throw new Error(`seq ${n} was never accepted`);
      await sleep(10);
    }
    if (n % 4 === 0) await sleep(1); // about 1,000 events/s at most: the page stays mid-stream
  }
  return { answered503 };
}

test('1,000 events round-robin through 3 nodes behind nginx reach a browser page exactly once, in order, while its node is kill -9ed twice; then Redis is kill -9ed and restarted', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${lb.url}/page.html`);
  await page.waitForFunction(() => /** @type {any} */ (globalThis).document.querySelector('pulse-source')?.getAttribute('state') === 'open', null, { timeout: 15_000 });
  await servingNode();

  const killed = [];
  await publishRoundRobin(1, 1000, async (n) => {
    if (n !== 300 && n !== 650) return;
    // Wait until the page is mid-stream, then kill -9 the node its stream is on, and bring it back.
    await page.waitForFunction((k) => /** @type {any} */ (globalThis).got.length >= k - 50, n, { timeout: 15_000 });
    const i = await servingNode();
    killed.push(`n${i + 1}`);
    await rig.kill(nodes[i].proc, 'SIGKILL');
    setTimeout(() => void startNode(i), 500);
  });
  await page.waitForFunction(() => /** @type {any} */ (globalThis).got.length >= 1000, null, { timeout: 30_000 });
  assert.equal(killed.length, 2);
  const first = await page.evaluate(() => ({ got: /** @type {any} */ (globalThis).got, ids: /** @type {any} */ (globalThis).ids, stats: /** @type {any} */ (globalThis).stats() }));
  assert.deepEqual(first.got, Array.from({ length: 1000 }, (_, k) => k + 1), 'every event once, in order');
  assert.ok(first.ids.every((id) => /^\d+-\d+$/.test(id)), 'ids are Redis stream ids');
  assert.equal(first.stats.gaps, 0, 'no gap: every resume found its point');
  assert.ok(first.stats.reconnects >= 2, `the page reconnected after each kill (${first.stats.reconnects})`);

  // Redis restarts mid-stream: kill -9 (AOF, appendfsync always), 503s meanwhile, then back.
  let downChecked = false;
  const { answered503 } = await publishRoundRobin(1001, 1400, async (n) => {
    if (n !== 1150) return;
    await rig.kill(redis.proc, 'SIGKILL');
    const r = await postJson(`${nodes[0].url}/ingest`, { topic: 'seq', data: { n: -1 } });
    assert.equal(r.status, 503, 'nothing accepted while Redis is down');
    assert.ok(Number(r.headers['retry-after']) > 0);
    const h = await request(`${nodes[1].url}/health`);
    assert.equal(h.json.redis, 'down');
    assert.equal(h.json.status, 'degraded');
    downChecked = true;
    setTimeout(() => void rig.redis({ port: redis.port }).then((r2) => (redis = r2)), 1000);
  });
  assert.ok(downChecked);
  assert.ok(answered503 > 0, 'publishers were told to retry while Redis was down');
  await page.waitForFunction(() => /** @type {any} */ (globalThis).got.length >= 1400, null, { timeout: 30_000 });
  const second = await page.evaluate(() => ({ got: /** @type {any} */ (globalThis).got, stats: /** @type {any} */ (globalThis).stats() }));
  assert.deepEqual(second.got, Array.from({ length: 1400 }, (_, k) => k + 1), 'exactly once across the Redis restart (AOF, fsync always: nothing acknowledged was lost)');
  assert.equal(second.stats.gaps, 0);
  for (const node of nodes) {
    const h = await request(`${node.url}/health`);
    assert.equal(h.json.redis, 'up', 'recovered without a restart');
    assert.equal(h.json.cluster.dataLoss, 0);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('every node answers the same: state on connect, /history, and a duplicate key on another node', async () => {
  const alert = { id: 'disk-full@db-1', status: 'firing', severity: 'critical', title: 'Disk full on db-1' };
  const r = await postJson(`${nodes[0].url}/ingest`, { topic: 'alerts', data: alert }, { 'Idempotency-Key': 'alert-1' });
  assert.equal(r.status, 202);
  const again = await postJson(`${nodes[2].url}/ingest`, { topic: 'alerts', data: alert }, { 'Idempotency-Key': 'alert-1' });
  assert.equal(again.status, 202);
  assert.equal(again.json.duplicate, true, 'the retry landed on another node and was recognised');
  assert.deepEqual(again.json.ids, r.json.ids);
  await sleep(100);
  /** @type {string[]} */
  const answers = [];
  for (const node of nodes) {
    const s = await openSse(`${node.url}/events?topics=alerts`);
    const ev = await s.waitForEvent((e) => e.event === 'alerts');
    s.close();
    assert.equal(ev.id, r.json.ids[0], 'the stored event itself, with its stream id');
    assert.deepEqual(ev.json, alert);
    const h = await request(`${node.url}/history?topic=seq&since=-10m&limit=5&order=desc`);
    assert.equal(h.status, 200);
    answers.push(JSON.stringify(h.json.items));
  }
  assert.equal(new Set(answers).size, 1, 'the same history from every node');
  assert.deepEqual(JSON.parse(answers[0]).map((/** @type {any} */ i) => i.data.n), [1400, 1399, 1398, 1397, 1396]);
  const step = await request(`${nodes[1].url}/history?topic=seq&step=60s`);
  assert.equal(step.status, 400);
  assert.equal(step.json.field, 'step');
});

test('a resume point older than what Redis still holds gets pulse.gap; a point it holds resumes on any node', async () => {
  const h = await request(`${nodes[0].url}/history?topic=seq&since=-10m&limit=3`);
  const [oldest] = h.json.items;
  // Resumes from an early event on a node whose local history (100) no longer holds it: from Redis.
  const s = await openSse(`${nodes[1].url}/events?topics=seq`, { 'Last-Event-ID': oldest.id });
  const events = await s.waitForData(10).finally(() => s.close());
  assert.deepEqual(events.map((e) => e.json.n), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(s.events.filter((e) => e.event === 'pulse.gap').length, 0);
  // The same over WebSocket, on the third node.
  const ws = await openWs(`${nodes[2].url.replace('http', 'ws')}/ws?topics=seq&lastEventId=${encodeURIComponent(oldest.id)}`);
  const wsEvents = await ws.waitForData(3).finally(() => ws.close());
  assert.deepEqual(wsEvents.map((m) => m.data.n), [2, 3, 4]);
  assert.match(String(wsEvents[0].id), /^\d+-\d+$/);
  // Trim the stream, as retention does: the old point now lies before what Redis holds.
  const admin = new Redis(redis.url);
  await admin.xtrim('pulseboard:stream', 'MAXLEN', 50).finally(() => admin.disconnect());
  const g = await openSse(`${nodes[2].url}/events?topics=seq`, { 'Last-Event-ID': oldest.id });
  const [gap, after] = await Promise.all([g.waitForEvent((e) => e.event === 'pulse.gap'), g.waitForData(1)]).finally(() => g.close());
  assert.equal(gap.json.lastEventId, oldest.id);
  assert.match(gap.json.oldestId, /^\d+-\d+$/);
  assert.ok(after[0].json.n > 1000, 'then what is still there');
});

test('bad input: --redis that is not a redis URL, --redis with --data, --node without --redis', async () => {
  const cli = join(process.cwd(), 'server', 'cli.js');
  for (const [args, message] of /** @type {[string[], RegExp][]} */ ([
    [['serve', '--redis', 'http://x'], /redis:\/\//],
    [['serve', '--redis', 'not a url'], /redis must be a URL/],
    [['serve', '--redis', 'redis://127.0.0.1:1', '--data', rig.dir], /exclude each other/],
    [['serve', '--node', 'a'], /need --redis/],
    [['serve', '--redis', 'redis://127.0.0.1:1', '--redis-retain', 'soon'], /--redis-retain/],
  ])) {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
