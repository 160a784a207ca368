import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentWindow, percentile } from '../../server/agent-window.js';
import { AgentAggregator } from '../../server/agent-events.js';
import { createAgentSimulator } from '../../server/sources/agent-sim.js';
import { seededRandom } from '../../server/sources/random.js';
import { startServer, openSse, waitUntil } from './helpers.js';

const AGENT_KEYS = ['calls', 'costUsd', 'errorRate', 'id', 'latencyMs', 'name', 'state', 'task', 'tokensPerSec', 'tool', 'ts'];
const STATES = ['idle', 'running', 'waiting', 'error', 'offline'];

test('agent window: percentiles, error rate and tokens/s over the window; old calls expire', () => {
  const w = new AgentWindow({ windowMs: 60_000 });
  const t0 = 1_000_000_000_000;
  for (let i = 1; i <= 100; i++) w.add({ latencyMs: i, tokens: 30, error: i % 4 === 0, costUsd: 0.01 }, t0 + i * 100);
  const s = w.snapshot(t0 + 10_000);
  assert.deepEqual(s.latencyMs, { p50: 50, p99: 99 });
  assert.equal(s.calls, 100);
  assert.equal(s.errorRate, 0.25);
  assert.equal(s.tokensPerSec, 3000 / 9.9, 'rate over the time since the first call when shorter than the window');
  assert.ok(Math.abs(s.costUsd - 1) < 1e-9);
  const later = w.snapshot(t0 + 40_000);
  assert.equal(later.tokensPerSec, 3000 / 39.9);
  const gone = w.snapshot(t0 + 10_000 + 61_000);
  assert.equal(gone.calls, 0);
  assert.deepEqual(gone.latencyMs, { p50: null, p99: null });
  assert.equal(gone.errorRate, 0);
  assert.equal(gone.tokensPerSec, 0);
});

test('agent window: memory is bounded whatever the call rate', () => {
  const w = new AgentWindow({ windowMs: 10_000, maxSamples: 256 });
  const t0 = 2_000_000_000_000;
  for (let i = 0; i < 200_000; i++) w.add({ latencyMs: i % 1000, tokens: 1 }, t0 + Math.floor(i / 20));
  assert.equal(w.sampleMs.length, 256);
  assert.equal(w.bucketCalls.length, 10);
  const s = w.snapshot(t0 + 9_999);
  assert.equal(s.calls, 200_000, 'counts stay exact');
  assert.ok(s.latencyMs.p50 !== null && s.latencyMs.p99 !== null);
  assert.equal(percentile([], 0.5), null);
  assert.equal(percentile([7], 0.99), 7);
  assert.equal(percentile([1, 2, 3, 4], 0.5), 2);
});

test('agent aggregator: throttles per agent and forgets the least recently seen beyond maxAgents', async () => {
  /** @type {any[]} */
  const out = [];
  const now = 5_000_000;
  const agg = new AgentAggregator({ publish: (_t, d) => out.push(d), minIntervalMs: 1_000_000, maxAgents: 3, tickMs: 0, now: () => now });
  agg.record({ agent: 'a', latencyMs: 10 });
  agg.record({ agent: 'a', latencyMs: 20 });
  assert.equal(out.length, 1, 'first event published at once, the next one waits for the interval');
  for (const id of ['b', 'c', 'd']) agg.record({ agent: id });
  assert.deepEqual([...agg.agents.keys()], ['b', 'c', 'd'], 'a was least recently seen and is forgotten');
  agg.stop();
});

test('agent simulator: every agent publishes the documented shape; silent agents publish nothing for ~40 s', () => {
  /** @type {any[]} */
  const out = [];
  let now = 1_763_800_000_000;
  const sim = createAgentSimulator({ publish: (topic, d) => out.push({ topic, d }), count: 8, random: seededRandom(42), now: () => now, silenceChance: 0 });
  for (let i = 0; i < 120; i++) {
    sim.tick();
    now += 1000;
  }
  assert.ok(out.every((o) => o.topic === 'agents'));
  const ids = new Set(out.map((o) => o.d.id));
  assert.equal(ids.size, 8);
  assert.ok([...ids].includes('agent-planner') && [...ids].includes('agent-researcher'));
  const seenStates = new Set(out.map((o) => o.d.state));
  for (const st of ['idle', 'running', 'waiting']) assert.ok(seenStates.has(st), `state ${st} occurs`);
  for (const { d } of out) {
    assert.deepEqual(Object.keys(d).sort(), AGENT_KEYS);
    assert.ok(STATES.includes(d.state));
    assert.ok(d.errorRate >= 0 && d.errorRate <= 1);
    assert.ok(d.tokensPerSec >= 0 && d.costUsd >= 0);
    assert.ok(d.latencyMs.p50 === null || d.latencyMs.p50 <= d.latencyMs.p99);
  }
  const costs = out.filter((o) => o.d.id === 'agent-coder').map((o) => o.d.costUsd);
  assert.ok(costs.every((c, i) => i === 0 || c >= costs[i - 1]), 'cost only accumulates');
  assert.ok(costs.at(-1) > 0);

  // Silence: force the silence roll on one tick; the agent then publishes nothing until ~40 s later.
  out.length = 0;
  const base = seededRandom(7);
  /** @type {number | null} */
  let forced = null;
  const quiet = createAgentSimulator({ publish: (_topic, d) => out.push(d), count: 1, random: () => forced ?? base(), now: () => now, silenceChance: 0.001, silenceMs: 40_000 });
  quiet.tick();
  assert.equal(out.length, 1);
  forced = 0;
  quiet.tick();
  forced = null;
  assert.equal(out.length, 1, 'went silent');
  for (let s = 1; s <= 35; s++) {
    now += 1000;
    quiet.tick();
  }
  assert.equal(out.length, 1, 'still silent after 35 s (so a 30 s offline-after shows it offline)');
  now += 13_000;
  quiet.tick();
  assert.equal(out.length, 2, 'back after the silence');
  assert.ok(STATES.includes(out[1].state));
});

test('agent simulator runs inside the server (simulate: true) with the configured count', async (t) => {
  const { base } = await startServer(t, { simulate: true, agents: 4, agentIntervalMs: 20 });
  const s = await openSse(`${base}/events?topics=agents`);
  t.after(() => s.close());
  await waitUntil(s, 'event', () => new Set(s.data.map((e) => e.json.id)).size >= 4 && s.data.length >= 12, 5000, 'agents from 4 simulated agents');
  assert.equal(new Set(s.data.map((e) => e.json.id)).size, 4);
});
