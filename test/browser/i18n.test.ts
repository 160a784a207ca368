// Every built-in string follows `lang` (the element's, else the nearest ancestor's across shadow
// roots, else the document's), numbers and dates too, and layouts mirror under dir="rtl" while the
// chart's time axis stays left to right. Asserted on what the page shows.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/agent-status/agent-status.js';
import '../../src/elements/alert-list/alert-list.js';
import '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { de } from '../../src/i18n/de.js';
import { ja } from '../../src/i18n/ja.js';
import { definePulseLocale, pulseLocaleReady } from '../../src/i18n/locales.js';
import { en } from '../../src/i18n/english.js';
import type { MessageKey } from '../../src/i18n/messages.js';
import { newSession, nextFrames, waitFor } from './helpers.js';

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const shadowText = (el: Element, selector = ':host') => clean((selector === ':host' ? el.shadowRoot : el.shadowRoot!.querySelector(selector))?.textContent);
const buttons = (el: Element) => [...el.shadowRoot!.querySelectorAll('button')].map((b) => clean(b.textContent));
const box = (el: Element | null | undefined) => el!.getBoundingClientRect();

/** Every element under one source inside `wrapper` markup; returns them by tag. */
async function dashboard(attrs: { lang?: string; dir?: string } = {}) {
  const wrapper = await fixture<HTMLElement>(html`<div lang=${attrs.lang ?? 'en'} dir=${attrs.dir ?? 'ltr'} style="width: 900px">
    <pulse-source src=${`local:${newSession('i18n')}`}>
      <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" decimals="1" max="100"></metric-gauge>
      <time-series topic="cpu" label="CPU" unit="percent" style="--pulse-series-height: 240px"></time-series>
      <log-firehose topic="logs" style="--pulse-log-height: 260px"></log-firehose>
      <alert-list topic="alerts"></alert-list>
      <agent-status topic="agents"></agent-status>
    </pulse-source>
  </div>`);
  const source = wrapper.querySelector<PulseSource>('pulse-source')!;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K) => wrapper.querySelector(tag)!;
  const all = { gauge: el('metric-gauge'), chart: el('time-series'), log: el('log-firehose'), alerts: el('alert-list'), agents: el('agent-status') };
  await Promise.all(Object.values(all).map((e) => e.updateComplete));
  await nextFrames();
  return { wrapper, source, ...all };
}

function feed(source: PulseSource) {
  const now = Date.now();
  for (let i = 0; i < 5; i++) source.publish('cpu', { ts: now - (5 - i) * 1000, value: 40 + i + 0.5 });
  source.publish('logs', [
    { ts: now, level: 'warn', source: 'api', message: 'slow' },
    { ts: now, level: 'info', source: 'api', message: 'ok' },
  ]);
  source.publish('alerts', { id: 'a', severity: 'critical', title: 'Disk full', startsAt: new Date(now - 12 * 60_000 - 5000).toISOString() });
  source.publish('agents', [
    { id: 'x', name: 'Planner', state: 'running', costUsd: 1.29, errorRate: 0.06, latencyMs: { p50: 350, p99: 1200 } },
    { id: 'y', name: 'Writer', state: 'running', costUsd: 0.39 },
  ]);
}

