// Faults at the server level: the reference server in a child process, SIGKILLed mid-stream and
// started again on the same port; a cut that destroys the socket mid-event. Raw HTTP clients,
// nothing mocked. (The page's side of the same faults: test/browser/faults-reference-server.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createRefControl } from '../fixtures/ref-server-control.mjs';
import { openSse } from './helpers.js';

const data = (s) => s.events.filter((e) => !e.event.startsWith('pulse.'));

test('faults: SIGKILL mid-stream ends the stream at once; after a restart on the same port a resuming client gets the new run exactly once', async (t) => {
  const ref = createRefControl();
  t.after(() => ref.stopAll());
  await ref.start({ heartbeatMs: 100, history: 100 });
  const first = await openSse(`${ref.url}/events?topics=seq`);
  t.after(() => first.close());
  await ref.publishRange('seq', 1, 10);
  await first.waitForData(10);
  assert.deepEqual(data(first).map((e) => e.json.n), Array.from({ length: 10 }, (_, i) => i + 1));
  const lastId = first.lastEventId;

  await ref.kill();
  await first.waitForEnd(3000); // no hang: the client learns the connection is gone
  await assert.rejects(openSse(`${ref.url}/events`), /ECONNREFUSED/, 'nothing listens while it is down');

  await ref.restart();
  const second = await openSse(`${ref.url}/events?topics=seq`, { 'Last-Event-ID': String(lastId) });
  t.after(() => second.close());
  assert.equal(second.status, 200);
  await ref.publishRange('seq', 11, 20);
  await second.waitForData(10);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(data(second).map((e) => e.json.n), Array.from({ length: 10 }, (_, i) => i + 11), 'each new event once, in order');
  // The new run's ids start above every id of the old one (they are seeded from the clock), so
  // the resume point is older than anything the new run keeps: the server says so with a gap.
  assert.ok(Number(data(second)[0].id) > Number(lastId));
  assert.ok(second.events.some((e) => e.event === 'pulse.gap'), 'the restart is announced as a gap');
});

test('faults: after a socket destroyed in the middle of an event, resuming from the last complete id delivers that event whole, once', async (t) => {
  const ref = createRefControl();
  t.after(() => ref.stopAll());
  await ref.start({ heartbeatMs: 1000, history: 100 });
  const { port } = new URL(ref.url);
  // Read raw bytes and cut the socket in the middle of the 3rd event's data line.
  const received = await new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET /events?topics=seq HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    let text = '';
    socket.on('data', (d) => {
      text += d;
      const third = text.indexOf('"n":3');
      if (third >= 0) {
        socket.destroy();
        resolve(text.slice(0, third + 2));
      }
    });
    socket.on('error', reject);
    setTimeout(() => ref.publishRange('seq', 1, 5), 100);
  });
  assert.match(received, /"n":2/);
  const ids = [...received.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);
  const lastComplete = ids[ids.length - 2]; // the last id whose event ended with a blank line
  const resumed = await openSse(`${ref.url}/events?topics=seq`, { 'Last-Event-ID': lastComplete });
  t.after(() => resumed.close());
  await resumed.waitForData(3);
  assert.deepEqual(data(resumed).map((e) => e.json.n), [3, 4, 5]);
});
