// Memory: an hour of traffic (2 metric streams at 1 Hz, 10 log lines/s, an alert every 2 s that
// resolves 10 s later, 5 agent updates/s with a new agent every 10 s, a new topic name every 5 s)
// published minute by minute at accelerated rate into every element. Every buffer must stay at
// its cap, and the DOM each element holds must stop growing once the caps are reached.
import { expect } from '@open-wc/testing';
import { nextFrames } from './helpers.js';
import { CAPS, mountSoakPage, publishMinute, sample, type Sample } from './soak.js';

const MINUTES = 60;

describe('memory: an hour of traffic, accelerated', () => {
  it('keeps every buffer at its cap and the DOM from growing', async function () {
    // A fixed amount of work, not a timing: about 5 s in Chromium on a quiet machine, but Firefox
    // and WebKit take twice as long, and a busy 2-core machine twice that again.
    this.timeout(90_000);
    const page = await mountSoakPage();
    const start = Date.now() - MINUTES * 60_000;
    const samples: Sample[] = [];
    for (let minute = 0; minute < MINUTES; minute++) {
      publishMinute(page, minute, start);
      await nextFrames(1);
      if (minute === 14 || minute === MINUTES - 1) {
        await nextFrames(2);
        samples.push(sample(page, minute));
      }
    }
    const [early, end] = samples as [Sample, Sample];
    const gaugeCap = (page.gauge as unknown as { buffer: { capacity: number } }).buffer.capacity;

    // The hub: each topic's history and the number of topics kept.
    expect(end.history, 'hub history per topic').to.equal(CAPS.history);
    expect(end.keptTopics, 'topics the hub keeps history for').to.be.at.most(CAPS.maxTopics);
    // Series buffers: live points at the cap; the storage behind them at most twice that.
    expect(end.chartPoints, 'time-series points').to.be.at.most(CAPS.points).and.at.least(CAPS.points - 1);
    expect(end.chartStorage, 'time-series storage').to.be.at.most(2 * CAPS.points);
    expect(end.gaugePoints, 'gauge sparkline points').to.be.at.most(gaugeCap);
    expect(end.gaugeStorage, 'gauge storage').to.be.at.most(2 * gaugeCap);
    // Log ring, alerts, agents at their caps; the log is virtualised.
    expect(end.lines, 'log lines kept').to.equal(CAPS.lines);
    expect(end.logRows, 'log rows in the DOM').to.be.at.most(200);
    expect(end.alerts, 'alerts kept').to.equal(CAPS.alerts);
    expect(end.alertNodes, 'alert items in the DOM').to.be.at.most(CAPS.alerts);
    expect(end.agents, 'agents kept').to.equal(CAPS.agents);
    expect(end.agentCards, 'agent cards in the DOM').to.be.at.most(CAPS.agents);
    // From minute 15 (caps reached) to minute 60 the DOM of every element stays the same size.
    for (const [name, count] of Object.entries(end.domNodes)) {
      const before = early.domNodes[name]!;
      expect(count, `${name}: ${before} DOM nodes at minute 15, ${count} at minute 60`).to.be.at.most(Math.ceil(before * 1.1) + 20);
    }
    // And the user still sees the latest data.
    await nextFrames();
    expect(page.log.shadowRoot!.querySelector('.row:last-of-type .msg')?.textContent ?? [...page.log.shadowRoot!.querySelectorAll('.row .msg')].map((m) => m.textContent).join('|')).to.contain(`request ${MINUTES * 60 - 1}-`);
  });
});
