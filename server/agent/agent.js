// `pulseboard agent`: the host metrics and log tail of the server's own sources, on the box the
// agent runs on, sent to a hub's POST /ingest in batches as per-host topics (`cpu@web-1`,
// `logs@web-1`...). docs/fleet.md describes what it guarantees:
// - batches in order, each with an Idempotency-Key that stays the same across its retries, so a
//   retry after a timeout (the hub stored it, the answer was lost) is answered as a duplicate;
// - while the hub is unreachable, a bounded buffer (oldest dropped first, counted per topic),
//   retries with capped, jittered exponential backoff (Retry-After honoured), then the backlog;
// - what was dropped reaches the hub as a `pulse.gap` item naming the topics, count and span;
// - a `pulse.heartbeat` item every heartbeat interval (alone when nothing else is due), from
//   which the hub tells the wall when the host goes silent.
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createHostMetrics } from '../sources/host-metrics.js';
import { createLogTail } from '../sources/log-tail.js';
import { AgentBuffer } from './buffer.js';
import { simulatedLoad } from './simulated-load.js';

/**
 * @typedef {object} AgentOptions
 * @property {string} hub base URL of the hub (`http://hub:8080/`)
 * @property {string | null} [token] bearer token (or a JWT with publish claims like `*@web-1`)
 * @property {string} name host name used in topics (`cpu@<name>`)
 * @property {string[]} [tail] log files to follow onto `logs@<name>`
 * @property {number} [bufferItems] items kept while the hub is unreachable (default 10,000)
 * @property {number} [intervalMs] host metrics interval (default 1000)
 * @property {number} [batchMs] how often a batch is sent (default 1000)
 * @property {number} [maxBatchItems] default 500
 * @property {number} [maxBatchBytes] default 256 KiB (the hub's default body limit is 1 MiB)
 * @property {number} [heartbeatMs] default 5000
 * @property {number} [backoffBaseMs] first retry delay (default 500)
 * @property {number} [backoffMaxMs] retry delay cap (default 30 s)
 * @property {number} [timeoutMs] per request (default 10 s)
 * @property {boolean} [hostMetrics] default true
 * @property {number} [simulateLoad] demo only: add this much simulated load to cpu/mem/disk (0-100)
 * @property {number} [tailPollMs] default 250
 * @property {(line: string) => void} [log] status lines (default stderr)
 */

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Capped, jittered exponential backoff ("full jitter"): uniformly random up to the capped
 * exponential, never below a tenth of the base.
 * @param {number} attempt 0 for the first retry
 * @param {number} baseMs
 * @param {number} maxMs
 */
export function backoffMs(attempt, baseMs, maxMs) {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(baseMs / 10, Math.random() * cap);
}

/**
 * @param {AgentOptions} options
 */
