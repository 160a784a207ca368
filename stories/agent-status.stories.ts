import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { MISSING_STREAM, simulated, spread, usage } from './support.js';
import type { SimOptions } from './simulated-stream.js';

interface AgentArgs {
  topic: string;
  label: string;
  layout: 'grid' | 'table';
  'offline-after': string;
  selected?: string;
  'stale-after'?: string;
  theme?: 'light' | 'dark';
}

const board = (a: AgentArgs) => html`<agent-status ${spread(a)}></agent-status>`;

const live = (sim: SimOptions) => (a: AgentArgs) => simulated(html`<div class="story-frame">${board(a)}</div>`, { topics: ['agents'], ...sim });

const meta: Meta<AgentArgs> = {
  title: 'Elements/agent-status',
  component: 'agent-status',
  args: { topic: 'agents', label: 'Agents', layout: 'grid', 'offline-after': '30s' },
  argTypes: {
    layout: { control: 'inline-radio', options: ['grid', 'table'] },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
  render: live({}),
  parameters: {
    docs: {
      description: {
        component: usage(
          'A live board of AI agents: state, task, tool, tokens/s, latency p50/p99, error rate and cost. An agent silent for `offline-after` is shown offline. Choosing one fires `pulse-agent-select`.',
          `
<pulse-source src="/events">
  <agent-status topic="agents" offline-after="30s"></agent-status>
</pulse-source>

<script type="module">
  document.querySelector('agent-status').addEventListener('pulse-agent-select', (event) => {
    console.log('selected', event.detail.id, event.detail.agent);
  });
</script>`,
        ),
      },
    },
  },
};
export default meta;
type Story = StoryObj<AgentArgs>;

export const Live: Story = {};

export const Table: Story = {
  args: { layout: 'table' },
};

export const Offline: Story = {
  name: 'Offline after 3 s (stale)',
  args: { 'offline-after': '3s', 'stale-after': '3s' },
  render: live({ once: true }),
};

export const HighRate: Story = {
  name: 'High rate (50x)',
  render: live({ rate: 50, burst: 4 }),
};

export const Empty: Story = {
  name: 'Empty (no agents yet)',
  render: (a) => simulated(html`<div class="story-frame">${board(a)}</div>`, false),
};

export const MalformedData: Story = {
  name: 'Error (malformed payloads skipped)',
  render: live({ malformed: true }),
};

export const Disconnected: Story = {
  name: 'Disconnected (404 stream)',
  render: (a) => html`<div class="story-frame"><pulse-source src=${MISSING_STREAM}>${board(a)}</pulse-source></div>`,
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark' },
  render: (a) => simulated(html`<div class="story-frame" style="background:#0b0e12; padding:16px">${board(a)}</div>`, { topics: ['agents'] }),
};
