// Server options: defaults and normalisation, shared by createServer() and the CLI.
import { PACKAGE_ROOT } from './package-info.js';
import { normalizeOrigin } from './cors.js';
import { resolveAccessOptions } from './access/options.js';
import { topicProblem } from './topics.js';
import { parseScrapeSpec } from './connectors/scrape.js';

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] default 8080 (0: any free port)
 * @property {string} [host] default 127.0.0.1
 * @property {string | null} [token] bearer token required on every route (default none)
 * @property {string[]} [cors] allowed origins (exact, or `*`); default none: same-origin only
 * @property {string[]} [allowedHosts] Host header names accepted besides loopback names when bound to
 *   loopback (DNS-rebinding protection); `*` accepts any. Default none.
 * @property {number} [maxClients] SSE + WebSocket clients at once (default 1000)
 * @property {number} [maxBody] request body limit in bytes (default 1 MiB)
 * @property {number} [heartbeatMs] heartbeat interval (default 15000)
 * @property {number} [retryMs] `retry:` hint for SSE clients (default 2000)
 * @property {number} [history] events kept for replay (default 5000)
 * @property {number} [historyBytes] bytes those events may hold (default 64 MiB)
 * @property {number} [chunkBytes] payload bytes written to one client per turn (default 64 KiB)
 * @property {number} [stallTimeoutMs] drop a client whose socket buffer stays full this long (default 30 s)
 * @property {number} [wsMaxPayload] largest inbound WebSocket message (default 64 KiB)
 * @property {number} [retryAfterSec] Retry-After on 503 (default 5)
 * @property {boolean | { intervalMs?: number }} [hostMetrics] default true
 * @property {boolean} [simulate] simulated agents and, without --tail, a simulated app log (default true)
 * @property {number} [agents] simulated agents (default 6)
 * @property {number} [agentIntervalMs] simulator tick (default 1000)
 * @property {string[]} [tail] log files to follow
 * @property {number} [tailPollMs] default 250
 * @property {boolean} [requestLog] publish the server's own request log on `logs` (default: when no tail)
 * @property {boolean | { rules?: import('./sources/threshold-alerts.js').ThresholdRule[] }} [thresholdAlerts] default true
 * @property {{ windowMs?: number, minIntervalMs?: number, tickMs?: number, idleAfterMs?: number }} [agentEvents]
 * @property {string} [root] package root holding demo/ and dist/ (default: this package)
 * @property {number} [startId] first event id (default: derived from the clock, see clockSeededStartId;
 *   with `data`, the stored sequence continues)
 * @property {string | PersistenceOptions | null} [data] keep every event in an SQLite file in this folder
 *   (see docs/persistence.md); default none: memory only
 * @property {import('./access/options.js').AccessOptions} [access] JWTs, public topics, per-subject
 *   limits, the webhook token (see docs/security.md); default: only `token`, if set
 * @property {string | null} [prometheus] Prometheus base URL the `queries` are evaluated against
 * @property {{ name: string, query: string }[]} [queries] PromQL queries, each published on topic `name`
 * @property {number} [queryIntervalMs] how often every query is evaluated (default 5000)
 * @property {(string | { name: string | null, url: string })[]} [scrape] `/metrics` endpoints to read (`[NAME=]URL`)
 * @property {number} [scrapeIntervalMs] default 5000
 * @property {string | null} [alertmanager] Alertmanager base URL: alerts read from its API, silences created in it
 * @property {number} [alertmanagerIntervalMs] how often its alerts are read besides after each webhook (default 10 s)
 * @property {number} [ackDurationMs] how long an Ack silences an alert (default 15 min)
 * @property {number} [silenceDurationMs] a Silence's length when the request names none (default 2 h)
 * @property {import('./connectors/otlp/traces.js').PriceTable} [prices] USD per million input/output
 *   tokens by model name (or prefix), for the cost of GenAI spans
 * @property {number} [otlpMaxInFlight] OTLP requests worked on at once before 503 (default 16)
 * @property {string | import('./cluster/index.js').RedisOptions | null} [redis] cluster mode: share one
 *   Redis Stream with the other nodes (see docs/cluster.md); not together with `data`
 */

/**
 * @typedef {object} PersistenceOptions
 * @property {string} dir folder of `pulseboard.db` (created if missing)
 * @property {number} [retainMs] keep events this long (default 7 days)
 * @property {number} [maxBytes] keep the database under this size (default 1 GiB)
 * @property {number} [flushMs] commit interval: what a crash can lose at most (default 250)
 * @property {number} [rawMetricsMs] metric points older than this become per-minute min/avg/max (default 1 h)
 * @property {number} [maintenanceMs] downsampling/retention interval (default 60 s)
 * @property {import('./state-snapshot.js').SnapshotOptions} [snapshot] what fresh clients are sent
 */

