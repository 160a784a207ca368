// `?topics=` with `*` patterns (issue 17): what passes, the cap on matched topics (counted in
// /health), control records always passing, and bad filters refused with 400.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSse, openWs, request, startServer } from './helpers.js';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

test('?topics= patterns: cpu@* and logs@web-* pass exactly their topics, on SSE and WebSocket', async (t) => {
  const { base, hub } = await startServer(t);
  const s = await openSse(`${base}/events?topics=cpu@*,logs@web-*,alerts`);
  const ws = await openWs(`${base.replace('http', 'ws')}/ws?topics=cpu@*,logs@web-*,alerts`);
  t.after(() => (s.close(), ws.close()));
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  for (const topic of ['cpu@web-1', 'xcpu@web-1', 'cpu', 'logs@web-2', 'logs@db-1', 'alerts', 'cpu@db-1', 'mem@web-1']) hub.publish(topic, { topic });
  hub.publish('pulse.gap', { host: 'db-1', topics: ['logs@db-1'], dropped: 3 });
  const expected = ['cpu@web-1', 'logs@web-2', 'alerts', 'cpu@db-1'];
  const got = await s.waitForData(4);
  assert.deepEqual(got.map((e) => e.event), expected);
  const wsGot = await ws.waitForData(4);
  assert.deepEqual(wsGot.map((m) => m.topic), expected);
  // The per-topic gap is a control record: it passes every filter (the client decides).
  await s.waitForEvent((e) => e.event === 'pulse.gap');
  await sleep(50);
  assert.equal(s.data.length, 4, 'nothing else');
});

test('?topics= patterns are bounded: 256 matched topics per connection, the rest counted in /health', async (t) => {
  const { base, hub } = await startServer(t);
  const s = await openSse(`${base}/events?topics=m@*`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  for (let i = 0; i < 300; i++) hub.publish(`m@h${i}`, i);
  hub.publish('m@h0', 'again'); // an already matched topic still passes
  await s.waitForData(257);
  await sleep(50);
  assert.equal(s.data.length, 257);
  assert.equal(s.data.at(-1)?.json, 'again');
  const health = await request(`${base}/health`);
  assert.equal(health.json.topicPatterns.overCap, 44);
});

test('?topics= bad input: 400 naming the field for unusable entries and too many patterns; a lone * is every topic', async (t) => {
  const { base, hub } = await startServer(t);
  for (const q of ['cpu@*!', 'a,b%20c', Array.from({ length: 17 }, (_, i) => `t${i}*`).join(','), Array.from({ length: 257 }, (_, i) => `t${i}`).join(','), 'x'.repeat(65) + '*']) {
    const r = await request(`${base}/events?topics=${q}`);
    assert.equal(r.status, 400, q.slice(0, 40));
    assert.equal(r.json.field, 'topics');
  }
  const all = await openSse(`${base}/events?topics=*`);
  t.after(() => all.close());
  await all.waitForEvent((e) => e.event === 'pulse.hello');
  hub.publish('anything', 1);
  hub.publish('cpu@web-1', 2);
  assert.deepEqual((await all.waitForData(2)).map((e) => e.event), ['anything', 'cpu@web-1']);
});
