// The connectors against the REAL daemons from Debian: prometheus-node-exporter, prometheus
// (scraping it every second, with rules that fire at once) and prometheus-alertmanager (single
// instance). One set of daemons for the whole file (they start in ~1-2 s), stopped after, also
// on failure. Every Pulseboard server here is memory-only: Prometheus and Alertmanager are the
// memory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemons, pollUntil } from '../fixtures/daemons.mjs';
import { openSse, postJson, request, startServer } from './helpers.js';

/** @type {Awaited<ReturnType<typeof startDaemons>>} */
let d;
before(async () => {
  d = await startDaemons();
  // The rules fire into Alertmanager within a few seconds; every test below needs that.
  await pollUntil(async () => (await amAlerts()).length >= 2, 30_000, 'both test alerts in Alertmanager');
  // Prometheus finds its scrape target a few seconds after start; ranges below need some points.
  await pollUntil(async () => Number((await promQuery('count_over_time(node_load1[1m])')).result[0]?.value[1] ?? 0) >= 3, 30_000, 'three scrapes of node-exporter');
});
after(() => d?.stop());

async function amAlerts() {
  const res = await fetch(`${d.urls.alertmanager}/api/v2/alerts`);
  return /** @type {any[]} */ (await res.json());
}

async function amSilences() {
  const res = await fetch(`${d.urls.alertmanager}/api/v2/silences`);
  return /** @type {any[]} */ (await res.json());
}

/** @param {string} query @param {number} [timeSec] */
async function promQuery(query, timeSec) {
  const url = new URL('/api/v1/query', d.urls.prometheus);
  url.searchParams.set('query', query);
  if (timeSec !== undefined) url.searchParams.set('time', String(timeSec));
  return /** @type {any} */ (await (await fetch(url)).json()).data;
}

/** @param {import('node:test').TestContext} t @param {Record<string, unknown>} options */
async function serverWith(t, options) {
  /** @type {string[]} */
  const log = [];
  const s = await startServer(t, { access: { auditLog: (entry) => log.push(JSON.stringify(entry)) }, ...options });
  return { ...s, log };
}

test('prometheus: a query topic carries {ts, value} exactly as Prometheus reports it; several series are keyed by the label that differs; NaN is a gap', async (t) => {
  await pollUntil(async () => (await promQuery('node_load1')).result.length === 1, 10_000, 'node_load1 scraped');
  const { base } = await serverWith(t, {
    prometheus: d.urls.prometheus,
    queryIntervalMs: 300,
    queries: [
      { name: 'load1', query: 'node_load1' },
      { name: 'idle', query: 'rate(node_cpu_seconds_total{mode="idle"}[5s])' },
      { name: 'nan', query: 'vector(0) / 0' },
    ],
  });
  const s = await openSse(`${base}/events?topics=load1,idle,nan`);
  t.after(() => s.close());
  const load = (await s.waitForEvent((e) => e.event === 'load1', 5000)).json;
  assert.deepEqual(Object.keys(load).sort(), ['ts', 'value']);
  // What Prometheus itself answers at that instant.
  const truth = await promQuery('node_load1', load.ts / 1000);
  assert.equal(load.value, Number(truth.result[0].value[1]));
  const nan = (await s.waitForEvent((e) => e.event === 'nan', 5000)).json;
  assert.equal(nan.value, null, 'NaN is a gap, never a number');
  const idle = (await s.waitForEvent((e) => e.event === 'idle' && Object.keys(e.json).length > 2, 8000)).json;
  const cpus = (await promQuery('node_cpu_seconds_total{mode="idle"}')).result.map((/** @type {any} */ r) => r.metric.cpu).sort();
  assert.deepEqual(Object.keys(idle).filter((k) => k !== 'ts').sort(), cpus, 'one key per cpu: the only label that differs');
});

