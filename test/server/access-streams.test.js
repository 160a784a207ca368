// What leaves the server on a stream is what the token may see: SSE, WebSocket, /history, the
// state sent on connect, replay after Last-Event-ID and pulse.gap. Every test subscribes to
// everything it can and publishes on topics it must not see, so a leak shows up as an event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { startServer, openSse, openWs, request, postJson, wsRefusal } from './helpers.js';
import { jwtOptions, mint, nowSec } from './access-helpers.js';

/** Topics every leak test publishes on: two visible to the `cpu, logs@web-*` token, the rest not. */
const TOPICS = ['cpu', 'logs@web-1', 'mem', 'secret', 'cpux', 'cpu@web-1', 'xcpu', 'logs@db-1', 'logs@web', 'audit'];
const VISIBLE = ['cpu', 'logs@web-1'];
const restricted = { pulse: { subscribe: ['cpu', 'logs@web-*'] } };

/** @param {import('../../server/stream-hub.js').StreamHub} hub @param {number} round */
function publishAll(hub, round) {
  for (const topic of TOPICS) hub.publish(topic, { round, topic });
}

/** @param {string} token */
const bearer = (token) => ({ Authorization: `Bearer ${token}` });

test('access: SSE for every topic carries only the topics the token may see; patterns do not reach beyond their name', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const s = await openSse(`${base}/events`, bearer(await mint(restricted)));
  t.after(() => s.close());
  assert.equal(s.status, 200);
  const hello = await s.waitForEvent((e) => e.event === 'pulse.hello');
  assert.deepEqual(hello.json.allowed, ['cpu', 'logs@web-*'], 'hello says what this connection may see');
  assert.equal(hello.json.denied, undefined);
  publishAll(hub, 1);
  hub.publish('cpu', { round: 'end' });
  await s.waitForEvent((e) => e.json?.round === 'end');
  assert.deepEqual(s.data.map((e) => e.event), [...VISIBLE, 'cpu']);
});

test('access: requested topics outside the token are named in pulse.hello denied (never silently empty); all denied is 403', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const token = await mint(restricted);
  const s = await openSse(`${base}/events?topics=cpu,mem,logs@web-2,secret`, bearer(token));
  t.after(() => s.close());
  const hello = await s.waitForEvent((e) => e.event === 'pulse.hello');
  assert.deepEqual(hello.json.denied, ['mem', 'secret']);
  publishAll(hub, 1);
  hub.publish('logs@web-2', { round: 'end' });
  await s.waitForEvent((e) => e.json?.round === 'end');
  assert.deepEqual(s.data.map((e) => e.event), ['cpu', 'logs@web-2']);

  const none = await request(`${base}/events?topics=mem,secret`, { headers: bearer(token) });
  assert.equal(none.status, 403);
  assert.match(none.json.error, /not allowed to subscribe to mem, secret/);
  assert.match(String(none.headers['www-authenticate']), /insufficient_scope/);
  const nothing = await request(`${base}/events`, { headers: bearer(await mint({ sub: 'no-grants' })) });
  assert.equal(nothing.status, 403, 'no pulse.subscribe means no topics');
  assert.match(nothing.json.error, /may not subscribe to any topic/);
});

