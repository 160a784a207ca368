// One write path on a --redis cluster: OTLP logs, metrics and GenAI traces (issue 15), like
// /ingest and /alertmanager (issue 17), land in the shared Redis Stream, so a viewer on any node
// sees them, and while Redis is down the OTLP receiver answers what the OTLP/HTTP spec asks for:
// 503 with Retry-After and a google.rpc.Status UNAVAILABLE (14), nothing kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRig, sleep } from '../fixtures/cluster-rig.mjs';
import { eventually, openSse, postJson, request, startServer } from './helpers.js';

const rig = createRig('pulse-cluster-write');
/** @type {{ proc: import('node:child_process').ChildProcess, url: string }} */
let redis;
/** @type {Awaited<ReturnType<typeof startServer>>[]} */
let nodes = [];

before(async () => {
  redis = await rig.redis();
  nodes = await Promise.all(['a', 'b'].map((node) => startServer(null, { redis: { url: redis.url, node } })));
  await eventually(() => nodes.some((n) => n.app.context.cluster?.isLeader()), 10_000, 'a lease holder');
});

after(async () => {
  await Promise.all(nodes.map((n) => n.app.close()));
  await rig.stopAll();
});

/**
 * @param {string} base
 * @param {'logs' | 'metrics' | 'traces'} signal
 * @param {unknown} body
 */
const otlp = (base, signal, body) => postJson(`${base}/v1/${signal}`, body);
const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);

test('cluster: OTLP logs and metrics sent to one node reach viewers of the other, with stream ids', async () => {
  const [a, b] = nodes;
  const s = await openSse(`${b.base}/events?topics=logs,queue_depth`);
  await s.waitForEvent((e) => e.event === 'pulse.hello', 5000);
  const logs = await otlp(a.base, 'logs', { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }, scopeLogs: [{ logRecords: [{ body: { stringValue: 'order 42 paid' }, severityNumber: 9 }] }] }] });
  assert.equal(logs.status, 200, logs.text);
  const metrics = await otlp(b.base, 'metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'queue_depth', gauge: { dataPoints: [{ asDouble: 7, timeUnixNano: nowNs() }] } }] }] }] });
  assert.equal(metrics.status, 200, metrics.text);
  const line = await s.waitForEvent((e) => e.event === 'logs', 5000);
  assert.equal(line.json.message, 'order 42 paid');
  assert.equal(line.json.source, 'checkout');
  assert.match(line.id ?? '', /^\d+-\d+$/, 'a stream id: it went through Redis');
  const depth = await s.waitForEvent((e) => e.event === 'queue_depth', 5000).finally(() => s.close());
  assert.equal(depth.json.value, 7);
});

test('cluster: GenAI spans of one agent sent to both nodes are aggregated together, by the lease holder', async () => {
  const viewer = await openSse(`${nodes[0].base}/events?topics=agents`);
  const start = Date.now() - 800;
  const spans = (/** @type {string} */ id, /** @type {number} */ ms) => ({
    resourceSpans: [{ scopeSpans: [{ spans: [{
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: id,
      name: 'chat gpt-4o',
      startTimeUnixNano: String(BigInt(start) * 1_000_000n),
      endTimeUnixNano: String(BigInt(start + ms) * 1_000_000n),
      attributes: Object.entries({ 'gen_ai.operation.name': 'chat', 'gen_ai.agent.name': 'planner', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 50 })
        .map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
    }] }] }],
  });
  // Round robin, as a load balancer would: one model call to each node.
  assert.equal((await otlp(nodes[0].base, 'traces', spans('00f067aa0ba902b7', 700))).status, 200);
  assert.equal((await otlp(nodes[1].base, 'traces', spans('00f067aa0ba902b8', 300))).status, 200);
  const agent = await viewer.waitForEvent((e) => e.event === 'agents' && e.json.name === 'planner' && e.json.calls === 2, 10_000).finally(() => viewer.close());
  assert.match(agent.id ?? '', /^\d+-\d+$/);
  assert.equal(agent.json.latencyMs.p99, 700, 'both calls in one window');
  assert.ok(viewer.events.filter((e) => e.event === 'agents').every((e) => e.json.calls >= 1 && e.json.calls <= 2), 'no node published a board of its own');
});

test('cluster: Redis down: OTLP is 503 with Retry-After and UNAVAILABLE (14), like /ingest and /alertmanager; nothing kept', async () => {
  const [a] = nodes;
  await rig.kill(redis.proc);
  for (let i = 0; i < 50 && nodes.some((n) => n.app.context.cluster?.up); i++) await sleep(100);
  for (const [signal, body] of /** @type {const} */ ([
    ['logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'lost?' } }] }] }] }],
    ['metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'queue_depth', gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: nowNs() }] } }] }] }] }],
    ['traces', { resourceSpans: [] }],
  ])) {
    const r = await otlp(a.base, signal, body);
    assert.equal(r.status, 503, `${signal}: ${r.text}`);
    assert.ok(Number(r.headers['retry-after']) > 0, `${signal}: Retry-After`);
    assert.equal(r.json.code, 14, `${signal}: google.rpc.Status UNAVAILABLE`);
    assert.match(r.json.message, /redis unavailable/);
  }
  const ingest = await postJson(`${a.base}/ingest`, [{ topic: 'x', data: 1 }]);
  assert.equal(ingest.status, 503);
  const webhook = await postJson(`${a.base}/alertmanager`, { version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'X' }, startsAt: new Date().toISOString() }] });
  assert.equal(webhook.status, 503);
  const health = await request(`${a.base}/health`);
  assert.ok(health.json.rejected.unavailable >= 5, 'counted as unavailable, not as too many clients');
  assert.equal(health.json.rejected.tooManyClients, 0);
});
