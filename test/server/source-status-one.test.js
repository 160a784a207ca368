// ONE `pulse.source` mechanism (issue-15's SourceStatus) for connectors and agents (issue-17's
// fleet registry): a connection starts with exactly one `full` map holding both, filtered by its
// topics and by what its token may see, and a client whose socket was full gets that whole map
// when it drains, not the last partial change of one of the two.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, openSse, openWs, postJson, eventually } from './helpers.js';
import { jwtOptions, mint } from './access-helpers.js';

/** A loopback port nothing listens on: Prometheus there is "unreachable" at once. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}

/**
 * A server with one failing connector (a query against a Prometheus nobody runs) and one agent,
 * web-2, that sent a single heartbeat and is then silent: offline after ~1 s.
 * @param {import('node:test').TestContext} t
 * @param {import('../../server/options.js').ServerOptions} [extra]
 */
async function failingServer(t, extra = {}) {
  const started = await startServer(t, {
    prometheus: `http://127.0.0.1:${await closedPort()}`,
    queries: [{ name: 'q', query: 'up' }],
    queryIntervalMs: 200,
    ...extra,
  });
  const { base, app } = started;
  const heartbeat = { topic: 'pulse.heartbeat', data: { host: 'web-2', intervalMs: 200, topics: ['cpu@web-2', 'mem@web-2'] } };
  /** @type {Record<string, string>} */
  const headers = extra.access ? { Authorization: `Bearer ${await mint({ sub: 'agent', pulse: { publish: ['*'] } })}` } : {};
  const posted = await postJson(`${base}/ingest`, [heartbeat], headers);
  assert.equal(posted.status, 202, posted.text);
  await eventually(() => app.context.sources.states.get('q')?.status === 'error' && app.context.sources.states.get('cpu@web-2')?.status === 'offline', 10_000, 'the query in error and web-2 offline');
  return started;
}

test('pulse.source: a new connection gets ONE full map with the connector error and the offline agent together (SSE and WebSocket, with and without ?topics=)', async (t) => {
  const { base } = await failingServer(t);

  const all = await openSse(`${base}/events`);
  t.after(() => all.close());
  const first = await all.waitForEvent((e) => e.event === 'pulse.source');
  // Anything a second frame would be is written in the same head: give it a moment to arrive.
  await new Promise((r) => setTimeout(r, 200));
  const frames = all.events.filter((e) => e.event === 'pulse.source');
  assert.equal(frames.length, 1, `one pulse.source at connect, got ${frames.map((f) => f.data).join(' | ')}`);
  assert.equal(first.json.full, true);
  assert.equal(first.json.topics.q.status, 'error');
  assert.equal(first.json.topics.q.source, 'prometheus');
  assert.match(first.json.topics.q.message, /Prometheus unreachable/);
  assert.equal(first.json.topics['cpu@web-2'].status, 'offline');
  assert.equal(first.json.topics['cpu@web-2'].source, 'agent');
  assert.match(first.json.topics['cpu@web-2'].message, /agent web-2 offline/);
  assert.equal(first.json.topics['mem@web-2'].status, 'offline');

  const some = await openSse(`${base}/events?topics=${encodeURIComponent('cpu@*,q')}`);
  t.after(() => some.close());
  const mine = await some.waitForEvent((e) => e.event === 'pulse.source');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(some.events.filter((e) => e.event === 'pulse.source').length, 1);
  assert.deepEqual(Object.keys(mine.json.topics).sort(), ['cpu@web-2', 'q'], 'only the keys its filter (a pattern and a name) takes');

  const ws = await openWs(`${base.replace('http', 'ws')}/ws`);
  t.after(() => ws.close());
  await eventually(() => ws.messages.some((m) => m.topic === 'pulse.source'), 5000, 'pulse.source on the WebSocket');
  await new Promise((r) => setTimeout(r, 200));
  const wsFrames = ws.messages.filter((m) => m.topic === 'pulse.source');
  assert.equal(wsFrames.length, 1);
  assert.equal(wsFrames[0].data.full, true);
  assert.deepEqual(Object.keys(wsFrames[0].data.topics).sort(), ['cpu@web-2', 'mem@web-2', 'q']);
});

test('pulse.source: a client whose socket was full gets the whole map (connectors and agents) once it drains', async (t) => {
  const { base, app } = await failingServer(t);
  const s = await openSse(`${base}/events`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.source');
  const client = [...app.context.sse][0];
  const before = s.events.length;
  client.block(); // what a full socket does (write() returned false)
  // web-2 comes back while the client cannot be written to: a partial change it misses.
  const back = await postJson(`${base}/ingest`, [{ topic: 'pulse.heartbeat', data: { host: 'web-2', intervalMs: 200, topics: ['cpu@web-2', 'mem@web-2'] } }]);
  assert.equal(back.status, 202);
  assert.equal(app.context.sources.states.get('cpu@web-2')?.status, 'ok');
  client.unblock();
  const resync = await s.waitForEvent((e) => e.event === 'pulse.source' && s.events.indexOf(e) >= before);
  assert.equal(resync.json.full, true, 'the full map, not the last partial change');
  assert.equal(resync.json.topics.q?.status, 'error', 'the connector error is still in it');
  assert.equal(resync.json.topics['cpu@web-2']?.status, 'ok', 'and the agent is back');
});

test('pulse.source: the full map leaves out the topics the token may not see (agents and connectors alike)', async (t) => {
  const { base } = await failingServer(t, { access: jwtOptions() });
  const token = await mint({ sub: 'viewer', pulse: { subscribe: ['mem@*'] } });
  const s = await openSse(`${base}/events`, { Authorization: `Bearer ${token}` });
  t.after(() => s.close());
  const frame = await s.waitForEvent((e) => e.event === 'pulse.source');
  assert.deepEqual(Object.keys(frame.json.topics), ['mem@web-2'], 'neither q nor cpu@web-2');
});
