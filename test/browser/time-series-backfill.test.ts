import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { resolveHistoryUrl } from '../../src/data/stream-hub.js';
import { fixtureUrl, newSession, nextFrames, waitFor } from './helpers.js';

interface HistoryRequest {
  topic: string;
  since: string;
  until: string;
  limit: string;
  cursor: string | null;
  authorization: string | null;
}

async function historyRequests(session: string): Promise<HistoryRequest[]> {
  const res = await fetch(`${fixtureUrl}/session?session=${encodeURIComponent(session)}`);
  return ((await res.json()) as { historyRequests?: HistoryRequest[] }).historyRequests ?? [];
}

async function mount(session: string, attrs: string) {
  const src = `${fixtureUrl}/history-sse?session=${session}&topic=cpu&interval=200`;
  const source = await fixture<PulseSource>(html`<pulse-source src=${src}></pulse-source>`);
  source.headers = { Authorization: 'Bearer t0ken' };
  const holder = document.createElement('div');
  holder.innerHTML = `<time-series ${attrs}></time-series>`; // static test markup, not stream data
  const chart = holder.firstElementChild as TimeSeries;
  chart.style.width = '600px';
  source.append(chart);
  await waitFor(() => !!chart.plot, 'uPlot created');
  return { source, chart };
}

describe('<time-series> backfill from /history', () => {
  it('fills its whole window from the history the source announces, then continues live without a seam or duplicate', async () => {
    const session = newSession('backfill');
    const { chart } = await mount(session, 'topic="cpu" window="1m"');
    const opened = Date.now();
    await waitFor(() => chart.getData()[0].length >= 58, 'a minute of points');
    const [xs, values] = chart.getData();
    // History starts a window before mount (one point a second).
    expect(xs[0]).to.be.at.most(opened - 57_000);
    expect(xs[0]).to.be.at.least(opened - 61_000);
    // Strictly increasing timestamps: nothing twice, nothing out of order at the seam.
    for (let i = 1; i < xs.length; i++) expect(xs[i]).to.be.above(xs[i - 1]!);
    // History (value = seconds % 100) first, then only live samples (value -1): one seam, no overlap.
    const liveAt = values!.indexOf(-1);
    expect(liveAt, 'live samples follow the history').to.be.greaterThan(50);
    expect(values!.slice(0, liveAt)).to.deep.equal(xs.slice(0, liveAt).map((ts) => (ts / 1000) % 100));
    expect(values!.slice(liveAt).every((v) => v === -1)).to.equal(true);
    const requests = await historyRequests(session);
    expect(requests).to.have.length(1);
    expect(requests[0]!.topic).to.equal('cpu');
    expect(Number(requests[0]!.until) - Number(requests[0]!.since)).to.equal(60_000);
  });

  it('follows the history cursor across pages and sends the source headers', async () => {
    const session = newSession('backfill-pages');
    const { chart } = await mount(session, 'topic="cpu" window="30m" max-points="1500"');
    await waitFor(() => chart.getData()[0].length >= 1500, 'the capped window', 15000);
    const requests = await historyRequests(session);
    expect(requests.length).to.equal(2, 'two pages: 1000 then 500');
    expect(requests[1]!.cursor).to.be.a('string');
    // The newest part of the window: the history reaches up to the live samples.
    const [xs, values] = chart.getData();
    const liveAt = values!.indexOf(-1);
    expect(xs[liveAt]! - xs[liveAt - 1]!).to.be.below(2000);
    expect(requests.every((r) => r.authorization === 'Bearer t0ken')).to.equal(true);
  });

  it('backfill="off" stays live only', async () => {
    const session = newSession('backfill-off');
    const { chart } = await mount(session, 'topic="cpu" window="1m" backfill="off"');
    await waitFor(() => chart.getData()[0].length >= 2, 'live points');
    await nextFrames();
    expect(chart.getData()[1]!.every((v) => v === -1)).to.equal(true);
    expect(await historyRequests(session)).to.have.length(0);
  });
});

describe('resolveHistoryUrl', () => {
  it('resolves the announced URL against the stream URL, WebSocket schemes as HTTP', () => {
    expect(resolveHistoryUrl('history', 'http://h.example:8080/events?token=x')).to.equal('http://h.example:8080/history');
    expect(resolveHistoryUrl('history', 'https://ops.example/pulse/events')).to.equal('https://ops.example/pulse/history');
    expect(resolveHistoryUrl('history', 'wss://ops.example/pulse/ws')).to.equal('https://ops.example/pulse/history');
    expect(resolveHistoryUrl('/history', 'ws://127.0.0.1:9/ws')).to.equal('http://127.0.0.1:9/history');
  });

  it('accepts nothing but http(s) on the stream origin', () => {
    expect(resolveHistoryUrl(null, 'http://h.example/events')).to.equal(undefined);
    expect(resolveHistoryUrl('', 'http://h.example/events')).to.equal(undefined);
    expect(resolveHistoryUrl(42, 'http://h.example/events')).to.equal(undefined);
    expect(resolveHistoryUrl('javascript:alert(1)', 'http://h.example/events')).to.equal(undefined);
    expect(resolveHistoryUrl('https://elsewhere.example/history', 'http://h.example/events')).to.equal(undefined);
  });
});
