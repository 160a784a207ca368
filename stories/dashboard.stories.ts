import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { simulated, usage } from './support.js';

const meta: Meta = {
  title: 'Overview/Dashboard',
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component: usage(
          'All five elements under one `<pulse-source>`: one connection, every topic. Here the source is `local:` and fed by the in-browser simulation; in an app it is `src="/events"`.',
          `
<pulse-source src="/events">
  <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" warn="75" crit="90"></metric-gauge>
  <metric-gauge topic="mem" field="value" label="Memory" unit="percent" warn="80" crit="95"></metric-gauge>
  <time-series topic="cpu" label="CPU" unit="percent" window="5m"></time-series>
  <time-series topic="net" label="Network" unit="Bps" window="5m" fill></time-series>
  <log-firehose topic="logs"></log-firehose>
  <alert-list topic="alerts"></alert-list>
  <agent-status topic="agents"></agent-status>
</pulse-source>`,
        ),
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const board = (hot: boolean, theme?: 'dark') =>
  simulated(
    html`<div
      style="display:grid; gap:12px; padding:12px; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); ${theme === 'dark' ? '--pulse-color-scheme: dark; background:#07090c;' : ''}"
    >
      <div style="display:grid; grid-template-columns: repeat(3, 1fr); gap: 8px">
        <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" warn="75" crit="90" style="width:auto"></metric-gauge>
        <metric-gauge topic="mem" field="value" label="Memory" unit="percent" warn="80" crit="95" style="width:auto"></metric-gauge>
        <metric-gauge topic="disk" field="/" label="Disk /" unit="percent" warn="85" crit="95" style="width:auto"></metric-gauge>
      </div>
      <alert-list topic="alerts"></alert-list>
      <time-series topic="cpu" label="CPU" unit="percent" window="2m" min="0" max="100"></time-series>
      <time-series topic="net" label="Network" unit="Bps" window="2m" fill></time-series>
      <log-firehose topic="logs" style="--pulse-log-height: 20rem"></log-firehose>
      <agent-status topic="agents"></agent-status>
    </div>`,
    { hot },
    'dashboard',
  );

export const Live: Story = { render: () => board(false) };
export const ThresholdsCrossed: Story = { name: 'Thresholds crossed', render: () => board(true) };
export const DarkTheme: Story = { name: 'Dark theme', render: () => board(false, 'dark') };
