// What the chart writes on its canvas must be readable: no two labels on each other (axes,
// thresholds, gap bands), no two ticks saying the same value, no series called "value".
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { valueLabels } from '../../src/elements/time-series/axes.js';
import { newSession, nextFrames, waitFor } from './helpers.js';
import { axisLabelBoxes, overlapping, type LabelBox } from './visible.js';

async function mount(attrs: string, style: string) {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('axes')}`}></pulse-source>`);
  const holder = document.createElement('div');
  holder.innerHTML = `<time-series ${attrs} style="${style}"></time-series>`; // static test markup
  const chart = holder.firstElementChild as TimeSeries;
  source.append(chart);
  await waitFor(() => !!chart.plot, 'uPlot created');
  await nextFrames();
  return { source, chart };
}

const legend = (el: Element) => [...el.shadowRoot!.querySelectorAll('.legend button .name')].map((b) => b.textContent!.trim());

/** Every label on the canvas: uPlot's tick labels and the chart's own (thresholds, gap bands). */
function allLabels(chart: TimeSeries): LabelBox[] {
  return [...axisLabelBoxes(chart.plot!), ...chart.drawnLabels];
}

function expectReadable(chart: TimeSeries, what: string) {
  const u = chart.plot!;
  const labels = allLabels(chart);
  expect(labels.length, `${what}: labels drawn`).to.be.at.least(3);
  const pairs = overlapping(labels);
  expect(pairs.map(([a, b]) => `"${a.text}" over "${b.text}"`), `${what}: overlapping labels`).to.deep.equal([]);
  for (const l of labels) {
    expect(l.x, `${what}: "${l.text}" starts inside the canvas`).to.be.at.least(-0.5);
    expect(l.x + l.w, `${what}: "${l.text}" ends inside the canvas`).to.be.at.most(u.ctx.canvas.width + 0.5);
  }
}

