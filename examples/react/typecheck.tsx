// Compile-time checks of the generated React 19 JSX typings: `npx tsc -p examples/tsconfig.json`.
// Not bundled.
import type {} from 'pulseboard/jsx/react';

export const ok = (
  <pulse-source src="/events" headers={{ Authorization: 'Bearer x' }}>
    <metric-gauge topic="cpu" warn={75} variant="bar" stale-after="10s" onpulse-gauge-cross={(e) => e.detail.level satisfies 'ok' | 'warn' | 'crit'} />
    <agent-status topic="agents" onpulse-agent-select={(e) => e.detail.id.toUpperCase()} />
    <log-firehose topic="logs" max-lines={5000} />
  </pulse-source>
);
// @ts-expect-error warn is a number
export const badWarn = <metric-gauge warn="high" />;
// @ts-expect-error variant is 'radial' | 'bar'
export const badVariant = <metric-gauge variant="donut" />;
// (TypeScript never checks JSX attribute names containing a dash against the props type, so a
// misspelt `onpulse-*` handler cannot be caught; correctly spelt ones are typed as above.)
