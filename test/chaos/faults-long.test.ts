// Long fault run (npm run test:chaos): 1,500 events through the real reference server while the
// proxy cuts every connection after 3 events and stalls one now and then. Every event exactly
// once, in order; no gap (the history holds them all).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { waitFor } from '../browser/helpers.js';

async function ref(action: string, arg: unknown = {}) {
  const response = await fetch(`/__ref/${action}?json=${encodeURIComponent(JSON.stringify(arg))}`);
  const info = await response.json();
  if (!info.ok) throw new Error(info.error);
  return info as { proxyUrl: string; stats: { cuts: number; stalls: number } };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chaos: cuts and stalls for 1,500 events', () => {
  after(() => ref('stop'));

  it('delivers every event exactly once, in order', async function () {
    this.timeout(300_000);
    const info = await ref('start', { cors: ['*'], heartbeatMs: 200, retryMs: 50, history: 5000 });
    const source = await fixture<PulseSource>(html`<pulse-source src=${`${info.proxyUrl}/events?topics=seq`}>
      <metric-gauge topic="seq" field="n" decimals="0"></metric-gauge>
    </pulse-source>`);
    const got: number[] = [];
    source.subscribe('seq', (p) => got.push((p as { n: number }).n));
    await waitFor(() => source.state === 'open', 'open', 10_000);
    // One event first: a client that has received nothing has no id to resume from (see
    // test/server/resume-before-first-event.test.js).
    await ref('publish', { topic: 'seq', from: 1, to: 1 });
    await waitFor(() => got.length === 1, 'the first event', 10_000);
    await ref('mode', { cutEvery: 3 });
    await ref('cut'); // from here on every connection is cut after 3 events
    const total = 1500;
    for (let from = 2; from <= total; from += 10) {
      await ref('mode', from % 200 === 2 ? { stallAfter: 2, stallOnce: true } : { cutEvery: 3 });
      await ref('publish', { topic: 'seq', from, to: Math.min(total, from + 9) });
      await sleep(20);
    }
    await ref('mode', {});
    await waitFor(() => got.length >= total, `${total} events`, 60_000).catch((e: Error) => {
      const seen = new Set(got);
      const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !seen.has(n));
      throw new Error(`${e.message}: have ${got.length}, missing ${missing.slice(0, 40).join(',')}; stats ${JSON.stringify(source.stats)}`);
    });
    await sleep(200);
    expect(got).to.deep.equal(Array.from({ length: total }, (_, i) => i + 1));
    expect(source.stats.gaps).to.equal(0);
    const stats = (await ref('info')).stats;
    expect(stats.cuts, 'the proxy really cut many connections').to.be.at.least(30);
  });
});
