import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { PulseSource } from '../src/elements/pulse-source/pulse-source.js';
import { MISSING_STREAM, simulated, spread, usage } from './support.js';
import { localSrc, type SimOptions } from './simulated-stream.js';

interface SeriesArgs {
  topic: string;
  field?: string;
  label: string;
  unit?: string;
  window: string;
  min?: number;
  max?: number;
  warn?: number;
  crit?: number;
  stacked: boolean;
  fill: boolean;
  'stale-after'?: string;
  theme?: 'light' | 'dark';
}

const chart = (a: SeriesArgs) => html`<time-series ${spread(a)}></time-series>`;

const live = (sim: SimOptions) => (a: SeriesArgs) => simulated(html`<div class="story-frame">${chart(a)}</div>`, { topics: ['cpu', 'mem', 'net'], ...sim });

const meta: Meta<SeriesArgs> = {
  title: 'Elements/time-series',
  component: 'time-series',
  args: { topic: 'cpu', label: 'CPU', unit: 'percent', window: '2m', min: 0, max: 100, stacked: false, fill: false, 'stale-after': '10s' },
  argTypes: { theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] } },
  render: live({}),
  parameters: {
    docs: {
      description: {
        component: usage(
          'A live uPlot chart over a rolling window. One series per topic (`topic="cpu,mem"`) or per named number of one payload (`{ts, core0, core1}`); `field` picks one. Hover pauses drawing, drag zooms, Escape goes back to live.',
          `
<pulse-source src="/events">
  <time-series topic="cpu" label="CPU" unit="percent" window="5m" warn="75" crit="90"></time-series>
  <time-series topic="net" label="Network" unit="Bps" window="5m" fill></time-series>
</pulse-source>`,
        ),
      },
    },
  },
};
export default meta;
type Story = StoryObj<SeriesArgs>;

export const Live: Story = {};

export const Network: Story = {
  args: { topic: 'net', label: 'Network', unit: 'Bps', min: undefined, max: undefined, fill: true },
};

export const ThresholdsCrossed: Story = {
  name: 'Thresholds crossed',
  args: { field: 'value', warn: 75, crit: 90 },
  render: live({ hot: true }),
};

export const Stacked: Story = {
  args: { topic: 'cpu', stacked: true, fill: true, max: undefined },
};

export const HighRate: Story = {
  name: 'High rate (50x)',
  args: { window: '30s' },
  render: live({ rate: 50 }),
};

export const Stale: Story = {
  name: 'Stale (no data for 2 s)',
  args: { 'stale-after': '2s' },
  render: live({ once: true }),
};

export const Empty: Story = {
  name: 'Empty (waiting for data)',
  render: (a) => simulated(html`<div class="story-frame">${chart(a)}</div>`, false),
};

export const MalformedData: Story = {
  name: 'Error (malformed payloads skipped)',
  render: live({ malformed: true }),
};

export const Disconnected: Story = {
  name: 'Disconnected (404 stream)',
  render: (a) => html`<div class="story-frame"><pulse-source src=${MISSING_STREAM}>${chart(a)}</pulse-source></div>`,
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', fill: true },
  render: (a) => simulated(html`<div class="story-frame" style="background:#0b0e12; padding:16px">${chart(a)}</div>`, { topics: ['cpu'] }),
};

/**
 * A chart whose data has holes, as the element sees them on a real stream: a source that paused
 * for 25 s (no data), then events the server said were lost (`pulse.gap`), then live again.
 */
function withGaps(a: SeriesArgs) {
  let timer: ReturnType<typeof setInterval> | undefined;
  const start = (el: Element | undefined) => {
    clearInterval(timer);
    const source = el as PulseSource | undefined;
    if (!source) return;
    // Publish once the source has its hub (it makes it when it first updates).
    void customElements.whenDefined('pulse-source').then(() => source.updateComplete).then(() => {
      if (!source.isConnected) return;
      const now = Date.now();
      const value = (t: number) => Math.round((45 + 25 * Math.sin(t / 9000) + 8 * Math.sin(t / 2300)) * 10) / 10;
      const at = (t: number) => ({ ts: t, value: value(t) });
      const from = now - 100_000;
      for (let t = from; t < now - 70_000; t += 1000) source.publish('cpu', at(t)); // 30 s of data
      for (let t = now - 45_000; t < now - 20_000; t += 1000) source.publish('cpu', at(t)); // after a 25 s pause
      source.publish('pulse.gap', { lastEventId: '120', oldestId: '135' }); // the server lost some
      let t = now - 19_000;
      for (; t <= now; t += 1000) source.publish('cpu', at(t));
      timer = setInterval(() => {
        if (!source.isConnected) return clearInterval(timer);
        source.publish('cpu', at((t += 1000)));
      }, 1000);
    });
  };
  return html`<pulse-source src=${localSrc('gaps')} ${ref(start)}><div class="story-frame">${chart(a)}</div></pulse-source>`;
}

export const Gaps: Story = {
  name: 'Gaps in the data (a pause, events lost)',
  args: { window: '2m', warn: 75, crit: 90 },
  parameters: {
    docs: {
      description: {
        story:
          'Never a straight line across missing data: where points are further apart than `gap-after` (here a 25 s pause in a once-a-second series), where the server said events were lost (`pulse.gap`), or where the connection was down and nothing was replayed, the line breaks, the hole is shaded with its cause, and the accessible summary lists it. While a stream is down, the time axis keeps moving and the outage is shaded up to now.',
      },
    },
  },
  render: withGaps,
};

export const SmallBox: Story = {
  name: 'Small box (260 × 130)',
  args: { warn: 75, crit: 90 },
  parameters: { docs: { description: { story: 'The page gives the chart a small box: the plot keeps most of it, the legend keeps what fits, the axes fewer ticks, no label on another.' } } },
  render: (a) => simulated(html`<time-series ${spread(a)} style="display:block; width:260px; height:130px"></time-series>`, { topics: ['cpu'] }),
};

export const DarkPage: Story = {
  name: 'On a dark page (color-scheme: dark)',
  parameters: { docs: { description: { story: 'No `theme` attribute: the chart follows the page it is in (`color-scheme: dark` on a container), whatever the OS says.' } } },
  render: (a) => simulated(html`<div class="story-frame" style="color-scheme: dark; background:#0b0e12; padding:16px">${chart(a)}</div>`, { topics: ['cpu'] }),
};
