// Compile-time checks of the generated Vue typings (what Volar checks templates against):
// `npx tsc -p examples/tsconfig.json`. Not bundled.
import type { GlobalComponents } from 'vue';
import type {} from 'pulseboard/jsx/vue';

type Props<Tag extends keyof GlobalComponents> = InstanceType<GlobalComponents[Tag]>['$props'];

export const gauge: Props<'metric-gauge'> = { topic: 'cpu', warn: 75, crit: 90, variant: 'bar', 'stale-after': '10s' };
export const source: Props<'pulse-source'> = { src: '/events', headers: { Authorization: 'Bearer x' } };
// @ts-expect-error warn is a number
export const badWarn: Props<'metric-gauge'> = { warn: 'high' };
// @ts-expect-error variant is 'radial' | 'bar'
export const badVariant: Props<'metric-gauge'> = { variant: 'donut' };

type Emit<Tag extends keyof GlobalComponents> = InstanceType<GlobalComponents[Tag]>['$emit'];
export function listen(emit: Emit<'agent-status'>): void {
  emit('pulse-agent-select', new CustomEvent('pulse-agent-select', { detail: { id: 'a', agent: {} as never } }));
}
