// Elements fed by the REAL monitoring stack: prometheus-node-exporter → prometheus (a rule that
// fires into) → prometheus-alertmanager, read by a memory-only reference server with
// --prometheus/--query and --alertmanager (test/fixtures/daemon-control.mjs starts them all on
// free loopback ports). What a person at the wall would see: the load Prometheus reports, the
// alerts that fire, a silence made from the list showing on a second page, and an honest
// "Source error" when a daemon dies.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/alert-list/alert-list.js';
import type { AlertList } from '../../src/elements/alert-list/alert-list.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { waitFor } from './helpers.js';

async function daemons<T = unknown>(action: string, arg: unknown = {}): Promise<T> {
  const response = await fetch(`/__daemons/${action}?json=${encodeURIComponent(JSON.stringify(arg))}`);
  const body = (await response.json()) as { ok: boolean; result: T; error?: string };
  if (!body.ok) throw new Error(`/__daemons/${action}: ${body.error}`);
  return body.result;
}

interface AmSilence {
  id: string;
  createdBy: string;
  comment: string;
  status: { state: string };
  matchers: { name: string; value: string }[];
}
interface AmAlert {
  fingerprint: string;
  labels: Record<string, string>;
}

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const statusOf = (el: Element) => clean(el.shadowRoot!.querySelector('[part="status"] [role="status"]')?.textContent);
const alertItems = (list: AlertList) => [...list.shadowRoot!.querySelectorAll<HTMLElement>('[part="alert"]')];
const alertTitled = (list: AlertList, prefix: string) => alertItems(list).find((i) => clean(i.querySelector('.title')?.textContent).startsWith(prefix));

/** What is painted at the centre of `el` inside its shadow root: the thing a person sees there. */
function visibleAt(host: Element, el: Element): Element | null {
  const r = el.getBoundingClientRect();
  return host.shadowRoot!.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
}

let server = '';

