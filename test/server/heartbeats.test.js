// Heartbeats are spread over their interval (server/heartbeats.js): every client still gets one
// per interval, but not all clients in the same turn, so thousands of idle clients never cost one
// long burst of writes that delays the events published meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSse, waitUntil, startServer } from './helpers.js';

test('heartbeats: each client gets one per interval, and the clients of a server get theirs in different ticks', async (t) => {
  const intervalMs = 300; // 10 slices of 30 ms
  const { base } = await startServer(t, { heartbeatMs: intervalMs });
  const streams = [];
  for (let i = 0; i < 10; i++) streams.push(await openSse(`${base}/events`));
  t.after(() => streams.forEach((s) => s.close()));
  for (const s of streams) await waitUntil(s, 'comment', () => s.comments.length >= 3, 10_000, 'three heartbeats');
  const ts = streams.map((s) => s.comments.map((c) => Number(c.slice(3))));
  for (const beats of ts) {
    // Bounds, not timings: one interval apart (the timer may run late on a busy machine, never early by much).
    for (let i = 1; i < beats.length; i++) assert.ok(beats[i] - beats[i - 1] >= intervalMs * 0.8, `heartbeats one interval apart: ${beats}`);
  }
  // Ten clients, ten consecutive slots: their heartbeats were written in several ticks, not one.
  const firstTicks = new Set(ts.map((beats) => beats[1]));
  assert.ok(firstTicks.size >= 3, `heartbeats of 10 clients spread over ticks (${[...firstTicks].join(', ')})`);
});
