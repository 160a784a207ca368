import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockSeededStartId } from '../../server/options.js';
import { openSse, startServer } from './helpers.js';

test('a memory-only server seeds its ids from the clock, so a restarted run starts above the last', () => {
  const earlier = clockSeededStartId(Date.parse('2026-11-23T10:00:00Z'));
  // A run that published 50,000 events a second for ten minutes, then restarted a second later:
  const lastOfEarlierRun = earlier + 50_000 * 600;
  const restarted = clockSeededStartId(Date.parse('2026-11-23T10:10:01Z'));
  assert.ok(restarted > lastOfEarlierRun, `${restarted} <= ${lastOfEarlierRun}`);
  assert.ok(Number.isSafeInteger(restarted * 10), 'ids stay exact integers with room to grow');
  assert.ok(String(restarted).length <= 15);
});

test('a client resuming from a previous run of the server is told about the gap', async (t) => {
  const { base, hub } = await startServer(t, { startId: clockSeededStartId() });
  hub.publish('cpu', 1);
  const s = await openSse(`${base}/events`, { 'Last-Event-ID': '10' }); // an id of the old run
  t.after(() => s.close());
  const gap = await s.waitForEvent((e) => e.event === 'pulse.gap');
  assert.equal(gap.json.lastEventId, '10');
});
