import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openSse, publishMany, request, waitUntil } from './helpers.js';

test('SSE: headers, retry hint and pulse.hello come first', async (t) => {
  const { base } = await startServer(t, { heartbeatMs: 15000, retryMs: 1500 });
  const s = await openSse(`${base}/events`);
  t.after(() => s.close());
  assert.equal(s.status, 200);
  assert.equal(s.headers['content-type'], 'text/event-stream');
  assert.equal(s.headers['cache-control'], 'no-cache');
  assert.equal(s.headers['x-accel-buffering'], 'no');
  assert.equal(s.headers.connection, 'keep-alive');
  const hello = await s.waitForEvent((e) => e.event === 'pulse.hello');
  assert.equal(s.events[0], hello, 'hello is the first event');
  assert.equal(hello.id, '0', 'hello carries the resume point: nothing published yet');
  assert.deepEqual(hello.json, { server: 'pulseboard', version: hello.json.version, heartbeatMs: 15000, historyUrl: null, alertActionsUrl: 'alerts' });
  assert.equal(s.retry, 1500);
});

test('SSE: resuming with Last-Event-ID after a disconnect loses nothing and repeats nothing', async (t) => {
  const { base, hub } = await startServer(t);
  const first = await openSse(`${base}/events`);
  await first.waitForEvent((e) => e.event === 'pulse.hello');
  const ids = publishMany(hub, 'cpu', 20);
  const seen = await first.waitForData(8);
  first.close();
  await first.waitForEnd();
  assert.deepEqual(seen.map((e) => Number(e.id)), ids.slice(0, 8));
  publishMany(hub, 'cpu', 5, 20); // published while disconnected
  const all = [...ids, ...ids.slice(-5).map((id) => id + 5)];

  const second = await openSse(`${base}/events`, { 'Last-Event-ID': seen[7].id ?? '' });
  t.after(() => second.close());
  const sentinel = hub.publish('done', { end: true });
  await second.waitForEvent((e) => e.event === 'done');
  const resumed = second.data.filter((e) => e.event === 'cpu');
  assert.deepEqual(resumed.map((e) => Number(e.id)), all.slice(8), 'exactly the rest, in order');
  assert.deepEqual(resumed.map((e) => e.json.n), Array.from({ length: 17 }, (_, i) => i + 8));
  assert.equal(second.events.some((e) => e.event === 'pulse.gap'), false, 'no gap inside the history');
  assert.equal(Number(second.data.at(-1)?.id), sentinel);
});

test('SSE: ?lastEventId= works for clients that cannot set headers; the header wins over it', async (t) => {
  const { base, hub } = await startServer(t);
  const ids = publishMany(hub, 'cpu', 6);
  const viaQuery = await openSse(`${base}/events?lastEventId=${ids[2]}`);
  t.after(() => viaQuery.close());
  const got = await viaQuery.waitForData(3);
  assert.deepEqual(got.map((e) => Number(e.id)), ids.slice(3));

  const both = await openSse(`${base}/events?lastEventId=${ids[0]}`, { 'Last-Event-ID': String(ids[4]) });
  t.after(() => both.close());
  const got2 = await both.waitForData(1);
  assert.equal(Number(got2[0].id), ids[5]);
});

test('SSE: pulse.gap when resuming from before the history window, then what is kept', async (t) => {
  const { base, hub } = await startServer(t, { history: 10 });
  const ids = publishMany(hub, 'cpu', 30);
  const s = await openSse(`${base}/events`, { 'Last-Event-ID': String(ids[4]) });
  t.after(() => s.close());
  const kept = await s.waitForData(10);
  assert.deepEqual(s.events.slice(0, 2).map((e) => e.event), ['pulse.hello', 'pulse.gap']);
  assert.deepEqual(s.events[1].json, { lastEventId: String(ids[4]), oldestId: String(ids[20]) });
  assert.equal(s.events[1].id, undefined);
  assert.deepEqual(kept.map((e) => Number(e.id)), ids.slice(20));
});

