// Faults against the REAL reference server (server/app.js in a child process, driven through the
// test runner's /__ref/... routes; see test/fixtures/ref-server-control.mjs). The page connects
// through a TCP proxy that can cut or stall connections. For each fault: the page keeps working,
// shows honest state (reconnecting, gap in data), and afterwards every event inside the server's
// history window has been delivered exactly once, in order.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/log-firehose/log-firehose.js';
import type { LogFirehose } from '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { StreamHub } from '../../src/data/stream-hub.js';
import { ref, type RefInfo, waitFor } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

interface Page {
  source: PulseSource;
  gauge: MetricGauge;
  log: LogFirehose;
  got: number[];
  states: string[];
  info: RefInfo;
}

/** Starts a fresh reference server and a page of elements reading it through the proxy. */
async function open(serverOptions: Record<string, unknown> = {}): Promise<Page> {
  const info = await ref('start', { cors: ['*'], heartbeatMs: 200, retryMs: 100, retryAfterSec: 1, ...serverOptions });
  const source = await fixture<PulseSource>(html`<pulse-source src=${`${info.proxyUrl}/events?topics=seq`}>
    <metric-gauge topic="seq" field="n" label="Seq" decimals="0"></metric-gauge>
    <log-firehose topic="seq" style="--pulse-log-height: 200px; width: 600px"></log-firehose>
  </pulse-source>`);
  const states: string[] = [];
  source.addEventListener('pulse-state', (e) => states.push((e as CustomEvent<{ state: string }>).detail.state));
  const got: number[] = [];
  source.subscribe('seq', (payload) => got.push((payload as { n: number }).n));
  return { source, gauge: source.querySelector('metric-gauge')!, log: source.querySelector('log-firehose')!, got, states, info };
}

const shown = (gauge: MetricGauge) => clean(gauge.shadowRoot!.querySelector('.value')?.textContent);
const gaugeText = (p: Page) => shown(p.gauge);
const statusText = (el: Element) => clean(el.shadowRoot!.querySelector('[part="status"]')?.textContent);
const lastRow = (p: Page) => {
  const msgs = [...p.log.shadowRoot!.querySelectorAll('.row .msg')];
  return clean(msgs[msgs.length - 1]?.textContent);
};
const waitOpen = (p: Page) => waitFor(() => p.source.state === 'open', 'the source to be open', 10_000);
const publish = (from: number, to: number) => ref('publish', { topic: 'seq', from, to });
/** One event per request, so they arrive in separate writes (and separate proxy chunks). */
async function publishSlowly(from: number, to: number, gapMs = 15) {
  for (let n = from; n <= to; n++) {
    await publish(n, n);
    await sleep(gapMs);
  }
}

