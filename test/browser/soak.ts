// The soak shared by memory-soak.test.ts (an hour of traffic, accelerated, in a few seconds) and
// test/chaos/soak-realtime.test.ts (the same traffic at real rate for minutes). Every element sits
// under one in-page source with small caps, traffic is published minute by minute, and after each
// minute we record what each buffer holds and how many DOM nodes each shadow root has.
import { fixture, html } from '@open-wc/testing';
import '../../src/elements/agent-status/agent-status.js';
import type { AgentStatus } from '../../src/elements/agent-status/agent-status.js';
import '../../src/elements/alert-list/alert-list.js';
import type { AlertList } from '../../src/elements/alert-list/alert-list.js';
import '../../src/elements/log-firehose/log-firehose.js';
import type { LogFirehose } from '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { newSession, nextFrames } from './helpers.js';

/** The caps the soak page sets, and what the hub keeps per topic. */
export const CAPS = { history: 200, maxTopics: 256, points: 500, lines: 2000, alerts: 100, agents: 50 } as const;
/** Traffic per simulated second. */
export const RATE = { metrics: 2, logs: 10, alertEvery: 2, agentUpdates: 5, newAgentEvery: 10, extraTopicEvery: 5 } as const;

export interface SoakPage {
  source: PulseSource;
  gauge: MetricGauge;
  chart: TimeSeries;
  log: LogFirehose;
  alerts: AlertList;
  agents: AgentStatus;
}

export interface Sample {
  minute: number;
  history: number;
  keptTopics: number;
  gaugePoints: number;
  gaugeStorage: number;
  chartPoints: number;
  chartStorage: number;
  lines: number;
  logRows: number;
  alerts: number;
  alertNodes: number;
  agents: number;
  agentCards: number;
  domNodes: Record<string, number>;
}

export async function mountSoakPage(): Promise<SoakPage> {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('soak')}`} history=${CAPS.history}>
    <metric-gauge topic="cpu" label="CPU" max="100" sparkline window="10m"></metric-gauge>
    <time-series topic="cpu,mem" window="2h" max-points=${CAPS.points} style="width: 600px"></time-series>
    <log-firehose topic="logs" max-lines=${CAPS.lines} style="--pulse-log-height: 300px; width: 700px"></log-firehose>
    <alert-list topic="alerts" max-alerts=${CAPS.alerts} resolved-ttl="1h"></alert-list>
    <agent-status topic="agents" max-agents=${CAPS.agents} offline-after="2h"></agent-status>
  </pulse-source>`);
  const q = <T extends Element>(tag: string) => source.querySelector(tag) as unknown as T;
  const page = { source, gauge: q<MetricGauge>('metric-gauge'), chart: q<TimeSeries>('time-series'), log: q<LogFirehose>('log-firehose'), alerts: q<AlertList>('alert-list'), agents: q<AgentStatus>('agent-status') };
  await nextFrames();
  return page;
}

/** Publishes one simulated minute of traffic, stamped from `startTs`. */
export function publishMinute(page: SoakPage, minute: number, startTs: number): void {
  for (let s = 0; s < 60; s++) publishSecond(page, minute * 60 + s, startTs + (minute * 60 + s) * 1000);
}

/** Publishes one simulated second of traffic with timestamp `ts`. */
export function publishSecond(page: SoakPage, second: number, ts: number): void {
  const { source } = page;
  source.publish('cpu', { ts, value: 50 + 40 * Math.sin(second / 60) });
  source.publish('mem', { ts, value: 30 + (second % 40) });
  source.publish(
    'logs',
    Array.from({ length: RATE.logs }, (_, i) => ({ ts, level: i % 7 === 0 ? 'error' : 'info', source: `svc-${i % 4}`, message: `request ${second}-${i} served in ${i * 3} ms`, requestId: `${second}-${i}` })),
  );
  if (second % RATE.alertEvery === 0) {
    const id = `alert-${second}`;
    source.publish('alerts', { id, status: 'firing', severity: second % 6 === 0 ? 'critical' : 'warning', title: `High latency ${second}`, labels: { service: `svc-${second % 9}` }, startsAt: new Date(ts).toISOString() });
    if (second >= 10) source.publish('alerts', { id: `alert-${second - 10}`, status: 'resolved', endsAt: new Date(ts).toISOString() });
  }
  for (let a = 0; a < RATE.agentUpdates; a++) {
    const n = Math.floor(second / RATE.newAgentEvery) + a; // a new agent every few seconds, old ones go quiet
    source.publish('agents', { id: `agent-${n}`, name: `Agent ${n}`, state: ['running', 'waiting', 'idle'][(second + a) % 3], ts, task: `task ${second}`, tokensPerSec: a * 10, costUsd: second / 100 });
  }
  if (second % RATE.extraTopicEvery === 0) source.publish(`extra-${second}`, { n: second }); // unbounded topic names
}

/** Nodes in an element's shadow root (what the page holds in DOM for it). */
const nodes = (el: Element) => el.shadowRoot!.querySelectorAll('*').length;

export function sample(page: SoakPage, minute: number): Sample {
  const hub = page.source.hub!;
  const topics = ['cpu', 'mem', 'logs', 'alerts', 'agents'];
  const internals = <T>(el: object, key: string) => (el as Record<string, unknown>)[key] as T;
  type Buffer = { length: number; capacity: number; xs: number[] };
  const gaugeBuffer = internals<Buffer>(page.gauge, 'buffer');
  const chartBuffer = internals<Buffer>(page.chart, 'buffer');
  let keptTopics = 0;
  for (let second = 0; second <= minute * 60 + 60; second += RATE.extraTopicEvery) if (hub.recent(`extra-${second}`).length) keptTopics++;
  return {
    minute,
    history: Math.max(...topics.map((t) => hub.recent(t).length)),
    keptTopics: keptTopics + topics.length,
    gaugePoints: gaugeBuffer.length,
    gaugeStorage: gaugeBuffer.xs.length,
    chartPoints: page.chart.plot?.data[0]?.length ?? 0,
    chartStorage: chartBuffer.xs.length,
    lines: page.log.lineCount,
    logRows: page.log.shadowRoot!.querySelectorAll('.row').length,
    alerts: page.alerts.alerts.length,
    alertNodes: page.alerts.shadowRoot!.querySelectorAll('[part="alert"]').length,
    agents: page.agents.agents.length,
    agentCards: page.agents.shadowRoot!.querySelectorAll('[part="card"]').length,
    domNodes: Object.fromEntries((['gauge', 'chart', 'log', 'alerts', 'agents'] as const).map((k) => [k, nodes(page[k])])),
  };
}
