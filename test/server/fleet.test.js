// `pulseboard agent` against a real hub, as processes (issue 17): two agents tail their boxes'
// logs while the hub is stopped for 20 s and restarted; heartbeats turn into offline sources;
// a retry after a lost answer is recognised by its Idempotency-Key; bad flags and bad items.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRig, freePort, sleep } from '../fixtures/cluster-rig.mjs';
import { openSse, postJson, request } from './helpers.js';

const rig = createRig('pulse-fleet');
const HUB_ARGS = ['--no-sim', '--no-host-metrics', '--heartbeat', '1s'];
/** Fast agents: batches every 200 ms, heartbeats every second, retries at most 1.5 s apart. */
const AGENT_ARGS = ['--no-host-metrics', '--batch', '200ms', '--heartbeat', '1s', '--max-backoff', '1500ms', '--timeout', '2s'];

after(() => rig.stopAll());

/** @param {string} file @param {string} name @param {number} n */
const writeLine = (file, name, n) => appendFileSync(file, `${name} line ${n}\n`);

/**
 * Every `logs@*` line and `pulse.gap` item a hub holds, read from the start of its history.
 * @param {string} url
 */
async function readAll(url) {
  const s = await openSse(`${url}/events?topics=logs@*`, { 'Last-Event-ID': '0' });
  await sleep(300);
  s.close();
  return s.events;
}