describe('faults against the real reference server', function () {
  this.timeout(30_000);

  afterEach(async () => {
    await ref('stop');
  });

  it('SIGKILL mid-stream and restart on the same port: shows reconnecting, then a gap, then every new event once', async () => {
    const p = await open();
    await waitOpen(p);
    await publish(1, 30);
    await waitFor(() => p.got.length === 30, '30 events before the kill');
    await waitFor(() => gaugeText(p) === '30', 'the gauge shows 30');

    await ref('kill');
    await waitFor(() => p.gauge.getAttribute('status') === 'reconnecting', 'the gauge to say reconnecting');
    expect(statusText(p.gauge)).to.contain('Reconnecting');
    expect(statusText(p.log)).to.contain('Reconnecting');
    await sleep(300); // a few failed attempts while it is down

    await ref('restart');
    await waitOpen(p);
    await publish(31, 60);
    await waitFor(() => p.got.length >= 60, 'the events after the restart', 10_000);
    await sleep(100);
    expect(p.got, 'every event exactly once, in order').to.deep.equal(range(1, 60));
    // A memory-only server starts its ids again: the client cannot know what it missed while
    // the server was down, so it must say so.
    await waitFor(() => p.gauge.getAttribute('status') === 'live', 'live again');
    expect(statusText(p.gauge)).to.contain('gap in data');
    expect(p.source.stats.gaps).to.be.at.least(1);
    await waitFor(() => gaugeText(p) === '60', 'the gauge shows 60');
    await waitFor(() => lastRow(p) === 'event 60', 'the log shows the newest event');
    expect(p.states).to.include('reconnecting');
  });

  it('network cut (socket destroyed) every 5 events: all 100 delivered exactly once, in order', async () => {
    const p = await open();
    await waitOpen(p);
    // One event first, so the client has an id to resume from (before its first event a client
    // can only resume from pulse.hello's id: test/server/resume-before-first-event.test.js).
    await publish(1, 1);
    await waitFor(() => p.got.length === 1, 'the first event');
    await ref('mode', { cutEvery: 5 });
    await ref('cut'); // the current connection goes too; every new one is cut after 5 events
    await publish(2, 5);
    for (let from = 6; from <= 100; from += 5) {
      await publish(from, from + 4);
      await sleep(40);
    }
    await waitFor(() => p.got.length >= 100, '100 events through the cuts', 20_000);
    await sleep(150);
    expect(p.got).to.deep.equal(range(1, 100));
    const info = await ref('info');
    expect(info.stats.cuts, 'the proxy really cut connections').to.be.at.least(5);
    expect(p.source.stats.reconnects).to.be.at.least(5);
    expect(p.source.stats.gaps, 'nothing fell out of the history: no gap').to.equal(0);
    expect(statusText(p.gauge)).not.to.contain('gap in data');
    await waitFor(() => gaugeText(p) === '100', 'the gauge shows 100');
  });

  it('over WebSocket too: a cut every 5 events, 100 events, each delivered once, in order', async () => {
    const info = await ref('start', { cors: ['*'], heartbeatMs: 200, retryMs: 100 });
    const p = await openExisting(info, `${info.proxyUrl.replace(/^http/, 'ws')}/ws?topics=seq`);
    await waitOpen(p);
    await publish(1, 1);
    await waitFor(() => p.got.length === 1, 'the first event');
    await ref('mode', { cutEvery: 5 });
    await ref('cut');
    for (let from = 2; from <= 100; from += 5) {
      await publish(from, Math.min(100, from + 4));
      await sleep(40);
    }
    await waitFor(() => p.got.length >= 100, '100 events through the cuts', 20_000);
    await sleep(150);
    expect(p.got).to.deep.equal(range(1, 100));
    expect((await ref('info')).stats.cuts).to.be.at.least(5);
    expect(p.source.stats.gaps).to.equal(0);
    await waitFor(() => gaugeText(p) === '100', 'the gauge shows 100');
  });

  it('503 (max clients reached) is retried; the page says reconnecting, then gets everything', async () => {
    const info = await ref('start', { cors: ['*'], heartbeatMs: 200, retryMs: 100, retryAfterSec: 1, maxClients: 1 });
    await ref('hog', { n: 1 });
    await sleep(100);
    const p = { ...(await openExisting(info)) };
    await waitFor(() => p.states.includes('reconnecting'), 'a refused attempt', 10_000);
    expect(p.source.state).to.not.equal('open');
    expect(['Reconnecting', 'Connecting'].some((w) => statusText(p.gauge).includes(w))).to.equal(true);
    await ref('release');
    await waitOpen(p);
    await publish(1, 20);
    await waitFor(() => p.got.length >= 20, '20 events after the slot freed');
    expect(p.got).to.deep.equal(range(1, 20));
    expect(p.source.state).to.equal('open');
  });

  it('a stall without close is detected by the heartbeat timeout and resumed without loss', async () => {
    const p = await open();
    await waitOpen(p);
    await publish(1, 1);
    await waitFor(() => p.got.length === 1, 'the first event');
    await ref('mode', { stallAfter: 3, stallOnce: true });
    await ref('cut');
    await publishSlowly(2, 12, 30);
    await waitFor(() => p.got.length >= 12, '12 events across the stall', 15_000);
    await sleep(100);
    expect(p.got).to.deep.equal(range(1, 12));
    const info = await ref('info');
    expect(info.stats.stalls, 'the proxy really stalled a connection').to.equal(1);
    expect(p.source.stats.reconnects).to.be.at.least(2);
    expect(p.states.filter((s) => s === 'reconnecting').length).to.be.at.least(2);
    await waitFor(() => gaugeText(p) === '12', 'the gauge shows 12');
  });

  it('an enormous single event (5 MB) is counted and skipped; the stream and the page go on', async () => {
    const p = await open({ maxBody: 8 * 1024 * 1024 });
    await waitOpen(p);
    await publish(1, 5);
    await ref('big', { topic: 'seq', n: 6, size: 5 * 1024 * 1024 });
    await publish(7, 10);
    await waitFor(() => p.got.includes(10), 'events after the enormous one', 15_000);
    await sleep(100);
    expect(p.got).to.deep.equal([1, 2, 3, 4, 5, 7, 8, 9, 10]);
    expect(p.source.stats.malformed).to.equal(1);
    await waitFor(() => gaugeText(p) === '10', 'the gauge shows 10');
    expect(p.gauge.getAttribute('status')).to.equal('live');
  });

  it('events that fell out of the history window: the page shows a gap, and delivers the rest once, in order', async () => {
    const p = await open({ history: 20 });
    await waitOpen(p);
    await publish(1, 5);
    await waitFor(() => p.got.length === 5, 'the first 5');
    await ref('mode', { block: true });
    await ref('cut');
    await waitFor(() => p.source.state === 'reconnecting', 'reconnecting while the network is down');
    expect(statusText(p.gauge)).to.contain('Reconnecting');
    await publish(6, 60); // 55 events while away; the server keeps 20
    await sleep(200);
    await ref('mode', {});
    await waitFor(() => p.got.includes(60), 'the kept events after the outage', 15_000);
    await sleep(100);
    expect(p.got).to.deep.equal([...range(1, 5), ...range(41, 60)]);
    expect(p.source.stats.gaps).to.equal(1);
    await waitFor(() => statusText(p.gauge).includes('gap in data'), 'the gauge says there is a gap');
    expect(statusText(p.log)).to.contain('gap in data');
    await waitFor(() => gaugeText(p) === '60', 'the gauge shows 60');
  });
});

