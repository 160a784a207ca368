// A fleet wall behind access control, against the REAL reference server (child process, JWTs on):
// `*` pattern elements (issue 17) show exactly the hosts the token may see (issue 16), an agent
// that stopped sending heartbeats shows Offline / "· 1 offline" (issues 15 and 17's one
// pulse.source), and a host outside the grant says Not authorized, on SSE and WebSocket.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { waitFor } from './helpers.js';

const SECRET = 'browser-test-secret-0123456789abcdef';

async function ref(action: string, arg: unknown = {}): Promise<{ ok: boolean; url: string; error?: string }> {
  const response = await fetch(`/__ref/${action}?json=${encodeURIComponent(JSON.stringify(arg))}`);
  const info = (await response.json()) as { ok: boolean; url: string; error?: string };
  if (!info.ok) throw new Error(`/__ref/${action}: ${info.error}`);
  return info;
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const utf8 = (s: string) => new TextEncoder().encode(s);

/** An HS256 JWT signed in the page with WebCrypto, as an identity provider would. */
async function mint(pulse: Record<string, unknown>): Promise<string> {
  const body = `${b64url(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT' })))}.${b64url(utf8(JSON.stringify({ sub: 'wall', exp: Date.now() / 1000 + 3600, pulse })))}`;
  const key = await crypto.subtle.importKey('raw', utf8(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${body}.${b64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(body))))}`;
}

const statusText = (el: Element) => (el.shadowRoot!.querySelector('[part="status"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
const legend = (el: Element) => [...el.shadowRoot!.querySelectorAll('.legend button .name')].map((b) => b.textContent!.trim());

describe('a fleet wall behind access control, against the real reference server', function () {
  this.timeout(30_000);
  let url: string;

  beforeEach(async () => {
    ({ url } = await ref('start', { cors: ['*'], heartbeatMs: 500, retryMs: 100, access: { jwtSecret: SECRET } }));
  });
  afterEach(async () => {
    await ref('stop');
  });

  for (const [transport, query] of [['sse', ''], ['ws', '?topics=cpu@*']] as const) {
    it(`${transport}${query}: cpu@* draws only the hosts the token may see; a silent agent is Offline there and counted on the chart; another host is Not authorized`, async () => {
      const agent = await mint({ publish: ['*'] });
      const post = async (items: unknown[]) => {
        const r = await fetch(`${url}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${agent}` }, body: JSON.stringify(items) });
        expect(r.status).to.equal(202);
      };
      const token = await mint({ subscribe: ['cpu@web-*'] });
      const src = `${transport === 'ws' ? url.replace(/^http/, 'ws') : url}/${transport === 'ws' ? 'ws' : 'events'}${query}`;
      const source = await fixture<PulseSource>(html`<pulse-source src=${src} transport=${transport} .tokenProvider=${async () => token}>
        <time-series topic="cpu@*" field="value" style="width: 600px"></time-series>
        <metric-gauge topic="cpu@web-2" field="value" style="width: 300px"></metric-gauge>
        <metric-gauge topic="cpu@db-1" field="value" style="width: 300px"></metric-gauge>
      </pulse-source>`);
      const chart = source.querySelector('time-series') as TimeSeries;
      const [web2, db1] = [...source.querySelectorAll('metric-gauge')] as MetricGauge[];
      await waitFor(() => source.state === 'open', 'open');
      // web-2's agent says it beats every 100 ms, then falls silent: offline after about a second.
      await post([{ topic: 'pulse.heartbeat', data: { host: 'web-2', intervalMs: 100, topics: ['cpu@web-2'] } }]);
      for (let i = 0; i < 3; i++) {
        await post([
          { topic: 'cpu@web-1', data: { value: 10 + i } },
          { topic: 'cpu@web-2', data: { value: 20 + i } },
          { topic: 'cpu@db-1', data: { value: 30 + i } },
        ]);
      }
      await waitFor(() => legend(chart).length === 2, 'two hosts on the chart');
      expect(legend(chart)).to.deep.equal(['web-1', 'web-2'], 'db-1 is not the token\'s to see');
      await waitFor(() => statusText(web2!).startsWith('Offline'), 'the silent agent\'s gauge says Offline', 10_000);
      await waitFor(() => statusText(chart).includes('· 1 offline'), 'the chart stays live and counts it');
      expect(statusText(chart)).to.match(/^Live/);
      expect(statusText(db1!)).to.match(/^Not authorized/);
      expect(db1!.getAttribute('status')).to.equal('unauthorized');
      // The agent is back: its gauge is live again.
      await post([{ topic: 'pulse.heartbeat', data: { host: 'web-2', intervalMs: 100, topics: ['cpu@web-2'] } }, { topic: 'cpu@web-2', data: { value: 25 } }]);
      await waitFor(() => statusText(web2!).startsWith('Live'), 'live again');
      expect(source.stats.patternOverflow).to.equal(0);
      source.remove();
    });
  }
});