test('two agents, the hub stopped for 20 s: every line logged meanwhile arrives once; a box whose buffer overflowed reports a counted gap', async () => {
  const port = await freePort();
  let hub = await rig.node(HUB_ARGS, { port });
  const files = { 'box-a': join(rig.dir, 'a.log'), 'box-b': join(rig.dir, 'b.log') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  rig.agent(['--hub', hub.url, '--name', 'box-a', '--tail', files['box-a'], ...AGENT_ARGS, '--buffer', '10000']);
  const b = rig.agent(['--hub', hub.url, '--name', 'box-b', '--tail', files['box-b'], ...AGENT_ARGS, '--buffer', '40']);
  // Both agents are connected once their heartbeats reached the hub.
  for (let i = 0; ; i++) {
    const h = await request(`${hub.url}/health`);
    if (h.json.fleet?.hosts === 2) break;
    if (i > 200) throw new Error('agents never reached the hub');
    await sleep(50);
  }
  // 10 lines/s per box: 2 s with the hub up, 20 s down, 2 s up again.
  const written = { 'box-a': 0, 'box-b': 0 };
  let writing = true;
  const writer = (async () => {
    while (writing) {
      for (const name of /** @type {const} */ (['box-a', 'box-b'])) writeLine(files[name], name, ++written[name]);
      await sleep(100);
    }
  })();
  await sleep(2000);
  const beforeStop = await readAll(hub.url);
  await rig.kill(hub.proc, 'SIGKILL');
  const stoppedAt = Date.now();
  await sleep(20_000);
  hub = await rig.node(HUB_ARGS, { port });
  const downMs = Date.now() - stoppedAt;
  await sleep(2000);
  writing = false;
  await writer;
  // The backlog drains within a few batches.
  /** @type {import('./helpers.js').SseEvent[]} */
  let afterRestart = [];
  for (let i = 0; i < 100; i++) {
    afterRestart = await readAll(hub.url);
    const lines = afterRestart.filter((e) => e.event === 'logs@box-a').length + beforeStop.filter((e) => e.event === 'logs@box-a').length;
    if (lines >= written['box-a']) break;
  }
  const all = [...beforeStop, ...afterRestart];
  const numbers = (/** @type {string} */ name) => all.filter((e) => e.event === `logs@${name}`).map((e) => Number(/line (\d+)/.exec(e.json.message)?.[1]));
  assert.ok(downMs >= 20_000);

  const a = numbers('box-a');
  assert.deepEqual(a, Array.from({ length: written['box-a'] }, (_, i) => i + 1), 'box-a: every line once, in order, across the 20 s outage');
  assert.ok(all.filter((e) => e.event === 'logs@box-a').every((e) => e.json.source === 'box-a' && e.json.file === 'a.log'), 'the host is the source');

  const got = numbers('box-b');
  assert.equal(new Set(got).size, got.length, 'box-b: no line twice');
  assert.deepEqual([...got].sort((x, y) => x - y), got, 'box-b: in order');
  const gaps = all.filter((e) => e.event === 'pulse.gap');
  assert.ok(gaps.length >= 1, 'the overflow reached the hub as pulse.gap');
  const dropped = gaps.reduce((sum, e) => sum + e.json.dropped, 0);
  assert.ok(gaps.every((e) => e.json.host === 'box-b' && e.json.topics.includes('logs@box-b')));
  assert.ok(dropped > 100, `box-b dropped what did not fit in 40 items (${dropped})`);
  assert.equal(got.length + dropped, written['box-b'], 'received + counted as dropped = every line written');
  // Oldest first: the missing lines are one run, from the outage.
  const missing = Array.from({ length: written['box-b'] }, (_, i) => i + 1).filter((n) => !got.includes(n));
  assert.equal(missing.length, dropped);
  assert.equal(/** @type {number} */ (missing.at(-1)) - missing[0] + 1, missing.length, 'one contiguous run');
  const gap = gaps[0].json;
  assert.ok(gap.from >= stoppedAt - 1000 && gap.until <= stoppedAt + downMs, 'the gap spans the outage');
  assert.match(b.output, /hub unreachable/);
});

test('an agent that stops is shown offline on its topics (heartbeats), live again when it is back', async () => {
  const hub = await rig.node(HUB_ARGS);
  const file = join(rig.dir, 'c.log');
  writeFileSync(file, '');
  const agent = rig.agent(['--hub', hub.url, '--name', 'box-c', '--tail', file, ...AGENT_ARGS]);
  const s = await openSse(`${hub.url}/events?topics=logs@*`);
  try {
    writeLine(file, 'box-c', 1);
    await s.waitForEvent((e) => e.event === 'logs@box-c', 10_000);
    await rig.kill(agent, 'SIGKILL');
    const offline = await s.waitForEvent((e) => e.event === 'pulse.source', 10_000);
    assert.equal(offline.id, undefined, 'a control frame: no id');
    assert.deepEqual(Object.keys(offline.json.topics), ['logs@box-c']);
    const state = offline.json.topics['logs@box-c'];
    assert.equal(state.status, 'offline');
    assert.equal(state.source, 'agent');
    assert.match(state.message, /agent box-c offline/);
    // A page opened now is told at once, as a full map; one filtering other topics is not.
    const late = await openSse(`${hub.url}/events?topics=logs@box-c`);
    const told = await late.waitForEvent((e) => e.event === 'pulse.source').finally(() => late.close());
    assert.equal(told.json.full, true);
    assert.equal(told.json.topics['logs@box-c'].status, 'offline');
    const other = await openSse(`${hub.url}/events?topics=cpu`);
    await other.waitForEvent((e) => e.event === 'pulse.hello').finally(() => other.close());
    await sleep(100);
    assert.equal(other.events.filter((e) => e.event === 'pulse.source').length, 0);
    const health = await request(`${hub.url}/health`);
    assert.equal(health.json.fleet.offline, 1);
    rig.agent(['--hub', hub.url, '--name', 'box-c', '--tail', file, ...AGENT_ARGS]);
    const back = await s.waitForEvent((e) => e.event === 'pulse.source' && e.json.topics['logs@box-c']?.status === 'ok', 10_000);
    assert.equal(back.json.full, undefined);
  } finally {
    s.close();
  }
});

test('a batch whose answer was lost is sent again with the same Idempotency-Key and published once', async () => {
  const hub = await rig.node(HUB_ARGS);
  // A proxy that lets the first two requests reach the hub but cuts the connection before the
  // answer: the hub stored them, the agent cannot know, and retries.
  let cut = 2;
  const proxy = net.createServer((client) => {
    const upstream = net.connect(hub.port, '127.0.0.1');
    client.pipe(upstream);
    upstream.on('data', (chunk) => {
      if (cut > 0 && chunk.toString('latin1').startsWith('HTTP/1.1 202')) {
        cut--;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(undefined)));
  const proxyPort = /** @type {net.AddressInfo} */ (proxy.address()).port;
  const file = join(rig.dir, 'd.log');
  writeFileSync(file, '');
  try {
    rig.agent(['--hub', `http://127.0.0.1:${proxyPort}/`, '--name', 'box-d', '--tail', file, ...AGENT_ARGS]);
    const s = await openSse(`${hub.url}/events?topics=logs@box-d`);
    try {
      for (let n = 1; n <= 5; n++) {
        writeLine(file, 'box-d', n);
        await sleep(300);
      }
      await s.waitForData(5, 15_000);
      await sleep(1000);
      assert.deepEqual(s.data.map((e) => e.json.message), [1, 2, 3, 4, 5].map((n) => `box-d line ${n}`), 'each line once');
    } finally {
      s.close();
    }
    const health = await request(`${hub.url}/health`);
    assert.ok(health.json.idempotency.duplicates >= 2, `the retries were answered from their key (${health.json.idempotency.duplicates})`);
  } finally {
    proxy.close();
  }
});

test('--token: an agent with the hub\'s token is accepted; one without it is refused (401), keeps its data and says so', async () => {
  const hub = await rig.node([...HUB_ARGS, '--token', 's3cret']);
  const file = join(rig.dir, 'e.log');
  writeFileSync(file, '');
  const good = rig.agent(['--hub', hub.url, '--token', 's3cret', '--name', 'box-e', '--tail', file, ...AGENT_ARGS]);
  const bad = rig.agent(['--hub', hub.url, '--name', 'box-f', '--tail', file, ...AGENT_ARGS]);
  const s = await openSse(`${hub.url}/events?topics=logs@*&token=s3cret`);
  try {
    // Both agents have started (on a busy machine that takes seconds): the good one's heartbeat
    // reached the hub, the bad one was refused. Only then is a line written, so the tail sees it.
    for (let i = 0; i < 400 && !/401/.test(bad.output); i++) await sleep(50);
    assert.match(bad.output, /hub unreachable \(hub answered 401/);
    for (let i = 0; ; i++) {
      const h = await request(`${hub.url}/health?token=s3cret`);
      if (h.json?.fleet?.hosts >= 1) break;
      if (i > 400) throw new Error(`the good agent never reached the hub: ${good.output}`);
      await sleep(50);
    }
    writeLine(file, 'box', 1);
    const line = await s.waitForEvent((e) => e.event === 'logs@box-e', 10_000);
    assert.equal(line.json.message, 'box line 1');
    assert.equal(s.events.filter((e) => e.event === 'logs@box-f').length, 0);
    assert.doesNotMatch(good.output, /unreachable/);
  } finally {
    s.close();
  }
});

test('bad input: agent flags, and agent items the hub refuses (nothing published)', async () => {
  const cli = join(process.cwd(), 'server', 'cli.js');
  for (const [args, message] of /** @type {[string[], RegExp][]} */ ([
    [[], /--hub URL is required/],
    [['--hub', 'ftp://x'], /http:\/\/ or https:\/\//],
    [['--hub', 'nonsense'], /must be a URL/],
    [['--hub', 'http://h/?token=x'], /query/],
    [['--hub', 'http://h/', '--name', 'web 1'], /--name must match/],
    [['--hub', 'http://h/', '--buffer', '0'], /--buffer must be an integer/],
    [['--hub', 'http://h/', '--heartbeat', '5ms'], /--heartbeat must be at least/],
    [['--hub', 'http://h/', '--no-host-metrics'], /nothing to send/],
    [['--hub', 'http://h/', '--simulate-load', '101'], /--simulate-load/],
    [['--hub', 'http://h/', '--bogus'], /Unknown option/],
  ])) {
    const r = spawnSync(process.execPath, [cli, 'agent', ...args], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  const help = spawnSync(process.execPath, [cli, 'agent', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--simulate-load PCT {2}DEMO ONLY/);

  const hub = await rig.node(HUB_ARGS);
  /** Events on cpu@web-1 the hub holds (its request log publishes on `logs`, so not all events). */
  const published = async () => {
    const s = await openSse(`${hub.url}/events?topics=cpu@web-1`, { 'Last-Event-ID': '0' });
    await sleep(200);
    s.close();
    return s.data.length;
  };
  const hb = { host: 'web-1', intervalMs: 1000, topics: ['cpu@web-1'] };
  for (const [body, headers, field] of [
    [[{ topic: 'cpu@web-1', data: 1 }, { topic: 'pulse.heartbeat', data: { ...hb, intervalMs: 5 } }], {}, 'data.intervalMs'],
    [[{ topic: 'pulse.heartbeat', data: { ...hb, topics: ['pulse.hello'] } }], {}, 'data.topics[0]'],
    [[{ topic: 'pulse.heartbeat', data: { ...hb, topics: Array.from({ length: 65 }, (_, i) => `t${i}`) } }], {}, 'data.topics'],
    [[{ topic: 'pulse.gap', data: { host: 'web-1', topics: ['logs@web-1'], dropped: 0 } }], {}, 'data.dropped'],
    [[{ topic: 'cpu@web-1', data: 1 }], { 'Idempotency-Key': 'x'.repeat(129) }, 'Idempotency-Key'],
    [[{ topic: 'cpu@web-1', data: 1 }], { 'Idempotency-Key': 'has space' }, 'Idempotency-Key'],
  ]) {
    const r = await postJson(`${hub.url}/ingest`, body, /** @type {Record<string, string>} */ (headers));
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.field, field);
  }
  assert.equal(await published(), 0, 'nothing from a refused batch was published');
  const ok = await postJson(`${hub.url}/ingest`, [{ topic: 'cpu@web-1', data: 1 }, { topic: 'pulse.heartbeat', data: hb }], { 'Idempotency-Key': 'web-1-x-0' });
  assert.equal(ok.status, 202);
  assert.equal(ok.json.accepted, 1, 'a heartbeat is not an event');
});
