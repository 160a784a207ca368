// Issue 15's alert actions and connectors on issue 17's --redis cluster: two nodes (in-process,
// on a real redis-server; the Alertmanager part with the real prometheus-alertmanager). Acks and
// silences the server keeps are the same on every node; what is polled is polled once per stream
// (by the lease holder), its source states reach every node, the node that takes the lease over
// goes on polling; /history answers Prometheus topics from Prometheus first, then from Redis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { createRig, sleep } from '../fixtures/cluster-rig.mjs';
import { startDaemons, pollUntil } from '../fixtures/daemons.mjs';
import { eventually, openSse, postJson, request, startServer } from './helpers.js';

const rig = createRig('pulse-cluster-alerts');
after(() => rig.stopAll());

/** @type {import('../../server/access/audit.js').AuditEntry[]} */
const audited = [];
let prefixes = 0;

/** The server-kept silences of a node (no --alertmanager). @param {{ app: import('../../server/app.js').PulseboardServer }} n */
const silencesOn = (n) => /** @type {import('../../server/local-silences.js').LocalSilences} */ (n.app.context.alertActions).silences();

/**
 * Two cluster nodes sharing a fresh key prefix on `redisUrl`, stopped after the test.
 * @param {import('node:test').TestContext} t
 * @param {string} redisUrl
 * @param {import('../../server/options.js').ServerOptions} [extra]
 */
async function pair(t, redisUrl, extra = {}) {
  const prefix = `alerts-${++prefixes}`;
  const make = (/** @type {string} */ node) => startServer(null, { redis: { url: redisUrl, prefix, node }, access: { auditLog: (e) => audited.push(e) }, ...extra });
  const nodes = await Promise.all([make('a'), make('b')]);
  t.after(() => Promise.all(nodes.map((n) => n.app.close())));
  await eventually(() => nodes.some((n) => n.app.context.cluster?.isLeader()), 10_000, 'a lease holder');
  const leader = nodes.find((n) => n.app.context.cluster?.isLeader());
  const other = nodes.find((n) => n !== leader);
  return { nodes, leader: /** @type {(typeof nodes)[number]} */ (leader), other: /** @type {(typeof nodes)[number]} */ (other) };
}

test('cluster: acks and silences kept by the server are the same on every node; Redis down is 503, audited', async (t) => {
  const redis = await rig.redis();
  const { nodes } = await pair(t, redis.url);
  const [a, b] = nodes;
  const alert = { id: 'disk-full', name: 'DiskFull', severity: 'critical', status: 'firing', labels: { alertname: 'DiskFull' } };
  assert.equal((await postJson(`${a.base}/ingest`, [{ topic: 'alerts', data: alert }])).status, 202);
  await eventually(() => b.app.context.alerts.alert('disk-full'), 5000, 'the alert on node b');
  const viewer = await openSse(`${a.base}/events?topics=alerts`);
  t.after(() => viewer.close());

  const silenced = await postJson(`${b.base}/alerts/silence`, { id: 'disk-full', duration: '30m', comment: 'migrating' });
  assert.equal(silenced.status, 200, silenced.text);
  const seen = await viewer.waitForEvent((e) => e.json?.silence?.state === 'silenced', 5000);
  assert.equal(seen.json.silence.comment, 'migrating', 'a viewer on the other node sees it');
  // An ack on node a does not hide the silence made on node b: both are in the shared table.
  await eventually(() => silencesOn(a).length === 1, 5000, 'the silence in node a\'s table');
  const acked = await postJson(`${a.base}/alerts/ack`, { id: 'disk-full' });
  assert.equal(acked.status, 200, acked.text);
  assert.equal(acked.json.silence.state, 'silenced', 'a silence outranks an ack, whichever node keeps it');
  assert.equal(acked.json.silence.ids.length, 2);
  // 200 means Redis has it; node b applies it when its reader gets there (milliseconds later).
  await eventually(() => b.app.context.alerts.silenceOf('disk-full')?.ids.length === 2, 5000, 'the ack read by node b');
  const fresh = await openSse(`${b.base}/events?topics=alerts`);
  const state = await fresh.waitForEvent((e) => e.event === 'alerts', 5000).finally(() => fresh.close());
  assert.equal(state.json.silence.state, 'silenced', 'a fresh page on node b');
  assert.equal(state.json.silence.ids.length, 2);

  const lifted = await postJson(`${a.base}/alerts/unsilence`, { id: 'disk-full' });
  assert.equal(lifted.status, 200, lifted.text);
  assert.equal(lifted.json.silence, null, 'lifts both, also the one node b made');
  await viewer.waitForEvent((e) => e.event === 'alerts' && e.json.silence === null, 5000);
  await eventually(() => nodes.every((n) => silencesOn(n).length === 0), 5000, 'both tables empty');

  await rig.kill(redis.proc);
  await sleep(200);
  const down = await postJson(`${b.base}/alerts/ack`, { id: 'disk-full' });
  assert.equal(down.status, 503, down.text);
  assert.ok(Number(down.headers['retry-after']) > 0);
  assert.match(down.json.error, /redis unavailable/);
  assert.ok(audited.some((e) => e.action === 'alerts:ack' && e.target === 'disk-full' && /^failed: redis unavailable/.test(e.result)), 'audited as failed');
  assert.equal(silencesOn(b).length, 0, 'nothing kept');
});

