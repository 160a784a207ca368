import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { MISSING_STREAM, simulated, spread, usage } from './support.js';
import type { SimOptions } from './simulated-stream.js';

interface GaugeArgs {
  topic: string;
  field?: string;
  label: string;
  unit?: string;
  min?: number;
  max?: number;
  warn?: number;
  crit?: number;
  variant: 'radial' | 'bar';
  sparkline: boolean;
  aggregate?: string;
  window?: string;
  'stale-after'?: string;
  theme?: 'light' | 'dark';
}

const gauge = (a: GaugeArgs) => html`<metric-gauge ${spread(a)}></metric-gauge>`;

const live = (sim: SimOptions) => (a: GaugeArgs) => simulated(html`<div style="max-width: 260px">${gauge(a)}</div>`, { topics: ['cpu', 'mem', 'disk'], ...sim });

const meta: Meta<GaugeArgs> = {
  title: 'Elements/metric-gauge',
  component: 'metric-gauge',
  args: { topic: 'cpu', field: 'value', label: 'CPU', unit: 'percent', min: 0, max: 100, warn: 75, crit: 90, variant: 'radial', sparkline: false, 'stale-after': '10s' },
  argTypes: { variant: { control: 'inline-radio', options: ['radial', 'bar'] }, theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] } },
  render: live({}),
  parameters: {
    docs: {
      description: {
        component: usage(
          'One number from a metric stream as a radial or bar gauge. Thresholds change the colour AND show a text cue; `role="meter"` with a spoken value.',
          `
<pulse-source src="/events">
  <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" max="100" warn="75" crit="90" stale-after="10s"></metric-gauge>
  <metric-gauge topic="mem" field="usedBytes" label="Memory used" unit="bytes" variant="bar" sparkline></metric-gauge>
</pulse-source>`,
        ),
      },
    },
  },
};
export default meta;
type Story = StoryObj<GaugeArgs>;

export const Live: Story = {};

export const ThresholdsCrossed: Story = {
  name: 'Thresholds crossed',
  render: (a) =>
    simulated(
      html`<div class="story-grid">
        ${gauge(a)} ${gauge({ ...a, topic: 'mem', label: 'Memory', warn: 70, crit: 80 })} ${gauge({ ...a, topic: 'disk', field: '/', label: 'Disk /', warn: 85, crit: 95 })}
      </div>`,
      { topics: ['cpu', 'mem', 'disk'], hot: true },
    ),
};

export const BarWithSparkline: Story = {
  name: 'Bar with sparkline',
  args: { variant: 'bar', sparkline: true, window: '1m' },
};

export const HighRate: Story = {
  name: 'High rate (50x)',
  args: { sparkline: true, aggregate: 'avg', window: '10s' },
  render: live({ rate: 50 }),
};

export const Stale: Story = {
  name: 'Stale (no data for 2 s)',
  args: { 'stale-after': '2s' },
  render: live({ once: true, backfill: 0 }),
};

export const Empty: Story = {
  name: 'Empty (waiting for data)',
  render: (a) => simulated(html`<div style="max-width: 260px">${gauge(a)}</div>`, false),
};

export const MalformedData: Story = {
  name: 'Error (malformed payloads skipped)',
  render: live({ malformed: true }),
};

export const Disconnected: Story = {
  name: 'Disconnected (404 stream)',
  render: (a) => html`<div style="max-width: 260px"><pulse-source src=${MISSING_STREAM}>${gauge(a)}</pulse-source></div>`,
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', sparkline: true },
  render: (a) => simulated(html`<div style="background:#0b0e12; padding:16px; max-width: 300px">${gauge(a)}</div>`, { topics: ['cpu'] }),
};
