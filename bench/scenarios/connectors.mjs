// Scenario 9: the connectors (issue 15).
// A. Prometheus: 50 queries against the REAL prometheus (+ node-exporter) from Debian, started on
//    free loopback ports: queries evaluated per second and publish latency (request sent → payload
//    published on the hub), at a 1 s interval and saturated (rounds back to back), next to the
//    same 50 queries fetched raw (no shaping, no publish) in the same run.
// B. OTLP logs: the server in its own process, a client here posting batches of 100 log records
//    (4 requests in flight, keep-alive) as JSON and as protobuf; logs accepted per second and per
//    second of server CPU (the "one core" figure, contention-proof).
import { fork } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createPrometheus } from '../../server/connectors/prometheus.js';
import { SourceStatus } from '../../server/source-status.js';
import { startDaemons, pollUntil } from '../../test/fixtures/daemons.mjs';
import { fmt, percentile, sideBySide, sleep } from '../lib/util.mjs';

export const title = 'Scenario 9: connectors (Prometheus queries, OTLP log ingest)';

const QUERIES = [
  'node_load1', 'node_load5', 'node_load15', 'node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes',
  'rate(node_cpu_seconds_total[10s])', 'sum by (mode) (rate(node_cpu_seconds_total[10s]))', 'up', 'scrape_duration_seconds',
  '100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)',
];

export async function run({ args, quick, print }) {
  const seconds = Number(args.duration ?? (quick ? 2 : 10));
  const results = {};
  const d = await startDaemons();
  try {
    await pollUntil(async () => Number((await (await fetch(`${d.urls.prometheus}/api/v1/query?query=count_over_time(up[1m])`)).json()).data.result[0]?.value[1] ?? 0) >= 2, 30_000, 'node-exporter scraped');
    const queries = Array.from({ length: 50 }, (_, i) => ({ name: `q${i}`, query: QUERIES[i % QUERIES.length] }));
    const measure = async (intervalMs) => {
      const latencies = [];
      let published = 0;
      const prom = createPrometheus({
        url: d.urls.prometheus,
        queries,
        intervalMs,
        sources: new SourceStatus(),
        publish: (_topic, payload) => {
          published++;
          latencies.push(Date.now() - payload.ts);
        },
      });
      const started = performance.now();
      prom.start();
      await sleep(seconds * 1000);
      await prom.stop();
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      return { perSec: published / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1), failures: prom.stats.failures };
    };
    const paced = await measure(1000);
    // 100 ms: shorter than a round of 50 queries takes, so rounds run back to back.
    const saturated = await measure(100);
    // Baseline: the same 50 queries as raw HTTP requests, 8 at once, nothing done with the answer.
    const raw = await (async () => {
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < seconds * 1000) {
        for (let i = 0; i < queries.length; i += 8) {
          await Promise.all(queries.slice(i, i + 8).map(async (q) => {
            const res = await fetch(`${d.urls.prometheus}/api/v1/query`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: q.query }).toString() });
            await res.text();
            n++;
          }));
        }
      }
      return { perSec: n / ((performance.now() - t0) / 1000) };
    })();
    print(`50 queries against a real Prometheus 2.42 (node-exporter scraped every 1 s), ${seconds} s each:`);
    print(sideBySide(
      [
        { label: 'queries/s at a 1 s interval', key: 'pacedPerSec' },
        { label: 'publish latency p50 ms (request → hub)', key: 'p50' },
        { label: 'publish latency p99 ms', key: 'p99' },
        { label: 'publish latency max ms', key: 'max' },
        { label: 'queries/s saturated (rounds back to back)', key: 'perSec' },
        { label: 'failed queries', key: 'failures' },
      ],
      [
        { name: 'connector', data: { pacedPerSec: paced.perSec, p50: paced.p50, p99: paced.p99, max: paced.max, perSec: saturated.perSec, failures: paced.failures + saturated.failures } },
        { name: 'raw fetch', data: { perSec: raw.perSec } },
      ],
    ));
    results.prometheus = { paced, saturated, raw };
  } finally {
    await d.stop();
  }

  // B. OTLP logs.
  const require = createRequire(import.meta.url);
  const proto = require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto.collector.logs.v1;
  const batch = {
    resourceLogs: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
      scopeLogs: [{ scope: { name: 'bench' }, logRecords: Array.from({ length: 100 }, (_, i) => ({
        timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), severityNumber: 9, severityText: 'INFO',
        body: { stringValue: `GET /api/orders/${i} 200 12ms` },
        attributes: [{ key: 'http.route', value: { stringValue: '/api/orders/:id' } }, { key: 'http.status_code', value: { intValue: '200' } }],
      })) }],
    }],
  };
  const bodies = {
    json: Buffer.from(JSON.stringify(batch)),
    protobuf: Buffer.from(proto.ExportLogsServiceRequest.encode(proto.ExportLogsServiceRequest.fromObject(batch)).finish()),
  };
  const columns = [];
  for (const encoding of ['json', 'protobuf']) {
    const server = fork(new URL('../lib/otlp-server.mjs', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const next = (type) => new Promise((resolve) => server.on('message', function on(m) { if (m.type === type) { server.off('message', on); resolve(m); } }));
    const { url } = await next('ready');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const target = new URL('/v1/logs', url);
    const post = () => new Promise((resolve, reject) => {
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-protobuf', 'Content-Length': bodies[encoding].length } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end(bodies[encoding]);
    });
    const warm = performance.now();
    while (performance.now() - warm < 500) await post();
    server.send({ type: 'cpu' });
    const c0 = await next('cpu');
    const t0 = performance.now();
    let failed = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (performance.now() - t0 < seconds * 1000) if ((await post()) !== 200) failed++;
    }));
    const elapsed = (performance.now() - t0) / 1000;
    server.send({ type: 'cpu' });
    const c1 = await next('cpu');
    server.send({ type: 'stop' });
    agent.destroy();
    const logs = c1.accepted - c0.accepted;
    const cpuSec = (c1.userUs + c1.systemUs - c0.userUs - c0.systemUs) / 1e6;
    columns.push({ name: encoding, data: { perSec: logs / elapsed, perCore: logs / cpuSec, core: cpuSec / elapsed, bytes: bodies[encoding].length, failed } });
  }
  print(`\nOTLP logs, batches of 100 records, 4 requests in flight, ${seconds} s each (server in its own process):`);
  print(sideBySide(
    [
      { label: 'logs accepted/s', key: 'perSec' },
      { label: 'logs per second of server CPU (one core)', key: 'perCore' },
      { label: 'share of a core the server used', key: 'core', digits: 2 },
      { label: 'request bytes (100 records)', key: 'bytes' },
      { label: 'failed requests', key: 'failed' },
    ],
    columns,
    { ours: 1, baselines: [0] },
  ));
  results.otlp = Object.fromEntries(columns.map((c) => [c.name, c.data]));
  return results;
}