test('cluster: pollers run on the lease holder only, their source states reach every node, /history asks Prometheus first; the next lease holder goes on', async (t) => {
  const redis = await rig.redis();
  let scrapes = 0;
  const target = http.createServer((req, res) => {
    scrapes++;
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end('# TYPE jobs gauge\njobs 3\n');
  });
  await new Promise((resolve) => target.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => target.close());
  const dead = net.createServer();
  await new Promise((resolve) => dead.listen(0, '127.0.0.1', () => resolve(undefined)));
  const deadPort = /** @type {net.AddressInfo} */ (dead.address()).port;
  await new Promise((resolve) => dead.close(() => resolve(undefined)));
  const { leader, other } = await pair(t, redis.url, {
    scrape: [{ name: 'app', url: `http://127.0.0.1:${/** @type {net.AddressInfo} */ (target.address()).port}/metrics` }],
    scrapeIntervalMs: 150,
    prometheus: `http://127.0.0.1:${deadPort}`,
    queries: [{ name: 'q', query: 'up' }],
    queryIntervalMs: 150,
  });
  await eventually(() => (leader.app.context.scrape?.stats.scrapes ?? 0) >= 3, 10_000, 'the lease holder scraping');
  const health = async (/** @type {{ base: string }} */ n) => (await request(`${n.base}/health`)).json;
  const [lh, oh] = [await health(leader), await health(other)];
  assert.equal(lh.cluster.leader, true);
  assert.ok(lh.connectors.scrape.scrapes >= 3 && lh.connectors.prometheus.rounds >= 1, 'the lease holder polls');
  assert.equal(oh.connectors.scrape.scrapes, 0, 'the other node does not scrape');
  assert.equal(oh.connectors.prometheus.rounds, 0, 'nor query Prometheus');
  assert.ok(Math.abs(scrapes - lh.connectors.scrape.scrapes) <= 1, `the target was read by one node only (${scrapes} requests)`);

  // The Prometheus error was seen by the lease holder only, and is told to the other node's clients.
  const s = await openSse(`${other.base}/events?topics=q,app.jobs`);
  t.after(() => s.close());
  const source = await s.waitForEvent((e) => e.event === 'pulse.source', 5000);
  assert.equal(source.json.topics.q?.status, 'error');
  assert.match(source.json.topics.q?.message, /Prometheus unreachable/);
  // /history: a query topic goes to Prometheus even on a cluster (unreachable here: 503), the others to Redis.
  const q = await request(`${other.base}/history?topic=q&since=-5m`);
  assert.equal(q.status, 503, q.text);
  assert.match(q.json.error, /Prometheus unreachable/);
  const jobs = await request(`${other.base}/history?topic=app.jobs&since=-5m`);
  assert.equal(jobs.status, 200, jobs.text);
  assert.ok(jobs.json.items.length >= 3 && jobs.json.items.every((/** @type {any} */ i) => /^\d+-\d+$/.test(i.id)), 'from the stream');

  // The lease holder stops: the other node takes the lease over and goes on polling.
  await leader.app.close();
  await eventually(() => other.app.context.cluster?.isLeader(), 15_000, 'the lease taken over');
  await eventually(() => (other.app.context.scrape?.stats.scrapes ?? 0) >= 2, 10_000, 'the new lease holder scraping');
});

test('cluster: Alertmanager is read by the lease holder; a silence made on the other node is published once, by that node', async (t) => {
  const d = await startDaemons();
  t.after(() => d.stop());
  const redis = await rig.redis();
  const { leader, other } = await pair(t, redis.url, { alertmanager: d.urls.alertmanager, alertmanagerIntervalMs: 250 });
  const firing = await pollUntil(async () => {
    const list = /** @type {any[]} */ (await (await fetch(`${d.urls.alertmanager}/api/v2/alerts`)).json());
    return list.some((/** @type {any} */ a) => a.labels.alertname === 'AlwaysFiring') ? list : null;
  }, 30_000, 'AlwaysFiring in Alertmanager');
  const always = /** @type {any[]} */ (firing).find((/** @type {any} */ a) => a.labels.alertname === 'AlwaysFiring');
  const s = await openSse(`${other.base}/events?topics=alerts`);
  t.after(() => s.close());
  /** The alert payloads of an event (Alertmanager's changes come as one batch). @param {import('./helpers.js').SseEvent} e */
  const items = (e) => (e.event !== 'alerts' ? [] : Array.isArray(e.json) ? e.json : [e.json]);
  await s.waitForEvent((e) => items(e).some((a) => a.id === always.fingerprint), 10_000);
  // Several polls later, still one payload per alert: one node polls, and it publishes changes only.
  await sleep(1000);
  /** @param {string} id */
  const payloads = (id) => s.events.flatMap(items).filter((a) => a.id === id);
  assert.equal(payloads(always.fingerprint).length, 1, 'published once');
  assert.equal(other.app.context.alertmanager?.stats.refreshes, 0, 'the other node did not poll');
  assert.ok((leader.app.context.alertmanager?.stats.refreshes ?? 0) >= 2, 'the lease holder did');

  // Silence on the node that does not poll: it publishes the change itself, and only that change;
  // the lease holder's next polls know it (through the stream) and publish nothing more.
  const before = s.events.length;
  const r = await postJson(`${other.base}/alerts/silence`, { id: always.fingerprint, duration: '1h', comment: 'cluster test' });
  assert.equal(r.status, 200, r.text);
  await s.waitForEvent((e) => s.events.indexOf(e) >= before && items(e).some((a) => a.silence?.state === 'silenced'), 5000);
  await sleep(1000);
  const after = s.events.slice(before).flatMap(items);
  assert.ok(after.length >= 1 && after.every((a) => a.id === always.fingerprint), `only the silenced alert, none of the others (${after.map((a) => a.id)})`);
  // Twice only when the lease holder polled in the few ms before the change came back through
  // the stream: the same state again, which changes nothing for anyone.
  assert.ok(after.length <= 2 && after.every((a) => JSON.stringify(a) === JSON.stringify(after[0])), 'once (or the identical state twice)');
});
