import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamHub } from '../../server/stream-hub.js';

test('hub: one monotonic id sequence for all topics', () => {
  const hub = new StreamHub();
  assert.equal(hub.lastId, 0);
  assert.deepEqual([hub.publish('cpu', 1), hub.publish('logs', 'x'), hub.publish('cpu', 2)], [1, 2, 3]);
  assert.equal(hub.at(2)?.topic, 'logs');
  assert.equal(hub.at(2)?.json, '"x"');
  assert.equal(new StreamHub({ startId: 1000 }).publish('a', 1), 1000);
});

test('hub: the history is bounded by count and by bytes', () => {
  const hub = new StreamHub({ historySize: 5 });
  for (let i = 0; i < 12; i++) hub.publish('t', i);
  assert.equal(hub.oldestId, 8);
  assert.equal(hub.count, 5);
  assert.equal(hub.at(7), undefined);
  assert.equal(hub.at(8)?.json, '7');

  const small = new StreamHub({ historySize: 1000, historyBytes: 10_000 });
  for (let i = 0; i < 100; i++) small.publish('t', 'x'.repeat(1000));
  assert.ok(small.bytes <= 10_000, `${small.bytes} bytes kept`);
  assert.ok(small.count >= 8 && small.count < 10);
  assert.equal(small.oldestId, 101 - small.count);
  const huge = new StreamHub({ historyBytes: 100 });
  huge.publish('t', 'y'.repeat(500));
  assert.equal(huge.count, 1, 'the newest event is always kept');
});

test('hub: resume points for absent, zero, in-window, too-old and future ids', () => {
  const hub = new StreamHub({ historySize: 10 });
  for (let i = 0; i < 30; i++) hub.publish('t', i);
  assert.deepEqual(hub.resume(undefined), { cursor: 30, gap: null });
  assert.deepEqual(hub.resume(null), { cursor: 30, gap: null });
  assert.deepEqual(hub.resume('not-a-number'), { cursor: 30, gap: null });
  assert.deepEqual(hub.resume('25'), { cursor: 25, gap: null });
  assert.deepEqual(hub.resume('20'), { cursor: 20, gap: null }, 'exactly at the edge: nothing lost');
  assert.deepEqual(hub.resume('19'), { cursor: 20, gap: { lastEventId: '19', oldestId: '21' } });
  assert.deepEqual(hub.resume('0'), { cursor: 20, gap: null });
  assert.deepEqual(hub.resume('31'), { cursor: 20, gap: null }, 'from a previous server run: replay all');
});

test('hub: non-JSON payloads are refused; a failing listener does not stop publishing', () => {
  const hub = new StreamHub();
  assert.throws(() => hub.publish('t', undefined), TypeError);
  assert.throws(() => hub.publish('t', 10n), TypeError);
  assert.equal(hub.lastId, 0, 'no id used by a refused payload');
  const warnings = [];
  const onWarning = (/** @type {Error} */ w) => warnings.push(w);
  process.on('warning', onWarning);
  const off = hub.onPublish(() => {
    throw new Error('listener bug');
  });
  /** @type {string[]} */
  const seen = [];
  hub.onPublish((topic) => seen.push(topic));
  assert.equal(hub.publish('t', 1), 1);
  assert.deepEqual(seen, ['t']);
  off();
  hub.publish('u', 2);
  assert.deepEqual(seen, ['t', 'u']);
  process.off('warning', onWarning);
});

test('hub: the evicted-topics memory stays bounded with ever-new topics, and its floor stays exact about what left', () => {
  const hub = new StreamHub({ historySize: 10 });
  for (let i = 0; i < 20_000; i++) hub.publish(`t.${i}`, i);
  assert.ok(hub.evicted.size <= 4096 * 1.25, `${hub.evicted.size} topics remembered`);
  assert.ok(hub.evicted.size >= 4096);
  const none = () => false;
  // Every event up to the floor left the history; one after it only if its topic is remembered.
  assert.ok(Number(hub.evictedFloor) > 0 && Number(hub.evictedFloor) < hub.oldestId);
  assert.equal(hub.lostAfter(Number(hub.evictedFloor) - 1, none), true, 'below the floor: lost, whatever the topic');
  assert.equal(hub.lostAfter(hub.oldestId - 1, none), false, 'nothing the client may see left after it');
  assert.equal(hub.lostAfter(hub.oldestId - 5, (t) => t === `t.${hub.oldestId - 3}`), true, 'a remembered topic it may see left');
});
