// Per-topic access (issue 16) on a --redis cluster (issue 17), with real processes: redis-server
// and two reference-server nodes with JWT access. A token that may see only some topics resumes
// on any node without seeing the others (catch-up from Redis included) and is told of a gap only
// when it lost events of its own topics; audit entries of one node reach viewers on the other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createRig } from '../fixtures/cluster-rig.mjs';
import { openSse, openWs, postJson, request, wsRefusal } from './helpers.js';
import { AUDIENCE, ISSUER, mint, SECRET } from './access-helpers.js';

const rig = createRig('pulse-cluster-access');
/** @type {{ url: string }} */
let redis;
/** @type {{ url: string }[]} */
let nodes = [];
/** @type {Record<string, string>} */
let publisher;
/** @type {Record<string, string>} */
let cpuOnly;
/** @type {Record<string, string>} */
let everything;

const bearer = (/** @type {string} */ token) => ({ Authorization: `Bearer ${token}` });

/**
 * Waits for an event; a timeout says what the stream had seen, and whether it had ended.
 * @param {import('./helpers.js').SseStream} s
 * @param {(e: import('./helpers.js').SseEvent) => boolean} predicate
 * @param {string} what
 */
async function waitOn(s, predicate, what) {
  try {
    return await s.waitForEvent(predicate, 10_000);
  } catch (err) {
    const seen = s.events.map((e) => `${e.event}${e.id ? `#${e.id}` : ''}`).join(' ');
    // Why a stream the server ended was ended: each node's count of dropped clients.
    const dropped = await Promise.all(nodes.map(async (n) => (await request(`${n.url}/health`, everything)).json?.droppedClients));
    throw new Error(`${/** @type {Error} */ (err).message}: ${what}; ended: ${s.ended}; seen: ${seen || 'nothing'}; dropped by node: ${dropped.join(', ')}`);
  }
}

before(async () => {
  redis = await rig.redis();
  const args = ['--redis', redis.url, '--history', '5', '--no-sim', '--no-host-metrics', '--jwt-secret', SECRET, '--jwt-issuer', ISSUER, '--jwt-audience', AUDIENCE];
  nodes = await Promise.all([rig.node([...args, '--node', 'a']), rig.node([...args, '--node', 'b'])]);
  publisher = bearer(await mint({ sub: 'publisher', pulse: { publish: ['*'] } }));
  cpuOnly = bearer(await mint({ sub: 'viewer', pulse: { subscribe: ['cpu'] } }));
  everything = bearer(await mint({ sub: 'admin', pulse: { subscribe: ['*'] } }));
});

after(() => rig.stopAll());

/**
 * Posts items to a node; returns their stream ids.
 * @param {string} url
 * @param {{ topic: string, data: unknown }[]} items
 */
async function publish(url, items) {
  const r = await postJson(`${url}/ingest`, items, publisher);
  assert.equal(r.status, 202, r.text);
  return /** @type {string[]} */ (r.json.ids);
}

/** Waits until both nodes' readers passed `id` (the history is per node). */
async function readBy(/** @type {string} */ id) {
  for (const node of nodes) {
    const s = await openSse(`${node.url}/events?topics=fence`, everything);
    const fence = await publish(node.url, [{ topic: 'fence', data: { after: id } }]);
    await waitOn(s, (e) => e.id === fence[0], `the fence on ${node.url}`).finally(() => s.close());
  }
}

test('cluster + JWT: catch-up from Redis carries only the topics the token may see', async () => {
  const start = await publish(nodes[0].url, [{ topic: 'cpu', data: { n: 'start' } }]);
  const mixed = await publish(nodes[0].url, ['cpu', 'secret', 'cpu', 'secret', 'cpu', 'secret'].map((topic, n) => ({ topic, data: { n } })));
  // Ten more push the mixed batch out of every node's local history (5): a resume must read Redis.
  const filler = await publish(nodes[0].url, Array.from({ length: 10 }, (_, n) => ({ topic: 'secret', data: { n: `filler ${n}` } })));
  await readBy(filler[9]);
  const s = await openSse(`${nodes[1].url}/events`, { ...cpuOnly, 'Last-Event-ID': start[0] });
  const end = await publish(nodes[1].url, [{ topic: 'cpu', data: { n: 'end' } }]);
  await waitOn(s, (e) => e.id === end[0], 'the event after the catch-up').finally(() => s.close());
  assert.deepEqual(s.data.map((e) => e.id), [mixed[0], mixed[2], mixed[4], end[0]], 'the cpu events of the catch-up, then the new one; no secret');
  assert.equal(s.events.filter((e) => e.event === 'pulse.gap').length, 0);
});

test('cluster + JWT: after Redis trimmed a resume point, only a token that lost events of its own topics is told of a gap', async () => {
  // One batch: ids share their millisecond, so seq 10 follows seq 2 (compared as ids, not as text).
  const batch = await publish(nodes[0].url, Array.from({ length: 12 }, (_, n) => ({ topic: n % 2 === 0 ? 'cpu' : 'secret', data: { n } })));
  const [ms2, seq2] = batch[2].split('-').map(Number);
  const [ms10, seq10] = batch[10].split('-').map(Number);
  // When the whole batch got one millisecond, seq 10 follows seq 2 (a batch can also straddle two).
  const oneMs = batch[0].split('-')[0] === batch[11].split('-')[0];
  if (oneMs) assert.ok(ms2 === ms10 && seq10 >= 10 && seq2 < 10, `ids in one batch: ${batch[2]}, ${batch[10]}`);
  const filler = await publish(nodes[0].url, Array.from({ length: 10 }, (_, n) => ({ topic: 'secret', data: { n: `filler ${n}` } })));
  await readBy(filler[9]);
  // Retention trims the batch from Redis (exactly, for the test); the nodes' histories lost it too.
  const admin = new Redis(redis.url);
  await admin.xtrim('pulseboard:stream', 'MINID', filler[0]).finally(() => admin.disconnect());

  /** Opens a resume on node b, publishes a cpu event, returns what the stream said. */
  async function resumeFrom(/** @type {string} */ id, /** @type {Record<string, string>} */ who) {
    const s = await openSse(`${nodes[1].url}/events?topics=cpu,secret`, { ...who, 'Last-Event-ID': id });
    await waitOn(s, (e) => e.event === 'pulse.hello', 'hello');
    const end = await publish(nodes[0].url, [{ topic: 'cpu', data: { n: 'end' } }]);
    await waitOn(s, (e) => e.id === end[0], `the event after resuming from ${id}`).finally(() => s.close());
    return { gaps: s.events.filter((e) => e.event === 'pulse.gap'), data: s.data, end: end[0] };
  }
  // cpu events after seq 2 (4, 6, 8, 10) were trimmed: this viewer lost some of its own.
  const lost = await resumeFrom(batch[2], cpuOnly);
  assert.equal(lost.gaps.length, 1, 'gap: cpu events after the point are gone');
  assert.equal(lost.gaps[0].json.lastEventId, batch[2]);
  // After seq 10 only secrets were lost: not this viewer's to know (and none of them is sent).
  const kept = await resumeFrom(batch[10], cpuOnly);
  assert.equal(kept.gaps.length, 0, 'no gap: nothing of cpu was lost');
  assert.deepEqual(kept.data.map((e) => e.id), [lost.end, kept.end], 'then the cpu events still held, and no secret');
  // A token that may see everything lost the secrets: it is told.
  const all = await resumeFrom(batch[10], everything);
  assert.equal(all.gaps.length, 1, 'gap for the token that may see the secrets');
});

test('cluster + JWT: an action refused on one node is audited into the shared stream, seen on the other node', async () => {
  await publish(nodes[1].url, [{ topic: 'alerts', data: { id: 'disk-full', name: 'DiskFull', severity: 'critical', status: 'firing', labels: { alertname: 'DiskFull' } } }]);
  const auditor = await openSse(`${nodes[1].url}/events?topics=audit`, bearer(await mint({ sub: 'auditor', pulse: { subscribe: ['audit'] } })));
  await auditor.waitForEvent((e) => e.event === 'pulse.hello', 10_000);
  const viewer = bearer(await mint({ sub: 'viewer@example.com', pulse: { subscribe: ['alerts'] } }));
  // The alert reached node a's board through Redis; the viewer may not ack it.
  let refused;
  for (let i = 0; i < 50; i++) {
    refused = await postJson(`${nodes[0].url}/alerts/ack`, { id: 'disk-full' }, viewer);
    if (refused.status !== 404) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(refused?.status, 403, refused?.text);
  const entry = await auditor.waitForEvent((e) => e.event === 'audit', 10_000).finally(() => auditor.close());
  assert.equal(entry.json.sub, 'viewer@example.com');
  assert.equal(entry.json.action, 'alerts:ack');
  assert.equal(entry.json.target, 'disk-full');
  assert.equal(entry.json.result, 'denied');
  assert.match(entry.id ?? '', /^\d+-\d+$/, 'a stream id: it went through Redis');
});

test('cluster + JWT: a WebSocket ticket from one node opens /ws on the other, once', async () => {
  const viewer = bearer(await mint({ sub: 'wall', pulse: { subscribe: ['cpu'] } }));
  const issued = await request(`${nodes[0].url}/auth/ticket`, { method: 'POST', headers: viewer });
  assert.equal(issued.status, 201, issued.text);
  const ws = await openWs(`${nodes[1].url.replace('http', 'ws')}/ws?ticket=${issued.json.ticket}`);
  const hello = await ws.waitFor((m) => m.topic === 'pulse.hello', 5000);
  assert.deepEqual(hello.data.allowed, ['cpu'], 'as the token it was issued for');
  const ids = await publish(nodes[0].url, [{ topic: 'secret', data: 1 }, { topic: 'cpu', data: 2 }]);
  const [cpu] = await ws.waitForData(1, 5000).finally(() => ws.close());
  assert.equal(cpu.id, ids[1]);
  const again = await wsRefusal(`${nodes[0].url.replace('http', 'ws')}/ws?ticket=${issued.json.ticket}`);
  assert.equal(again.code, 4401, 'single use, whichever node it is tried on');
});
