import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { MISSING_STREAM, simulated, spread, usage } from './support.js';
import type { SimOptions } from './simulated-stream.js';

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
