// Fleets (issue 17): per-host topics and `*` patterns in the hub and the elements, stream ids of a
// Redis-backed cluster, per-topic gaps and offline sources from agents.
import { expect, fixture, html } from '@open-wc/testing';
import { StreamHub } from '../../src/data/stream-hub.js';
import { compareEventIds } from '../../src/data/event-id.js';
import { wildcardPart } from '../../src/data/topic-pattern.js';
import type { MessageMeta } from '../../src/data/types.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/log-firehose/log-firehose.js';
import type { LogFirehose } from '../../src/elements/log-firehose/log-firehose.js';
import { sourceHue } from '../../src/elements/log-firehose/log-row.js';
import { b64, fixtureUrl, newSession, nextFrames, waitFor } from './helpers.js';

const localHub = () => new StreamHub({ url: `local:${newSession('fleet')}`, transport: 'local' });
const statusWord = (el: Element) => el.shadowRoot!.querySelector('.status [role="status"]')?.textContent?.trim() ?? '';
const legend = (el: Element) => [...el.shadowRoot!.querySelectorAll('.legend button .name')].map((b) => b.textContent!.trim());

async function source(): Promise<PulseSource> {
  return fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('fleet')}`}></pulse-source>`);
}

/** Appends static test markup (never stream data) to the source and waits for it to render. */
async function add<T extends HTMLElement>(src: PulseSource, markup: string): Promise<T> {
  const holder = document.createElement('div');
  holder.innerHTML = markup;
  const el = holder.firstElementChild as T;
  el.style.width = '600px';
  src.append(el);
  await nextFrames();
  return el;
}

describe('event ids: decimal and Redis stream ids', () => {
  it('orders stream ids by milliseconds, then sequence, and decimal ids by value', () => {
    expect(compareEventIds('1700-2', '1700-10')).to.be.below(0);
    expect(compareEventIds('1701-0', '1700-99')).to.be.above(0);
    expect(compareEventIds('1700-3', '1700-3')).to.equal(0);
    expect(compareEventIds('9', '10')).to.be.below(0); // by value, not as text
    expect(compareEventIds('1700-0', 'abc')).to.equal(undefined);
  });

  it('drops a stream id at or below the newest delivered on the connection; decimal ids still dedupe', () => {
    const hub = localHub();
    const got: string[] = [];
    hub.subscribe('seq', (_p, meta) => got.push(meta.id!));
    for (const id of ['1700-0', '1700-1', '1700-1', '1699-9', '1700-10', '1701-0', '1700-99']) hub.publish('seq', {}, id);
    expect(got).to.deep.equal(['1700-0', '1700-1', '1700-10', '1701-0']);
    expect(hub.stats.duplicates).to.equal(3);
    expect(hub.stats.lastEventId).to.equal('1701-0');

    const dec = localHub();
    const decGot: string[] = [];
    dec.subscribe('seq', (_p, meta) => decGot.push(meta.id!));
    for (const id of ['9', '10', '10', '8', '11']) dec.publish('seq', {}, id);
    expect(decGot).to.deep.equal(['9', '10', '11']);
    expect(dec.stats.duplicates).to.equal(2);
  });

  it('a resume answered with stream ids at or below the resume point is a restart gap, not duplicates to drop', async () => {
    // The same two events on every connection: after the first, the client resumes from 1700-1
    // and is sent 1700-0 again, which only a stream that began again would do.
    const body = 'retry: 20\n\nid: 1700-0\nevent: seq\ndata: {"n":1}\n\nid: 1700-1\nevent: seq\ndata: {"n":2}\n\n';
    const hub = new StreamHub({ url: `${fixtureUrl}/raw?session=${newSession('rid')}&end=1&body=${encodeURIComponent(b64(body))}`, transport: 'sse', retryBaseMs: 20 });
    const gaps: string[] = [];
    hub.on('gap', (g) => gaps.push(`${g.reason} ${g.lastEventId} ${g.oldestId}`));
    const off = hub.subscribe('seq', () => {});
    await waitFor(() => gaps.length >= 1, 'the restart gap');
    off();
    expect(gaps[0]).to.equal('restart 1700-1 1700-0');
  });
});

