// Scenario 10: the `--redis` cluster and `pulseboard agent` (issue 17), real processes on loopback:
//  a) fan-out through ONE node (memory only) vs THREE cluster nodes sharing one redis-server,
//     the same clients and rate: deliveries/s, latency publish -> client, CPU per delivery
//     (nodes' CPU, and nodes + Redis); the three nodes share this machine's cores;
//  a2) the same clients on ONE cluster node vs one node without Redis;
//  b) latency Redis adds: one node without Redis vs one cluster node, few clients, 1,000 events/s;
//  c) agent overhead on its box: CPU % and RSS of one agent (host metrics every 1 s and a tail of
//     a log growing by 50 lines/s).
// Events are posted to /ingest in batches of 20 (round-robin over the nodes), each payload
// carrying its publish time; clients are raw node:http readers (bench/lib/fanout-clients.mjs).
import http from 'node:http';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { createRig } from '../../test/fixtures/cluster-rig.mjs';
import { fmt, procStats, sideBySide, sleep } from '../lib/util.mjs';

export const title = 'Scenario 10: cluster (--redis) fan-out and latency, agent overhead';

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** @param {string} url @param {string} body */
function post(url, body) {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * Posts `rate` events/s in batches of 20 to the nodes in turn until `stop()`; up to 8 requests in
 * flight, so a slower answer (a cluster node waits for Redis) does not lower the rate.
 */
function publisher(urls, rate) {
  let running = true;
  let sent = 0;
  let failed = 0;
  let skipped = 0;
  let inFlight = 0;
  const perBatch = 20;
  const intervalMs = (1000 * perBatch) / rate;
  /** @type {Promise<unknown>[]} */
  const pending = new Set();
  const done = (async () => {
    let next = performance.now();
    let i = 0;
    while (running) {
      if (inFlight < 8) {
        const ts = Date.now();
        const body = JSON.stringify(Array.from({ length: perBatch }, (_, k) => ({ topic: 'bench', data: { ts, seq: k, pad: 'x'.repeat(60) } })));
        inFlight++;
        const p = post(`${urls[i++ % urls.length]}/ingest`, body).then((status) => {
          inFlight--;
          if (status === 202) sent += perBatch;
          else failed++;
          pending.delete(p);
        });
        pending.add(p);
      } else {
        skipped++;
      }
      next += intervalMs;
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      else next = performance.now();
    }
    await Promise.all(pending);
  })();
  return { stop: async () => ((running = false), await done, { sent, failed, skipped }) };
}

function clientsChild() {
  const proc = fork(new URL('../lib/fanout-clients.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  proc.on('message', (m) => {
    const w = waiting.get(m.type);
    waiting.delete(m.type);
    w?.(m);
  });
  const request = (msg, reply) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`clients: no ${reply}`)), 120_000);
      waiting.set(reply, (m) => {
        clearTimeout(t);
        resolve(m);
      });
      if (msg) proc.send(msg);
    });
  return { proc, request, ready: request(null, 'ready') };
}

/**
 * @param {{ mode: 'single' | 'cluster', nodes: number, clients: number, rate: number, seconds: number, warmupMs: number }} o
 */
async function measure(o) {
  const rig = createRig('pulse-bench');
  try {
    const redis = o.mode === 'cluster' ? await rig.redis({ fsync: 'everysec' }) : null;
    const common = ['--no-sim', '--no-host-metrics', '--max-clients', '5000'];
    const nodes = [];
    for (let i = 0; i < o.nodes; i++) nodes.push(await rig.node(redis ? [...common, '--redis', redis.url, '--node', `b${i}`] : common));
    const load = clientsChild();
    await load.ready;
    let ok = 0;
    for (let i = 0; i < o.nodes; i++) {
      const n = Math.round(o.clients / o.nodes);
      const c = await load.request({ type: 'connect', url: `${nodes[i].url}/events?topics=bench`, n, slow: 0 }, 'connected');
      ok += c.ok;
    }
    const pub = publisher(nodes.map((n) => n.url), o.rate);
    await sleep(o.warmupMs);
    load.proc.send({ type: 'reset' });
    const cpu0 = nodes.map((n) => procStats(n.proc.pid).cpuSec);
    const r0 = redis ? procStats(redis.proc.pid).cpuSec : 0;
    await sleep(o.seconds * 1000);
    const report = await load.request({ type: 'report' }, 'report');
    const cpu1 = nodes.map((n) => procStats(n.proc.pid).cpuSec);
    const r1 = redis ? procStats(redis.proc.pid).cpuSec : 0;
    const rss = nodes.map((n) => procStats(n.proc.pid).rssMB);
    // Measured inside the node, one clock: /ingest hands the events to Redis -> its reader fans them out.
    const health = redis ? await fetch(`${nodes[0].url}/health`).then((r) => r.json()).catch(() => null) : null;
    const inNode = health?.cluster?.redisLatencyMs ?? {};
    const { failed, skipped } = await pub.stop();
    load.proc.send({ type: 'close' });
    const nodeCpu = cpu1.reduce((a, b, i) => a + b - cpu0[i], 0);
    const redisCpu = r1 - r0;
    const deliveries = report.totalEventsPerSec * report.seconds;
    return {
      clients: ok,
      deliveredPerSec: report.totalEventsPerSec,
      perClientMedian: report.perClientMedian,
      latencyP50: report.latencyP50,
      latencyP99: report.latencyP99,
      nodeCpuPct: (100 * nodeCpu) / report.seconds,
      redisCpuPct: (100 * redisCpu) / report.seconds,
      cpuUsPerDelivery: (1e6 * nodeCpu) / deliveries,
      cpuUsPerDeliveryWithRedis: (1e6 * (nodeCpu + redisCpu)) / deliveries,
      nodeRssMB: rss.reduce((a, b) => a + b, 0) / rss.length,
      failedPublishes: failed,
      publisherSkipped: skipped,
      inNodeP50: inNode.p50 ?? undefined,
      inNodeP99: inNode.p99 ?? undefined,
      inNodeMax: inNode.max ?? undefined,
      inNodeSamples: inNode.samples ?? undefined,
    };
  } finally {
    await rig.stopAll();
  }
}

