// Pulseboard from Vue 3: tell the template compiler which tags are custom elements
// (`isCustomElement`, see main.ts), then bind as usual. Vue sets a DOM property when the element
// has one (`:warn="75"` stays a number), `.prop` forces it for objects, and `@pulse-gauge-cross`
// listens to the element's event.
import { defineComponent, ref } from 'vue';
import 'pulseboard';
import type {} from 'pulseboard/jsx/vue'; // GlobalComponents typings generated from custom-elements.json
import type { PulseSource } from 'pulseboard';

export const App = defineComponent({
  props: {
    src: { type: String, default: 'local:vue-example' },
    cpuWarn: { type: Number, default: 75 },
  },
  setup(props) {
    const source = ref<PulseSource | null>(null);
    const level = ref('ok');
    const selected = ref<string | null>(null);
    const state = ref('connecting');
    const headers = { 'X-Dashboard': 'vue-example' };
    return { props, source, level, selected, state, headers };
  },
  mounted() {
    if (!this.src.startsWith('local:')) return;
    const el = this.source!;
    const agents = ['planner', 'coder', 'reviewer'].map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), state: 'running', task: `${id} things` }));
    for (const agent of agents) el.publish('agents', { ...agent, ts: Date.now() });
    const timer = setInterval(() => {
      el.publish('cpu', { ts: Date.now(), value: 40 + Math.random() * 30 });
      el.publish('agents', { ...agents[Math.floor(Math.random() * agents.length)]!, ts: Date.now(), tokensPerSec: Math.round(Math.random() * 80) });
    }, 1000);
    (this as unknown as { stop: () => void }).stop = () => clearInterval(timer);
  },
  unmounted() {
    (this as unknown as { stop?: () => void }).stop?.();
  },
  template: `
    <pulse-source ref="source" :src="src" :headers.prop="headers" @pulse-state="state = $event.detail.state">
      <p>
        Stream: <output id="state">{{ state }}</output> · CPU level: <output id="level">{{ level }}</output> ·
        Selected agent: <output id="selected">{{ selected ?? 'none' }}</output>
      </p>
      <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" :warn="cpuWarn" :crit="90" sparkline
        stale-after="10s" @pulse-gauge-cross="level = $event.detail.level"></metric-gauge>
      <agent-status topic="agents" @pulse-agent-select="selected = $event.detail.id"></agent-status>
    </pulse-source>`,
});