test('prometheus: GET /history on a memory-only server is answered from query_range; hello announces it', async (t) => {
  const { base } = await serverWith(t, { prometheus: d.urls.prometheus, queries: [{ name: 'load1', query: 'node_load1' }] });
  const s = await openSse(`${base}/events?topics=load1`);
  t.after(() => s.close());
  const hello = await s.waitForEvent((e) => e.event === 'pulse.hello');
  assert.equal(hello.json.historyUrl, 'history');
  const r = await request(`${base}/history?topic=load1&since=-20s&step=1s`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.source, 'prometheus');
  assert.ok(r.json.items.length >= 3, `points from Prometheus: ${r.text}`);
  const newest = r.json.items.at(-1);
  assert.equal(newest.id, null);
  const truth = await promQuery('node_load1', newest.ts / 1000);
  assert.equal(newest.data.value, Number(truth.result[0].value[1]));
  const until = Date.now();
  const range = `since=${until - 10_000}&until=${until}&limit=5`;
  const asc = await request(`${base}/history?topic=load1&${range}`);
  const desc = await request(`${base}/history?topic=load1&${range}&order=desc`);
  assert.ok(asc.json.items.length >= 1 && asc.json.items.length <= 5, 'at most limit points: the step is chosen for it');
  assert.deepEqual(desc.json.items, [...asc.json.items].reverse(), 'order=desc: newest first');
  assert.equal((await request(`${base}/history?topic=load1&step=nope`)).status, 400);
  assert.equal((await request(`${base}/history?topic=other`)).status, 404, 'other topics: no history without --data');
});

test('prometheus: a query Prometheus rejects marks only its own topic as a source error', async (t) => {
  const { base } = await serverWith(t, {
    prometheus: d.urls.prometheus,
    queryIntervalMs: 300,
    queries: [{ name: 'load1', query: 'node_load1' }, { name: 'broken', query: 'rate(node_load1' }],
  });
  const s = await openSse(`${base}/events?topics=load1,broken`);
  t.after(() => s.close());
  const ev = await s.waitForEvent((e) => e.event === 'pulse.source' && e.json.topics.broken?.status === 'error', 5000);
  assert.match(ev.json.topics.broken.message, /Prometheus answered 400/);
  assert.equal(typeof ev.json.topics.broken.since, 'number');
  assert.equal(ev.id, undefined, 'control events have no id');
  await s.waitForEvent((e) => e.event === 'load1', 5000);
  assert.ok(!s.events.some((e) => e.event === 'pulse.source' && e.json.topics.load1?.status === 'error'));
});

test('scrape: node-exporter read directly: gauges as values, counters as per-second rates, under NAME.', async (t) => {
  const { base } = await serverWith(t, { scrape: [`node=${d.urls.nodeExporter}/metrics`], scrapeIntervalMs: 400 });
  const s = await openSse(`${base}/events?topics=node.node_load1,node.node_cpu_seconds_total`);
  t.after(() => s.close());
  const load = (await s.waitForEvent((e) => e.event === 'node.node_load1', 5000)).json;
  assert.equal(typeof load.value, 'number');
  const cpu = (await s.waitForEvent((e) => e.event === 'node.node_cpu_seconds_total', 5000)).json;
  const rates = Object.entries(cpu).filter(([k]) => k !== 'ts').map(([, v]) => v);
  assert.ok(rates.length >= 2, 'one series per cpu and mode');
  // CPU seconds per second: between 0 and a little over 1 per series.
  for (const r of rates) assert.ok(r === null || (r >= 0 && r < 1.5), `rate ${r}`);
});

