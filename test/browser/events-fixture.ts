// The page both event test files mount: a gauge with a warn threshold and a chart under one
// local <pulse-source>, rendered once.
import { fixture, html } from '@open-wc/testing';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { newSession, nextFrames } from './helpers.js';

export async function mountGaugeAndChart(name: string): Promise<{ source: PulseSource; gauge: MetricGauge; chart: TimeSeries }> {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession(name)}`}>
    <metric-gauge topic="cpu" warn="75"></metric-gauge>
    <time-series topic="t" style="display:block;width:400px;height:200px"></time-series>
  </pulse-source>`);
  const gauge = source.querySelector('metric-gauge') as MetricGauge;
  const chart = source.querySelector('time-series') as TimeSeries;
  await Promise.all([gauge.updateComplete, chart.updateComplete]);
  await nextFrames();
  return { source, gauge, chart };
}