describe('reconnect timing after real outages (issue 14)', function () {
  this.timeout(40_000);

  afterEach(async () => {
    // Back to the engine's own answer (the visibility test pretends the tab was hidden).
    delete (document as unknown as Record<string, unknown>)['visibilityState'];
    await ref('stop');
  });

  /** One gauge over SSE and one over WebSocket, both straight to the server (no proxy). */
  async function twoTransports(info: RefInfo) {
    const root = await fixture<HTMLDivElement>(html`<div>
      <pulse-source id="sse" src=${`${info.url}/events?topics=seq`}><metric-gauge topic="seq" field="n" decimals="0"></metric-gauge></pulse-source>
      <pulse-source id="ws" src=${`${info.url.replace(/^http/, 'ws')}/ws?topics=seq`}><metric-gauge topic="seq" field="n" decimals="0"></metric-gauge></pulse-source>
    </div>`);
    return ['sse', 'ws'].map((id) => root.querySelector<MetricGauge>(`#${id} metric-gauge`)!);
  }

  it('a short outage (server killed, down 12 s, restarted): both transports are Live within 3 s of the server answering', async () => {
    // The server's default retry: (2 s) for SSE and the client's default base (1 s) for WebSocket:
    // what a page in production has. Before issue 14 the delay had grown to 4-16 s by then (3 of 4 runs took over 3 s after only 8 s down).
    const info = await ref('start', { cors: ['*'], heartbeatMs: 500 });
    const gauges = await twoTransports(info);
    // Both connected before the first events: a fresh connection gets no replay, and the WebSocket
    // transport's code is imported on its first open, so it can still be on its way here.
    await waitFor(() => gauges.every((g) => (g.parentElement as PulseSource).state === 'open'), 'both sources open');
    await publish(1, 3);
    await waitFor(() => gauges.every((g) => g.getAttribute('status') === 'live' && shown(g) === '3'), 'both gauges live at 3');

    await ref('kill');
    const killedAt = performance.now();
    await waitFor(() => gauges.every((g) => g.getAttribute('status') === 'reconnecting'), 'both reconnecting');
    await sleep(12_000 - (performance.now() - killedAt));
    const restartAt = performance.now();
    await ref('restart');
    const answeringAt = performance.now(); // the child said LISTENING: it answers from here on
    const liveAt: number[] = [];
    await waitFor(() => {
      gauges.forEach((g, i) => {
        if (liveAt[i] === undefined && g.getAttribute('status') === 'live') liveAt[i] = performance.now();
      });
      return liveAt.filter((t) => t !== undefined).length === 2;
    }, 'both gauges live again', 20_000);
    const [sseMs, wsMs] = liveAt.map((t) => Math.round(t! - answeringAt));
    console.log(`reconnect after a 12 s outage: SSE live ${sseMs} ms, WebSocket live ${wsMs} ms after the server answered (restart took ${Math.round(answeringAt - restartAt)} ms)`);
    expect(sseMs, 'SSE back within 3 s').to.be.below(3000);
    expect(wsMs, 'WebSocket back within 3 s').to.be.below(3000);
    await publish(4, 4);
    await waitFor(() => gauges.every((g) => shown(g) === '4'), 'both gauges show the next event');
  });

  it('both transports take their idle timeout from the heartbeat the server announces: a quiet stream is not torn down', async () => {
    // The hubs' own idle timeout (800 ms) is shorter than the server's heartbeat (1200 ms): the
    // announced one (2.5 x 1200 ms) must replace it, as it does for a server that beats every 60 s.
    const info = await ref('start', { cors: ['*'], heartbeatMs: 1200, retryMs: 100 });
    const hubs = [
      new StreamHub({ url: `${info.url}/events?topics=seq`, transport: 'sse', idleTimeoutMs: 800 }),
      new StreamHub({ url: `${info.url.replace(/^http/, 'ws')}/ws?topics=seq`, transport: 'ws', idleTimeoutMs: 800 }),
    ];
    const releases = hubs.map((hub) => hub.retain());
    try {
      await waitFor(() => hubs.every((h) => h.state === 'open'), 'both open');
      await sleep(4000); // three heartbeats, nothing else
      expect(hubs.map((h) => h.stats.reconnects), 'reconnects (SSE, WebSocket) on a quiet, healthy stream').to.deep.equal([0, 0]);
      expect(hubs.map((h) => h.state)).to.deep.equal(['open', 'open']);
    } finally {
      releases.forEach((release) => release());
      hubs.forEach((hub) => hub.dispose());
    }
  });

  /** Hubs that would wait 5 to 10 s before their next attempt, so only a wake explains a quick one. */
  async function slowRetryHubs(serverOptions: Record<string, unknown> = {}) {
    const info = await ref('start', { cors: ['*'], heartbeatMs: 500, retryMs: 10_000, ...serverOptions });
    const hubs = [
      new StreamHub({ url: `${info.url}/events?topics=seq`, transport: 'sse', retryBaseMs: 10_000 }),
      new StreamHub({ url: `${info.url.replace(/^http/, 'ws')}/ws?topics=seq`, transport: 'ws', retryBaseMs: 10_000 }),
    ];
    const releases = hubs.map((hub) => hub.retain());
    const dispose = () => {
      releases.forEach((release) => release());
      hubs.forEach((hub) => hub.dispose());
    };
    return { info, hubs, dispose };
  }

  /** Kills the server, waits until both hubs wait to retry, restarts it; then `wake` must bring them back. */
  async function wakeAfterRestart(wake: () => void, boundMs: number) {
    const { hubs, dispose } = await slowRetryHubs();
    try {
      await waitFor(() => hubs.every((h) => h.state === 'open'), 'both open');
      await ref('kill');
      await waitFor(() => hubs.every((h) => h.state === 'reconnecting'), 'both waiting to retry');
      const waitingAt = performance.now();
      await ref('restart');
      await sleep(200);
      expect(hubs.map((h) => h.state), 'still waiting out the slow retry').to.deep.equal(['reconnecting', 'reconnecting']);
      const wokeAt = performance.now();
      wake();
      await waitFor(() => hubs.every((h) => h.state === 'open'), 'both open again after the wake', 5000);
      const tookMs = Math.round(performance.now() - wokeAt);
      expect(performance.now() - waitingAt, 'sooner than the 5 s the slowest retry could take').to.be.below(5000);
      expect(tookMs).to.be.below(boundMs);
      return tookMs;
    } finally {
      dispose();
    }
  }

  it("reconnects at once on the browser's online event instead of waiting out the retry delay", async () => {
    // A synthetic event: no launcher can take all three engines offline; the transport reacts to
    // the event the browser fires. The reconnects are spread over up to 1 s (a wall of screens).
    const ms = await wakeAfterRestart(() => window.dispatchEvent(new Event('online')), 2500);
    console.log(`online event: both transports open ${ms} ms after it`);
  });

  it('reconnects at once when a hidden tab becomes visible while waiting to retry', async () => {
    // Automation cannot hide a tab in every engine: pretend the tab was hidden, then fire the
    // visibilitychange the browser fires when it is shown again.
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    const ms = await wakeAfterRestart(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    }, 1500);
    console.log(`visible again: both transports open ${ms} ms after it`);
  });

  it("a wake does not cut short the server's Retry-After", async () => {
    const info = await ref('start', { cors: ['*'], heartbeatMs: 500, retryMs: 100, maxClients: 1, retryAfterSec: 3 });
    await ref('hog', { n: 1 });
    await sleep(100);
    const hub = new StreamHub({ url: `${info.url}/events?topics=seq`, transport: 'sse', retryBaseMs: 100 });
    const release = hub.retain();
    try {
      await waitFor(() => hub.state === 'reconnecting', 'the 503 with Retry-After: 3');
      const refusedAt = performance.now();
      await ref('release');
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
      await waitFor(() => hub.state === 'open', 'open after Retry-After', 8000);
      const waited = performance.now() - refusedAt;
      expect(waited, 'waited out the 3 s Retry-After (minus the time to see the 503)').to.be.above(2500);
      expect(waited).to.be.below(6000);
    } finally {
      release();
      hub.dispose();
    }
  });
});

/** A page on a server already started with special options. */
async function openExisting(info: RefInfo, src = `${info.proxyUrl}/events?topics=seq`): Promise<Page> {
  const source = await fixture<PulseSource>(html`<pulse-source src=${src}>
    <metric-gauge topic="seq" field="n" label="Seq" decimals="0"></metric-gauge>
    <log-firehose topic="seq" style="--pulse-log-height: 200px; width: 600px"></log-firehose>
  </pulse-source>`);
  const states: string[] = [];
  source.addEventListener('pulse-state', (e) => states.push((e as CustomEvent<{ state: string }>).detail.state));
  const got: number[] = [];
  source.subscribe('seq', (payload) => got.push((payload as { n: number }).n));
  return { source, gauge: source.querySelector('metric-gauge')!, log: source.querySelector('log-firehose')!, got, states, info };
}