test('alertmanager: a fresh page on a memory-only server gets the firing alerts at once, from the API', async (t) => {
  const { base } = await serverWith(t, { alertmanager: d.urls.alertmanager });
  const truth = await amAlerts();
  const s = await openSse(`${base}/events?topics=alerts`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  const got = /** @type {Set<string>} */ (await pollUntil(() => {
    const ids = new Set(s.data.flatMap((e) => (Array.isArray(e.json) ? e.json : [e.json])).map((a) => a.id));
    return truth.every((a) => ids.has(a.fingerprint)) && ids;
  }, 5000, 'the alerts Alertmanager has'));
  assert.equal(got.size, truth.length);
  // A second page opened now gets them in its first bytes, without waiting for a poll.
  const fresh = await openSse(`${base}/events?topics=alerts`);
  t.after(() => fresh.close());
  const [first] = await fresh.waitForData(1, 2000);
  const items = Array.isArray(first.json) ? first.json : [first.json];
  assert.deepEqual(new Set(items.map((a) => a.id)), new Set(truth.map((a) => a.fingerprint)));
  const node = items.find((a) => a.labels.alertname === 'NodeExporterUp');
  assert.equal(node.status, 'firing');
  assert.equal(node.severity, 'critical');
  assert.match(node.title, /^node-exporter is up on 127\.0\.0\.1:/);
  assert.equal(node.silence, null);
});

test('alertmanager: Silence creates an Alertmanager silence from the alert labels, every viewer sees it, Unsilence expires it', async (t) => {
  const { base, log } = await serverWith(t, { alertmanager: d.urls.alertmanager });
  const node = (await amAlerts()).find((a) => a.labels.alertname === 'NodeExporterUp');
  const viewer = await openSse(`${base}/events?topics=alerts`);
  t.after(() => viewer.close());
  await viewer.waitForData(1, 5000);
  const started = Date.now();
  const r = await postJson(`${base}/alerts/silence`, { id: node.fingerprint, duration: '1h', comment: 'deploying' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.silence.state, 'silenced');
  const active = (await amSilences()).filter((s) => s.status.state === 'active' && s.comment === 'deploying');
  assert.equal(active.length, 1, 'Alertmanager lists one active silence');
  assert.equal(active[0].createdBy, 'pulseboard');
  assert.deepEqual(
    active[0].matchers.map((/** @type {any} */ m) => [m.name, m.value, m.isRegex]).sort(),
    Object.entries(node.labels).map(([k, v]) => [k, v, false]).sort(),
  );
  const endsIn = Date.parse(active[0].endsAt) - started;
  assert.ok(endsIn > 3_590_000 && endsIn < 3_610_000, `ends an hour later (${endsIn} ms)`);
  const silenced = await viewer.waitForEvent((e) => [e.json].flat().some((a) => a.id === node.fingerprint && a.silence?.state === 'silenced'), 1000);
  const seen = [silenced.json].flat().find((a) => a.id === node.fingerprint);
  assert.equal(seen.silence.by, 'pulseboard');
  assert.equal(seen.silence.until, active[0].endsAt);
  assert.ok(log.some((l) => l.includes('"action":"alerts:silence"') && l.includes('"result":"ok"')), 'audited');

  // A page opened now sees it silenced in its first bytes.
  const fresh = await openSse(`${base}/events?topics=alerts`);
  t.after(() => fresh.close());
  const snap = await fresh.waitForEvent((e) => [e.json].flat().some((a) => a?.id === node.fingerprint), 2000);
  assert.equal([snap.json].flat().find((a) => a.id === node.fingerprint).silence.state, 'silenced');
  assert.ok(fresh.events.indexOf(snap) <= 3, 'in the state sent right after pulse.hello');

  const un = await postJson(`${base}/alerts/unsilence`, { id: node.fingerprint });
  assert.equal(un.status, 200, un.text);
  assert.equal(un.json.silence, null);
  const expired = (await amSilences()).find((s) => s.id === active[0].id);
  assert.equal(expired.status.state, 'expired');
  await viewer.waitForEvent((e) => [e.json].flat().some((a) => a.id === node.fingerprint && a.silence === null && e !== silenced), 1000);
});

test('alertmanager: Ack is a short silence marked [ack]; silences made elsewhere (the API, as amtool does) show too', async (t) => {
  const { base } = await serverWith(t, { alertmanager: d.urls.alertmanager, ackDurationMs: 120_000, alertmanagerIntervalMs: 300 });
  const always = (await amAlerts()).find((a) => a.labels.alertname === 'AlwaysFiring');
  const viewer = await openSse(`${base}/events?topics=alerts`);
  t.after(() => viewer.close());
  await viewer.waitForData(1, 5000);
  const r = await postJson(`${base}/alerts/ack`, { id: always.fingerprint });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.silence.state, 'acknowledged');
  const ack = (await amSilences()).find((s) => s.status.state === 'active' && s.comment.startsWith('[ack]'));
  assert.ok(ack, 'an [ack] silence in Alertmanager');
  const lasts = Date.parse(ack.endsAt) - Date.parse(ack.startsAt);
  assert.ok(lasts > 110_000 && lasts < 130_000, `two minutes (${lasts} ms)`);
  await postJson(`${base}/alerts/unsilence`, { id: always.fingerprint });

  // Someone silences it in Alertmanager directly; the next poll shows it.
  const made = await fetch(`${d.urls.alertmanager}/api/v2/silences`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      matchers: [{ name: 'alertname', value: 'AlwaysFiring', isRegex: false, isEqual: true }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 600_000).toISOString(),
      createdBy: 'amtool-user',
      comment: 'maintenance',
    }),
  });
  const { silenceID } = /** @type {any} */ (await made.json());
  t.after(() => fetch(`${d.urls.alertmanager}/api/v2/silence/${silenceID}`, { method: 'DELETE' }));
  const ev = await viewer.waitForEvent((e) => [e.json].flat().some((a) => a.id === always.fingerprint && a.silence?.by === 'amtool-user'), 3000);
  assert.equal([ev.json].flat().find((a) => a.id === always.fingerprint).silence.comment, 'maintenance');
});

