import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openWs, publishMany, request, waitUntil } from './helpers.js';

/** @param {string} base */
const wsUrl = (base) => base.replace(/^http/, 'ws') + '/ws';

test('WS: pulse.hello first, then {topic, id, data} messages with string ids', async (t) => {
  const { base, hub } = await startServer(t, { heartbeatMs: 15000 });
  const ws = await openWs(wsUrl(base));
  t.after(() => ws.close());
  const hello = await ws.waitFor((m) => m.topic === 'pulse.hello');
  assert.equal(ws.messages[0], hello);
  assert.equal(hello.id, '0', 'hello carries the resume point: nothing published yet');
  assert.equal(hello.data.server, 'pulseboard');
  assert.equal(hello.data.heartbeatMs, 15000);
  const id = hub.publish('cpu', { ts: 1, value: 42.5 });
  const [m] = await ws.waitForData(1);
  assert.deepEqual(m, { topic: 'cpu', id: String(id), data: { ts: 1, value: 42.5 } });
});

test('WS: events of one tick are batched into one array message', async (t) => {
  const { base, hub } = await startServer(t);
  const ws = await openWs(wsUrl(base));
  t.after(() => ws.close());
  await ws.waitFor((m) => m.topic === 'pulse.hello');
  const framesBefore = ws.frames;
  const ids = publishMany(hub, 'cpu', 50);
  const got = await ws.waitForData(50);
  assert.deepEqual(got.map((m) => Number(m.id)), ids);
  assert.ok(ws.frames - framesBefore < 5, `50 events in ${ws.frames - framesBefore} frames`);
});

test('WS: resume with ?lastEventId= gets exactly the rest; before the history it gets pulse.gap', async (t) => {
  const { base, hub } = await startServer(t, { history: 20 });
  const ids = publishMany(hub, 'cpu', 10);
  const ws = await openWs(`${wsUrl(base)}?lastEventId=${ids[3]}`);
  t.after(() => ws.close());
  const end = hub.publish('done', 1);
  await ws.waitFor((m) => m.topic === 'done');
  assert.deepEqual(ws.data.map((m) => Number(m.id)), [...ids.slice(4), end]);
  assert.equal(ws.messages.some((m) => m.topic === 'pulse.gap'), false);

  const more = publishMany(hub, 'cpu', 30, 10);
  const late = await openWs(`${wsUrl(base)}?lastEventId=${ids[3]}&topics=cpu`);
  t.after(() => late.close());
  const rest = await late.waitForData(20);
  const gap = late.messages.find((m) => m.topic === 'pulse.gap');
  assert.deepEqual(gap?.data, { lastEventId: String(ids[3]), oldestId: String(hub.oldestId) });
  assert.deepEqual(late.messages.slice(0, 2).map((m) => m.topic), ['pulse.hello', 'pulse.gap']);
  assert.deepEqual(rest.map((m) => Number(m.id)), more.slice(-20));
});

test('WS: pulse.heartbeat messages arrive every heartbeat interval', async (t) => {
  const { base } = await startServer(t, { heartbeatMs: 40 });
  const ws = await openWs(wsUrl(base));
  t.after(() => ws.close());
  const beats = await waitUntil(ws, 'event', () => {
    const b = ws.messages.filter((m) => m.topic === 'pulse.heartbeat');
    return b.length >= 3 ? b : null;
  }, 3000, 'three heartbeats');
  for (const b of beats) assert.equal(typeof b.data.ts, 'number');
  assert.ok(beats[2].data.ts > beats[0].data.ts);
});

test('WS: inbound messages above maxPayload close the connection with 1009', async (t) => {
  const { base, hub } = await startServer(t, { wsMaxPayload: 1024 });
  const ws = await openWs(wsUrl(base));
  t.after(() => ws.close());
  await ws.waitFor((m) => m.topic === 'pulse.hello');
  ws.ws.send('small messages are ignored');
  ws.ws.send('x'.repeat(2048));
  const info = await ws.waitForClose();
  assert.equal(info.code, 1009);
  assert.equal(hub.lastId, 0, 'clients cannot publish over the socket');
});

test('WS: plain GET /ws is 426, unknown upgrade paths are 404, bad topic filters 400', async (t) => {
  const { base } = await startServer(t);
  const r = await request(`${base}/ws`);
  assert.equal(r.status, 426);
  await assert.rejects(openWs(base.replace(/^http/, 'ws') + '/nope'), (err) => /** @type {any} */ (err).status === 404);
  await assert.rejects(openWs(`${wsUrl(base)}?topics=a%20b`), (err) => /** @type {any} */ (err).status === 400);
});