test('SSE: Last-Event-ID 0 backfills the whole history without a gap; an id from a previous run replays it too', async (t) => {
  const { base, hub } = await startServer(t, { history: 10 });
  const ids = publishMany(hub, 'cpu', 25);
  const zero = await openSse(`${base}/events`, { 'Last-Event-ID': '0' });
  t.after(() => zero.close());
  const got = await zero.waitForData(10);
  assert.deepEqual(got.map((e) => Number(e.id)), ids.slice(15));
  assert.equal(zero.events.some((e) => e.event === 'pulse.gap'), false);

  // An id above anything published means the server restarted: replay what we have; the client
  // notices ids at or below its own and reports the restart itself.
  const restarted = await openSse(`${base}/events`, { 'Last-Event-ID': '999999' });
  t.after(() => restarted.close());
  const got2 = await restarted.waitForData(10);
  assert.deepEqual(got2.map((e) => Number(e.id)), ids.slice(15));
});

test('SSE: no Last-Event-ID means live events only', async (t) => {
  const { base, hub } = await startServer(t);
  publishMany(hub, 'cpu', 5);
  const s = await openSse(`${base}/events`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  const id = hub.publish('cpu', { n: 'live' });
  const [first] = await s.waitForData(1);
  assert.equal(Number(first.id), id);
});

test('SSE: heartbeat comments arrive every heartbeat interval', async (t) => {
  const { base } = await startServer(t, { heartbeatMs: 40 });
  const s = await openSse(`${base}/events`);
  t.after(() => s.close());
  const started = Date.now();
  await waitUntil(s, 'comment', () => s.comments.length >= 3, 3000, 'three heartbeats');
  for (const c of s.comments) assert.match(c, /^hb \d{13}$/);
  const ts = s.comments.map((c) => Number(c.slice(3)));
  assert.ok(ts[0] >= started - 5 && ts[2] > ts[0], 'heartbeat timestamps move forward');
});

test('SSE: ?topics= filters topics (ids keep their global numbers) and resumes within the filter', async (t) => {
  const { base, hub } = await startServer(t);
  const s = await openSse(`${base}/events?topics=cpu,mem`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  const cpu = hub.publish('cpu', 1);
  hub.publish('logs', 'noise');
  const mem = hub.publish('mem', 2);
  hub.publish('alerts', { id: 'x' });
  const cpu2 = hub.publish('cpu', 3);
  const got = await s.waitForData(3);
  assert.deepEqual(got.map((e) => [e.event, Number(e.id)]), [['cpu', cpu], ['mem', mem], ['cpu', cpu2]]);
  const end = hub.publish('mem', 'end');
  await s.waitForEvent((e) => Number(e.id) === end);
  assert.equal(s.data.length, 4, 'nothing from other topics');

  const resumed = await openSse(`${base}/events?topics=mem`, { 'Last-Event-ID': String(cpu) });
  t.after(() => resumed.close());
  const again = await resumed.waitForData(2);
  assert.deepEqual(again.map((e) => Number(e.id)), [mem, end]);
});

test('SSE: batched payloads (arrays) pass through as one event', async (t) => {
  const { base, hub } = await startServer(t);
  const s = await openSse(`${base}/events`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  hub.publish('cpu', [{ ts: 1, value: 1 }, { ts: 2, value: 2 }]);
  const [e] = await s.waitForData(1);
  assert.deepEqual(e.json, [{ ts: 1, value: 1 }, { ts: 2, value: 2 }]);
});

test('SSE: a malformed ?topics= is a 400 naming the field', async (t) => {
  const { base } = await startServer(t);
  const r = await request(`${base}/events?topics=cpu,bad%20topic`);
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'topics');
  const m = await request(`${base}/events`, { method: 'POST' });
  assert.equal(m.status, 405);
});

test('SSE: a client cut before its first event resumes from the point pulse.hello gave it', async (t) => {
  const { base, hub } = await startServer(t);
  publishMany(hub, 'cpu', 3);
  const first = await openSse(`${base}/events`);
  const hello = await first.waitForEvent((e) => e.event === 'pulse.hello');
  first.close();
  await first.waitForEnd();
  const missed = publishMany(hub, 'cpu', 4, 3); // published while the client was away
  const second = await openSse(`${base}/events`, { 'Last-Event-ID': String(hello.id) });
  t.after(() => second.close());
  const seen = await second.waitForData(4);
  assert.equal(hello.id, '3');
  assert.deepEqual(seen.map((e) => Number(e.id)), missed);
});
