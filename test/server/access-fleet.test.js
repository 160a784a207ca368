// Per-topic access (issue 16) meets fleets and patterns (issue 17): `?topics=` patterns are
// intersected with the token's subscribe claims (never listed in `denied`, never reaching past the
// grant, and invisible matches cost none of the pattern cap); an agent's heartbeat and gap items
// are authorised by the topics they name, so a `*@web-1` publish claim covers them (tested with a
// real `pulseboard agent`); and a per-topic gap reaches a restricted viewer of those topics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openSse, postJson, request, eventually } from './helpers.js';
import { jwtOptions, mint } from './access-helpers.js';
import { createRig } from '../fixtures/cluster-rig.mjs';

const bearer = (/** @type {string} */ token) => ({ Authorization: `Bearer ${token}` });
const rig = createRig('pulse-access-fleet');
after(() => rig.stopAll());

/** @param {import('../../server/stream-hub.js').StreamHub} hub */
function publishFleet(hub) {
  for (const topic of ['cpu@web-1', 'cpu@web-2', 'mem@web-1', 'mem@web-2', 'disk@web-1', 'secret']) hub.publish(topic, { topic });
  hub.publish('mem@web-9', { end: true });
}

test('access + patterns: ?topics=* and ?topics=cpu@* carry only what the grant allows; a pattern is never denied', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const token = bearer(await mint({ sub: 'viewer', pulse: { subscribe: ['cpu@web-1', 'mem@*'] } }));
  const cases = /** @type {const} */ ([
    ['*', ['cpu@web-1', 'mem@web-1', 'mem@web-2', 'mem@web-9'], undefined],
    ['cpu@*,mem@web-9', ['cpu@web-1', 'mem@web-9'], undefined],
    ['*@web-1,mem@web-9,disk@web-1', ['cpu@web-1', 'mem@web-1', 'mem@web-9'], ['disk@web-1']],
  ]);
  for (const [topics, expected, denied] of cases) {
    const s = await openSse(`${base}/events?topics=${encodeURIComponent(topics)}`, token);
    t.after(() => s.close());
    assert.equal(s.status, 200, topics);
    const hello = await s.waitForEvent((e) => e.event === 'pulse.hello');
    assert.deepEqual(hello.json.denied, denied, `${topics}: only names outside the grant are denied`);
    assert.deepEqual(hello.json.allowed, ['cpu@web-1', 'mem@*'], `${topics}: a client asking for patterns is told what it may see`);
    publishFleet(hub);
    await s.waitForEvent((e) => e.json?.end === true);
    assert.deepEqual(s.data.map((e) => e.event), expected, topics);
    s.close();
  }
});

test('access + patterns: topics the token may not see cost none of a pattern\'s cap of 256 matched topics', async (t) => {
  const { base, hub, app } = await startServer(t, { access: jwtOptions() });
  const s = await openSse(`${base}/events?topics=${encodeURIComponent('cpu@*')}`, bearer(await mint({ sub: 'viewer', pulse: { subscribe: ['cpu@web-1'] } })));
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  // 300 hosts the viewer may not see, then its own.
  for (let i = 0; i < 300; i++) hub.publish(`cpu@other-${i}`, { i });
  hub.publish('cpu@web-1', { mine: true });
  const [mine] = await s.waitForData(1);
  assert.equal(mine.event, 'cpu@web-1');
  assert.equal(app.context.topicPatterns.overCap, 0, 'nothing counted as over the cap');
});

