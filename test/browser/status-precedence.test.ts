// One status word per element when several things are wrong at once (the three branches each
// added one: unauthorized, source-error, offline). What a person reads is the most important one;
// the order is documented on StreamController.status().
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import { newSession, nextFrames, waitFor } from './helpers.js';

const statusText = (el: Element) => (el.shadowRoot!.querySelector('.status [role="status"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
const offlineExtra = (el: Element) => el.shadowRoot!.querySelector('[part="status-offline"]')?.textContent?.trim() ?? null;

async function wall(markup: ReturnType<typeof html>): Promise<PulseSource> {
  return fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('prec')}`}>${markup}</pulse-source>`);
}

describe('status precedence', () => {
  it('offline beats a source error and stale; a pattern element with one host in error says Source error and how many are offline', async () => {
    const src = await wall(html`
      <metric-gauge topic="cpu@web-2" stale-after="1s" style="width: 300px"></metric-gauge>
      <time-series topic="cpu@*" style="width: 600px"></time-series>
    `);
    const gauge = src.querySelector<MetricGauge>('metric-gauge')!;
    const chart = src.querySelector<TimeSeries>('time-series')!;
    src.publish('cpu@web-1', { value: 10 });
    src.publish('cpu@web-2', { value: 20 });
    await waitFor(() => statusText(gauge) === 'Live' && statusText(chart) === 'Live', 'both live');
    const since = Date.now() - 60_000;
    src.publish('pulse.source', {
      full: true,
      topics: {
        'cpu@web-2': { status: 'offline', source: 'agent', since, message: 'agent web-2 offline: heartbeats stopped' },
        'cpu@web-1': { status: 'error', source: 'prometheus', since, message: 'Prometheus unreachable' },
      },
    });
    await waitFor(() => statusText(gauge) === 'Offline', 'the gauge of the offline host says Offline');
    // A host of the chart's pattern fails upstream: that is what the chart says, and the offline one is counted.
    await waitFor(() => statusText(chart).startsWith('Source error: Prometheus unreachable'), `the chart says Source error`);
    expect(chart.getAttribute('status')).to.equal('source-error');
    expect(offlineExtra(chart)).to.equal('· 1 offline');
    // Nothing arrives for longer than stale-after: the gauge still says Offline (the reason), not Stale.
    await new Promise((r) => setTimeout(r, 1300));
    await nextFrames();
    expect(statusText(gauge)).to.equal('Offline');
    // The agent is back, the data stays old: now Stale is the truth.
    src.publish('pulse.source', { topics: { 'cpu@web-2': { status: 'ok', source: 'agent', since: Date.now() } } });
    await waitFor(() => statusText(gauge) === 'Stale', `then Stale`);
    expect(offlineExtra(chart)).to.equal(null);
    // Every host of the chart offline, and an error keyed on its pattern: Offline is the reason.
    src.publish('pulse.source', {
      full: true,
      topics: {
        'cpu@web-1': { status: 'offline', source: 'agent', since },
        'cpu@web-2': { status: 'offline', source: 'agent', since },
        'cpu@*': { status: 'error', source: 'scrape', message: 'scrape target gone' },
      },
    });
    await waitFor(() => statusText(chart) === 'Offline', `all hosts offline: Offline`);
  });

  it('a source error beats stale; Not authorized beats offline and source errors', async () => {
    const src = await wall(html`
      <metric-gauge topic="load1" stale-after="1s" style="width: 300px"></metric-gauge>
      <metric-gauge topic="cpu@web-3" style="width: 300px"></metric-gauge>
    `);
    const [load, cpu] = [...src.querySelectorAll<MetricGauge>('metric-gauge')];
    src.publish('load1', { value: 1 });
    src.publish('cpu@web-3', { value: 1 });
    await waitFor(() => statusText(load!) === 'Live', 'live');
    await new Promise((r) => setTimeout(r, 1300));
    await waitFor(() => statusText(load!) === 'Stale', 'stale first');
    src.publish('pulse.source', {
      full: true,
      topics: {
        load1: { status: 'error', source: 'prometheus', message: 'Prometheus unreachable' },
        'cpu@web-3': { status: 'offline', source: 'agent', message: 'agent web-3 offline' },
      },
    });
    await waitFor(() => statusText(load!) === 'Source error: Prometheus unreachable', `a source error says why it is stale`);
    await waitFor(() => statusText(cpu!) === 'Offline', 'offline');
    // A new hello denies both topics: whatever their sources do, the viewer may not see them.
    src.publish('pulse.hello', { denied: ['load1', 'cpu@web-3'] });
    await waitFor(() => statusText(load!).startsWith('Not authorized') && statusText(cpu!).startsWith('Not authorized'), 'Not authorized on both');
    expect(load!.getAttribute('status')).to.equal('unauthorized');
  });

  it('a pattern element is Not authorized only when no topic it matches is allowed', async () => {
    const src = await wall(html`
      <time-series topic="cpu@*" style="width: 400px"></time-series>
      <time-series topic="*@web-1" style="width: 400px"></time-series>
      <time-series topic="disk@*" style="width: 400px"></time-series>
      <metric-gauge topic="cpu@web-2" style="width: 300px"></metric-gauge>
    `);
    const [cpuAll, web1, disk] = [...src.querySelectorAll<TimeSeries>('time-series')];
    const cpu2 = src.querySelector<MetricGauge>('metric-gauge')!;
    // What a server says to a token that may see cpu@web-1 and mem@* and asked for every topic.
    src.publish('pulse.hello', { allowed: ['cpu@web-1', 'mem@*'] });
    src.publish('cpu@web-1', { value: 1 });
    await waitFor(() => statusText(disk!).startsWith('Not authorized'), 'disk@* matches nothing allowed');
    expect(statusText(cpuAll!)).to.equal('Live', 'cpu@* matches the allowed cpu@web-1');
    expect(statusText(web1!)).to.equal('Live', '*@web-1 too');
    expect(statusText(cpu2)).to.match(/^Not authorized/, 'a name outside the grant');
  });
});
