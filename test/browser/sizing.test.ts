// Every element fills the box its page gives it, by any ordinary CSS, and shows its content in
// it: checked by hit-testing what is visible, never by reading styles.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/agent-status/agent-status.js';
import '../../src/elements/alert-list/alert-list.js';
import '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { newSession, nextFrames, waitFor } from './helpers.js';
import { axisLabelBoxes, deepElementFromPoint, hitAtCentre, inside, overlapping } from './visible.js';

type Tag = 'time-series' | 'log-firehose' | 'metric-gauge' | 'alert-list' | 'agent-status';

const ATTRS: Record<Tag, string> = {
  'time-series': 'topic="cpu" label="CPU" unit="percent" min="0" max="100" warn="75" crit="90"',
  'log-firehose': 'topic="logs" label="Logs"',
  'metric-gauge': 'topic="cpu" label="CPU" unit="percent"',
  'alert-list': 'topic="alerts"',
  'agent-status': 'topic="agents"',
};

/** The page's box is 560 x 300 in every layout; `style` goes on the element, `wrap` around it. */
interface Layout {
  readonly name: string;
  readonly style: string;
  readonly wrap: (inner: string) => string;
}
const W = 560;
const H = 300;
const LAYOUTS: Layout[] = [
  { name: 'display:block and a height', style: `display:block;height:${H}px;width:${W}px`, wrap: (i) => `<div>${i}</div>` },
  { name: 'a height without display:block', style: `height:${H}px;width:${W}px`, wrap: (i) => `<div>${i}</div>` },
  { name: 'a grid cell', style: '', wrap: (i) => `<div style="display:grid;grid-template-columns:${W}px;grid-template-rows:${H}px">${i}</div>` },
  {
    name: 'a flex item (flex: 1; min-height: 0)',
    style: 'flex:1;min-height:0',
    wrap: (i) => `<div style="display:flex;flex-direction:column;width:${W}px;height:${H + 40}px"><h3 style="margin:0;height:40px">Panel</h3>${i}</div>`,
  },
  { name: 'position:absolute; inset:0', style: 'position:absolute;inset:0', wrap: (i) => `<div style="position:relative;width:${W}px;height:${H}px">${i}</div>` },
  { name: 'a percentage of a sized parent', style: 'display:block;width:100%;height:100%', wrap: (i) => `<div style="width:${W}px;height:${H}px">${i}</div>` },
];

async function feed(source: PulseSource, tag: Tag): Promise<void> {
  const now = Date.now();
  if (tag === 'time-series') source.publish('cpu', Array.from({ length: 60 }, (_, i) => ({ ts: now - 59_000 + i * 1000, value: 40 + (i % 7) * 5, core0: 30 + (i % 5) * 4 })));
  if (tag === 'metric-gauge') source.publish('cpu', 42);
  if (tag === 'log-firehose') source.publish('logs', Array.from({ length: 60 }, (_, i) => ({ ts: now - 60_000 + i * 1000, level: 'info', source: 'api', message: `request ${i} served` })));
  if (tag === 'alert-list') {
    for (let i = 0; i < 12; i++) source.publish('alerts', { id: `a${i}`, status: 'firing', severity: 'warning', title: `Alert number ${i}`, startsAt: new Date(now - 60_000).toISOString() });
  }
  if (tag === 'agent-status') {
    for (let i = 0; i < 12; i++) source.publish('agents', { id: `g${i}`, name: `agent-${i}`, state: 'running', ts: now, task: `task ${i}` });
  }
}

/** Mounts `tag` in `layout` under a local source and fills it with data. */
async function mount(tag: Tag, layout: Layout) {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('size')}`}></pulse-source>`);
  const holder = document.createElement('div');
  // Static test markup (no stream data): the layouts are what a page would write.
  holder.innerHTML = layout.wrap(`<${tag} ${ATTRS[tag]} style="${layout.style}"></${tag}>`);
  source.append(holder);
  const el = holder.querySelector(tag)!;
  await feed(source, tag);
  if (tag === 'time-series') await waitFor(() => !!(el as TimeSeries).plot, 'uPlot created');
  await nextFrames(3);
  return { source, el };
}

