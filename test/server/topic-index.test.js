// The hub wakes only the clients that may want a record's topic, and a client of exact names
// reads just the positions it was woken for (server/stream-hub.js wake, stream-client.js queued).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamHub } from '../../server/stream-hub.js';
import { startServer, openSse, eventually } from './helpers.js';

/**
 * A hub client that records what it is woken for.
 * @param {string[] | null} topics
 */
function recorder(topics) {
  return { woken: /** @type {number[]} */ ([]), notify(/** @type {number} */ p) { this.woken.push(p); }, indexTopics: () => topics };
}

test('topic index: a publish wakes the clients of its topic and those without an exact filter; a control record wakes all', () => {
  const hub = new StreamHub();
  const cpu = recorder(['cpu']);
  const both = recorder(['cpu', 'mem']);
  const any = recorder(null);
  const legacy = { woken: /** @type {number[]} */ ([]), notify(/** @type {number} */ p) { this.woken.push(p); } };
  for (const c of [cpu, both, any, legacy]) hub.attach(c);
  hub.attach(cpu); // twice: still one wake-up per publish
  hub.publish('cpu', 1); // 1
  hub.publish('mem', 2); // 2
  hub.publish('disk', 3); // 3
  hub.publish('pulse.gap', { topics: ['disk'] }); // 4
  assert.deepEqual(cpu.woken, [1, 4]);
  assert.deepEqual(both.woken, [1, 2, 4]);
  assert.deepEqual(any.woken, [1, 2, 3, 4]);
  assert.deepEqual(legacy.woken, [1, 2, 3, 4], 'a client without indexTopics is woken for everything');
  hub.detach(cpu);
  hub.detach(both);
  hub.publish('cpu', 5);
  assert.deepEqual(cpu.woken, [1, 4]);
  assert.equal(hub.byTopic.size, 0, 'no empty sets left behind');
});

test('topic index: 60 SSE clients on their own topics, one on every topic and one on a pattern get exactly their events, in order', async (t) => {
  const { base, hub } = await startServer(t, { history: 5000 });
  const N = 60;
  const own = await Promise.all(Array.from({ length: N }, (_, i) => openSse(`${base}/events?topics=t.${i}`)));
  const all = await openSse(`${base}/events`);
  const pattern = await openSse(`${base}/events?topics=t.1*`);
  t.after(() => [...own, all, pattern].forEach((s) => s.close()));
  await Promise.all([...own, all, pattern].map((s) => s.waitForEvent((e) => e.event === 'pulse.hello')));
  const ROUNDS = 20;
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < N; i++) hub.publish(`t.${(i * 7 + r) % N}`, { r, i });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const everything = await all.waitForData(N * ROUNDS, 10_000);
  for (let i = 0; i < N; i++) {
    const got = await own[i].waitForData(ROUNDS, 10_000);
    assert.deepEqual(got.map((e) => e.event), Array(ROUNDS).fill(`t.${i}`), `client ${i} got only its topic`);
    const ids = got.map((e) => Number(e.id));
    assert.deepEqual(ids, everything.filter((e) => e.event === `t.${i}`).map((e) => Number(e.id)), `client ${i} got each of its events once, in order`);
  }
  const p = await pattern.waitForData(11 * ROUNDS, 10_000); // t.1, t.10 .. t.19
  assert.ok(p.every((e) => /^t\.1\d?$/.test(e.event)));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(own[0].data.length, ROUNDS, 'nothing more came afterwards');
});

test('topic index: a client that stops reading while its topic keeps publishing gets every event once it reads again', async (t) => {
  const { base, hub, app } = await startServer(t, { history: 2000, stallTimeoutMs: 60_000 });
  const busy = await openSse(`${base}/events?topics=busy`);
  const other = await openSse(`${base}/events?topics=quiet`);
  t.after(() => [busy, other].forEach((s) => s.close()));
  await Promise.all([busy, other].map((s) => s.waitForEvent((e) => e.event === 'pulse.hello')));
  busy.res.pause();
  const PAD = 'x'.repeat(16 * 1024);
  // ~9 MiB: the socket fills, the client blocks, and more positions arrive than it queues (256).
  const COUNT = 600;
  for (let i = 0; i < COUNT; i++) {
    hub.publish('busy', { i, pad: PAD });
    if (i % 50 === 49) {
      hub.publish('quiet', { i });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const blocked = [...app.context.sse].find((c) => c.topics?.has('busy'));
  await eventually(() => blocked?.blocked, 5000, 'the paused client to block');
  busy.res.resume();
  const got = await busy.waitForData(COUNT, 15_000);
  assert.deepEqual(got.map((e) => e.json.i), Array.from({ length: COUNT }, (_, i) => i));
  assert.equal((await other.waitForData(COUNT / 50)).length, COUNT / 50);
  assert.equal(hub.droppedClients, 0);
});

test('topic index: a client resuming with Last-Event-ID gets what it missed of its topic, then the live events', async (t) => {
  const { base, hub } = await startServer(t, { history: 5000 });
  for (let i = 0; i < 300; i++) hub.publish(i % 3 === 0 ? 'mine' : 'noise', { i });
  const resumed = await openSse(`${base}/events?topics=mine`, { 'Last-Event-ID': '150' });
  t.after(() => resumed.close());
  await resumed.waitForEvent((e) => e.event === 'pulse.hello');
  for (let i = 300; i < 330; i++) hub.publish(i % 3 === 0 ? 'mine' : 'noise', { i });
  const expected = Array.from({ length: 330 }, (_, i) => i).filter((i) => i % 3 === 0 && i + 1 > 150);
  const got = await resumed.waitForData(expected.length, 5000);
  assert.deepEqual(got.map((e) => e.json.i), expected);
});
