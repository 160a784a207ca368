// A chart never joins points across a hole in the data: the line breaks, the hole is shaded with
// its cause, and the accessible summary says so. Against a local source and against the real
// reference server killed and cut through the test runner's proxy (test/fixtures/ref-server-control.mjs).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { newSession, nextFrames, ref, waitFor } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const summary = (chart: TimeSeries) => chart.shadowRoot!.querySelector('#summary')!.textContent ?? '';

async function mountLocal(attrs: string) {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('gaps')}`}></pulse-source>`);
  const holder = document.createElement('div');
  holder.innerHTML = `<time-series ${attrs} style="display:block;width:800px;height:260px"></time-series>`; // static test markup
  const chart = holder.firstElementChild as TimeSeries;
  source.append(chart);
  await waitFor(() => !!chart.plot, 'uPlot created');
  await nextFrames();
  return { source, chart };
}

/** Share of the plot's rows with something drawn at the time `ts` (a band covers nearly all). */
function coverageAt(chart: TimeSeries, ts: number): number {
  const u = chart.plot!;
  const x = Math.round(u.valToPos(ts, 'x', true));
  const { top, height } = u.bbox;
  const column = u.ctx.getImageData(x, Math.round(top), 1, Math.round(height)).data;
  let drawn = 0;
  for (let i = 3; i < column.length; i += 4) if (column[i]! > 0) drawn++;
  return drawn / (column.length / 4);
}

const points = (from: number, n: number, step: number, v = (i: number) => 10 + (i % 5)) => Array.from({ length: n }, (_, i) => ({ ts: from + i * step, value: v(i) }));

describe('<time-series> gaps', function () {
  this.timeout(30_000);

  it('a long pause between points breaks the line, shades the hole and says so', async () => {
    const { source, chart } = await mountLocal('topic="cpu" unit="percent" window="2m"');
    const t0 = Date.now() - 60_000;
    source.publish('cpu', points(t0, 20, 1000)); // every second ...
    source.publish('cpu', points(t0 + 40_000, 20, 1000)); // ... then nothing for 21 s
    await nextFrames(2);

    const [xs, ys] = chart.getData();
    const at = ys!.indexOf(null);
    expect(at, 'a null breaks the line').to.be.above(0);
    expect(xs[at - 1]).to.equal(t0 + 19_000);
    expect(chart.plot!.data[1]).to.include(null);
    expect(chart.gaps).to.have.length(1);
    expect(chart.gaps[0]).to.include({ from: t0 + 19_000, to: t0 + 40_000, cause: 'no-data' });
    // Drawn: the hole is shaded from top to bottom, the data-free time before the first point is not.
    expect(coverageAt(chart, t0 + 30_000), 'band in the hole').to.be.above(0.8);
    expect(coverageAt(chart, t0 - 30_000), 'nothing before the data').to.be.below(0.2);
    expect(chart.drawnLabels.filter((l) => l.kind === 'gap').map((l) => l.text)).to.deep.equal(['no data']);
    await waitFor(() => /Gaps in the data: no data from .+ to .+\./.test(summary(chart)), `the summary names the gap: ${summary(chart)}`);
  });

  it('points at their usual pace are one line, and gap-after="off" joins even a long pause', async () => {
    const { source, chart } = await mountLocal('topic="cpu" window="2m"');
    const t0 = Date.now() - 60_000;
    source.publish('cpu', points(t0, 50, 1000, (i) => i + (i % 3 ? 0.4 : 0)));
    await nextFrames(2);
    expect(chart.getData()[1]).not.to.include(null);
    expect(chart.gaps).to.deep.equal([]);

    const off = await mountLocal('topic="cpu" window="2m" gap-after="off"');
    off.source.publish('cpu', [...points(t0, 10, 1000), ...points(t0 + 40_000, 10, 1000)]);
    await nextFrames(2);
    expect(off.chart.getData()[1]).not.to.include(null);

    const fixed = await mountLocal('topic="cpu" window="2m" gap-after="5s"');
    fixed.source.publish('cpu', [{ ts: t0, value: 1 }, { ts: t0 + 6000, value: 2 }]);
    await nextFrames(2);
    expect(fixed.chart.getData()[1]).to.deep.equal([1, null, 2]);
  });

  it('pulse.gap (events lost upstream) breaks the line at the next point, even at the usual pace', async () => {
    const { source, chart } = await mountLocal('topic="cpu" window="2m"');
    const t0 = Date.now() - 30_000;
    source.publish('cpu', points(t0, 10, 1000));
    source.publish('pulse.gap', { lastEventId: '10', oldestId: '40' });
    source.publish('cpu', points(t0 + 10_000, 10, 1000));
    await nextFrames(2);
    const ys = chart.getData()[1]!;
    expect(ys.filter((v) => v === null)).to.have.length(1);
    expect(chart.gaps[0]).to.include({ from: t0 + 9000, to: t0 + 10_000, cause: 'lost' });
    await waitFor(() => summary(chart).includes('events lost from'), `the summary: ${summary(chart)}`);
  });

  it('history inserted before live points is scanned for holes too', async () => {
    const { source, chart } = await mountLocal('topic="cpu" window="3m"');
    const t0 = Date.now() - 120_000;
    source.publish('cpu', points(t0 + 90_000, 5, 1000)); // live first
    await nextFrames();
    // Older points arrive after (out of order): 30 s of data, a 30 s hole, 30 s more.
    source.publish('cpu', [...points(t0, 30, 1000), ...points(t0 + 60_000, 30, 1000)]);
    await nextFrames(2);
    expect(chart.gaps.map((g) => [g.from, g.to])).to.deep.equal([[t0 + 29_000, t0 + 60_000]]);
    const [xs, ys] = chart.getData();
    const nulls = ys!.map((v, i) => (v === null ? xs[i] : undefined)).filter((t) => t !== undefined);
    expect(nulls).to.deep.equal([t0 + 29_001]);
  });
});

