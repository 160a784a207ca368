// Pulseboard from React 19: no wrappers. React 19 sets a property when the element has one
// (numbers stay numbers, objects stay objects) and wires `on<event-name>` props to the DOM
// events with the name as written, so `onpulse-agent-select` listens to `pulse-agent-select`.
import { useEffect, useRef, useState } from 'react';
import 'pulseboard'; // registers the elements; define them before React renders them
import type {} from 'pulseboard/jsx/react'; // JSX typings generated from custom-elements.json
import type { PulseSource } from 'pulseboard';

export interface AppProps {
  /** Stream URL: `/events` against the reference server, `local:...` to feed it from code. */
  src?: string;
  /** Threshold of the CPU gauge, passed down as a number property. */
  cpuWarn?: number;
}

export function App({ src = 'local:react-example', cpuWarn = 75 }: AppProps) {
  const source = useRef<PulseSource>(null);
  const [level, setLevel] = useState('ok');
  const [selected, setSelected] = useState<string | null>(null);
  const [state, setState] = useState('connecting');

  // With a `local:` source the app feeds the data itself (here: a little simulation).
  useEffect(() => {
    if (!src.startsWith('local:')) return;
    const el = source.current;
    if (!el) return;
    const agents = ['planner', 'coder', 'reviewer'].map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), state: 'running', task: `${id} things` }));
    const timer = setInterval(() => {
      el.publish('cpu', { ts: Date.now(), value: 40 + Math.random() * 30 });
      el.publish('agents', { ...agents[Math.floor(Math.random() * agents.length)]!, ts: Date.now(), tokensPerSec: Math.round(Math.random() * 80) });
    }, 1000);
    for (const agent of agents) el.publish('agents', { ...agent, ts: Date.now() });
    return () => clearInterval(timer);
  }, [src]);

  return (
    <pulse-source ref={source} src={src} headers={{ 'X-Dashboard': 'react-example' }} onpulse-state={(e) => setState(e.detail.state)}>
      <p>
        Stream: <output id="state">{state}</output> · CPU level: <output id="level">{level}</output> · Selected agent:{' '}
        <output id="selected">{selected ?? 'none'}</output>
      </p>
      <metric-gauge
        topic="cpu"
        field="value"
        label="CPU"
        unit="percent"
        warn={cpuWarn}
        crit={90}
        sparkline
        stale-after="10s"
        onpulse-gauge-cross={(e) => setLevel(e.detail.level)}
      />
      <agent-status topic="agents" onpulse-agent-select={(e) => setSelected(e.detail.id)} />
    </pulse-source>
  );
}
