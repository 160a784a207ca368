import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { PulseSource } from '../src/elements/pulse-source/pulse-source.js';
import { MISSING_STREAM, simulated, spread, usage } from './support.js';
import { localSrc, type SimOptions } from './simulated-stream.js';

interface AlertArgs {
  topic: string;
  label: string;
  'group-by': string;
  'resolved-ttl': string;
  severities: string;
  filter: string;
  'stale-after'?: string;
  theme?: 'light' | 'dark';
}

const list = (a: AlertArgs) => html`<alert-list ${spread(a)}></alert-list>`;

const live = (sim: SimOptions) => (a: AlertArgs) => simulated(html`<div class="story-frame">${list(a)}</div>`, { topics: ['alerts'], ...sim });

const meta: Meta<AlertArgs> = {
  title: 'Elements/alert-list',
  component: 'alert-list',
  args: { topic: 'alerts', label: 'Alerts', 'group-by': '', 'resolved-ttl': '5m', severities: '', filter: '' },
  argTypes: { theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] } },
  render: live({}),
  parameters: {
    docs: {
      description: {
        component: usage(
          'What is on fire: alerts by severity then newest first, grouping by a label, severity chips and text filter, Ack/Silence as cancellable events, flapping detection. Accepts Alertmanager webhook bodies as-is.',
          `
<pulse-source src="/events">
  <alert-list topic="alerts" group-by="team"></alert-list>
</pulse-source>

<script type="module">
  document.querySelector('alert-list').addEventListener('pulse-alert-ack', (event) => {
    // Call event.preventDefault() if your backend refuses the ack.
    fetch('/api/ack', { method: 'POST', body: JSON.stringify({ id: event.detail.id }) });
  });
</script>`,
        ),
      },
    },
  },
};
export default meta;
type Story = StoryObj<AlertArgs>;

export const Live: Story = {};

export const ThresholdsCrossed: Story = {
  name: 'Everything firing (thresholds crossed)',
  render: live({ hot: true }),
};

export const GroupedByTeam: Story = {
  name: 'Grouped by team',
  args: { 'group-by': 'team' },
  render: live({ hot: true }),
};

export const HighRate: Story = {
  name: 'High rate (50x)',
  render: live({ rate: 50 }),
};

export const Stale: Story = {
  name: 'Stale (no data for 2 s)',
  args: { 'stale-after': '2s' },
  render: live({ once: true }),
};

export const Empty: Story = {
  name: 'Empty: alert state unknown (the source has said nothing yet)',
  render: (a) => simulated(html`<div class="story-frame">${list(a)}</div>`, false),
};

/** The source stated that nothing fires: an Alertmanager-style body with an empty `alerts` list. */
export const NothingFiring: Story = {
  name: 'Nothing firing (the source said so)',
  render: (a) => {
    // The source gets its hub once it is in the document: say it then.
    const say = (el: Element | undefined, tries = 0): void => {
      const source = el as PulseSource | undefined;
      if (!source || tries > 60) return;
      if (source.hub) source.publish('alerts', { alerts: [] });
      else requestAnimationFrame(() => say(source, tries + 1));
    };
    return html`<div class="story-frame"><pulse-source src=${localSrc('nothing-firing')} ${ref((el) => say(el))}>${list(a)}</pulse-source></div>`;
  },
};

export const MalformedData: Story = {
  name: 'Error (malformed payloads skipped)',
  render: live({ malformed: true }),
};

export const Disconnected: Story = {
  name: 'Disconnected (404 stream)',
  render: (a) => html`<div class="story-frame"><pulse-source src=${MISSING_STREAM}>${list(a)}</pulse-source></div>`,
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark' },
  render: (a) => simulated(html`<div class="story-frame" style="background:#0b0e12; padding:16px">${list(a)}</div>`, { topics: ['alerts'], hot: true }),
};
