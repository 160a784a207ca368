// The real-time soak (npm run test:chaos): the memory soak's traffic at its real rate for
// SOAK_MINUTES (default 10; the fast hour-equivalent runs in npm test as memory-soak.test.ts).
// Every buffer must sit at its cap, and the DOM and the JS heap must stop growing.
import { expect } from '@open-wc/testing';
import { nextFrames } from '../browser/helpers.js';
import { CAPS, RATE, mountSoakPage, publishSecond, sample, type Sample } from '../browser/soak.js';

// @ts-expect-error served by the test runner's chaos plugin
import { SOAK_MINUTES } from '/__chaos.js';

const heap = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;

describe('soak: real-time traffic', () => {
  it(`keeps every buffer bounded for ${SOAK_MINUTES} minutes`, async function () {
    this.timeout((SOAK_MINUTES + 2) * 60_000);
    const page = await mountSoakPage();
    const samples: Sample[] = [];
    const heaps: number[] = [];
    const start = Date.now();
    for (let second = 0; second < SOAK_MINUTES * 60; second++) {
      publishSecond(page, second, Date.now());
      await new Promise((r) => setTimeout(r, Math.max(0, start + (second + 1) * 1000 - Date.now())));
      if (second % 60 === 59) {
        await nextFrames();
        samples.push(sample(page, Math.floor(second / 60)));
        heaps.push(heap());
      }
    }
    const end = samples[samples.length - 1]!;
    const mid = samples[Math.floor(samples.length / 2)]!;
    const seconds = SOAK_MINUTES * 60;
    expect(end.history).to.equal(Math.min(CAPS.history, seconds * RATE.logs)); // logs: the busiest topic
    expect(end.lines).to.equal(Math.min(CAPS.lines, seconds * RATE.logs));
    expect(end.keptTopics).to.be.at.most(CAPS.maxTopics);
    expect(end.alerts).to.be.at.most(CAPS.alerts);
    expect(end.agents).to.be.at.most(CAPS.agents);
    expect(end.chartPoints).to.be.at.most(CAPS.points);
    for (const [name, count] of Object.entries(end.domNodes)) expect(count, name).to.be.at.most(Math.ceil(mid.domNodes[name]! * 1.1) + 20);
    // Heap without forced GC is noisy: only a sustained doubling from the middle to the end fails.
    const midHeap = heaps[Math.floor(heaps.length / 2)]!;
    if (midHeap) expect(heaps[heaps.length - 1]!, `heap ${heaps.map((h) => Math.round(h / 1e6)).join(' → ')} MB`).to.be.below(midHeap * 2);
  });
});