test('alertmanager down: the alerts topic says so (pulse.source), and Silence answers with the reason, audited', async (t) => {
  const { base, log } = await serverWith(t, { alertmanager: d.urls.alertmanager, alertmanagerIntervalMs: 200 });
  const node = (await amAlerts()).find((a) => a.labels.alertname === 'NodeExporterUp');
  const s = await openSse(`${base}/events?topics=alerts`);
  t.after(() => s.close());
  await s.waitForData(1, 5000);
  await d.kill('alertmanager');
  t.after(async () => {
    if (!d.running('alertmanager')) await d.restart('alertmanager');
  });
  const ev = await s.waitForEvent((e) => e.event === 'pulse.source' && e.json.topics.alerts?.status === 'error', 3000);
  assert.match(ev.json.topics.alerts.message, /^Alertmanager unreachable/);
  const r = await postJson(`${base}/alerts/silence`, { id: node.fingerprint, duration: '1h' });
  assert.equal(r.status, 503);
  assert.match(r.json.error, /^Alertmanager unreachable/);
  assert.ok(log.some((l) => l.includes('"action":"alerts:silence"') && l.includes('failed: Alertmanager unreachable')));
  // What fires is still what the page is shown (the last known state), with the source error on top.
  const fresh = await openSse(`${base}/events?topics=alerts`);
  t.after(() => fresh.close());
  const srcEv = await fresh.waitForEvent((e) => e.event === 'pulse.source', 2000);
  assert.equal(srcEv.json.full, true);
  assert.equal(srcEv.json.topics.alerts.status, 'error');
  await d.restart('alertmanager');
  await s.waitForEvent((e) => e.event === 'pulse.source' && e.json.topics.alerts?.status === 'ok', 5000);
});

test('prometheus killed mid-stream: its topics say "Prometheus unreachable" with the time it started; back when it is', async (t) => {
  const { base } = await serverWith(t, { prometheus: d.urls.prometheus, queryIntervalMs: 200, queries: [{ name: 'load1', query: 'node_load1' }] });
  const s = await openSse(`${base}/events?topics=load1`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'load1', 5000);
  const killedAt = Date.now();
  await d.kill('prometheus');
  t.after(async () => {
    if (!d.running('prometheus')) await d.restart('prometheus');
  });
  const ev = await s.waitForEvent((e) => e.event === 'pulse.source' && e.json.topics.load1?.status === 'error', 3000);
  assert.match(ev.json.topics.load1.message, /^Prometheus unreachable/);
  assert.ok(ev.json.topics.load1.since >= killedAt - 10 && ev.json.topics.load1.since <= Date.now());
  assert.equal(ev.json.topics.load1.source, 'prometheus');
  const history = await request(`${base}/history?topic=load1&since=-1m`);
  assert.equal(history.status, 503);
  assert.match(history.json.error, /Prometheus unreachable/);
  await d.restart('prometheus');
  await s.waitForEvent((e) => e.event === 'pulse.source' && e.json.topics.load1?.status === 'ok', 10_000);
});
