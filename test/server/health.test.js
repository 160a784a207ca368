import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openSse, openWs, postJson, request, eventually } from './helpers.js';

test('/health reports uptime, clients, events, rejections and memory', async (t) => {
  const { base, hub } = await startServer(t);
  const empty = await request(`${base}/health`);
  assert.equal(empty.status, 200);
  assert.equal(empty.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(empty.json.status, 'ok');
  assert.equal(empty.json.eventsPublished, 0);
  assert.deepEqual(empty.json.clients, { sse: 0, ws: 0, total: 0, max: 1000 });

  const s = await openSse(`${base}/events`);
  t.after(() => s.close());
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`);
  t.after(() => ws.close());
  await postJson(`${base}/ingest`, [{ topic: 'cpu', data: 1 }, { topic: 'cpu', data: 2 }]);
  await postJson(`${base}/ingest`, { topic: 'bad topic', data: 1 });
  await request(`${base}/nope`);
  await request(`${base}/ingest`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
  const h = await request(`${base}/health`);
  const b = h.json;
  assert.deepEqual(b.clients, { sse: 1, ws: 1, total: 2, max: 1000 });
  assert.equal(b.eventsPublished, 2);
  assert.equal(b.lastEventId, '2');
  assert.equal(b.history.events, 2);
  assert.equal(b.droppedClients, 0);
  assert.equal(b.rejected.badRequest, 1);
  assert.equal(b.rejected.notFound, 1);
  assert.equal(b.rejected.unsupportedMediaType, 1);
  assert.equal(typeof b.uptimeSec, 'number');
  assert.equal(typeof b.eventsPerSec, 'number');
  assert.ok(b.memory.rss > 0 && b.memory.heapUsed > 0);
  assert.equal(typeof b.version, 'string');

  s.close();
  ws.close();
  await eventually(() => hub.clients.size === 0, 2000, 'clients to go');
  const after = await request(`${base}/health`);
  assert.equal(after.json.clients.total, 0, 'disconnected clients are no longer counted');
  const head = await request(`${base}/health`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
});

test('max clients: the next SSE or WebSocket client gets 503 with Retry-After', async (t) => {
  const { base, hub } = await startServer(t, { maxClients: 2, retryAfterSec: 7 });
  const a = await openSse(`${base}/events`);
  t.after(() => a.close());
  const b = await openWs(`${base.replace('http', 'ws')}/ws`);
  t.after(() => b.close());
  const full = await request(`${base}/events`);
  assert.equal(full.status, 503);
  assert.equal(full.headers['retry-after'], '7');
  assert.match(full.json.error, /too many clients/);
  await assert.rejects(openWs(`${base.replace('http', 'ws')}/ws`), (err) => {
    const e = /** @type {any} */ (err);
    return e.status === 503 && e.headers['retry-after'] === '7';
  });
  assert.equal((await request(`${base}/health`)).json.rejected.tooManyClients, 2);
  assert.equal((await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 })).status, 202, 'other routes still work');

  a.close();
  await eventually(() => hub.clients.size === 1, 2000, 'a slot to free up');
  const c = await openSse(`${base}/events`);
  t.after(() => c.close());
  assert.equal(c.status, 200);
});

test('close() ends every stream and stops the server', async () => {
  const { base, app } = await startServer(null, { heartbeatMs: 20 });
  const s = await openSse(`${base}/events`);
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`);
  await app.close();
  await s.waitForEnd();
  const info = await ws.waitForClose();
  assert.equal(info.code, 1001);
  await assert.rejects(request(`${base}/health`), /ECONNREFUSED/);
});
