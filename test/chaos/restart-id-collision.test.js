// KNOWN BUG (reported, issue 9): a memory-only reference server restarts its ids at 1. If the
// new run publishes past the client's Last-Event-ID before the client reconnects, the server
// takes the old id for one of its own: it sends only what follows it, and the events in between
// are lost with no pulse.gap, so the page cannot show a gap. This test states the correct
// behaviour and FAILS until the server tells runs apart (e.g. a run epoch in pulse.hello / the
// ids, or persistence with --data). Kept out of `npm test` so the main suite stays green; run
// with `npm run test:chaos`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefControl } from '../fixtures/ref-server-control.mjs';
import { openSse } from '../server/helpers.js';

test('restart: events of the new run published before the client reconnects are delivered, or a gap is announced', async (t) => {
  const ref = createRefControl();
  t.after(() => ref.stopAll());
  await ref.start({ heartbeatMs: 100, history: 100 });
  const first = await openSse(`${ref.url}/events?topics=seq`);
  t.after(() => first.close());
  await ref.publishRange('seq', 1, 10);
  await first.waitForData(10);
  const lastId = first.lastEventId; // "10"
  await ref.kill();
  await ref.restart();
  await ref.publishRange('seq', 11, 25); // the new run's ids 1..15 pass the client's 10
  const second = await openSse(`${ref.url}/events?topics=seq`, { 'Last-Event-ID': String(lastId) });
  t.after(() => second.close());
  await new Promise((r) => setTimeout(r, 500));
  const got = second.events.filter((e) => !e.event.startsWith('pulse.')).map((e) => e.json.n);
  const gap = second.events.some((e) => e.event === 'pulse.gap');
  assert.ok(gap || got.join() === Array.from({ length: 15 }, (_, i) => i + 11).join(), `got ${got.join(',')} and ${gap ? 'a' : 'no'} pulse.gap: events 11..${got[0] - 1} were lost silently`);
});
