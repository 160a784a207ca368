// A client cut before its first data event must still have a resume point: pulse.hello carries
// the id to resume from, so what was published while it was away is not silently lost.
// Against the real reference server in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefControl } from '../fixtures/ref-server-control.mjs';
import { openSse } from './helpers.js';

test('a client cut before its first event still has a resume point (pulse.hello carries an id)', async (t) => {
  const ref = createRefControl();
  t.after(() => ref.stopAll());
  await ref.start({ heartbeatMs: 1000 });
  await ref.publishRange('other', 1, 3); // the server already has ids
  const s = await openSse(`${ref.url}/events?topics=seq`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  s.close();
  await ref.publishRange('seq', 1, 5); // published while the client is away
  const resumeFrom = s.lastEventId; // what a spec-following client sends as Last-Event-ID
  assert.notEqual(resumeFrom, undefined, 'no id before the first event: a reconnect now would be live-only and lose seq 1..5');
  const again = await openSse(`${ref.url}/events?topics=seq`, { 'Last-Event-ID': String(resumeFrom) });
  t.after(() => again.close());
  await again.waitForData(5);
});
