import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startServer, openSse, openWs, eventually, request } from './helpers.js';

/**
 * A client that sends its request and then never reads a byte.
 * @param {string} base
 * @param {string} path
 * @param {Record<string, string>} [headers]
 */
function neverReadingClient(base, path, headers = {}) {
  const u = new URL(base);
  const socket = net.connect(Number(u.port), u.hostname);
  socket.pause();
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${u.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.write(lines.join('\r\n') + '\r\n\r\n');
  socket.on('error', () => {});
  return socket;
}

const PAYLOAD = 'x'.repeat(32 * 1024);

/**
 * Publishes `count` ~32 KiB events as fast as the event loop allows (a batch per tick).
 * @param {import('../../server/stream-hub.js').StreamHub} hub
 * @param {number} count
 */
async function firehose(hub, count) {
  for (let i = 0; i < count; i++) {
    hub.publish('big', { i, pad: PAYLOAD });
    if (i % 25 === 24) await new Promise((r) => setImmediate(r));
  }
}

test('slow clients: an SSE client that never reads is dropped, a fast one gets everything, memory stays bounded', async (t) => {
  const { base, hub, app } = await startServer(t, { stallTimeoutMs: 400, history: 1000 });
  const ctx = app.context;
  const slow = neverReadingClient(base, '/events');
  t.after(() => slow.destroy());
  await eventually(() => ctx.sse.size === 1, 2000, 'the slow client to connect');
  const fast = await openSse(`${base}/events`);
  t.after(() => fast.close());
  await fast.waitForEvent((e) => e.event === 'pulse.hello');

  const started = Date.now();
  const COUNT = 600; // ~19 MiB: more than the loopback socket buffers hold
  let maxBuffered = 0;
  const watch = setInterval(() => {
    for (const c of ctx.sse) maxBuffered = Math.max(maxBuffered, c.res.writableLength);
  }, 2);
  t.after(() => clearInterval(watch));
  await firehose(hub, COUNT);
  const got = await fast.waitForData(COUNT, 15000);
  await eventually(() => hub.droppedClients === 1, 5000, 'the slow client to be dropped');
  clearInterval(watch);
  const elapsed = Date.now() - started;

  assert.deepEqual(got.map((e) => e.json.i), Array.from({ length: COUNT }, (_, i) => i), 'fast client got every event in order');
  assert.equal(ctx.sse.size, 1, 'only the fast client is left');
  assert.ok(maxBuffered < 256 * 1024, `per-client socket buffer stayed bounded (max ${maxBuffered} bytes)`);
  assert.ok(elapsed < 15000, `bounded time (${elapsed} ms)`);
  const health = await request(`${base}/health`);
  assert.equal(health.json.droppedClients, 1);
});

test('slow clients: a client that falls out of the history is dropped even before its stall timeout', async (t) => {
  const { base, hub, app } = await startServer(t, { stallTimeoutMs: 60_000, history: 50 });
  const slow = neverReadingClient(base, '/events');
  t.after(() => slow.destroy());
  await eventually(() => app.context.sse.size === 1, 2000, 'the slow client to connect');
  const fast = await openSse(`${base}/events`);
  t.after(() => fast.close());
  await fast.waitForEvent((e) => e.event === 'pulse.hello');
  const COUNT = 600;
  // Paced so the fast reader stays within the 50-event history.
  for (let i = 0; i < COUNT; i++) {
    hub.publish('big', { i, pad: PAYLOAD });
    if (i % 10 === 9) await fast.waitForData(i - 9, 5000);
  }
  await fast.waitForData(COUNT, 10000);
  await eventually(() => hub.droppedClients === 1, 5000, 'the lagging client to be dropped');
  assert.equal(app.context.sse.size, 1);
});

test('slow clients: a WebSocket client that never reads is dropped while another keeps receiving', async (t) => {
  const { base, hub, app } = await startServer(t, { stallTimeoutMs: 400, history: 1000 });
  const ctx = app.context;
  const slow = neverReadingClient(base, '/ws', {
    Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
  });
  t.after(() => slow.destroy());
  await eventually(() => ctx.ws.size === 1, 2000, 'the slow WebSocket client to connect');
  const fast = await openWs(`${base.replace('http', 'ws')}/ws`);
  t.after(() => fast.close());
  await fast.waitFor((m) => m.topic === 'pulse.hello');
  const COUNT = 600;
  await firehose(hub, COUNT);
  const got = await fast.waitForData(COUNT, 15000);
  await eventually(() => hub.droppedClients === 1, 5000, 'the slow WebSocket client to be dropped');
  assert.deepEqual(got.map((m) => m.data.i), Array.from({ length: COUNT }, (_, i) => i));
  assert.equal(ctx.ws.size, 1);
});
