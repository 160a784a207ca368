// Heartbeats spread over their interval. Every client still gets one every `intervalMs`, but the
// clients are split into slices, one slice per tick: 20,000 idle clients never take 20,000
// socket writes in one turn of the event loop (an event published meanwhile would wait for all
// of them), only a tenth of that.

/** Slices per interval (fewer for short intervals, so no tick is under 10 ms). */
const SLICES = 10;

let nextSlot = 0;

/** A client's slice, given once when it connects (round robin, so slices stay even). */
export function heartbeatSlot() {
  nextSlot = (nextSlot + 1) % 1_000_000;
  return nextSlot;
}

/**
 * @param {Iterable<{ heartbeatSlot: number, heartbeat: (ts: number) => void }>[]} groups the SSE and WebSocket clients
 * @param {number} intervalMs
 * @returns {NodeJS.Timeout} clear it to stop
 */
export function startHeartbeats(groups, intervalMs) {
  const slices = Math.max(1, Math.min(SLICES, Math.floor(intervalMs / 10)));
  let tick = 0;
  const timer = setInterval(() => {
    const slice = tick++ % slices;
    const ts = Date.now();
    for (const group of groups) for (const client of group) if (client.heartbeatSlot % slices === slice) client.heartbeat(ts);
  }, intervalMs / slices);
  timer.unref();
  return timer;
}