describe('topic patterns in the hub', () => {
  it('cpu@* receives every host (meta.topic says which), replays kept payloads in arrival order, and caps matched topics', () => {
    const hub = new StreamHub({ url: `local:${newSession('p')}`, transport: 'local', maxPatternTopics: 2 });
    hub.publish('cpu@web-1', 1);
    hub.publish('mem@web-1', 99);
    hub.publish('cpu@web-2', 2);
    hub.publish('cpu@web-1', 3);
    const seen: string[] = [];
    const off = hub.subscribe('cpu@*', (p, meta: MessageMeta) => seen.push(`${meta.topic}=${p}${meta.replay ? ' replay' : ''}`));
    expect(seen).to.deep.equal(['cpu@web-1=1 replay', 'cpu@web-2=2 replay', 'cpu@web-1=3 replay']);
    hub.publish('cpu@web-2', 4);
    hub.publish('cpu@web-3', 5); // a third host: over the cap of 2, counted, not delivered
    hub.publish('xcpu@web-1', 6); // does not match
    expect(seen.slice(3)).to.deep.equal(['cpu@web-2=4']);
    expect(hub.stats.patternOverflow).to.equal(1);
    off();
    hub.publish('cpu@web-1', 7);
    expect(seen).to.have.length(4);
  });

  it('names a pattern series after what * matched', () => {
    expect(wildcardPart('cpu@*', 'cpu@web-1')).to.equal('web-1');
    expect(wildcardPart('*.latency', 'api.latency')).to.equal('api');
    expect(wildcardPart('cpu@*', 'mem@web-1')).to.equal(undefined);
    expect(wildcardPart('*@*', 'cpu@web-1')).to.equal(undefined);
  });
});