test('access: WebSocket carries only visible topics; denied named in hello; all denied closes with 4403', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const token = await mint(restricted);
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`, bearer(token));
  t.after(() => ws.close());
  const hello = await ws.waitFor((m) => m.topic === 'pulse.hello');
  assert.deepEqual(hello.data.allowed, ['cpu', 'logs@web-*']);
  publishAll(hub, 1);
  hub.publish('cpu', { round: 'end' });
  await ws.waitFor((m) => m.data?.round === 'end');
  assert.deepEqual(ws.data.map((m) => m.topic), [...VISIBLE, 'cpu']);

  const some = await openWs(`${base.replace('http', 'ws')}/ws?topics=cpu,mem`, bearer(token));
  t.after(() => some.close());
  assert.deepEqual((await some.waitFor((m) => m.topic === 'pulse.hello')).data.denied, ['mem']);
  const none = await wsRefusal(`${base.replace('http', 'ws')}/ws?topics=mem`, bearer(token));
  assert.equal(none.code, 4403);
  assert.match(String(none.reason), /not allowed to subscribe to mem/);
  assert.deepEqual(none.messages, []);
});

test('access: replay after Last-Event-ID carries only visible topics (SSE and WebSocket)', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const token = await mint(restricted);
  publishAll(hub, 1);
  publishAll(hub, 2);
  const sse = await openSse(`${base}/events`, { ...bearer(token), 'Last-Event-ID': '0' });
  t.after(() => sse.close());
  const ws = await openWs(`${base.replace('http', 'ws')}/ws?lastEventId=0`, bearer(token));
  t.after(() => ws.close());
  hub.publish('cpu', { round: 'end' });
  await sse.waitForEvent((e) => e.json?.round === 'end');
  await ws.waitFor((m) => m.data?.round === 'end');
  const expected = [...VISIBLE, ...VISIBLE, 'cpu'];
  assert.deepEqual(sse.data.map((e) => e.event), expected);
  assert.deepEqual(ws.data.map((m) => m.topic), expected);
});

test('access: pulse.gap only for a gap in topics the token may see', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions(), history: 5 });
  const token = await mint(restricted);
  const all = await mint({ pulse: { subscribe: ['*'] } });
  const from = String(hub.publish('cpu', { n: 0 }));
  for (let i = 0; i < 20; i++) hub.publish('secret', { i });
  hub.publish('cpu', { n: 1 });

  /** @param {string} tok @param {string} lastEventId */
  async function resume(tok, lastEventId) {
    const s = await openSse(`${base}/events`, { ...bearer(tok), 'Last-Event-ID': lastEventId });
    t.after(() => s.close());
    await s.waitForEvent((e) => e.event === 'cpu' && e.json?.n === 1);
    return s;
  }
  const mine = await resume(token, from);
  assert.equal(mine.events.filter((e) => e.event === 'pulse.gap').length, 0, 'lost "secret" events are not its business');
  assert.deepEqual(mine.data.map((e) => e.event), ['cpu']);
  const everything = await resume(all, from);
  assert.equal(everything.events.filter((e) => e.event === 'pulse.gap').length, 1, 'a token that may see "secret" is told');
  const wsMine = await openWs(`${base.replace('http', 'ws')}/ws?lastEventId=${from}`, bearer(token));
  t.after(() => wsMine.close());
  await wsMine.waitFor((m) => m.topic === 'cpu');
  assert.equal(wsMine.messages.filter((m) => m.topic === 'pulse.gap').length, 0);

  // Now one of its own events leaves the history too: that gap is its to know.
  const lostCpu = hub.publish('cpu', { n: 2 });
  for (let i = 0; i < 10; i++) hub.publish('secret', { i });
  hub.publish('cpu', { n: 3 });
  const s = await openSse(`${base}/events`, { ...bearer(token), 'Last-Event-ID': String(lostCpu - 1) });
  t.after(() => s.close());
  const gap = await s.waitForEvent((e) => e.event === 'pulse.gap');
  assert.equal(gap.json.lastEventId, String(lostCpu - 1));
});

test('access: /history and the state sent on connect (--data) hold only what the token may see', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-access-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { base, hub } = await startServer(t, { access: jwtOptions(), data: { dir, flushMs: 10 } });
  const agentsOnly = await mint({ pulse: { subscribe: ['agents', 'cpu'] } });
  hub.publish('alerts', { id: 'a1', status: 'firing', title: 'secret outage' });
  hub.publish('agents', { id: 'ag1', name: 'planner', state: 'running' });
  hub.publish('logs', { level: 'info', message: 'secret log line' });
  hub.publish('cpu', 42);

  const s = await openSse(`${base}/events`, bearer(agentsOnly));
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'agents');
  hub.publish('cpu', { round: 'end' });
  await s.waitForEvent((e) => e.json?.round === 'end');
  assert.deepEqual(s.data.map((e) => e.event), ['agents', 'cpu'], 'the snapshot had agents, not alerts or logs');
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`, bearer(agentsOnly));
  t.after(() => ws.close());
  await ws.waitFor((m) => m.topic === 'agents');
  assert.deepEqual(ws.data.map((m) => m.topic), ['agents']);

  const ok = await request(`${base}/history?topic=cpu&since=-1h`, { headers: bearer(agentsOnly) });
  assert.equal(ok.status, 200);
  const denied = await request(`${base}/history?topic=alerts&since=-1h`, { headers: bearer(agentsOnly) });
  assert.equal(denied.status, 403);
  assert.ok(!denied.text.includes('secret outage'));
  assert.equal((await request(`${base}/history?topic=alerts`)).status, 401);
});