// ------------------------------------------------------------------ against the reference server

/** Publishes one point (`n`, real time) every `every` ms, `count` times, through the server's /ingest. */
async function publishPoints(from: number, count: number, every = 200): Promise<void> {
  for (let n = from; n < from + count; n++) {
    await ref('publish', { topic: 'm', from: n, to: n, extra: { ts: Date.now() } });
    await sleep(every);
  }
}

async function openRef() {
  const info = await ref('start', { cors: ['*'], heartbeatMs: 200, retryMs: 100, retryAfterSec: 1 });
  const source = await fixture<PulseSource>(html`<pulse-source src=${`${info.proxyUrl}/events?topics=m`}></pulse-source>`);
  const chart = document.createElement('time-series') as TimeSeries;
  chart.setAttribute('topic', 'm');
  chart.setAttribute('field', 'n');
  chart.setAttribute('window', '20s');
  chart.style.cssText = 'display:block;width:900px;height:240px';
  source.append(chart);
  await waitFor(() => source.state === 'open', 'connected', 10_000);
  return { source, chart };
}

describe('<time-series> gaps against the reference server', function () {
  this.timeout(40_000);

  afterEach(async () => {
    await ref('stop');
  });

  it('killed and restarted without its history: the axis moves on while down, then the hole stays a gap, shaded and described', async () => {
    const { chart } = await openRef();
    await publishPoints(1, 12);
    await waitFor(() => chart.getData()[0].length === 12, '12 points');

    await ref('kill');
    await waitFor(() => chart.status === 'reconnecting', 'reconnecting');
    // While down: the time axis follows the clock and the outage is shaded up to now.
    const max0 = chart.plot!.scales['x']!.max!;
    await sleep(1500);
    await nextFrames(2);
    expect(chart.plot!.scales['x']!.max!, 'the time axis moves on').to.be.above(max0 + 500);
    const last = chart.getData()[0].at(-1)!;
    // Halfway from the last point to the axis' end (now, on the data's clock): on a loaded machine
    // the data clock can trail the wall clock by the delivery delay, so no fixed offset from `last`.
    const shownUntil = chart.plot!.scales['x']!.max!;
    expect(shownUntil - last, 'the axis runs past the last point').to.be.above(500);
    expect(coverageAt(chart, (last + shownUntil) / 2), 'the outage is shaded').to.be.above(0.8);
    await waitFor(() => /Disconnected since/.test(summary(chart)), `the summary says disconnected: ${summary(chart)}`);

    await ref('restart');
    await waitFor(() => chart.status !== 'reconnecting', 'back', 15_000);
    await publishPoints(100, 8);
    await waitFor(() => chart.getData()[0].length >= 20, 'points after the restart', 10_000);
    await nextFrames(2);
    const [xs, ys] = chart.getData();
    const at = ys!.indexOf(null);
    expect(at, 'the line breaks where the server was down').to.be.above(0);
    expect(xs[at - 1]).to.equal(last);
    expect(chart.gaps).to.have.length(1);
    expect(chart.gaps[0]!.cause).to.equal('disconnected');
    expect(coverageAt(chart, (chart.gaps[0]!.from + chart.gaps[0]!.to) / 2), 'the hole is shaded').to.be.above(0.8);
    expect(chart.drawnLabels.map((l) => l.text)).to.include('disconnected');
    await waitFor(() => /Gaps in the data: disconnected from .+ to .+\./.test(summary(chart)) && !/Disconnected since/.test(summary(chart)), `the summary: ${summary(chart)}`);
  });

  it('a cut whose missed events the server replays leaves no gap: the band goes once the data is back', async () => {
    const { chart } = await openRef();
    await publishPoints(1, 10);
    await waitFor(() => chart.getData()[0].length === 10, '10 points');

    await ref('mode', { block: true });
    await ref('cut');
    await waitFor(() => chart.status === 'reconnecting', 'reconnecting');
    await publishPoints(11, 10); // while the client is cut off; the server keeps them
    await nextFrames(2);
    expect(coverageAt(chart, chart.getData()[0].at(-1)! + 300), 'the outage is shaded while down').to.be.above(0.8);

    await ref('mode', { block: false });
    await waitFor(() => chart.getData()[0].length === 20, 'the missed points replayed', 15_000);
    await nextFrames(2);
    expect(chart.getData()[1], 'no break: nothing is missing').not.to.include(null);
    expect(chart.gaps).to.deep.equal([]);
    expect(chart.drawnLabels.filter((l) => l.kind === 'gap')).to.deep.equal([]);
  });
});