export function createAgent(options) {
  const o = {
    token: null, tail: [], bufferItems: 10_000, intervalMs: 1000, batchMs: 1000, maxBatchItems: 500, maxBatchBytes: 256 * 1024,
    heartbeatMs: 5000, backoffBaseMs: 500, backoffMaxMs: 30_000, timeoutMs: 10_000, hostMetrics: true, simulateLoad: 0, tailPollMs: 250,
    log: (/** @type {string} */ line) => process.stderr.write(`pulseboard agent: ${line}\n`),
    ...options,
  };
  const ingestUrl = new URL('ingest', o.hub.endsWith('/') ? o.hub : `${o.hub}/`).href;
  const run = randomBytes(4).toString('hex');
  const buffer = new AgentBuffer(o.bufferItems);
  const topics = new Set(o.hostMetrics ? ['cpu', 'mem', 'disk', 'load', 'net'].map((t) => `${t}@${o.name}`) : []);
  if (o.tail.length > 0) topics.add(`logs@${o.name}`);
  const stats = { sent: 0, batches: 0, retries: 0, duplicates: 0, rejected: 0, lastError: /** @type {string | null} */ (null), connected: false };
  /** @type {{ key: string, body: string, count: number } | null} */
  let inflight = null;
  let seq = 0;
  let lastHeartbeat = 0;
  let stopped = false;
  /** @type {Promise<void> | null} */
  let loop = null;
  /** @type {AbortController | null} */
  let request = null;
  /** @type {(() => void) | null} */
  let wake = null;

  const load = o.simulateLoad > 0 ? simulatedLoad(o.simulateLoad) : null;
  /** @param {string} topic @param {unknown} data */
  const publishMetric = (topic, data) => buffer.push(`${topic}@${o.name}`, load ? load(topic, data) : data);
  /** @type {{ start: () => unknown, stop: () => unknown }[]} */
  const sources = [];
  if (o.hostMetrics) sources.push(createHostMetrics({ publish: publishMetric, intervalMs: o.intervalMs }));
  for (const file of o.tail) {
    const base = basename(file);
    sources.push(
      createLogTail(file, {
        pollMs: o.tailPollMs,
        publish: (_topic, payload) => buffer.push(`logs@${o.name}`, { .../** @type {object} */ (payload), source: o.name, file: base }),
      }),
    );
  }

  /** The next batch: the drop report first (it precedes what is still buffered), then data, then maybe a heartbeat. */
  function nextBatch() {
    const now = Date.now();
    const drops = buffer.takeDrops();
    const items = buffer.take(o.maxBatchItems, o.maxBatchBytes);
    /** @type {unknown[]} */
    const body = [];
    if (drops) body.push({ topic: 'pulse.gap', data: { host: o.name, ...drops } });
    for (const item of items) body.push({ topic: item.topic, data: item.data });
    if (now - lastHeartbeat >= o.heartbeatMs || body.length === 0) {
      lastHeartbeat = now;
      body.push({ topic: 'pulse.heartbeat', data: { host: o.name, intervalMs: o.heartbeatMs, topics: [...topics], buffered: buffer.size, dropped: buffer.droppedTotal } });
    }
    return { key: `${o.name}-${run}-${seq++}`, body: JSON.stringify(body), count: items.length };
  }

  /**
   * One attempt at the in-flight batch.
   * @returns {Promise<{ ok: true } | { ok: false, retryAfterMs?: number, permanent?: boolean, error: string }>}
   */
  async function send(/** @type {{ key: string, body: string }} */ batch) {
    request = new AbortController();
    const timer = setTimeout(() => request?.abort(), o.timeoutMs);
    try {
      const res = await fetch(ingestUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': batch.key, ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}) },
        body: batch.body,
        signal: request.signal,
      });
      const text = await res.text();
      if (res.status === 202 || res.status === 200) {
        if (/"duplicate":true/.test(text)) stats.duplicates++;
        return { ok: true };
      }
      const retryAfter = Number(res.headers.get('retry-after'));
      const error = `hub answered ${res.status}: ${text.trim().slice(0, 200)}`;
      // A batch the hub will never take (malformed, too large) is dropped; anything else is retried.
      const permanent = res.status === 400 || res.status === 413 || res.status === 415;
      return { ok: false, error, permanent, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
    } catch (err) {
      const e = /** @type {Error & { cause?: { code?: string } }} */ (err);
      return { ok: false, error: e.name === 'AbortError' ? `no answer within ${o.timeoutMs} ms` : (e.cause?.code ?? e.message) };
    } finally {
      clearTimeout(timer);
      request = null;
    }
  }

  /** @param {number} ms */
  function pause(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = null;
        resolve(undefined);
      }
      wake = done;
    });
  }

  async function run_() {
    let attempt = 0;
    while (!stopped) {
      if (!inflight) {
        const due = buffer.size > 0 || Date.now() - lastHeartbeat >= o.heartbeatMs;
        if (!due) {
          await pause(o.batchMs);
          continue;
        }
        inflight = nextBatch();
      }
      const result = await send(inflight);
      if (stopped && !result.ok) break;
      if (result.ok) {
        if (!stats.connected) o.log(`hub ${ingestUrl} reachable${attempt > 0 ? ` again after ${attempt} retries` : ''}; ${buffer.size} buffered, ${buffer.droppedTotal} dropped so far`);
        stats.connected = true;
        stats.sent += inflight.count;
        stats.batches++;
        inflight = null;
        attempt = 0;
        // A backlog goes out at once; otherwise wait for the next batch interval.
        if (buffer.size < o.maxBatchItems) await pause(o.batchMs);
        continue;
      }
      stats.lastError = result.error;
      if (result.permanent) {
        stats.rejected += inflight.count;
        o.log(`batch of ${inflight.count} dropped: ${result.error}`);
        inflight = null;
        continue;
      }
      const delay = Math.max(result.retryAfterMs ?? 0, backoffMs(attempt, o.backoffBaseMs, o.backoffMaxMs));
      if (stats.connected || attempt === 0) o.log(`hub unreachable (${result.error}); retrying in ${(delay / 1000).toFixed(1)} s, keeping up to ${o.bufferItems} items`);
      stats.connected = false;
      stats.retries++;
      attempt++;
      await pause(delay);
    }
  }

  return {
    /** The topics this agent publishes. */
    topics,
    stats,
    buffer,
    ingestUrl,
    async start() {
      for (const s of sources) await s.start();
      loop = run_();
    },
    /** Stops the sources; `drainMs` gives the buffer that long to reach the hub first. */
    async stop(drainMs = 0) {
      for (const s of sources) await s.stop();
      const until = Date.now() + drainMs;
      while (drainMs > 0 && (buffer.size > 0 || inflight) && Date.now() < until && stats.connected) await sleep(50);
      stopped = true;
      wake?.();
      request?.abort();
      await loop;
    },
  };
}
