// A memory-only server that restarts must not hand out ids its previous run used: a client
// resuming from the old run would be sent only what follows its old id and lose the rest without
// a word. Ids are seeded from the clock, so the old id is older than anything kept: pulse.gap.
// Against the real reference server in a child process, killed and restarted on the same port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefControl } from '../fixtures/ref-server-control.mjs';
import { openSse } from './helpers.js';

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