const rect = (el: Element) => el.getBoundingClientRect();
const canvasOf = (el: Element) => el.shadowRoot!.querySelector('canvas')!;

/** What a user sees: content in the element, filling the box. Per element. */
async function expectFilled(tag: Tag, el: Element, expected: { width: number; height: number }) {
  const r = rect(el);
  expect(r.width, 'element width').to.be.closeTo(expected.width, 1.5);
  expect(r.height, 'element height').to.be.closeTo(expected.height, 1.5);
  const root = el.shadowRoot!;
  if (tag === 'time-series') {
    const chart = el as TimeSeries;
    await waitFor(() => Math.abs(rect(canvasOf(el)).width - r.width) < 2, 'the canvas is as wide as the element');
    const canvas = rect(canvasOf(el));
    expect(canvas.height, 'the plot takes at least 60% of the height').to.be.at.least(0.6 * r.height);
    expect(inside(canvas, r), 'the canvas is inside the element').to.equal(true);
    // The plot is drawn where it is: the middle of the canvas is the chart, not something on top.
    expect(deepElementFromPoint(canvas.left + canvas.width / 2, canvas.top + canvas.height / 2)?.closest('.uplot')).to.not.equal(null);
    expect(overlapping(axisLabelBoxes(chart.plot!))).to.deep.equal([]);
  } else if (tag === 'log-firehose') {
    // Log text in the middle of the box, and near its bottom (the rows reach the footer).
    const mid = hitAtCentre(el);
    expect(mid?.closest('.row'), `log text at the centre, got ${mid?.outerHTML.slice(0, 80)}`).to.not.equal(null);
    const footer = rect(root.querySelector('.footer')!);
    expect(footer.bottom, 'the footer sits at the bottom of the box').to.be.closeTo(r.bottom, 2);
    const low = deepElementFromPoint(r.left + r.width / 2, footer.top - 8);
    expect(low?.closest('.row'), 'log text just above the footer').to.not.equal(null);
  } else if (tag === 'metric-gauge') {
    const value = root.querySelector<HTMLElement>('.value')!;
    const v = rect(value);
    expect(inside(v, r), 'the value is inside the box').to.equal(true);
    expect(v.width).to.be.above(10);
    expect(deepElementFromPoint(v.left + v.width / 2, v.top + v.height / 2)?.closest('.value')).to.equal(value);
    const label = rect(root.querySelector('.label')!);
    expect(inside(label, r), 'the label is inside the box').to.equal(true);
    // The dial grows to use the box: it is as tall as fits beside the caption and status.
    const dial = rect(root.querySelector('.dial')!);
    expect(Math.min(dial.width, dial.height * 1.25), 'the dial uses the box').to.be.above(Math.min(r.width, r.height * 1.25) * 0.55);
  } else {
    // Lists: the header at the top, the items scroll inside the box, nothing spills out of it.
    const header = rect(root.querySelector('.header')!);
    expect(header.top).to.be.closeTo(r.top, 2);
    const body = root.querySelector<HTMLElement>('.body')!;
    expect(rect(body).bottom, 'the list ends at the bottom of the box').to.be.closeTo(r.bottom, 4);
    expect(body.scrollHeight, 'more items than fit: they scroll').to.be.above(body.clientHeight);
    const below = deepElementFromPoint(r.left + r.width / 2, r.bottom + 5);
    expect(below === el || el.shadowRoot!.contains(below), 'nothing drawn below the box').to.equal(false);
    const inBody = deepElementFromPoint(r.left + r.width / 2, r.bottom - 12);
    expect(el.shadowRoot!.contains(inBody), 'items are visible at the bottom of the box').to.equal(true);
  }
}