describe('elements on per-host topics', () => {
  it('<time-series topic="cpu@*"> draws one line per host, named by host; a new host appears as it connects', async () => {
    const src = await source();
    const chart = await add<TimeSeries>(src, '<time-series topic="cpu@*" unit="percent"></time-series>');
    const now = Date.now();
    src.publish('cpu@web-1', { ts: now, value: 20, core0: 18, core1: 22 });
    src.publish('cpu@web-2', { ts: now, value: 80, core0: 81, core1: 79 });
    src.publish('mem@web-1', { ts: now, value: 50 });
    await waitFor(() => legend(chart).length === 2, 'two hosts in the legend');
    expect(legend(chart)).to.deep.equal(['web-1', 'web-2']);
    src.publish('cpu@db-1', { ts: now + 1000, value: 40 });
    await waitFor(() => legend(chart).length === 3, 'the new host');
    expect(legend(chart)).to.deep.equal(['web-1', 'web-2', 'db-1']);
    expect(chart.plot!.series.slice(1).map((s) => s.label)).to.deep.equal(['web-1', 'web-2', 'db-1']);
  });

  it('<metric-gauge topic="cpu@web-1"> shows that one box', async () => {
    const src = await source();
    const gauge = await add<MetricGauge>(src, '<metric-gauge topic="cpu@web-1" label="CPU" unit="percent" max="100"></metric-gauge>');
    src.publish('cpu@web-1', { value: 31 });
    src.publish('cpu@web-2', { value: 93 });
    await nextFrames();
    expect(gauge.shadowRoot!.querySelector('.value')!.textContent).to.contain('31');
  });

  it('<log-firehose topic="logs@*"> merges two boxes in arrival order, each host its own source colour', async () => {
    const [a, b] = ['web-1', 'db-1'];
    expect(sourceHue(a)).to.not.equal(sourceHue(b)); // the two names land in different colours
    const src = await source();
    const logs = await add<LogFirehose>(src, '<log-firehose topic="logs@*"></log-firehose>');
    src.publish(`logs@${a}`, { level: 'info', source: a, message: 'GET /' });
    src.publish(`logs@${b}`, { level: 'error', source: b, message: 'deadlock' });
    src.publish(`logs@${a}`, { level: 'warn', source: a, message: 'slow' });
    src.publish('logs', { level: 'info', source: 'hub', message: 'not a box' });
    await waitFor(() => logs.shadowRoot!.querySelectorAll('[part~="source"]').length === 3, 'three lines');
    const sources = [...logs.shadowRoot!.querySelectorAll('[part~="source"]')];
    expect(sources.map((s) => s.textContent)).to.deep.equal([a, b, a]);
    expect(sources[0]!.className).to.contain(`src-c${sourceHue(a)}`);
    expect(sources[1]!.className).to.contain(`src-c${sourceHue(b)}`);
  });

  it('an agent gone offline (pulse.source) shows Offline on its box; a chart of several hosts stays live and says how many are offline', async () => {
    const src = await source();
    const gauge = await add<MetricGauge>(src, '<metric-gauge topic="cpu@web-2" label="CPU" unit="percent" max="100"></metric-gauge>');
    const chart = await add<TimeSeries>(src, '<time-series topic="cpu@*"></time-series>');
    src.publish('cpu@web-1', { value: 10 });
    src.publish('cpu@web-2', { value: 20 });
    await waitFor(() => statusWord(gauge) === 'Live' && statusWord(chart) === 'Live', 'live');
    const since = Date.now() - 15_000;
    src.publish('pulse.source', { topics: { 'cpu@web-2': { status: 'offline', source: 'agent', since, message: 'agent web-2 offline: no heartbeat for 15 s' } } });
    await waitFor(() => statusWord(gauge) === 'Offline', 'the gauge says Offline');
    expect(gauge.getAttribute('status')).to.equal('offline');
    expect(gauge.shadowRoot!.querySelector('.status')!.getAttribute('title')).to.contain('agent web-2 offline');
    expect(gauge.shadowRoot!.querySelector('[role="meter"], [aria-valuenow]')?.getAttribute('aria-valuetext') ?? gauge.shadowRoot!.textContent).to.contain('offline');
    expect(statusWord(chart)).to.equal('Live');
    expect(chart.shadowRoot!.querySelector('[part="status-offline"]')!.textContent).to.contain('1 offline');
    src.publish('pulse.source', { topics: { 'cpu@web-2': { status: 'ok', source: 'agent', since: Date.now() } } });
    await waitFor(() => statusWord(gauge) === 'Live', 'back');
    expect(chart.shadowRoot!.querySelector('[part="status-offline"]')).to.equal(null);
    // A pattern key covers every matching topic; `full` replaces what was known; junk is counted.
    src.publish('pulse.source', { full: true, topics: { '*@web-2': { status: 'offline', source: 'agent', since } } });
    await waitFor(() => statusWord(gauge) === 'Offline', 'offline by pattern');
    const malformed = src.stats.malformed;
    src.publish('pulse.source', { topics: { 'cpu@web-1': { status: 'sleepy' } } });
    src.publish('pulse.source', { topics: 'nope' });
    expect(src.stats.malformed).to.equal(malformed + 2);
    src.publish('pulse.source', { full: true, topics: {} });
    await waitFor(() => statusWord(gauge) === 'Live', 'cleared by a full map');
  });

  it('a per-topic gap from an agent marks only the elements showing those topics', async () => {
    const src = await source();
    const logs = await add<LogFirehose>(src, '<log-firehose topic="logs@*"></log-firehose>');
    const other = await add<MetricGauge>(src, '<metric-gauge topic="cpu@web-1"></metric-gauge>');
    src.publish('pulse.gap', { host: 'web-2', topics: ['logs@web-2'], dropped: 120, from: Date.now() - 20_000, until: Date.now() - 5000 });
    await nextFrames();
    expect(logs.shadowRoot!.querySelector('[part="status-gap"]')).to.not.equal(null);
    expect(other.shadowRoot!.querySelector('[part="status-gap"]')).to.equal(null);
    expect(src.stats.gaps).to.equal(1);
  });
});