describe('connectors: Prometheus and Alertmanager, real daemons', function () {
  this.timeout(60_000);

  before(async function () {
    this.timeout(90_000);
    const started = await daemons<{ server: string }>('start', { queries: [{ name: 'load1', query: 'node_load1' }], queryIntervalMs: 500, alertmanagerIntervalMs: 1000 });
    server = started.server;
  });

  after(() => daemons('stop'));

  it('a gauge shows node_load1 as Prometheus reports it', async () => {
    const source = await fixture<PulseSource>(html`<pulse-source src=${`${server}/events?topics=load1`}>
      <metric-gauge topic="load1" label="Load" decimals="2" max="16"></metric-gauge>
    </pulse-source>`);
    const gauge = source.querySelector<MetricGauge>('metric-gauge')!;
    const payloads: { ts: number; value: number }[] = [];
    source.subscribe('load1', (p) => payloads.push(p as { ts: number; value: number }));
    await waitFor(() => payloads.length > 0, 'a load1 payload', 10_000);
    const last = payloads.at(-1)!;
    const truth = await daemons<{ result: { value: [number, string] }[] }>('prom', { query: 'node_load1', time: last.ts / 1000 });
    expect(last.value).to.equal(Number(truth.result[0]!.value[1]));
    const shown = () => clean(gauge.shadowRoot!.querySelector('.value')?.textContent);
    await waitFor(() => shown() === payloads.at(-1)!.value.toFixed(2), `gauge text ${shown()} = ${payloads.at(-1)!.value.toFixed(2)}`);
    expect(statusOf(gauge)).to.equal('Live');
  });

  it('a fresh page shows the firing alerts at once, on a memory-only server', async () => {
    const truth = await daemons<AmAlert[]>('alerts');
    const list = await fixture<AlertList>(html`<alert-list topic="alerts" src=${`${server}/events?topics=alerts&page=fresh`}></alert-list>`);
    // At once: the state comes with the first bytes, not with the next 10 s poll or webhook.
    await waitFor(() => alertItems(list).length === truth.length, `${truth.length} alerts shown (have ${alertItems(list).length})`, 3000);
    const node = alertTitled(list, 'node-exporter is up on 127.0.0.1:')!;
    expect(node.dataset['severity']).to.equal('critical');
    expect(clean(list.shadowRoot!.querySelector('[part="summary"]')?.textContent)).to.equal(`${truth.length} firing`);
    expect(alertTitled(list, 'Always firing')?.dataset['severity']).to.equal('warning');
  });

  it('Silence creates an active silence in Alertmanager and a second page shows it silenced, by whom and until when', async () => {
    const first = await fixture<AlertList>(html`<alert-list topic="alerts" src=${`${server}/events?topics=alerts&page=one`}></alert-list>`);
    const second = await fixture<AlertList>(html`<alert-list topic="alerts" src=${`${server}/events?topics=alerts&page=two`}></alert-list>`);
    await waitFor(() => Boolean(alertTitled(first, 'node-exporter') && alertTitled(second, 'node-exporter')), 'the alert on both pages', 5000);
    const button = alertTitled(first, 'node-exporter')!.querySelector<HTMLButtonElement>('[data-action="silence"]')!;
    button.click();
    await waitFor(() => Boolean(alertTitled(first, 'node-exporter')?.querySelector('.silence-form')), 'the silence form');
    const form = alertTitled(first, 'node-exporter')!.querySelector<HTMLFormElement>('.silence-form')!;
    expect(first.shadowRoot!.activeElement === form.querySelector('select'), 'focus moves into the form').to.equal(true);
    form.querySelector('select')!.value = '1h';
    form.querySelector('input')!.value = 'browser test';
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

    let silence: AmSilence | undefined;
    const started = performance.now();
    while (!silence && performance.now() - started < 5000) {
      silence = (await daemons<AmSilence[]>('silences')).find((s) => s.status.state === 'active' && s.comment === 'browser test');
    }
    expect(silence, 'Alertmanager lists an active silence').to.not.equal(undefined);
    expect(silence!.createdBy).to.equal('pulseboard');
    expect(silence!.matchers.map((m) => `${m.name}=${m.value}`)).to.include('alertname=NodeExporterUp');

    const badge = () => alertTitled(second, 'node-exporter')?.querySelector('.badge.silenced');
    await waitFor(() => Boolean(badge()), 'the second page shows it silenced', 3000);
    expect(clean(badge()!.textContent)).to.match(/^Silenced by pulseboard until \d\d:\d\d:\d\d$/);
    expect(badge()!.contains(visibleAt(second, badge()!)), 'the badge is what is painted there').to.equal(true);
    expect(clean(alertTitled(second, 'node-exporter')!.querySelector('[data-action="unsilence"]')?.textContent)).to.match(/^Unsilence/);

    // Un-silencing from the second page expires it in Alertmanager; the first page follows.
    alertTitled(second, 'node-exporter')!.querySelector<HTMLButtonElement>('[data-action="unsilence"]')!.click();
    await waitFor(() => !alertTitled(first, 'node-exporter')?.querySelector('.badge'), 'the first page shows it unsilenced', 5000);
    // Alertmanager may list it as active for a moment after the pages changed: ask until it settles.
    let state: string | undefined;
    const asked = performance.now();
    do state = (await daemons<AmSilence[]>('silences')).find((s) => s.id === silence!.id)?.status.state;
    while (state !== 'expired' && performance.now() - asked < 5000);
    expect(state).to.equal('expired');
  });

  it('Alertmanager killed: Ack shows the reason next to the button, the list says Source error', async () => {
    const list = await fixture<AlertList>(html`<alert-list topic="alerts" src=${`${server}/events?topics=alerts&page=down`}></alert-list>`);
    await waitFor(() => Boolean(alertTitled(list, 'Always firing')), 'the alert', 5000);
    await daemons('kill', { name: 'alertmanager' });
    try {
      alertTitled(list, 'Always firing')!.querySelector<HTMLButtonElement>('[data-action="ack"]')!.click();
      const error = () => alertTitled(list, 'Always firing')?.querySelector('[part="action-error"]');
      await waitFor(() => Boolean(error()), 'an error next to Ack', 5000);
      expect(clean(error()!.textContent)).to.match(/^Ack failed: Alertmanager unreachable/);
      const ack = alertTitled(list, 'Always firing')!.querySelector('[data-action="ack"]')!;
      expect(ack.getAttribute('aria-describedby')).to.equal(error()!.id, 'the button is described by its error');
      await waitFor(() => statusOf(list).startsWith('Source error: Alertmanager unreachable'), `status "${statusOf(list)}"`, 5000);
      expect(alertItems(list).length, 'what was firing stays shown').to.be.greaterThan(0);
    } finally {
      await daemons('restart', { name: 'alertmanager' });
    }
    await waitFor(() => statusOf(list) === 'Live', `back to Live (now "${statusOf(list)}")`, 10_000);
  });

  it('stopping Prometheus shows "Source error: Prometheus unreachable" with the time it started, announced', async () => {
    const gauge = await fixture<MetricGauge>(html`<metric-gauge topic="load1" src=${`${server}/events?topics=load1&page=prom`} label="Load"></metric-gauge>`);
    await waitFor(() => statusOf(gauge) === 'Live', 'live first', 10_000);
    await daemons('kill', { name: 'prometheus' });
    try {
      await waitFor(() => statusOf(gauge).startsWith('Source error'), `source error (now "${statusOf(gauge)}")`, 5000);
      expect(statusOf(gauge)).to.match(/^Source error: Prometheus unreachable \(ECONNREFUSED\) since \d\d:\d\d:\d\d$/);
      const region = gauge.shadowRoot!.querySelector('[part="status"] [role="status"]')!;
      expect(region.getAttribute('aria-live')).to.equal('polite', 'announced to screen readers');
      expect(gauge.getAttribute('status')).to.equal('source-error');
      // A page opened now knows at once.
      const late = await fixture<MetricGauge>(html`<metric-gauge topic="load1" src=${`${server}/events?topics=load1&page=late`}></metric-gauge>`);
      await waitFor(() => statusOf(late).startsWith('Source error: Prometheus unreachable'), `fresh page (now "${statusOf(late)}")`, 3000);
    } finally {
      await daemons('restart', { name: 'prometheus' });
    }
    await waitFor(() => statusOf(gauge) === 'Live', `back to Live (now "${statusOf(gauge)}")`, 15_000);
  });
});