const TAGS: Tag[] = ['time-series', 'log-firehose', 'metric-gauge', 'alert-list', 'agent-status'];

describe('sizing: every element fills the box its page gives it', function () {
  this.timeout(20_000);

  for (const tag of TAGS) {
    describe(`<${tag}>`, () => {
      for (const layout of LAYOUTS) {
        it(`in ${layout.name}`, async () => {
          const { el } = await mount(tag, layout);
          await expectFilled(tag, el, { width: W, height: H });
        });
      }

      it('follows a resize after mount', async () => {
        const { el } = await mount(tag, LAYOUTS[5]!);
        const parent = el.parentElement as HTMLElement;
        parent.style.width = '420px';
        parent.style.height = '380px';
        await waitFor(() => Math.abs(rect(el).height - 380) < 1.5, 'the element follows its parent');
        await nextFrames(3);
        await expectFilled(tag, el, { width: 420, height: 380 });
      });
    });
  }

  it('without any size from the page, charts and logs take their default heights', async () => {
    const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('size')}`}>
      <time-series topic="t" style="--pulse-series-height: 200px"></time-series>
      <log-firehose topic="l" style="--pulse-log-height: 250px"></log-firehose>
      <metric-gauge topic="g" style="--pulse-gauge-size: 120px"></metric-gauge>
      <time-series id="old-name" topic="t" style="--pulse-chart-height: 180px"></time-series>
      <time-series id="both" topic="t" style="--pulse-chart-height: 180px; --pulse-series-height: 160px"></time-series>
    </pulse-source>`);
    await nextFrames(3);
    expect(rect(source.querySelector('time-series')!).height).to.be.closeTo(200, 1);
    // The old name (deprecated in 0.2.0) still works until 0.3.0; the new one wins over it.
    expect(rect(source.querySelector('#old-name')!).height).to.be.closeTo(180, 1);
    expect(rect(source.querySelector('#both')!).height).to.be.closeTo(160, 1);
    expect(rect(source.querySelector('log-firehose')!).height).to.be.closeTo(250, 1);
    expect(rect(source.querySelector('metric-gauge')!).width).to.be.closeTo(120, 1);
  });

  it('a small chart degrades: the legend gives way to the plot, the time axis goes when there is no room, labels never overlap', async () => {
    const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('size')}`}></pulse-source>`);
    const holder = document.createElement('div');
    holder.innerHTML = `<time-series topic="host" label="Host" unit="percent" warn="75" crit="90" style="display:block;width:240px;height:120px"></time-series>`;
    source.append(holder);
    const chart = holder.querySelector('time-series') as TimeSeries;
    const now = Date.now();
    const sample = (i: number) => ({ ts: now - 30_000 + i * 1000, a: i, b: 2 * i, c: 3 * i, d: 4 * i, e: 5 * i, f: 6 * i });
    source.publish('host', Array.from({ length: 30 }, (_, i) => sample(i)));
    await waitFor(() => !!chart.plot, 'uPlot created');
    await nextFrames(3);
    const r = rect(chart);
    expect(rect(canvasOf(chart)).height).to.be.at.least(0.6 * r.height);
    // Six series do not fit in one line of 240 px: the legend keeps what fits and hides the rest.
    const legend = chart.shadowRoot!.querySelector<HTMLElement>('.legend')!;
    expect(legend.getBoundingClientRect().bottom).to.be.at.most(r.bottom + 1);
    expect(overlapping(axisLabelBoxes(chart.plot!))).to.deep.equal([]);

    chart.style.height = '80px';
    await waitFor(() => chart.plot!.axes[0]!.show === false, 'the time axis is dropped in an 80 px chart');
    await nextFrames(2);
    expect(rect(canvasOf(chart)).height).to.be.at.least(0.6 * 80);
    // The y axis still says what the lines mean.
    expect(axisLabelBoxes(chart.plot!).length).to.be.at.least(2);
  });
});
