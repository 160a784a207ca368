import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { newSession, nextFrames, waitFor } from './helpers.js';

const part = (el: Element, selector: string) => el.shadowRoot!.querySelector(selector);
const text = (el: Element, selector: string) => part(el, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const legend = (el: Element) => [...el.shadowRoot!.querySelectorAll('.legend button')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());

async function mount(attrs: string, publishFirst?: (s: PulseSource) => void) {
  const src = `local:${newSession('chart')}`;
  const source = await fixture<PulseSource>(html`<pulse-source src=${src}></pulse-source>`);
  publishFirst?.(source);
  const holder = document.createElement('div');
  holder.innerHTML = `<time-series ${attrs}></time-series>`; // static test markup, not stream data
  const chart = holder.firstElementChild as TimeSeries;
  chart.style.width = '600px';
  source.append(chart);
  await waitFor(() => !!chart.plot, 'uPlot created');
  await nextFrames();
  return { source, chart };
}

describe('<time-series>', () => {
  it('creates one uPlot chart with its CSS adopted into the shadow root and an accessible name', async () => {
    const { chart } = await mount('topic="cpu" label="CPU load"');
    expect(chart.shadowRoot!.querySelectorAll('.uplot')).to.have.length(1);
    expect(getComputedStyle(chart.plot!.over).position).to.equal('absolute');
    const img = part(chart, '[role="img"]')!;
    expect(img.getAttribute('aria-label')).to.contain('CPU load');
    expect(img.getAttribute('aria-describedby')).to.equal('summary');
    expect(text(chart, 'figcaption')).to.equal('CPU load');
  });

  it('draws one series per topic of a topic list, in the order written, with live values in the legend', async () => {
    const { source, chart } = await mount('topic="cpu,mem" unit="percent" decimals="0"');
    const now = Date.now();
    source.publish('mem', { ts: now, value: 40 });
    source.publish('cpu', { ts: now, value: 12.4 });
    await nextFrames();
    expect(chart.seriesNames).to.deep.equal(['cpu', 'mem']);
    expect(legend(chart)).to.deep.equal(['cpu12%', 'mem40%']);
    expect(chart.plot!.series.map((s) => s.label)).to.deep.equal(['Time', 'cpu', 'mem']);
    expect(chart.plot!.data[1]).to.deep.equal([12.4]);
    // Later values reach the legend within its interval (250 ms), not necessarily the next frame.
    source.publish('cpu', { ts: now + 1000, value: 20 });
    await waitFor(() => legend(chart)[0] === 'cpu20%', `the latest value in the legend: ${legend(chart)[0]}`, 1500);
  });

  it('under a steady feed the legend follows the values and ends on the latest one', async () => {
    const { source, chart } = await mount('topic="cpu" decimals="0"');
    const seen = new Set<string>();
    const start = Date.now();
    let value = 0;
    // One point per frame for about a second, as a busy metric sends them.
    while (Date.now() - start < 1000) {
      source.publish('cpu', { ts: Date.now(), value: ++value });
      await nextFrames(1);
      seen.add(legend(chart)[0]!);
    }
    // It moved while the feed ran (several readings, not one frozen number) ...
    expect(seen.size).to.be.at.least(3);
    // ... and shows the last value once the feed stops.
    await waitFor(() => legend(chart)[0] === `cpu${value}`, `the last value cpu${value} in the legend: ${legend(chart)[0]}`, 1500);
    expect(text(chart, '#summary')).to.match(/cpu \d+/);
  });

  it('a steady feed draws the plot every frame but renders the legend a bounded number of times', async () => {
    const { source, chart } = await mount('topic="a,b"');
    source.publish('a', { ts: Date.now(), value: 1 });
    source.publish('b', { ts: Date.now(), value: 1 });
    await nextFrames();
    let setData = 0;
    chart.plot!.hooks.setData = [...(chart.plot!.hooks.setData ?? []), () => setData++];
    let mutations = 0;
    const observer = new MutationObserver((records) => (mutations += records.length));
    observer.observe(chart.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    const renders = chart.renderCount;
    const start = performance.now();
    let i = 0;
    while (performance.now() - start < 1500) {
      for (let k = 0; k < 10; k++) source.publish(k % 2 ? 'a' : 'b', { ts: Date.now() + i * 10 + k, value: (i + k) % 97 });
      i++;
      await nextFrames(1);
    }
    const elapsed = performance.now() - start;
    observer.disconnect();
    const rendered = chart.renderCount - renders;
    // At most one template render per 250 ms (plus a first and a trailing one), whatever the frame rate.
    const bound = Math.ceil(elapsed / 250) + 2;
    expect(rendered, `${rendered} renders in ${Math.round(elapsed)} ms, ${setData} plot updates`).to.be.within(1, bound);
    // The plot itself took every frame's data: far more updates than legend renders.
    expect(setData).to.be.at.least(Math.min(i, 3 * bound) * 0.8);
    // uPlot's own DOM (cursor, selection) aside, the legend's text changes per render, not per point.
    expect(mutations, `${mutations} mutations for ${i * 10} points`).to.be.at.most(bound * 12);
  });

  it('draws one series per named field of one payload, and field picks one', async () => {
    const { source, chart } = await mount('topic="host"');
    source.publish('host', { ts: Date.now(), cpu: 12.5, mem: 40, note: 'text is ignored' });
    await nextFrames();
    expect(chart.seriesNames).to.deep.equal(['cpu', 'mem']);
    expect(chart.plot!.series).to.have.length(3);

    const other = await mount('topic="host" field="mem"');
    other.source.publish('host', { cpu: 12.5, mem: 40 });
    await nextFrames();
    expect(other.chart.seriesNames).to.deep.equal(['mem']);
    expect(other.chart.plot!.data[1]).to.deep.equal([40]);
  });

  it('backfills from the hub history on mount', async () => {
    const now = Date.now();
    const { chart } = await mount('topic="cpu"', (s) => s.publish('cpu', [1, 2, 3].map((v, i) => ({ ts: now - 3000 + i * 1000, value: v }))));
    expect(chart.plot!.data[0]).to.deep.equal([now - 3000, now - 2000, now - 1000]);
    expect(chart.plot!.data[1]).to.deep.equal([1, 2, 3]);
  });

  it('keeps a rolling window: older points are trimmed and the x axis spans the window', async () => {
    const { source, chart } = await mount('topic="t" window="10s"');
    const now = Date.now();
    source.publish('t', [
      { ts: now - 60_000, value: 1 },
      { ts: now - 5000, value: 2 },
      { ts: now, value: 3 },
    ]);
    await nextFrames();
    expect(chart.plot!.data[0]).to.deep.equal([now - 5000, now]);
    expect(chart.plot!.scales['x']!.min).to.equal(now - 10_000);
    expect(chart.plot!.scales['x']!.max).to.equal(now);
  });

  it('caps the number of points with max-points', async () => {
    const { source, chart } = await mount('topic="t" max-points="50"');
    const now = Date.now();
    for (let i = 0; i < 200; i++) source.publish('t', { ts: now - 200 + i, value: i });
    await nextFrames();
    expect(chart.plot!.data[0]).to.have.length(50);
    expect(chart.plot!.data[1]!.at(-1)).to.equal(199);
  });

  it('inserts out-of-order samples in order inside the window and drops those older than it', async () => {
    const { source, chart } = await mount('topic="t" window="1m"');
    const now = Date.now();
    source.publish('t', { ts: now - 1000, value: 1 });
    source.publish('t', { ts: now, value: 3 });
    source.publish('t', { ts: now - 500, value: 2 });
    source.publish('t', { ts: now - 120_000, value: 99 });
    await nextFrames();
    expect(chart.plot!.data[0]).to.deep.equal([now - 1000, now - 500, now]);
    expect(chart.plot!.data[1]).to.deep.equal([1, 2, 3]);
    expect(chart.dropped).to.equal(1);
  });

  it('shows null as a gap (not joined) and keeps series without a sample joined', async () => {
    const { source, chart } = await mount('topic="t"');
    const now = Date.now();
    source.publish('t', [
      { ts: now - 2000, value: 1 },
      { ts: now - 1000, value: null },
      { ts: now, value: 3 },
    ]);
    await nextFrames();
    expect(chart.plot!.data[1]).to.deep.equal([1, null, 3]);
    expect(chart.plot!.series[1]!.spanGaps).to.equal(false);
    expect(legend(chart)[0]).to.equal('t3');
  });

  it('counts malformed payloads on the source and the element, skips them and keeps drawing', async () => {
    const { source, chart } = await mount('topic="t"');
    source.publish('t', 'banana');
    source.publish('t', { value: 'x' });
    source.publish('t', { ts: {}, value: 1 });
    source.publish('t', 5);
    await nextFrames();
    expect(chart.skipped).to.equal(3);
    expect(source.stats.malformed).to.equal(3);
    expect(chart.plot!.data[1]).to.deep.equal([5]);
    expect(text(chart, '.status')).to.contain('3 skipped');
  });

  it('1,000 payloads published within one frame cause one render and one setData', async () => {
    const { source, chart } = await mount('topic="a,b"');
    source.publish('a', 0);
    await nextFrames();
    let setData = 0;
    chart.plot!.hooks.setData = [...(chart.plot!.hooks.setData ?? []), () => setData++];
    const before = chart.renderCount;
    const now = Date.now();
    for (let i = 0; i < 1000; i++) source.publish(i % 2 ? 'a' : 'b', { ts: now + i, value: i });
    await nextFrames();
    expect(chart.renderCount - before).to.equal(1);
    expect(setData).to.equal(1);
    expect(chart.plot!.data[0]!.length).to.be.at.least(1000);
  });

  it('resizes with its container', async () => {
    const { chart } = await mount('topic="t"');
    const width = chart.plot!.width;
    chart.style.width = '400px';
    chart.style.setProperty('--pulse-series-height', '300px');
    await waitFor(() => chart.plot!.width !== width, 'resized');
    expect(chart.plot!.width).to.be.within(390, 400);
    await waitFor(() => chart.plot!.height > 200, 'taller');
  });

  it('formats y-axis values with the unit like the gauge', async () => {
    const { chart } = await mount('topic="t" unit="bytes"');
    const values = chart.plot!.axes[1]!.values as (u: unknown, splits: number[], ...rest: number[]) => string[];
    expect(values(chart.plot, [0, 1536, 1048576], 1, 0, 0)).to.deep.equal(['0 B', '1.5 KiB', '1 MiB']);
  });

  it('shows threshold lines: in range on the y axis and named in the legend', async () => {
    const { source, chart } = await mount('topic="t" unit="%" warn="75" crit="90"');
    source.publish('t', 40);
    await nextFrames();
    expect(chart.plot!.scales['y']!.max).to.be.at.least(90);
    expect(text(chart, '.threshold.warn')).to.equal('warn 75%');
    expect(text(chart, '.threshold.crit')).to.equal('crit 90%');
  });

  it('stacks series when asked', async () => {
    const { source, chart } = await mount('topic="host" stacked');
    source.publish('host', { ts: Date.now(), a: 1, b: 2, c: 3 });
    await nextFrames();
    expect(chart.plot!.data.slice(1)).to.deep.equal([[1], [3], [6]]);
    expect(legend(chart)).to.deep.equal(['a1', 'b2', 'c3']);
  });

  it('shows a tooltip with every series value (unstacked) at the cursor', async () => {
    const { source, chart } = await mount('topic="host" unit="%" decimals="0" stacked');
    const now = Date.now();
    source.publish('host', [
      { ts: now - 1000, a: 10, b: 20 },
      { ts: now, a: 30, b: null },
    ]);
    await nextFrames();
    const plot = chart.plot!;
    plot.setCursor({ left: plot.valToPos(now, 'x'), top: 10 });
    const tip = part(chart, '.tooltip') as HTMLElement;
    expect(tip.hidden).to.equal(false);
    const rows = [...tip.querySelectorAll('.tooltip-row')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).to.deep.equal(['a30%', 'bgap']);
    expect(tip.querySelector('.tooltip-time')!.textContent).to.not.equal('');
  });

  it('pauses drawing while hovered (data keeps buffering) and catches up on leave', async () => {
    const { source, chart } = await mount('topic="t"');
    const now = Date.now();
    source.publish('t', { ts: now, value: 1 });
    await nextFrames();
    chart.plot!.over.dispatchEvent(new PointerEvent('pointerenter'));
    expect(chart.mode).to.equal('hover');
    source.publish('t', { ts: now + 1000, value: 2 });
    await nextFrames();
    expect(chart.plot!.data[1]).to.deep.equal([1]);
    expect(chart.getData()[1]).to.deep.equal([1, 2]);
    chart.plot!.over.dispatchEvent(new PointerEvent('pointerleave'));
    await nextFrames();
    expect(chart.mode).to.equal('live');
    expect(chart.plot!.data[1]).to.deep.equal([1, 2]);
  });

  it('zooms into a dragged range, offers "Back to live", and Escape returns to live', async () => {
    const { source, chart } = await mount('topic="t"');
    const now = Date.now();
    for (let i = 0; i < 10; i++) source.publish('t', { ts: now - 10_000 + i * 1000, value: i });
    await nextFrames();
    setTimeout(() => chart.plot!.setSelect({ left: 100, top: 0, width: 200, height: 50 }));
    const zoom = await oneEvent(chart, 'pulse-series-zoom');
    expect(zoom.detail.from).to.be.below(zoom.detail.to!);
    await nextFrames();
    expect(chart.mode).to.equal('zoomed');
    expect(chart.getAttribute('mode')).to.equal('zoomed');
    expect(chart.plot!.scales['x']!.min).to.be.closeTo(zoom.detail.from!, 1);
    expect(text(chart, 'button.live')).to.equal('Back to live');
    source.publish('t', { ts: now + 1000, value: 42 });
    await nextFrames();
    expect(chart.plot!.data[1]).not.to.include(42);

    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await nextFrames();
    expect(chart.mode).to.equal('live');
    expect(chart.plot!.data[1]).to.include(42);
    expect(text(chart, 'button.live')).to.equal('Pause');
  });

  it('the "Back to live" button leaves a user pause', async () => {
    const { chart } = await mount('topic="t"');
    (part(chart, 'button.live') as HTMLButtonElement).click();
    await nextFrames();
    expect(chart.mode).to.equal('paused');
    (part(chart, 'button.live') as HTMLButtonElement).click();
    await nextFrames();
    expect(chart.mode).to.equal('live');
  });

  it('legend buttons toggle series and say so with aria-pressed', async () => {
    const { source, chart } = await mount('topic="host"');
    source.publish('host', { a: 1, b: 2 });
    await nextFrames();
    const button = part(chart, '.legend button') as HTMLButtonElement;
    button.click();
    await nextFrames();
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(chart.plot!.series[1]!.show).to.equal(false);
  });

  it('takes its colours from --pulse-* properties and the light/dark theme', async () => {
    const { source, chart } = await mount('topic="t" theme="light"');
    source.publish('t', 1);
    await nextFrames();
    const stroke = () => (chart.plot!.series[1]!.stroke as unknown as (u: unknown, i: number) => string)(chart.plot, 1);
    const light = stroke();
    chart.theme = 'dark';
    await nextFrames();
    expect(stroke()).not.to.equal(light);
    chart.style.setProperty('--pulse-series-1', 'rgb(1, 2, 3)');
    chart.refreshTheme();
    await nextFrames();
    expect(stroke()).to.equal('rgb(1, 2, 3)');
  });

  it('keeps a visually-hidden summary of the latest values for screen readers', async () => {
    const { source, chart } = await mount('topic="cpu,mem" unit="%" decimals="0"');
    source.publish('cpu', 42);
    source.publish('mem', 40);
    await nextFrames();
    const summary = text(chart, '#summary');
    expect(summary).to.match(/^Latest values at .+: cpu 42 percent, mem 40 percent\.$/);
    expect(part(chart, '#summary')!.classList.contains('visually-hidden')).to.equal(true);
  });

  it('shows staleness in its indicator', async () => {
    const { source, chart } = await mount('topic="t" stale-after="300ms"');
    source.publish('t', 1);
    await nextFrames();
    await waitFor(() => text(chart, '.status [role="status"]') === 'Stale', 'stale', 4000);
  });
});