test('access + agents: an agent item is authorised by the topics it names; a *@web-1 claim covers heartbeats and gaps of web-1 only', async (t) => {
  const { base } = await startServer(t, { access: jwtOptions() });
  const agent = bearer(await mint({ sub: 'agent-web-1', pulse: { publish: ['*@web-1'] } }));
  const ok = await postJson(`${base}/ingest`, [
    { topic: 'cpu@web-1', data: { value: 1 } },
    { topic: 'pulse.gap', data: { host: 'web-1', topics: ['logs@web-1'], dropped: 3, from: 1, until: 2 } },
    { topic: 'pulse.heartbeat', data: { host: 'web-1', intervalMs: 1000, topics: ['cpu@web-1', 'logs@web-1'] } },
  ], agent);
  assert.equal(ok.status, 202, ok.text);
  for (const [item, index] of /** @type {[object, number][]} */ ([
    [{ topic: 'pulse.heartbeat', data: { host: 'web-2', intervalMs: 1000, topics: ['cpu@web-2'] } }, 1],
    [{ topic: 'pulse.gap', data: { host: 'web-1', topics: ['logs@web-1', 'logs@web-2'], dropped: 1 } }, 1],
  ])) {
    const r = await postJson(`${base}/ingest`, [{ topic: 'cpu@web-1', data: { value: 2 } }, item], agent);
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.index, index, 'the refused item is named');
    assert.match(r.json.error, /not allowed to publish to \S+@web-2/);
  }
  const health = await request(`${base}/health`, { headers: bearer(await mint({ pulse: { subscribe: ['*'] } })) });
  assert.deepEqual(health.json.fleet.agents.map((/** @type {{ host: string }} */ a) => a.host), ['web-1'], 'only the accepted heartbeat counted');
});

test('access + agents: a real pulseboard agent with a *@web-1 JWT publishes its metrics and heartbeats', async (t) => {
  const { base } = await startServer(t, { access: jwtOptions() });
  const viewer = bearer(await mint({ sub: 'wall', pulse: { subscribe: ['*@web-1'] } }));
  const s = await openSse(`${base}/events?topics=${encodeURIComponent('cpu@*')}`, viewer);
  t.after(() => s.close());
  const token = await mint({ sub: 'agent-web-1', pulse: { publish: ['*@web-1'] } });
  const proc = rig.agent(['--hub', `${base}/`, '--token', token, '--name', 'web-1', '--interval', '200ms', '--batch', '100ms', '--heartbeat', '300ms']);
  t.after(() => rig.kill(proc));
  const [cpu] = await s.waitForData(1, 15_000);
  assert.equal(cpu.event, 'cpu@web-1');
  await eventually(() => /** @type {any} */ (proc).output !== undefined, 1000, 'agent output');
  const admin = bearer(await mint({ pulse: { subscribe: ['*'] } }));
  for (let i = 0; ; i++) {
    const health = await request(`${base}/health`, { headers: admin });
    if (health.json.fleet?.agents?.some((/** @type {{ host: string }} */ a) => a.host === 'web-1')) break;
    assert.ok(i < 100, `heartbeats accepted (agent said: ${/** @type {any} */ (proc).output})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.doesNotMatch(/** @type {any} */ (proc).output, /\b403\b|refused/, 'the hub refused nothing'); // \b: the hub's port may contain 403
});

test('access + agents: a per-topic gap reaches a restricted viewer of those topics, and only such a viewer', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const web1 = await openSse(`${base}/events`, bearer(await mint({ pulse: { subscribe: ['logs@web-1'] } })));
  const db = await openSse(`${base}/events`, bearer(await mint({ pulse: { subscribe: ['logs@db-1'] } })));
  t.after(() => {
    web1.close();
    db.close();
  });
  await Promise.all([web1, db].map((s) => s.waitForEvent((e) => e.event === 'pulse.hello')));
  const r = await postJson(`${base}/ingest`, [{ topic: 'pulse.gap', data: { host: 'web-1', topics: ['logs@web-1'], dropped: 7 } }], bearer(await mint({ pulse: { publish: ['*@web-1'] } })));
  assert.equal(r.status, 202, r.text);
  hub.publish('logs@web-1', { end: true });
  hub.publish('logs@db-1', { end: true });
  const gap = await web1.waitForEvent((e) => e.event === 'pulse.gap');
  assert.equal(gap.json.dropped, 7);
  assert.match(gap.id ?? '', /^\d+$/, 'in the stream, with its id');
  await db.waitForEvent((e) => e.json?.end === true);
  assert.equal(db.events.filter((e) => e.event === 'pulse.gap').length, 0, 'not to a viewer of other topics');
});
