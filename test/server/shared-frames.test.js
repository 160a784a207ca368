// Event bytes are formatted once per record and shared between clients (server/frame-cache.js).
// Sharing must never change what a client gets: every client of a record gets the same bytes,
// and a client whose filter (?topics=, or what its token may see) takes a different subset of
// the same run gets its own subset, never a neighbour's (clients at the same cursor with the same
// names share a whole turn; other filters, patterns and tokens do not). Asserted on the raw bytes of real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSse, openWs, startServer, waitUntil } from './helpers.js';
import { jwtOptions, mint } from './access-helpers.js';

/** @param {string} token */
const bearer = (token) => ({ Authorization: `Bearer ${token}` });

/**
 * The raw text of an SSE response from now on, heartbeats and id-less control frames left out.
 * @param {import('./helpers.js').SseStream} s
 */
function rawSse(s) {
  const chunks = /** @type {Buffer[]} */ ([]);
  s.res.on('data', (chunk) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8').replace(/^: hb \d+\n\n/gm, '').replace(/^event: pulse\.[^\n]*\ndata: [^\n]*\n\n/gm, '');
}

/**
 * The text of every WebSocket message from now on, control messages left out.
 * @param {import('./helpers.js').WsCollector} ws
 */
function rawWs(ws) {
  const frames = /** @type {string[]} */ ([]);
  ws.ws.on('message', (raw) => {
    const text = String(raw);
    if (!text.startsWith('{"topic":"pulse.')) frames.push(text);
  });
  return frames;
}

test('shared frames: every client of a run gets the same bytes; clients filtering the same run differently each get their own subset (SSE and WebSocket)', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const all = bearer(await mint({ pulse: { subscribe: ['*'] } }));
  const ac = bearer(await mint({ pulse: { subscribe: ['a', 'c'] } }));
  const ws = base.replace('http', 'ws');
  // The filtered clients connect first, so a cache that shared their bytes would hand the first
  // one's subset to the next: a, b, a and a, c, a begin and end with the same records, same count.
  const sse = {
    ab: await openSse(`${base}/events?topics=a,b`, all),
    ac: await openSse(`${base}/events?topics=a,c`, all),
    ba: await openSse(`${base}/events?topics=b,a`, all),
    token: await openSse(`${base}/events`, ac),
    all1: await openSse(`${base}/events`, all),
    all2: await openSse(`${base}/events`, all),
  };
  const wsc = {
    ab: await openWs(`${ws}/ws?topics=a,b`, all),
    ac: await openWs(`${ws}/ws?topics=a,c`, all),
    ba: await openWs(`${ws}/ws?topics=b,a`, all),
    token: await openWs(`${ws}/ws`, ac),
    all1: await openWs(`${ws}/ws`, all),
    all2: await openWs(`${ws}/ws`, all),
  };
  t.after(() => {
    for (const c of [...Object.values(sse), ...Object.values(wsc)]) c.close();
  });
  for (const s of Object.values(sse)) await s.waitForEvent((e) => e.event === 'pulse.hello');
  for (const c of Object.values(wsc)) await c.waitFor((m) => m.topic === 'pulse.hello');
  const sseText = Object.fromEntries(Object.entries(sse).map(([k, s]) => [k, rawSse(s)]));
  const wsFrames = Object.fromEntries(Object.entries(wsc).map(([k, c]) => [k, rawWs(c)]));

  // One turn: a run of five records; the next turn (after the first went out) a run of two.
  /** @type {{ id: number, topic: string, json: string }[][]} */
  const turns = [[], []];
  const put = (/** @type {number} */ turn, /** @type {string} */ topic, /** @type {unknown} */ data) => turns[turn].push({ id: hub.publish(topic, data), topic, json: JSON.stringify(data) });
  put(0, 'a', { n: 1, text: 'é ✓ "quoted"' });
  put(0, 'b', { n: 2 });
  put(0, 'c', { n: 3 });
  put(0, 'a', { n: 4 });
  put(0, 'secret', { n: 5 });
  await waitUntil(sse.all2.res, 'data', () => sseText.all2().includes('secret'), 5000, 'the first run');
  await new Promise((r) => setImmediate(r));
  put(1, 'a', { n: 6 });
  put(1, 'a', { n: 7, last: true });
  for (const [k, s] of Object.entries(sse)) await waitUntil(s, 'event', () => s.events.some((e) => e.json?.last), 5000, `the end on SSE ${k}`);
  for (const [k, c] of Object.entries(wsc)) await waitUntil(c, 'event', () => c.messages.some((m) => m.data?.last), 5000, `the end on WS ${k}`);

  const keep = /** @type {Record<string, (topic: string) => boolean>} */ ({ all1: () => true, all2: () => true, ab: (x) => x === 'a' || x === 'b', ac: (x) => x === 'a' || x === 'c', ba: (x) => x === 'a' || x === 'b', token: (x) => x === 'a' || x === 'c' });
  const sseFrame = (/** @type {{ id: number, topic: string, json: string }} */ r) => `id: ${r.id}\nevent: ${r.topic}\ndata: ${r.json}\n\n`;
  const wsMessage = (/** @type {{ id: number, topic: string, json: string }} */ r) => `{"topic":"${r.topic}","id":"${r.id}","data":${r.json}}`;
  for (const [k, wanted] of Object.entries(keep)) {
    const mine = turns.map((records) => records.filter((r) => wanted(r.topic)));
    assert.equal(sseText[k](), mine.flat().map(sseFrame).join(''), `SSE bytes of ${k}`);
    assert.deepEqual(wsFrames[k], mine.map((rs) => (rs.length === 1 ? wsMessage(rs[0]) : `[${rs.map(wsMessage).join(',')}]`)), `WebSocket messages of ${k}`);
  }
  assert.equal(sseText.all1(), sseText.all2());
  assert.equal(sseText.ab(), sseText.ba(), 'the same names in another order: the same bytes');
  assert.ok(!sseText.token().includes('secret') && !sseText.token().includes('"n":2'), 'the restricted token sees neither b nor secret');
});

test('one turn flushes every client: a client whose write throws is dropped, the others of that turn still get the event', async (t) => {
  const { app, base, hub } = await startServer(t);
  const broken = await openSse(`${base}/events`);
  const fine = await openSse(`${base}/events`);
  t.after(() => (broken.close(), fine.close()));
  for (const s of [broken, fine]) await s.waitForEvent((e) => e.event === 'pulse.hello');
  const [first] = [...app.context.sse];
  first.writeBytes = () => {
    throw new Error('socket exploded');
  };
  const warned = new Promise((resolve) => process.once('warning', resolve));
  hub.publish('cpu', { n: 1 });
  const [got] = await fine.waitForData(1);
  assert.equal(got.json.n, 1);
  assert.match(String(/** @type {Error} */ (await warned).message), /stream write failed: socket exploded/);
  await broken.waitForEnd();
  assert.equal(broken.data.length, 0);
  assert.equal(hub.droppedClients, 1);
  hub.publish('cpu', { n: 2 });
  await fine.waitForData(2);
});