/**
 * @param {ServerOptions} options
 */
export function resolveOptions(options = {}) {
  const tail = options.tail ?? [];
  const simulate = options.simulate ?? true;
  const resolved = {
    port: options.port ?? 8080,
    host: options.host ?? '127.0.0.1',
    token: options.token || null,
    cors: (options.cors ?? []).map(normalizeOrigin),
    allowedHosts: options.allowedHosts ?? [],
    maxClients: options.maxClients ?? 1000,
    maxBody: options.maxBody ?? 1024 * 1024,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    retryMs: options.retryMs ?? 2000,
    history: options.history ?? 5000,
    historyBytes: options.historyBytes ?? 64 * 1024 * 1024,
    chunkBytes: options.chunkBytes ?? 64 * 1024,
    stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
    wsMaxPayload: options.wsMaxPayload ?? 64 * 1024,
    retryAfterSec: options.retryAfterSec ?? 5,
    hostMetrics: options.hostMetrics === false ? null : { intervalMs: 1000, ...(typeof options.hostMetrics === 'object' ? options.hostMetrics : {}) },
    simulate,
    agents: options.agents ?? 6,
    agentIntervalMs: options.agentIntervalMs ?? 1000,
    tail,
    tailPollMs: options.tailPollMs ?? 250,
    // A cluster node's request log would go through Redis with every request it logs: off there.
    requestLog: options.requestLog ?? (tail.length === 0 && !options.redis),
    logSimulation: simulate && tail.length === 0,
    thresholdAlerts: options.thresholdAlerts === false ? null : { ...(typeof options.thresholdAlerts === 'object' ? options.thresholdAlerts : {}) },
    agentEvents: { ...(options.agentEvents ?? {}) },
    root: options.root ?? PACKAGE_ROOT,
    startId: options.startId,
    data: resolvePersistence(options.data),
    access: resolveAccessOptions(options.access, options.token || null),
    prometheus: options.prometheus || null,
    queries: resolveQueries(options.queries ?? [], options.prometheus),
    queryIntervalMs: options.queryIntervalMs ?? 5000,
    scrape: (options.scrape ?? []).map((t) => (typeof t === 'string' ? parseScrapeSpec(t) : parseScrapeSpec(t.name ? `${t.name}=${t.url}` : t.url))),
    scrapeIntervalMs: options.scrapeIntervalMs ?? 5000,
    alertmanager: options.alertmanager || null,
    alertmanagerIntervalMs: options.alertmanagerIntervalMs ?? 10_000,
    ackDurationMs: options.ackDurationMs ?? 15 * 60_000,
    silenceDurationMs: options.silenceDurationMs ?? 2 * 3_600_000,
    prices: resolvePrices(options.prices ?? {}),
    otlpMaxInFlight: options.otlpMaxInFlight ?? 16,
    redis: resolveRedis(options.redis),
  };
  if (resolved.data && resolved.redis) throw new RangeError('data and redis exclude each other: a cluster keeps its history in Redis (docs/cluster.md)');
  for (const url of [resolved.prometheus, resolved.alertmanager]) {
    if (url !== null && !/^https?:\/\/[^/]/i.test(url)) throw new RangeError(`not an http(s) URL: ${JSON.stringify(url)}`);
  }
  for (const key of /** @type {const} */ (['queryIntervalMs', 'scrapeIntervalMs', 'alertmanagerIntervalMs'])) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 100) throw new RangeError(`${key} must be at least 100 ms, got ${resolved[key]}`);
  }
  for (const key of /** @type {const} */ (['ackDurationMs', 'silenceDurationMs'])) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 60_000) throw new RangeError(`${key} must be at least one minute, got ${resolved[key]}`);
  }
  for (const key of /** @type {const} */ (['maxClients', 'maxBody', 'heartbeatMs', 'retryMs', 'history', 'historyBytes', 'chunkBytes', 'stallTimeoutMs', 'wsMaxPayload', 'agents', 'otlpMaxInFlight'])) {
    const v = resolved[key];
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${key} must be a non-negative number, got ${v}`);
  }
  if (resolved.history < 1) throw new RangeError('history must be at least 1');
  if (resolved.heartbeatMs < 10) throw new RangeError('heartbeatMs must be at least 10');
  return resolved;
}

/** @typedef {ReturnType<typeof resolveOptions>} ResolvedOptions */

/**
 * @param {{ name: string, query: string }[]} queries
 * @param {string | null | undefined} prometheus
 */
function resolveQueries(queries, prometheus) {
  if (queries.length > 0 && !prometheus) throw new RangeError('queries need a Prometheus URL (--prometheus URL)');
  /** @type {Set<string>} */
  const names = new Set();
  for (const q of queries) {
    const problem = topicProblem(q?.name);
    if (problem) throw new RangeError(`query ${JSON.stringify(q?.name)}: ${problem}`);
    if (typeof q.query !== 'string' || q.query.trim() === '') throw new RangeError(`query ${q.name}: PromQL must be a non-empty string`);
    if (names.has(q.name)) throw new RangeError(`query ${q.name} is defined twice`);
    names.add(q.name);
  }
  return queries.map((q) => ({ name: q.name, query: q.query.trim() }));
}

/**
 * @param {unknown} prices
 * @returns {import('./connectors/otlp/traces.js').PriceTable}
 */
function resolvePrices(prices) {
  if (prices === null || typeof prices !== 'object' || Array.isArray(prices)) throw new RangeError('prices must be an object: {"model": {"input": USD per 1M tokens, "output": ...}}');
  /** @type {import('./connectors/otlp/traces.js').PriceTable} */
  const out = Object.create(null);
  for (const [model, price] of Object.entries(prices)) {
    if (price === null || typeof price !== 'object') throw new RangeError(`prices.${model} must be {"input": n, "output": n}`);
    const p = /** @type {Record<string, unknown>} */ (price);
    for (const k of ['input', 'output']) {
      if (p[k] !== undefined && !(typeof p[k] === 'number' && Number.isFinite(p[k]) && p[k] >= 0)) throw new RangeError(`prices.${model}.${k} must be a non-negative number (USD per million tokens)`);
    }
    out[model] = { input: /** @type {number | undefined} */ (p.input), output: /** @type {number | undefined} */ (p.output) };
  }
  return out;
}

/**
 * @param {string | PersistenceOptions | null | undefined} data
 * @returns {PersistenceOptions | null}
 */
function resolvePersistence(data) {
  if (data === undefined || data === null || data === '') return null;
  const p = typeof data === 'string' ? { dir: data } : { ...data };
  if (typeof p.dir !== 'string' || p.dir === '') throw new RangeError('data.dir must be a folder path');
  for (const key of /** @type {const} */ (['retainMs', 'maxBytes', 'flushMs', 'rawMetricsMs', 'maintenanceMs'])) {
    const v = p[key];
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new RangeError(`data.${key} must be a positive number, got ${v}`);
  }
  return p;
}

/**
 * @param {string | import('./cluster/index.js').RedisOptions | null | undefined} redis
 * @returns {import('./cluster/index.js').RedisOptions | null}
 */
function resolveRedis(redis) {
  if (redis === undefined || redis === null || redis === '') return null;
  const r = typeof redis === 'string' ? { url: redis } : { ...redis };
  let url;
  try {
    url = new URL(r.url);
  } catch {
    throw new RangeError(`redis must be a URL like redis://127.0.0.1:6379, got ${JSON.stringify(String(r.url).slice(0, 80))}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new RangeError(`redis URL must start with redis:// or rediss://, got ${url.protocol}`);
  if (r.prefix !== undefined && !/^[A-Za-z0-9_.:-]{1,64}$/.test(r.prefix)) throw new RangeError('redis prefix must match ^[A-Za-z0-9_.:-]{1,64}$');
  for (const key of /** @type {const} */ (['retainMs', 'maxLen', 'idempotencyTtlMs'])) {
    const v = r[key];
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new RangeError(`redis.${key} must be a positive number, got ${v}`);
  }
  return r;
}

/**
 * The first id of a memory-only server: the clock in units of 10 µs. Ids stay plain increasing
 * integers, and a restarted server starts above every id its previous run handed out (unless
 * that run published more than 100,000 events a second on average over its whole life). A
 * client resuming from the previous run therefore asks for an id older than anything kept and
 * is told `pulse.gap` honestly, instead of being sent the new run's events 1..N as if they
 * followed on. 15 digits: exact in a JavaScript number.
 * @param {number} [now]
 * @returns {number}
 */
export function clockSeededStartId(now = Date.now()) {
  return Math.floor(now * 100);
}
