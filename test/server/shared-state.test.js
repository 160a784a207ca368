// The shared-state tables (server/shared-state.js) acks and silences are kept in: one node, and a
// cluster of two nodes on a real redis-server, where a write on one node reaches the other in
// stream order and a node that starts later seeds from Redis.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRig, sleep } from '../fixtures/cluster-rig.mjs';
import { eventually, startServer } from './helpers.js';
import { LocalSharedState } from '../../server/shared-state.js';

const rig = createRig('pulse-state');
after(() => rig.stopAll());

test('one node: set, get, onChange, expiry, delete', async () => {
  let now = 1000;
  const state = new LocalSharedState({ now: () => now });
  const acks = state.table('acks');
  /** @type {[string, unknown][]} */
  const changes = [];
  acks.onChange((k, v) => changes.push([k, v]));
  await acks.set('a1', { by: 'ops', at: 1 }, { ttlMs: 500 });
  await acks.set('a2', { by: 'dev' });
  assert.deepEqual(acks.get('a1'), { by: 'ops', at: 1 });
  now += 600;
  assert.equal(acks.get('a1'), undefined, 'expired');
  await acks.delete('a2');
  assert.deepEqual(acks.entries(), []);
  assert.deepEqual(changes, [['a1', { by: 'ops', at: 1 }], ['a2', { by: 'dev' }], ['a1', null], ['a2', null]]);
  await assert.rejects(acks.set('', 1), RangeError);
  await assert.rejects(acks.set('k', null), TypeError);
});

test('cluster: a write on one node is seen on the other, a late node seeds from Redis, and Redis down rejects the write', async () => {
  const redis = await rig.redis();
  const opts = { redis: { url: redis.url, prefix: 'state-test' } };
  const a = await startServer(null, opts);
  const b = await startServer(null, opts);
  try {
    const onA = a.app.context.sharedState.table('silences');
    const onB = b.app.context.sharedState.table('silences');
    await Promise.all([onA.ready, onB.ready]);
    /** @type {string[]} */
    const seenOnB = [];
    onB.onChange((k, v) => seenOnB.push(`${k}=${JSON.stringify(v)}`));
    await onA.set('fp-1', { by: 'ana', until: 123 }, { ttlMs: 60_000 });
    await eventually(() => onB.get('fp-1'), 3000, 'the write on node b');
    assert.deepEqual(onB.get('fp-1'), { by: 'ana', until: 123 });
    await onB.delete('fp-1');
    await onB.set('fp-2', { by: 'bo' });
    await eventually(() => onA.get('fp-2') && onA.get('fp-1') === undefined, 3000, 'both changes on node a');
    assert.deepEqual(seenOnB, ['fp-1={"by":"ana","until":123}', 'fp-1=null', 'fp-2={"by":"bo"}'], 'in stream order');

    const c = await startServer(null, opts);
    try {
      const onC = c.app.context.sharedState.table('silences');
      await onC.ready;
      assert.deepEqual(onC.entries(), [['fp-2', { by: 'bo' }]], 'seeded from the hash');
    } finally {
      await c.app.close();
    }

    await rig.kill(redis.proc, 'SIGKILL');
    await sleep(100);
    await assert.rejects(onA.set('fp-3', { by: 'x' }), /redis unavailable/);
  } finally {
    await Promise.all([a.app.close(), b.app.close()]);
  }
});

test('cluster: a node reads its own writes at once, also while its reader is busy with a flood of events', async () => {
  const redis = await rig.redis();
  const a = await startServer(null, { redis: { url: redis.url, prefix: 'ryw' } });
  try {
    const table = a.app.context.sharedState.table('acks');
    await table.ready;
    // 10,000 events of 200 bytes written meanwhile keep the node's one reader behind the writes.
    const flood = (async () => {
      for (let j = 0; j < 20; j++) await a.app.context.ingest(Array.from({ length: 500 }, (_, n) => ({ topic: 'load', data: { n, pad: 'x'.repeat(200) } })), null);
    })();
    /** @type {number[]} */
    const missed = [];
    for (let i = 0; i < 100; i++) {
      await table.set(`k${i % 5}`, { i });
      if (/** @type {{ i?: number } | undefined} */ (table.get(`k${i % 5}`))?.i !== i) missed.push(i);
    }
    await flood;
    assert.deepEqual(missed, [], 'set() resolved before this node could read what it wrote');
  } finally {
    await a.app.close();
  }
});