describe('localisation: lang', () => {
  it('a lang="de" page shows German words, numbers and times in every element', async () => {
    const d = await dashboard({ lang: 'de' });
    // The German table loads on first use; the elements redraw in German when it arrives.
    await waitFor(() => shadowText(d.log, '[role="status"]') === 'Warte auf Daten', 'German words', 4000);
    expect(shadowText(d.alerts, '[part="summary"]')).to.equal('Alarmstatus unbekannt');
    expect(shadowText(d.agents, '[part="summary"]')).to.equal('Noch keine Agenten');
    feed(d.source);
    await nextFrames(3);
    await waitFor(() => shadowText(d.gauge, '.value') !== '–', 'a value');
    // Numbers in German: decimal comma, the percent sign after a space.
    expect(shadowText(d.gauge, '.value')).to.equal('44,5 %');
    expect(d.gauge.shadowRoot!.querySelector('[role="meter"]')!.getAttribute('aria-valuetext')).to.equal('CPU 44,5 Prozent');
    expect(buttons(d.log)).to.include.members(['Anhalten', 'Umbrechen', 'Zeit', 'Sichtbare kopieren']);
    expect(shadowText(d.log, '[part="footer"]')).to.match(/^2 Zeilen Letzte Zeile empfangen (gerade eben|vor \d+ Sek\.)$/);
    expect(d.log.shadowRoot!.querySelector('.viewport')!.getAttribute('aria-label')).to.equal('Protokoll');
    expect(shadowText(d.alerts, '[part="summary"]')).to.equal('1 aktiv');
    expect(shadowText(d.alerts, '[part="severity"]')).to.equal('Kritisch');
    expect(shadowText(d.alerts, '.since')).to.equal('aktiv seit 12 Min.');
    expect(shadowText(d.agents, '[part="summary"]')).to.equal('2 laufen');
    expect(shadowText(d.agents, '[data-key="x"] [part="state"]')).to.equal('Läuft');
    expect(shadowText(d.agents, '[data-key="x"] .cost')).to.equal('1,29 $');
    expect(shadowText(d.agents, '[data-key="x"] .errors')).to.equal('6,0 %');
    expect(shadowText(d.agents, '[data-key="x"] .latency')).to.equal('350 ms / 1.200 ms');
    expect(buttons(d.chart)).to.include('Anhalten');
    expect(d.chart.shadowRoot!.querySelector('.plot')!.getAttribute('aria-label')).to.equal('CPU, Diagramm von cpu über die letzten 5m');
    expect(shadowText(d.log, '[role="status"]')).to.equal('Live');
  });

  it("the element's own lang wins over its ancestors'; lang is found across shadow roots; changes apply at once", async () => {
    const d = await dashboard({ lang: 'de' });
    await pulseLocaleReady('de');
    d.log.setAttribute('lang', 'ja');
    await waitFor(() => buttons(d.log).includes('一時停止'), 'Japanese words', 4000);
    expect(shadowText(d.gauge, '[role="status"]')).to.equal('Warte auf Daten');
    d.wrapper.setAttribute('lang', 'en');
    await nextFrames(2);
    expect(shadowText(d.gauge, '[role="status"]')).to.equal('Waiting for data');
    expect(buttons(d.log), 'its own lang still wins').to.include('一時停止');

    // Inside another component's shadow root, the host's lang counts.
    const host = await fixture<HTMLElement>(html`<div lang="de"></div>`);
    const shadow = host.attachShadow({ mode: 'open' });
    const log = document.createElement('log-firehose');
    shadow.append(log);
    await log.updateComplete;
    expect(buttons(log)).to.include('Anhalten');
    host.setAttribute('lang', 'ja');
    await waitFor(() => buttons(log).includes('一時停止'), 'Japanese in the shadow root', 4000);
  });

  it("with no lang on the way up, the document's lang decides", async () => {
    const before = document.documentElement.getAttribute('lang');
    try {
      document.documentElement.setAttribute('lang', 'ja');
      await pulseLocaleReady('ja');
      const log = await fixture<HTMLElement>(html`<log-firehose></log-firehose>`);
      await nextFrames();
      expect(buttons(log)).to.include('一時停止');
      expect(shadowText(log, '.empty')).to.equal('ログ行を待っています…');
    } finally {
      if (before === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', before);
    }
  });

  it('a page can add a locale or override strings; what it leaves out falls back (regional to language to English)', async () => {
    definePulseLocale('fr', { 'log.pause': 'Pause (fr)', 'log.wrap': 'Retour à la ligne' });
    definePulseLocale('de-AT', { 'log.wrap': 'Umbrechen (AT)' });
    const wrapper = await fixture<HTMLElement>(html`<div>
      <log-firehose lang="fr"></log-firehose>
      <log-firehose lang="de-AT"></log-firehose>
    </div>`);
    const [fr, at] = [...wrapper.querySelectorAll('log-firehose')];
    await pulseLocaleReady('de-AT');
    await nextFrames();
    expect(buttons(fr!)).to.include.members(['Pause (fr)', 'Retour à la ligne', 'Time'], 'missing keys in English');
    expect(buttons(at!)).to.include.members(['Umbrechen (AT)', 'Zeit'], 'de-AT falls back to de');
    // Redefining redraws elements already on the page.
    definePulseLocale('fr', { 'log.time': 'Heure' });
    await nextFrames(2);
    expect(buttons(fr!)).to.include('Heure');
  });
});

describe('localisation: the words other branches added (access, sources, gaps)', () => {
  it('not authorized with its reason, a source error with its time, what the gauge says and the chart\'s gap words, in German and Japanese', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div lang="de" style="width: 900px">
      <pulse-source src=${`local:${newSession('i18n-main')}`}>
        <metric-gauge topic="load1" label="Last" max="16"></metric-gauge>
        <metric-gauge topic="secret" label="Geheim" max="100"></metric-gauge>
        <metric-gauge topic="cpu" label="CPU" unit="percent" max="100"></metric-gauge>
        <time-series topic="net" label="Netz" window="2m" style="--pulse-series-height: 200px"></time-series>
      </pulse-source>
    </div>`);
    const source = wrapper.querySelector<PulseSource>('pulse-source')!;
    const [load, secret, cpu] = [...wrapper.querySelectorAll<MetricGauge>('metric-gauge')];
    const chart = wrapper.querySelector<TimeSeries>('time-series')!;
    const status = (el: Element) => shadowText(el, '[part="status"] [role="status"]');
    const title = (el: Element) => el.shadowRoot!.querySelector('[part="status"]')!.getAttribute('title') ?? '';
    const spoken = (el: Element) => el.shadowRoot!.querySelector('[role="meter"]')!.getAttribute('aria-valuetext');
    const gapWords = () => chart.drawnLabels.filter((l) => l.kind === 'gap').map((l) => l.text);
    const chartSummary = () => clean(chart.shadowRoot!.querySelector('#summary')?.textContent);

    for (const topic of ['load1', 'secret', 'cpu']) source.publish(topic, { value: 4 });
    const t0 = Date.now() - 60_000;
    const points = (from: number) => Array.from({ length: 20 }, (_, i) => ({ ts: from + i * 1000, value: 10 + (i % 4) }));
    source.publish('net', [...points(t0), ...points(t0 + 40_000)]); // 21 s without data in between
    const since = new Date(2026, 0, 1, 14, 3, 7).getTime();
    source.publish('pulse.source', { topics: { load1: { status: 'error', source: 'prometheus', message: 'Prometheus unreachable', since } } });
    source.publish('pulse.hello', { denied: ['secret'] });
    await waitFor(() => status(cpu!) === 'Live' && status(load!).startsWith('Quellenfehler'), `German words (${status(load!)})`, 4000);

    expect(status(load!)).to.equal('Quellenfehler: Prometheus unreachable seit 14:03:07');
    expect(title(load!)).to.match(/^Quellenfehler: Prometheus unreachable seit 01\.01\.2026, 14:03:07/);
    expect(spoken(load!)).to.equal('Last 4, Quellenfehler');
    expect(status(secret!)).to.equal('Nicht berechtigt: kein Zugriff auf secret');
    expect(title(secret!)).to.contain('Angehalten: kein Zugriff auf secret');
    expect(spoken(secret!)).to.equal('Geheim 4, nicht berechtigt');
    await waitFor(() => gapWords().join() === 'keine Daten', `the band says "keine Daten" (${gapWords().join()})`);
    await waitFor(() => /Lücken in den Daten: keine Daten von \S+ bis \S+\./.test(chartSummary()), `German gap summary: ${chartSummary()}`);
    // The source's aggregate freshness ranks the new words: refused is worse than a failing upstream.
    expect(source.freshness.state).to.equal('unauthorized');
    expect(source.freshness.counts).to.deep.equal({ unauthorized: 1, 'source-error': 1, live: 2 });
    expect(source.getAttribute('freshness')).to.equal('unauthorized');

    wrapper.setAttribute('lang', 'ja');
    await waitFor(() => status(load!).startsWith('ソースエラー'), `Japanese words (${status(load!)})`, 4000);
    expect(status(load!)).to.equal('ソースエラー: Prometheus unreachable（14:03:07 から）');
    expect(spoken(load!)).to.equal('Last 4, ソースエラー');
    expect(status(secret!)).to.equal('権限なし: secret へのアクセス権がありません');
    expect(spoken(secret!)).to.equal('Geheim 4, 権限なし');
    await waitFor(() => gapWords().join() === 'データなし', `the band in Japanese (${gapWords().join()})`);
    await waitFor(() => /データの欠落: \S+ から \S+ までデータなし。/.test(chartSummary()), `Japanese gap summary: ${chartSummary()}`);
  });
});

describe('localisation: the shipped tables', () => {
  // The compiler makes every table complete; this keeps them translated. A string added to
  // English and pasted unchanged into German or Japanese fails here, unless the languages
  // really share it (log levels, "Live", "p50").
  const SAME_AS_ENGLISH: Record<'de' | 'ja', readonly MessageKey[]> = {
    de: [
      'status.live', 'status.withReason', 'status.offline', 'status.offlineCount', 'log.level.trace', 'log.level.debug', 'log.level.info', 'log.level.warn', 'log.level.error', 'log.level.fatal',
      'log.filter', 'log.details', 'alert.severity.info', 'alert.severityCount', 'agent.state.offline', 'agent.count.offline', 'agent.tokens', 'agent.latency',
      'agent.col.agent', 'agent.col.tokens', 'agent.col.p50', 'agent.col.p99', 'gauge.offline',
    ],
    ja: ['status.withReason', 'log.level.trace', 'log.level.debug', 'log.level.info', 'log.level.warn', 'log.level.error', 'log.level.fatal', 'agent.latency', 'agent.col.p50', 'agent.col.p99'],
  };
  for (const [name, table] of [['de', de], ['ja', ja]] as const) {
    it(`${name}: every string is translated, with the same placeholders as English`, () => {
      const keys = Object.keys(en) as MessageKey[];
      const copied = keys.filter((k) => JSON.stringify(table[k]) === JSON.stringify(en[k]));
      expect(copied).to.deep.equal(keys.filter((k) => SAME_AS_ENGLISH[name].includes(k)));
      const placeholders = (m: unknown) => [...new Set(JSON.stringify(m).match(/\{\w+\}/g) ?? [])].sort();
      const differ = keys.filter((k) => placeholders(table[k]).join() !== placeholders(en[k]).join());
      expect(differ, 'placeholders differ from English').to.deep.equal([]);
    });
  }
});

describe('localisation: dir="rtl"', () => {
  it('layouts mirror (bounding boxes), and the chart still runs left to right', async () => {
    const d = await dashboard({ dir: 'rtl' });
    feed(d.source);
    await nextFrames(3);
    /** Every layout expectation, checked all together so a failure names each one. */
    const wrong: string[] = [];
    const check = (ok: boolean, what: string) => ok || wrong.push(what);
    // Log row: the details toggle at the right edge, then time, level, source, message leftwards.
    const row = d.log.shadowRoot!.querySelector('.row')!;
    const ts = box(row.querySelector('.ts'));
    const msg = box(row.querySelector('.msg'));
    const expand = box(row.querySelector('.expand'));
    check(expand.left > ts.right - 1, 'log: toggle right of the time');
    check(ts.left > msg.right - 1, 'log: time right of the message');
    check(box(row).right - expand.right < 5, `log: the row starts at its right edge (${box(row).right - expand.right})`);
    // Alert: the severity column on the right of the title, at the right edge.
    const alert = d.alerts.shadowRoot!.querySelector('[part="alert"]')!;
    const severity = box(alert.querySelector('[part="severity"]'));
    check(severity.left > box(alert.querySelector('[part="title"]')).right - 1, 'alert: severity right of the title');
    check(box(alert).right - severity.right < 20, `alert: severity at the right edge (${box(alert).right - severity.right})`);
    check(box(d.alerts.shadowRoot!.querySelector('[part="summary"]')).right > box(d.alerts.shadowRoot!.querySelector('[part="status"]')).right, 'alert: summary right of the status');
    // Agent card: the name at the right edge, the state word at the left edge.
    const card = d.agents.shadowRoot!.querySelector('[part="card"]')!;
    check(box(card).right - box(card.querySelector('[part="name"]')).right < 24, 'agent: name at the right edge');
    check(box(card.querySelector('[part="state"]')).left - box(card).left < 24, 'agent: state at the left edge');
    check(box(d.agents.shadowRoot!.querySelector('[part="summary"]')).right > box(d.agents.shadowRoot!.querySelector('[part="status"]')).right, 'agent: summary right of the status');
    // The chart's title at the right of its header.
    const header = d.chart.shadowRoot!.querySelector('[part="header"]')!;
    check(box(header).right - box(header.querySelector('figcaption')).right < 4, 'chart: title at the right edge');
    // A bar gauge fills from the right.
    const bar = await fixture<HTMLElement>(html`<div dir="rtl" style="width: 300px"><pulse-source src=${`local:${newSession('bar')}`}
      ><metric-gauge topic="v" variant="bar" max="100"></metric-gauge></pulse-source></div>`);
    bar.querySelector<PulseSource>('pulse-source')!.publish('v', 25);
    await nextFrames(3);
    const gauge = bar.querySelector('metric-gauge')!;
    const track = box(gauge.shadowRoot!.querySelector('.bar .track'));
    const fill = box(gauge.shadowRoot!.querySelector('.bar .indicator'));
    check(track.right - fill.right < 1, 'gauge: the bar fills from the right');
    check(fill.width > track.width * 0.2 && fill.width < track.width * 0.3, 'gauge: a quarter filled');
    expect(wrong).to.deep.equal([]);
    // The chart: time grows to the right, whatever the direction around it.
    const chart = d.chart;
    await waitFor(() => !!chart.plot, 'the plot');
    const newest = chart.getData()[0].at(-1)!;
    const oldest = chart.getData()[0][0]!;
    expect(chart.plot!.valToPos(newest, 'x')).to.be.greaterThan(chart.plot!.valToPos(oldest, 'x'));
    expect(box(chart.shadowRoot!.querySelector('.u-over')).width, 'the plot fills its box').to.be.greaterThan(box(chart.shadowRoot!.querySelector('.plot')).width * 0.8);
  });
});