/** A day boundary in the past, so the time axis must also write dates. */
function lastMidnight(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

describe('<time-series> labels', function () {
  this.timeout(20_000);

  it('no two labels overlap at any width from 240 px, with dates across midnight and close thresholds', async () => {
    const { source, chart } = await mount('topic="cpu" unit="percent" min="0" max="100" warn="86" crit="90" window="5m"', 'display:block;width:240px;height:220px');
    const midnight = lastMidnight();
    // The first tick falls on :30 with the date under it: what overlapped before.
    source.publish('cpu', Array.from({ length: 300 }, (_, i) => ({ ts: midnight - 150_000 + i * 1000, value: 50 + 40 * Math.sin(i / 20) })));
    for (const width of [240, 300, 360, 480, 640, 800, 1024, 1280, 1600, 1920]) {
      chart.style.width = `${width}px`;
      await waitFor(() => Math.abs(chart.plot!.width - width) < 2, `the chart at ${width} px`);
      await nextFrames(2);
      expectReadable(chart, `${width} px`);
      const x = axisLabelBoxes(chart.plot!).filter((l) => l.h > 0 && l.y > chart.plot!.bbox.top + chart.plot!.bbox.height);
      expect(x.length, `${width} px: the time axis keeps at least two labels`).to.be.at.least(2);
      // The date is written where the day changes, and only there.
      expect(x.filter((l) => l.text.includes('\n')).length, `${width} px: one date`).to.be.within(1, 2);
    }
  });

  it('no overlap when zoomed to seconds or milliseconds, and over days', async () => {
    const { source, chart } = await mount('topic="t" unit="ms" window="7d"', 'display:block;width:320px;height:200px');
    const now = Date.now();
    source.publish('t', Array.from({ length: 500 }, (_, i) => ({ ts: now - 7 * 86_400_000 + i * 1_200_000, value: i })));
    await nextFrames(2);
    expectReadable(chart, '7 days');
    chart.zoom(now - 86_400_000, now - 86_400_000 + 4000);
    await nextFrames(2);
    expectReadable(chart, '4 seconds');
    chart.zoom(now - 86_400_000, now - 86_400_000 + 400);
    await nextFrames(2);
    expectReadable(chart, '400 ms');
  });

  it('in another locale (de) too', async () => {
    const { source, chart } = await mount('topic="t" unit="Bps" locale="de" window="10m"', 'display:block;width:260px;height:200px');
    const now = Date.now();
    source.publish('t', Array.from({ length: 600 }, (_, i) => ({ ts: now - 600_000 + i * 1000, value: 1e6 * (1 + Math.sin(i / 50)) })));
    await nextFrames(2);
    expectReadable(chart, 'de');
  });

  it('never writes the same tick label twice: an empty byte chart says 0 B/s and 1 B/s, not "1 B/s, 1 B/s"', async () => {
    const { chart } = await mount('topic="net" unit="Bps" min="0"', 'display:block;width:400px;height:240px');
    await nextFrames(2);
    const values = (chart.plot!.axes[1] as { _values?: string[] })._values ?? [];
    expect(values.length).to.be.at.least(2);
    expect(new Set(values).size, `labels: ${values.join(', ')}`).to.equal(values.length);
    expect(values).to.include('0 B/s');
  });

  it('tick labels say exactly their value, one precision per unit, never two alike', () => {
    expect(valueLabels([0, 0.2, 0.4, 0.6, 0.8, 1], { unit: 'percent' })).to.deep.equal(['0.0%', '0.2%', '0.4%', '0.6%', '0.8%', '1.0%']);
    expect(valueLabels([0, 500, 1000, 1500, 2000], { unit: 'Bps' })).to.deep.equal(['0 B/s', '500 B/s', '1.0 kB/s', '1.5 kB/s', '2.0 kB/s']);
    expect(valueLabels([0, 1536, 1048576], { unit: 'bytes' })).to.deep.equal(['0 B', '1.5 KiB', '1 MiB']);
    // decimals="0" is a minimum for the axis, never a reason to write "1%" twice.
    const rounded = valueLabels([0.5, 1, 1.5], { unit: 'percent', decimals: 0 });
    expect(new Set(rounded).size).to.equal(3);
    expect(valueLabels([1000, 1500, 2000], { unit: 'ops' })).to.deep.equal(['1.0K ops/s', '1.5K ops/s', '2.0K ops/s']);
  });

  it('threshold labels sit apart from each other and off the newest points, even when the lines are close', async () => {
    const { source, chart } = await mount('topic="cpu" unit="percent" min="0" max="100" warn="88" crit="90"', 'display:block;width:500px;height:160px');
    const now = Date.now();
    source.publish('cpu', Array.from({ length: 60 }, (_, i) => ({ ts: now - 59_000 + i * 1000, value: 89 })));
    await nextFrames(2);
    const u = chart.plot!;
    const labels = chart.drawnLabels.filter((l) => l.kind === 'threshold');
    expect(labels.map((l) => l.text)).to.have.members(['crit 90%', 'warn 88%']);
    expect(overlapping(labels)).to.deep.equal([]);
    // The newest point is at the right end: no label within the last quarter of the plot.
    const newestX = u.valToPos(now, 'x', true);
    for (const l of labels) expect(l.x + l.w, `"${l.text}" clear of the newest point`).to.be.below(newestX - 0.2 * u.bbox.width);
    // And they are on the canvas where the boxes say: label-coloured pixels in each box.
    for (const l of labels) {
      const data = u.ctx.getImageData(Math.round(l.x), Math.round(l.y), Math.round(l.w), Math.round(l.h)).data;
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 200) inked++;
      expect(inked, `"${l.text}" is drawn in its box`).to.be.above(20);
    }
  });

  it('names a payload\'s "value" field after the chart, never "value"', async () => {
    const { source, chart } = await mount('topic="cpu" label="CPU" unit="percent"', 'display:block;width:500px;height:240px');
    source.publish('cpu', { ts: Date.now(), value: 12, core0: 10, core1: 14 });
    await nextFrames(2);
    expect(legend(chart)).to.deep.equal(['CPU', 'core0', 'core1']);
    expect(chart.plot!.series.map((s) => s.label)).to.deep.equal(['Time', 'CPU', 'core0', 'core1']);
    expect(chart.shadowRoot!.querySelector('#summary')!.textContent).to.contain('CPU 12 percent').and.not.match(/\bvalue \d/);

    // Without a label: the topic.
    const other = await mount('topic="mem" unit="percent"', 'display:block;width:500px;height:240px');
    other.source.publish('mem', { ts: Date.now(), value: 40, cache: 10 });
    await nextFrames(2);
    expect(legend(other.chart)).to.deep.equal(['mem', 'cache']);
  });
});
