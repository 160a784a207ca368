// A long outage in real time (npm run test:chaos): the network to the real reference server is
// blocked for 80 s (the proxy refuses every connection). For the first minute the client retries
// every 1-2 s; after that its delays grow (2-4 s, 4-8 s, 8-16 s...) so a thousand screens would
// not hammer the server; when the network is back it reconnects by itself. SSE, then WebSocket.
import { expect } from '@open-wc/testing';
import { StreamHub } from '../../src/data/stream-hub.js';
import type { TransportKind } from '../../src/data/types.js';
import { waitFor } from '../browser/helpers.js';

async function ref(action: string, arg: unknown = {}) {
  const response = await fetch(`/__ref/${action}?json=${encodeURIComponent(JSON.stringify(arg))}`);
  const info = await response.json();
  if (!info.ok) throw new Error(info.error);
  return info as { proxyUrl: string; stats: { attempts: number[]; refused: number } };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OUTAGE_MS = 80_000;

describe('chaos: a long outage backs off', () => {
  afterEach(() => ref('stop'));

  for (const transport of ['sse', 'ws'] as TransportKind[]) {
    it(`${transport}: quick retries for the first minute, then growing delays, then back`, async function () {
      this.timeout(OUTAGE_MS + 60_000);
      const info = await ref('start', { cors: ['*'], heartbeatMs: 500 });
      const url = transport === 'ws' ? `${info.proxyUrl.replace(/^http/, 'ws')}/ws?topics=seq` : `${info.proxyUrl}/events?topics=seq`;
      const hub = new StreamHub({ url, transport });
      const release = hub.retain();
      try {
        await waitFor(() => hub.state === 'open', 'open', 10_000);
        await ref('mode', { block: true });
        const blockedAt = Date.now();
        await ref('cut');
        await sleep(OUTAGE_MS);
        const attempts = (await ref('info')).stats.attempts.filter((t) => t >= blockedAt);
        const unblockedAt = Date.now();
        await ref('mode', {});
        await waitFor(() => hub.state === 'open', 'open again after the outage', 20_000);
        const backMs = Date.now() - unblockedAt;

        const gaps = attempts.slice(1).map((t, i) => ({ at: attempts[i]! - blockedAt, gap: t - attempts[i]! }));
        const young = gaps.filter((g) => g.at < 58_000).map((g) => g.gap);
        const old = gaps.filter((g) => g.at >= 62_000).map((g) => g.gap);
        console.log(`${transport}: ${attempts.length} attempts in ${OUTAGE_MS / 1000} s; gaps in the first minute up to ${Math.max(...young)} ms; after it ${old.join(', ')} ms; back ${backMs} ms after the network`);
        expect(young.length, 'attempts in the first minute').to.be.at.least(25);
        expect(Math.max(...young), 'no gap over 2 s in the first minute (+ slack for a busy machine)').to.be.below(2600);
        expect(Math.max(...old), 'backing off after a minute: a delay of 4 s or more').to.be.at.least(4000);
        expect(old.length, 'few attempts in the last 18 s').to.be.at.most(5);
        expect(backMs, 'back within the current delay (at most 16 s this far in)').to.be.below(17_000);
      } finally {
        release();
        hub.dispose();
      }
    });
  }
});
