#!/usr/bin/env node
// Persistence benchmark (issue 10): how fast the reference server writes events to SQLite, and
// how fast GET /history answers over a week of 1 Hz metrics on 10 topics.
//
//   node bench/persistence.mjs            # ~1 min: week built as the server keeps it (rollups + 1 h raw)
//   node bench/persistence.mjs --full     # also writes the whole week raw and downsamples it (slow)
//
// Everything runs on 127.0.0.1 in a temp folder that is removed at the end.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { createServer } from '../server/app.js';
import { StreamHub } from '../server/stream-hub.js';
import { HistoryStore } from '../server/history-store.js';

const FULL = process.argv.includes('--full');
const TOPICS = Array.from({ length: 10 }, (_, i) => `metric${i}`);
const MINUTE = 60_000;
const WEEK = 7 * 86_400_000;
const HOUR = 3_600_000;

/** @param {number} n */
const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** @param {number[]} xs @param {number} p */
function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** @param {string} url @returns {Promise<{ status: number, body: any, bytes: number }>} */
function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(buf.toString('utf8')), bytes: buf.length });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Sustained write rate: a hub publishing as fast as it can, the store committing every 250 ms. */
async function writeRate() {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-bench-'));
  try {
    const store = new HistoryStore({ dir, flushMs: 250, maintenanceMs: 3_600_000 });
    const hub = new StreamHub({ historySize: 5000, startId: store.startId });
    hub.onPublish((_t, data, record) => store.append(record, data));
    const durationMs = 5000;
    const started = performance.now();
    let published = 0;
    let maxFlushMs = 0;
    // Publish in bursts, yielding to the event loop so the 250 ms flush timer runs as in the server.
    while (performance.now() - started < durationMs) {
      const now = Date.now();
      for (let i = 0; i < 2000; i++) {
        const topic = TOPICS[published % 10];
        hub.publish(topic, { ts: now, value: (published % 1000) / 10 });
        published++;
      }
      await new Promise((r) => setImmediate(r));
      maxFlushMs = Math.max(maxFlushMs, store.lastFlushMs);
    }
    store.flush();
    const elapsed = performance.now() - started;
    const stats = store.stats();
    store.close();
    return { published, elapsed, rate: (published / elapsed) * 1000, written: stats.written, maxFlushMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Downsampling rate: one hour of 10 topics at 1 Hz folded into rollups. */
function downsampleRate() {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-bench-'));
  try {
    const now = Date.now();
    const store = new HistoryStore({ dir, flushMs: 60_000, maintenanceMs: 3_600_000, now: () => now });
    let id = 1;
    const from = Math.floor((now - 3 * HOUR) / MINUTE) * MINUTE;
    for (let ts = from; ts < from + HOUR; ts += 1000) {
      for (const topic of TOPICS) {
        const data = { ts, value: (ts / 1000) % 100 };
        store.append({ id: id++, topic, json: JSON.stringify(data), ts: now }, data);
      }
    }
    store.flush();
    const started = performance.now();
    const { folded } = store.maintain();
    const elapsed = performance.now() - started;
    store.close();
    return { folded, elapsed, rate: (folded / elapsed) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A week of 1 Hz metrics on 10 topics, as the server keeps it: per-minute rollups for everything
 * older than an hour, raw points for the last hour. With --full, written raw and downsampled.
 * @param {string} dir
 */
function buildWeek(dir) {
  const now = Date.now();
  const store = new HistoryStore({ dir, flushMs: 60_000, maintenanceMs: 3_600_000, now: () => now });
  const start = Math.floor((now - WEEK) / MINUTE) * MINUTE;
  const rawFrom = Math.floor((now - HOUR) / MINUTE) * MINUTE;
  let id = 1;
  const started = performance.now();
  const raw = (/** @type {number} */ ts) => {
    for (const topic of TOPICS) {
      const data = { ts, value: 50 + 40 * Math.sin(ts / 600_000) };
      store.append({ id: id++, topic, json: JSON.stringify(data), ts: now }, data);
    }
  };
  if (FULL) {
    for (let ts = start; ts < now; ts += 1000) raw(ts);
    store.flush();
    while (store.maintain().folded > 0);
  } else {
    const put = store.db.transaction(() => {
      for (let minute = start; minute < rawFrom; minute += MINUTE) {
        for (const topic of TOPICS) {
          const v = 50 + 40 * Math.sin(minute / 600_000);
          store.stmt.putRollup.run(topic, minute, 60, JSON.stringify({ value: [60, v - 1, v + 1, v * 60] }));
        }
      }
    });
    put();
    for (let ts = rawFrom; ts < now; ts += 1000) raw(ts);
    store.flush();
  }
  const buildMs = performance.now() - started;
  const stats = store.stats();
  store.close();
  return { buildMs, stats, now };
}

async function historyLatency() {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-bench-'));
  try {
    const week = buildWeek(dir);
    const fileBytes = statSync(join(dir, 'pulseboard.db')).size;
    const app = createServer({ port: 0, host: '127.0.0.1', hostMetrics: false, simulate: false, requestLog: false, thresholdAlerts: false, data: { dir, maintenanceMs: 3_600_000 } });
    const base = (await app.listen(0, '127.0.0.1')).replace(/\/$/, '');
    const now = Date.now();
    const queries = [
      ['last 5 min, raw', `topic=metric3&since=${now - 5 * MINUTE}&until=${now}`],
      ['last 1 h, raw (limit 10000)', `topic=metric3&since=${now - HOUR}&until=${now}&limit=10000`],
      ['7 d, step=10m (1008 buckets)', `topic=metric3&since=${now - WEEK}&until=${now}&step=10m&limit=2000`],
      ['7 d, step=1h (168 buckets)', `topic=metric3&since=${now - WEEK}&until=${now}&step=1h`],
      ['7 d, no step, first page (limit 1000)', `topic=metric3&since=${now - WEEK}&until=${now}`],
      ['last 200 lines newest first', `topic=metric3&since=0&order=desc&limit=200`],
    ];
    /** @type {{ name: string, items: number, bytes: number, p50: number, p95: number }[]} */
    const rows = [];
    for (const [name, q] of queries) {
      /** @type {number[]} */
      const times = [];
      let items = 0;
      let bytes = 0;
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        const res = await get(`${base}/history?${q}`);
        times.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
        items = res.body.items.length;
        bytes = res.bytes;
      }
      rows.push({ name, items, bytes, p50: pct(times.slice(5), 50), p95: pct(times.slice(5), 95) });
    }
    // The whole week of one topic, following the cursor.
    const t0 = performance.now();
    let pages = 0;
    let total = 0;
    let cursor = null;
    do {
      const res = await get(`${base}/history?topic=metric3&since=${now - WEEK}&until=${now}&limit=10000${cursor ? `&cursor=${cursor}` : ''}`);
      total += res.body.items.length;
      cursor = res.body.next;
      pages++;
    } while (cursor);
    const wholeWeekMs = performance.now() - t0;
    await app.close();
    return { week, fileBytes, rows, wholeWeek: { pages, total, ms: wholeWeekMs } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`;
console.log(`# Persistence benchmark (${FULL ? 'full: week written raw and downsampled' : 'week built as stored: rollups + 1 h raw'})`);
console.log(`machine: ${machine}\n`);

const w = await writeRate();
console.log(`write rate (hub.publish -> SQLite, WAL, synchronous=FULL, commit every 250 ms):`);
console.log(`  ${fmt(w.rate)} events/s sustained over ${(w.elapsed / 1000).toFixed(1)} s (${fmt(w.written)} events written; slowest commit ${w.maxFlushMs.toFixed(1)} ms)`);

const d = downsampleRate();
console.log(`downsampling: ${fmt(d.rate)} points/s (${fmt(d.folded)} raw points folded into per-minute rollups in ${d.elapsed.toFixed(0)} ms)\n`);

const h = await historyLatency();
console.log(`week of 1 Hz metrics on 10 topics: ${fmt(h.week.stats.events)} raw events + ${fmt(h.week.stats.rollups)} rollups, file ${(h.fileBytes / 1024 / 1024).toFixed(1)} MiB (built in ${(h.week.buildMs / 1000).toFixed(1)} s)`);
console.log(`GET /history latency over HTTP on 127.0.0.1 (20 runs after 5 warm-up):`);
for (const r of h.rows) console.log(`  ${r.name.padEnd(40)} ${String(r.items).padStart(6)} items ${String(Math.round(r.bytes / 1024)).padStart(6)} KiB  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms`);
console.log(`  whole week of one topic, cursor pages of 10000: ${h.wholeWeek.total} items in ${h.wholeWeek.pages} pages, ${h.wholeWeek.ms.toFixed(0)} ms`);
