import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { MISSING_STREAM, simulated, spread, usage } from './support.js';
import type { SimOptions } from './simulated-stream.js';

interface LogArgs {
  topic: string;
  label: string;
  'max-lines': number;
  wrap: boolean;
  timestamps: 'time' | 'datetime' | 'off';
  levels: string;
  filter: string;
  regex: boolean;
  'stale-after'?: string;
  theme?: 'light' | 'dark';
}

const log = (a: LogArgs) => html`<log-firehose ${spread(a)}></log-firehose>`;

const live = (sim: SimOptions) => (a: LogArgs) => simulated(html`<div class="story-frame">${log(a)}</div>`, { topics: ['logs'], ...sim });

const meta: Meta<LogArgs> = {
  title: 'Elements/log-firehose',
  component: 'log-firehose',
  args: { topic: 'logs', label: 'Application log', 'max-lines': 20000, wrap: false, timestamps: 'time', levels: '', filter: '', regex: false, 'stale-after': '30s' },
  argTypes: {
    timestamps: { control: 'inline-radio', options: ['time', 'datetime', 'off'] },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
  render: live({}),
  parameters: {
    docs: {
      description: {
        component: usage(
          'A virtualised live log tail: follows the newest line, pauses when you scroll up (or press Space), level chips, text/regex filter with highlighting, colour-coded sources, copy and a details pane. Messages are text, never HTML.',
          `
<pulse-source src="/events">
  <log-firehose topic="logs" label="Application log" max-lines="5000" stale-after="30s"></log-firehose>
</pulse-source>

<!-- Standalone, without a provider: -->
<log-firehose src="/events?topics=logs" topic="logs" levels="warn,error"></log-firehose>`,
        ),
      },
    },
  },
};
export default meta;
type Story = StoryObj<LogArgs>;

export const Live: Story = {};

export const Filtered: Story = {
  name: 'Filtered (regex, warnings and errors)',
  args: { filter: 'ms|failed', regex: true, levels: 'warn,error' },
};

export const HighRate: Story = {
  name: 'High rate (~1,000 lines/s)',
  args: { 'max-lines': 5000 },
  render: live({ rate: 10, burst: 45 }),
};

export const Stale: Story = {
  name: 'Stale (no data for 2 s)',
  args: { 'stale-after': '2s' },
  render: live({ once: true }),
};

export const Empty: Story = {
  name: 'Empty (waiting for data)',
  render: (a) => simulated(html`<div class="story-frame">${log(a)}</div>`, false),
};

export const MalformedData: Story = {
  name: 'Error (malformed payloads skipped)',
  render: live({ malformed: true }),
};

export const Disconnected: Story = {
  name: 'Disconnected (404 stream)',
  render: (a) => html`<div class="story-frame"><pulse-source src=${MISSING_STREAM}>${log(a)}</pulse-source></div>`,
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', wrap: true },
  render: (a) => simulated(html`<div class="story-frame" style="background:#0b0e12; padding:16px">${log(a)}</div>`, { topics: ['logs'] }),
};