async function agentOverhead(seconds) {
  const rig = createRig('pulse-bench-agent');
  try {
    const hub = await rig.node(['--no-sim', '--no-host-metrics']);
    const log = join(rig.dir, 'app.log');
    writeFileSync(log, '');
    const proc = rig.agent(['--hub', hub.url, '--name', 'bench', '--tail', log]);
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        appendFileSync(log, `${new Date().toISOString()} INFO request ${n++} GET /api/orders 200 12ms\n`);
        await sleep(20);
      }
    })();
    await sleep(2000);
    const a0 = procStats(proc.pid);
    await sleep(seconds * 1000);
    const a1 = procStats(proc.pid);
    writing = false;
    await writer;
    return { cpuPct: (100 * (a1.cpuSec - a0.cpuSec)) / seconds, rssMB: a1.rssMB, peakRssMB: a1.peakRssMB };
  } finally {
    await rig.stopAll();
  }
}

export async function run({ args, quick, print }) {
  const seconds = Number(args.duration ?? (quick ? 2 : 10));
  const rate = Number(args.rate ?? (quick ? 200 : 1000));
  const clients = Number(args.clients ?? (quick ? 30 : 300));
  const warmupMs = quick ? 500 : 2000;
  print(`Real processes: redis-server (AOF everysec), reference-server nodes, ${clients} raw SSE clients in one child; ${rate} events/s posted in batches of 20. The machine has 2 cores, SHARED with other work right now: the three nodes, Redis, the clients and the publisher all compete for them. Ratios matter more than absolute figures.`);
  const single = await measure({ mode: 'single', nodes: 1, clients, rate, seconds, warmupMs });
  const three = await measure({ mode: 'cluster', nodes: 3, clients, rate, seconds, warmupMs });
  const rows = [
    { label: 'SSE clients connected', key: 'clients' },
    { label: 'delivered events/s (all clients)', key: 'deliveredPerSec' },
    { label: 'per-client events/s (median)', key: 'perClientMedian' },
    { label: 'latency publish->client p50 ms', key: 'latencyP50' },
    { label: 'latency publish->client p99 ms', key: 'latencyP99' },
    { label: 'node CPU % (sum of nodes)', key: 'nodeCpuPct' },
    { label: 'redis-server CPU %', key: 'redisCpuPct' },
    { label: 'node CPU µs per delivery', key: 'cpuUsPerDelivery', digits: 2 },
    { label: 'node+Redis CPU µs per delivery', key: 'cpuUsPerDeliveryWithRedis', digits: 2 },
    { label: 'RSS per node MB', key: 'nodeRssMB' },
    { label: 'failed publishes', key: 'failedPublishes' },
    { label: 'batches skipped (8 requests in flight)', key: 'publisherSkipped' },
  ];
  print('a) fan-out: 3 cluster nodes vs 1 node');
  print(sideBySide(rows, [{ name: '3 nodes + Redis', data: three }, { name: '1 node (no Redis)', data: single }]));

  // The same clients on ONE cluster node: what Redis and stream ids cost per delivery, without
  // the extra processes (three nodes pay each event's fixed cost three times, on the same 2 cores).
  const oneCluster = await measure({ mode: 'cluster', nodes: 1, clients, rate, seconds, warmupMs });
  print(`\na2) the same ${clients} clients on 1 cluster node vs 1 node`);
  print(sideBySide(rows, [{ name: '1 node + Redis', data: oneCluster }, { name: '1 node (no Redis)', data: single }]));

  const few = Math.min(10, clients);
  const plain = await measure({ mode: 'single', nodes: 1, clients: few, rate, seconds, warmupMs });
  const viaRedis = await measure({ mode: 'cluster', nodes: 1, clients: few, rate, seconds, warmupMs });
  print(`\nb) latency Redis adds at ${rate} events/s (${few} clients, one node)`);
  print(sideBySide(rows.filter((r) => /latency|CPU µs|delivered/.test(r.label)), [{ name: '1 node + Redis', data: viaRedis }, { name: '1 node (no Redis)', data: plain }]));
  print(`end to end, added by Redis: p50 ${fmt(viaRedis.latencyP50 - plain.latencyP50)} ms, p99 ${fmt(viaRedis.latencyP99 - plain.latencyP99)} ms (1 ms buckets, client side)`);
  print(`inside the node (ingest -> Redis -> its reader fans out; ${fmt(viaRedis.inNodeSamples)} events): p50 ${fmt(viaRedis.inNodeP50, 2)} ms, p99 ${fmt(viaRedis.inNodeP99, 2)} ms, max ${fmt(viaRedis.inNodeMax, 2)} ms`);

  const agentFigures = await agentOverhead(seconds);
  print(`\nc) one agent (host metrics every 1 s, tailing 50 lines/s): CPU ${fmt(agentFigures.cpuPct)} % of one core, RSS ${fmt(agentFigures.rssMB)} MB (peak ${fmt(agentFigures.peakRssMB)} MB)`);
  return { fanout: { threeNodes: three, oneNode: single, oneClusterNode: oneCluster }, redisLatency: { withRedis: viaRedis, withoutRedis: plain }, agent: agentFigures, rate, clients, seconds };
}
