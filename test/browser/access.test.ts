// Access control seen from the page, against the REAL reference server (a child process driven
// through /__ref/..., see test/fixtures/ref-server-control.mjs) with JWTs on: `tokenProvider`
// refreshes mid-stream without losing, repeating or flashing anything; refusals show "Not
// authorized" on the elements they concern, without a retry flood.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/log-firehose/log-firehose.js';
import type { LogFirehose } from '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { waitFor } from './helpers.js';

const SECRET = 'browser-test-secret-0123456789abcdef';

interface RefInfo {
  ok: boolean;
  url: string;
  error?: string;
}

async function ref(action: string, arg: unknown = {}): Promise<RefInfo> {
  const response = await fetch(`/__ref/${action}?json=${encodeURIComponent(JSON.stringify(arg))}`);
  const info = (await response.json()) as RefInfo;
  if (!info.ok) throw new Error(`/__ref/${action}: ${info.error}`);
  return info;
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const utf8 = (s: string) => new TextEncoder().encode(s);

/** An HS256 JWT, signed here with WebCrypto as an identity provider would. `ttl` in seconds (fractions allowed). */
async function mint(pulse: Record<string, unknown>, ttl = 3600, sub = 'ana@example.com'): Promise<string> {
  const body = `${b64url(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT' })))}.${b64url(utf8(JSON.stringify({ sub, exp: Date.now() / 1000 + ttl, pulse })))}`;
  const key = await crypto.subtle.importKey('raw', utf8(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${body}.${b64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(body))))}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const statusText = (el: Element) => (el.shadowRoot!.querySelector('[part="status"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Every value an attribute took, from now on. */
function watchAttribute(el: Element, name: string): string[] {
  const seen: string[] = [el.getAttribute(name) ?? ''];
  new MutationObserver(() => seen.push(el.getAttribute(name) ?? '')).observe(el, { attributes: true, attributeFilter: [name] });
  return seen;
}

describe('access control against the real reference server', function () {
  this.timeout(30_000);
  let info: RefInfo;
  let publisher: string;

  beforeEach(async () => {
    info = await ref('start', { cors: ['*'], heartbeatMs: 500, retryMs: 100, access: { jwtSecret: SECRET } });
    publisher = await mint({ publish: ['*'], subscribe: ['*'] });
  });
  afterEach(async () => {
    await ref('stop');
  });

  async function publish(topic: string, from: number, to: number): Promise<void> {
    const items = range(from, to).map((n) => ({ topic, data: { n, message: `event ${n}` } }));
    const r = await fetch(`${info.url}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${publisher}` }, body: JSON.stringify(items) });
    expect(r.status).to.equal(202);
  }

  async function unauthorizedCount(): Promise<number> {
    const r = await fetch(`${info.url}/health`, { headers: { Authorization: `Bearer ${publisher}` } });
    return ((await r.json()) as { rejected: { unauthorized: number } }).rejected.unauthorized;
  }

  for (const transport of ['sse', 'ws'] as const) {
    it(`${transport}: tokens that expire every 1.2 s are refreshed through tokenProvider mid-stream; every event once, in order, never "Reconnecting"`, async () => {
      let calls = 0;
      const tokenProvider = async () => {
        calls++;
        return mint({ subscribe: ['seq'] }, 1.2);
      };
      const src = transport === 'sse' ? `${info.url}/events?topics=seq` : `${info.url.replace(/^http/, 'ws')}/ws?topics=seq`;
      const source = await fixture<PulseSource>(html`<pulse-source src=${src} .tokenProvider=${tokenProvider}>
        <metric-gauge topic="seq" field="n" label="Seq" decimals="0"></metric-gauge>
      </pulse-source>`);
      const gauge = source.querySelector('metric-gauge') as MetricGauge;
      const got: number[] = [];
      source.subscribe('seq', (payload) => got.push((payload as { n: number }).n));
      await waitFor(() => source.state === 'open', 'open');
      const states = watchAttribute(source, 'state');
      const statuses = watchAttribute(gauge, 'status');
      // ~4 s of events, one every 40 ms: at least two expiries happen while they flow.
      for (let n = 1; n <= 100; n++) {
        await publish('seq', n, n);
        await sleep(40);
      }
      await waitFor(() => got.length >= 100, '100 events', 10_000);
      await sleep(200);
      expect(got).to.deep.equal(range(1, 100));
      expect(calls, 'the provider was asked again after each expiry').to.be.at.least(3);
      expect(states.filter((s) => s !== 'open'), 'the source never left open').to.deep.equal([]);
      expect(statuses).not.to.include('reconnecting');
      expect(statuses).not.to.include('unauthorized');
      expect(source.stats.duplicates, 'nothing was delivered twice (not even deduplicated)').to.equal(0);
      expect(source.stats.gaps).to.equal(0);
    });
  }

  for (const transport of ['sse', 'ws'] as const) {
    it(`${transport}: a refused token shows "Not authorized" with the reason on every element of the source, and is not retried in a loop`, async () => {
      const before = await unauthorizedCount();
      let calls = 0;
      const expired = await mint({ subscribe: ['*'] }, -60);
      const tokenProvider = async () => {
        calls++;
        return expired;
      };
      const src = transport === 'sse' ? `${info.url}/events` : `${info.url.replace(/^http/, 'ws')}/ws`;
      const source = await fixture<PulseSource>(html`<pulse-source src=${src} .tokenProvider=${tokenProvider}>
        <metric-gauge topic="cpu"></metric-gauge>
        <log-firehose topic="logs" style="height: 120px"></log-firehose>
      </pulse-source>`);
      const gauge = source.querySelector('metric-gauge') as MetricGauge;
      const log = source.querySelector('log-firehose') as LogFirehose;
      await waitFor(() => gauge.getAttribute('status') === 'unauthorized' && log.getAttribute('status') === 'unauthorized', 'both elements unauthorized');
      await gauge.updateComplete;
      await log.updateComplete;
      for (const el of [gauge, log]) expect(statusText(el)).to.contain('Not authorized: token expired');
      expect(source.state).to.equal('closed');
      expect(source.stats.error?.status).to.equal(401);
      await sleep(1500);
      expect(calls, 'one refresh after the refusal, then stop').to.equal(2);
      expect((await unauthorizedCount()) - before, 'two requests refused, no flood').to.equal(2);
    });
  }

  it('static headers keep working; a bad static token is refused once and shown', async () => {
    const good = await mint({ subscribe: ['cpu'] });
    const ok = await fixture<PulseSource>(html`<pulse-source src=${`${info.url}/events?topics=cpu`} .headers=${{ Authorization: `Bearer ${good}` }}>
      <metric-gauge topic="cpu" field="n"></metric-gauge>
    </pulse-source>`);
    await waitFor(() => ok.state === 'open', 'open with a static token');
    await publish('cpu', 7, 7);
    const gauge = ok.querySelector('metric-gauge') as MetricGauge;
    await waitFor(() => gauge.getAttribute('status') === 'live', 'live');
    const before = await unauthorizedCount();
    const bad = await fixture<PulseSource>(html`<pulse-source src=${`${info.url.replace(/^http/, 'ws')}/ws`} .headers=${{ Authorization: 'Bearer not-a-token' }}>
      <metric-gauge topic="cpu"></metric-gauge>
    </pulse-source>`);
    const refused = bad.querySelector('metric-gauge') as MetricGauge;
    await waitFor(() => refused.getAttribute('status') === 'unauthorized', 'unauthorized');
    await refused.updateComplete;
    expect(statusText(refused)).to.contain('Not authorized: token malformed');
    await sleep(500);
    expect((await unauthorizedCount()) - before).to.equal(1);
  });

  it('a static token that expires mid-stream: pulse.auth stops the source as not authorized, without trying the dead token again', async () => {
    const short = await mint({ subscribe: ['cpu'] }, 1);
    const source = await fixture<PulseSource>(html`<pulse-source src=${`${info.url}/events?topics=cpu`} .headers=${{ Authorization: `Bearer ${short}` }}>
      <metric-gauge topic="cpu" field="n"></metric-gauge>
    </pulse-source>`);
    const gauge = source.querySelector('metric-gauge') as MetricGauge;
    await waitFor(() => source.state === 'open', 'open');
    const before = await unauthorizedCount();
    await publish('cpu', 1, 1);
    await waitFor(() => gauge.getAttribute('status') === 'live', 'live');
    await waitFor(() => gauge.getAttribute('status') === 'unauthorized', 'unauthorized at exp', 5000);
    await gauge.updateComplete;
    expect(statusText(gauge)).to.contain('Not authorized: token expired');
    await sleep(500);
    expect((await unauthorizedCount()) - before, 'no reconnect with the expired token').to.equal(0);
  });

  it('the history backfill (--data) goes with the tokenProvider\'s token too', async () => {
    info = await ref('start', { cors: ['*'], heartbeatMs: 500, access: { jwtSecret: SECRET }, data: `/tmp/pulseboard-access-${Date.now()}-${Math.random().toString(36).slice(2)}` });
    const now = Date.now();
    const points = range(1, 20).map((i) => ({ topic: 'cpu', data: { ts: now - 30_000 + i * 1000, value: i } }));
    const r = await fetch(`${info.url}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${publisher}` }, body: JSON.stringify(points) });
    expect(r.status).to.equal(202);
    const tokenProvider = () => mint({ subscribe: ['cpu'] });
    const source = await fixture<PulseSource>(html`<pulse-source src=${`${info.url}/events?topics=cpu`} .tokenProvider=${tokenProvider}>
      <time-series topic="cpu" window="1m" style="width: 500px"></time-series>
    </pulse-source>`);
    const chart = source.querySelector('time-series') as TimeSeries;
    await waitFor(() => (chart.getData()[0]?.length ?? 0) >= 20, 'the stored points drawn', 10_000);
    expect(chart.getData()[1]!.slice(0, 20)).to.deep.equal(range(1, 20));
  });

  it('a topic denied in pulse.hello marks only the elements on it; the others stay live', async () => {
    const token = await mint({ subscribe: ['cpu', 'mem@*'] });
    for (const src of [`${info.url}/events?topics=cpu,secret`, `${info.url}/events`]) {
      const source = await fixture<PulseSource>(html`<pulse-source src=${src} .headers=${{ Authorization: `Bearer ${token}` }}>
        <metric-gauge topic="cpu" field="n"></metric-gauge>
        <metric-gauge topic="secret" field="n"></metric-gauge>
      </pulse-source>`);
      const [cpu, secret] = [...source.querySelectorAll('metric-gauge')] as MetricGauge[];
      await waitFor(() => source.state === 'open', 'open');
      await publish('cpu', 1, 1);
      await publish('secret', 2, 2);
      await waitFor(() => cpu!.getAttribute('status') === 'live', `cpu live (${src})`);
      await waitFor(() => secret!.getAttribute('status') === 'unauthorized', `secret unauthorized (${src})`);
      await secret!.updateComplete;
      expect(statusText(secret!)).to.contain('Not authorized: no access to secret');
      expect(statusText(cpu!)).to.contain('Live');
      expect(source.state).to.equal('open');
      source.remove();
    }
  });
});
