import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { MISSING_STREAM, simulated, usage } from './support.js';

const meta: Meta = {
  title: 'Elements/pulse-source',
  component: 'pulse-source',
  parameters: {
    docs: {
      description: {
        component: usage(
          'One shared SSE or WebSocket connection for every element inside it. Elements find it through context; the same URL anywhere on the page shares one connection.',
          `
<pulse-source src="/events">
  <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" max="100" warn="75" crit="90"></metric-gauge>
  <time-series topic="cpu,mem" window="5m"></time-series>
  <log-firehose topic="logs"></log-firehose>
  <alert-list topic="alerts"></alert-list>
  <agent-status topic="agents"></agent-status>
</pulse-source>

<script type="module">
  const source = document.querySelector('pulse-source');
  source.addEventListener('pulse-state', (e) => console.log(e.detail.state));
  const stop = source.subscribe('alerts', (alert) => console.log(alert.title));
</script>`,
        ),
      },
    },
  },
};
export default meta;
type Story = StoryObj;

/** Host code listening to the shared stream next to the elements: `source.subscribe(topic, cb)`. */
const listener = (topic: string) => (el: Element | undefined) => {
  if (!el) return;
  const source = el.closest('pulse-source');
  const out = el as HTMLElement;
  let count = 0;
  const tick = () => {
    if (!source?.isConnected) return;
    out.textContent = `state: ${source.state} · ${topic} payloads seen by host code: ${count} · messages: ${source.stats.messages}`;
    setTimeout(tick, 500);
  };
  setTimeout(() => {
    source?.subscribe(topic, () => count++);
    tick();
  });
};

export const Live: Story = {
  render: () =>
    simulated(
      html`<div class="story-grid">
          <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" max="100" warn="75" crit="90"></metric-gauge>
          <metric-gauge topic="mem" field="value" label="Memory" unit="percent" max="100" warn="80" crit="95"></metric-gauge>
        </div>
        <p style="font: 13px ui-monospace, monospace" ${refListener('cpu')}></p>`,
      { topics: ['cpu', 'mem'] },
    ),
};

export const Disconnected: Story = {
  name: 'Disconnected (404 stream)',
  render: () => html`<pulse-source src=${MISSING_STREAM}>
    <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" max="100"></metric-gauge>
  </pulse-source>`,
};

function refListener(topic: string) {
  return ref(listener(topic));
}