test('access: open streams end at exp: SSE gets pulse.auth then the end; WebSocket pulse.auth then close 4001', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const exp = nowSec() + 2;
  const token = await mint({ pulse: { subscribe: ['cpu'] } }, { exp });
  const s = await openSse(`${base}/events`, bearer(token));
  t.after(() => s.close());
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`, bearer(token));
  t.after(() => ws.close());
  hub.publish('cpu', 1);
  await s.waitForData(1);
  await ws.waitForData(1);
  await s.waitForEnd(5000);
  const closed = await ws.waitForClose(5000);
  const endedAt = Date.now();
  assert.ok(endedAt >= exp * 1000 - 50, `not before exp (${endedAt - exp * 1000} ms)`);
  assert.ok(endedAt < exp * 1000 + 2000, 'soon after exp');
  const auth = s.events.at(-1);
  assert.equal(auth?.event, 'pulse.auth');
  assert.equal(auth?.id, undefined, 'a control event has no id');
  assert.equal(auth?.json.reason, 'expired');
  assert.equal(ws.messages.at(-1)?.topic, 'pulse.auth');
  assert.equal(closed.code, 4001);
  assert.equal(closed.reason, 'token expired');
  // Reconnecting with the same token now fails: 401 (SSE), 4401 (WebSocket).
  assert.equal((await request(`${base}/events`, { headers: bearer(token) })).status, 401);
  assert.equal((await wsRefusal(`${base.replace('http', 'ws')}/ws`, bearer(token))).code, 4401);
});

test('access: WebSocket tickets: single use, short-lived, carry the token\'s scope; anonymous viewers get none', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions({ publicTopics: ['cpu'], ticketTtlMs: 400 }) });
  const token = await mint({ pulse: { subscribe: ['mem'] } });
  const issued = await postJson(`${base}/auth/ticket`, '', bearer(token));
  assert.equal(issued.status, 201);
  assert.match(issued.json.ticket, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(issued.json.expiresInMs > 0 && issued.json.expiresInMs <= 400);
  assert.ok(!issued.text.includes(token));
  const wsUrl = `${base.replace('http', 'ws')}/ws?ticket=${issued.json.ticket}`;
  const ws = await openWs(wsUrl);
  t.after(() => ws.close());
  await ws.waitFor((m) => m.topic === 'pulse.hello');
  hub.publish('secret', 1);
  hub.publish('mem', { round: 'end' });
  await ws.waitFor((m) => m.data?.round === 'end');
  assert.deepEqual(ws.data.map((m) => m.topic), ['mem'], 'the ticket opens what the token may see, plus public topics');

  const again = await wsRefusal(wsUrl);
  assert.equal(again.code, 4401, 'a ticket works once');
  assert.match(String(again.reason), /ticket unknown, used already or expired/);
  assert.equal((await wsRefusal(`${base.replace('http', 'ws')}/ws?ticket=made-up`)).code, 4401);
  const late = await postJson(`${base}/auth/ticket`, '', bearer(token));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await wsRefusal(`${base.replace('http', 'ws')}/ws?ticket=${late.json.ticket}`)).code, 4401, 'expired ticket');
  const sse = await openSse(`${base}/events?ticket=${late.json.ticket}`);
  t.after(() => sse.close());
  assert.deepEqual((await sse.waitForEvent((e) => e.event === 'pulse.hello')).json.allowed, ['cpu'], 'tickets mean nothing on SSE: this is the anonymous public view');

  const anon = await postJson(`${base}/auth/ticket`, '');
  assert.equal(anon.status, 401);
  assert.equal((await request(`${base}/auth/ticket`, { headers: bearer(token) })).status, 405);
});

test('access: --public-topics: anonymous viewers see those only and publish nothing; tokens see them too', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions({ publicTopics: ['cpu', 'mem@*'] }) });
  const s = await openSse(`${base}/events`);
  t.after(() => s.close());
  assert.equal(s.status, 200);
  assert.deepEqual((await s.waitForEvent((e) => e.event === 'pulse.hello')).json.allowed, ['cpu', 'mem@*']);
  const user = await openSse(`${base}/events`, bearer(await mint({ pulse: { subscribe: ['secret'] } })));
  t.after(() => user.close());
  await user.waitForEvent((e) => e.event === 'pulse.hello');
  for (const topic of ['cpu', 'mem', 'mem@db-1', 'secret', 'audit']) hub.publish(topic, { topic });
  hub.publish('cpu', { round: 'end' });
  await s.waitForEvent((e) => e.json?.round === 'end');
  await user.waitForEvent((e) => e.json?.round === 'end');
  assert.deepEqual(s.data.map((e) => e.event), ['cpu', 'mem@db-1', 'cpu']);
  assert.deepEqual(user.data.map((e) => e.event), ['cpu', 'mem@db-1', 'secret', 'cpu']);

  const denied = await request(`${base}/events?topics=secret`);
  assert.equal(denied.status, 401, 'anonymous and not public: a token might allow it');
  assert.equal(denied.headers['www-authenticate'], 'Bearer realm="pulseboard"');
  assert.equal((await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 })).status, 401);
  assert.equal((await request(`${base}/health`, { headers: bearer('garbage') })).status, 401, 'a bad token is never quietly anonymous');
  const expired = await mint({ pulse: { subscribe: ['cpu'] } }, { exp: nowSec() - 1 });
  assert.equal((await request(`${base}/events?topics=cpu`, { headers: bearer(expired) })).status, 401, 'nor an expired one');
});

test('access: --max-streams-per-user: one subject over the limit gets 429 (SSE) or 4429 (WebSocket); others are unaffected', async (t) => {
  const { base } = await startServer(t, { access: jwtOptions({ maxStreamsPerUser: 2 }), retryAfterSec: 3 });
  const ana = await mint({ sub: 'ana', pulse: { subscribe: ['cpu'] } });
  const ben = await mint({ sub: 'ben', pulse: { subscribe: ['cpu'] } });
  const a1 = await openSse(`${base}/events`, bearer(ana));
  const a2 = await openWs(`${base.replace('http', 'ws')}/ws`, bearer(ana));
  t.after(() => a2.close());
  const third = await request(`${base}/events`, { headers: bearer(ana) });
  assert.equal(third.status, 429);
  assert.equal(third.headers['retry-after'], '3');
  assert.equal((await wsRefusal(`${base.replace('http', 'ws')}/ws`, bearer(ana))).code, 4429);
  const b1 = await openSse(`${base}/events`, bearer(ben));
  t.after(() => b1.close());
  assert.equal(b1.status, 200);
  a1.close();
  let again;
  for (let i = 0; i < 100 && again?.status !== 200; i++) {
    again = await openSse(`${base}/events`, bearer(ana));
    if (again.status !== 200) await new Promise((r) => setTimeout(r, 20));
  }
  t.after(() => again?.close());
  assert.equal(again?.status, 200, 'a closed stream gives its slot back');
});

test('access: --max-streams-per-user: a WebSocket handshake the server answers 400 (no Sec-WebSocket-Key, a bad version) gives its slot back', async (t) => {
  const { base } = await startServer(t, { access: jwtOptions({ maxStreamsPerUser: 2 }) });
  const ana = await mint({ sub: 'ana', pulse: { subscribe: ['cpu'] } });
  const { port } = new URL(base);
  /** A raw upgrade request with a valid token, missing what a WebSocket handshake needs; resolves with the status line. */
  const badUpgrade = (/** @type {string} */ extra) =>
    new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${ana}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${extra}\r\n`);
      });
      let head = '';
      socket.on('data', (d) => (head += d));
      socket.on('close', () => resolve(head.split('\r\n')[0]));
      socket.on('error', reject);
    });
  for (let i = 0; i < 3; i++) {
    assert.equal(await badUpgrade('Sec-WebSocket-Version: 13\r\n'), 'HTTP/1.1 400 Bad Request', 'no Sec-WebSocket-Key');
    assert.equal(await badUpgrade('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n'), 'HTTP/1.1 400 Bad Request', 'a bad version');
  }
  // Six refused handshakes later, ana still has both her streams.
  const s1 = await openSse(`${base}/events`, bearer(ana));
  t.after(() => s1.close());
  assert.equal(s1.status, 200, 'a refused handshake holds no slot');
  const w1 = await openWs(`${base.replace('http', 'ws')}/ws`, bearer(ana));
  t.after(() => w1.close());
  assert.equal((await w1.waitFor((m) => m.topic === 'pulse.hello')).topic, 'pulse.hello', 'and her second');
});
