// createServer(options): the reference server as a value, so tests and the CLI start it the same way.
import http from 'node:http';
import { StreamHub } from './stream-hub.js';
import { resolveOptions, clockSeededStartId } from './options.js';
import { createCors } from './cors.js';
import { createAccess } from './access/access.js';
import { accessContext } from './access/context.js';
import { handleTicket } from './routes/auth-ticket.js';
import { createHostCheck } from './host-check.js';
import { HttpError, rawPath, sendError, sendJson } from './http-util.js';
import { VERSION } from './package-info.js';
import { AgentAggregator, AGENT_EVENTS_TOPIC } from './agent-events.js';
import { IdempotencyStore } from './idempotency.js';
import { FleetRegistry } from './fleet/registry.js';
import { HEARTBEAT_TOPIC } from './fleet/agent-items.js';
import { createCluster } from './cluster/index.js';
import { LocalSharedState } from './shared-state.js';
import { handleEvents } from './routes/events.js';
import { startHeartbeats } from './heartbeats.js';
import { createWsRoute } from './routes/ws.js';
import { handleHealth } from './routes/health.js';
import { handleIngest } from './routes/ingest.js';
import { handleAlertmanager } from './routes/alertmanager.js';
import { createStaticRoute } from './routes/static.js';
import { createHostMetrics } from './sources/host-metrics.js';
import { createLogTail } from './sources/log-tail.js';
import { createLogSimulator } from './sources/sim-log.js';
import { createAgentSimulator } from './sources/agent-sim.js';
import { createThresholdAlerts, DEFAULT_RULES } from './sources/threshold-alerts.js';
import { HistoryStore } from './history-store.js';
import { KEYED_TOPICS, StateSnapshot } from './state-snapshot.js';
import { compareIds } from './event-id.js';
import { handleHistory, handlePrometheusHistory } from './routes/history.js';
import { SourceStatus, sourceEventFor } from './source-status.js';
import { AlertBoard, ALERTS_TOPIC } from './alert-board.js';
import { LocalSilences } from './local-silences.js';
import { ACTIONS, handleAlertAction } from './routes/alert-actions.js';
import { handleOtlp } from './routes/otlp.js';
import { createPrometheus } from './connectors/prometheus.js';
import { createScrape } from './connectors/scrape.js';
import { createAlertmanager } from './connectors/alertmanager.js';
import { OtlpMetrics } from './connectors/otlp/metrics.js';
import { GenAiTraces } from './connectors/otlp/traces.js';

/**
 * The state of `alerts` when none is kept: an Alertmanager-style empty list, without an id (it is
 * no event of the stream, so it moves no client's resume point).
 */
const NOTHING_FIRES = Object.freeze({ id: null, topic: ALERTS_TOPIC, json: '{"alerts":[]}' });

/** @typedef {import('./stream-hub.js').EventRecord} EventRecord */

/**
 * @typedef {{ unauthorized: number, forbidden: number, notFound: number, methodNotAllowed: number,
 *   badRequest: number, bodyTooLarge: number, unsupportedMediaType: number, tooManyClients: number, rateLimited: number,
 *   unavailable: number }} Rejections
 */

/** @type {Record<number, keyof Rejections>} */
const REJECTION_BY_STATUS = {
  400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'notFound', 405: 'methodNotAllowed',
  413: 'bodyTooLarge', 415: 'unsupportedMediaType', 429: 'rateLimited', 503: 'tooManyClients',
};

/**
 * @param {import('./options.js').ResolvedOptions} options
 */
function createContext(options) {
  const store = options.data
    ? new HistoryStore({ dir: options.data.dir, retainMs: options.data.retainMs, maxBytes: options.data.maxBytes, flushMs: options.data.flushMs, rawMetricsMs: options.data.rawMetricsMs, maintenanceMs: options.data.maintenanceMs })
    : null;
  // With a database the stored sequence continues; without one, the clock keeps runs apart.
  const startId = store ? Math.max(store.startId, options.startId ?? 1) : (options.startId ?? clockSeededStartId());
  // --redis: the hub is fed from the shared Redis Stream, and publishing means writing there
  // (server/cluster/). Otherwise the in-process hub below is the whole story.
  const cluster = options.redis ? createCluster(options) : null;
  const hub = cluster ? cluster.hub : new StreamHub({ historySize: options.history, historyBytes: options.historyBytes, startId });
  /** Internal sources publish through this (fire and forget; in cluster mode into Redis). */
  const publish = cluster ? cluster.publish : (/** @type {string} */ topic, /** @type {unknown} */ data) => hub.publish(topic, data);
  /** What must happen once per stream (derived alerts, pollers) happens here: in a cluster, on the lease holder only. */
  const derives = () => !cluster || cluster.isLeader();
  const sharedState = cluster ? cluster.sharedState : new LocalSharedState();
  const idempotency = new IdempotencyStore();
  /**
   * THE write path for what a request publishes (/ingest, /alertmanager, OTLP, alert actions):
   * all items or none, once per idempotency key; heartbeats feed the fleet registry instead of
   * the stream. In cluster mode this resolves only once the items are in Redis (and rejects with
   * UnavailableError while it is down: the routes answer 503 through acceptOr503).
   * @param {import('./ingest-items.js').IngestItem[]} items
   * @param {string | null} key the request's Idempotency-Key
   * @returns {{ ids: string[], duplicate: boolean } | Promise<{ ids: string[], duplicate: boolean }>}
   */
  function ingest(items, key) {
    if (cluster) return cluster.ingest(items, key);
    const seen = key === null ? undefined : idempotency.get(key);
    if (seen) return { ids: seen, duplicate: true };
    /** @type {string[]} */
    const ids = [];
    for (const item of items) {
      if (item.topic === HEARTBEAT_TOPIC) fleet.heartbeat(/** @type {any} */ (item.data));
      else ids.push(String(hub.publish(item.topic, item.data)));
    }
    if (key !== null) idempotency.set(key, ids);
    return { ids, duplicate: false };
  }
  // What fires is kept in memory always (alert-board.js); --data adds agents and logs to the snapshot.
  // Silences set through actions are published on the write path (awaited: 503 when Redis is down).
  const alerts = new AlertBoard({ publish: (topic, data) => ingest([{ topic, data }], null), keepResolvedMs: options.data?.snapshot?.alertKeepMs });
  const snapshot = store ? seedSnapshot(store, alerts, options.data?.snapshot) : null;
  // A cluster node's board is fed by its reader, from the first entry it loads (cluster/index.js).
  if (!cluster) {
    hub.onPublish((topic, data, record) => {
      if (topic === 'alerts') alerts.observe(record, data, record.ts);
    });
  }
  if (store && snapshot) {
    hub.onPublish((_topic, data, record) => {
      store.append(/** @type {EventRecord & { id: number }} */ (record), data);
      snapshot.observe(record, data, record.ts);
    });
  }
  const sources = new SourceStatus();
  // Connectors poll on the lease holder only; in a cluster their states go through Redis so every
  // node reports the same (source-status.js).
  const reporter = cluster ? sources.sharedThrough(sharedState.table('sources')) : sources;
  const prometheus = options.prometheus && options.queries.length
    ? createPrometheus({ url: options.prometheus, queries: options.queries, intervalMs: options.queryIntervalMs, publish, sources: reporter, runs: derives })
    : null;
  const alertmanager = options.alertmanager ? createAlertmanager({ url: options.alertmanager, publish, sources: reporter, runs: derives, intervalMs: options.alertmanagerIntervalMs }) : null;
  const agentEvents = new AgentAggregator({ publish, ...options.agentEvents });
  /** @type {import('./stream-client.js').Archive | null} */
  const archive = store
    ? { intactFrom: () => store.intactFrom, read: (after, before, maxBytes, topics) => store.read(after, before, maxBytes, topics) }
    : null;
  /** @type {Rejections} */
  const rejected = { unauthorized: 0, forbidden: 0, notFound: 0, methodNotAllowed: 0, badRequest: 0, bodyTooLarge: 0, unsupportedMediaType: 0, tooManyClients: 0, rateLimited: 0, unavailable: 0 };
  /** @type {Set<import('./sse-client.js').SseClient>} */
  const sse = new Set();
  /** @type {Set<import('./ws-client.js').WsClient>} */
  const ws = new Set();
  // Agents' offline/ok states go into the same SourceStatus as the connectors' (one pulse.source).
  const fleet = new FleetRegistry({ sources });
  if (cluster) {
    cluster.onHeartbeat = (hb) => fleet.heartbeat(hb);
    cluster.onAlerts = (record, data, at) => {
      alerts.observe(record, data, at);
      alertmanager?.observe(data);
    };
    cluster.broadcast = (topic, data) => {
      for (const client of [...sse, ...ws]) client.control(topic, data, () => data);
    };
  }
  const ctx = {
    hub,
    publish,
    cluster,
    /**
     * Keyed tables every node answers the same from: acks, silences... (server/shared-state.js;
     * in a cluster, replicated through Redis). `ctx.sharedState.table('silences').set(id, v, { ttlMs })`.
     */
    sharedState,
    derives,
    fleet,
    idempotency,
    store,
    sources,
    alerts,
    prometheus,
    alertmanager,
    scrape: options.scrape.length ? createScrape({ targets: options.scrape, intervalMs: options.scrapeIntervalMs, publish, sources: reporter, runs: derives }) : null,
    /** Ack/silence/unsilence: in Alertmanager when there is one, else kept here (in Redis on a cluster). */
    alertActions: alertmanager ?? new LocalSilences({ board: alerts, table: sharedState.table('silences'), runs: derives }),
    otlp: {
      inFlight: 0,
      accepted: { logs: 0, metrics: 0, traces: 0 },
      rejected: { logs: 0, metrics: 0, traces: 0 },
      metrics: new OtlpMetrics(),
      // One node: straight into the aggregator. A cluster: into the stream, where the lease
      // holder's aggregator reads agent-events (as from /ingest), so one node publishes `agents`.
      traces: new GenAiTraces({ record: cluster ? (ev) => publish(AGENT_EVENTS_TOPIC, ev) : (ev) => agentEvents.record(ev), prices: options.prices }),
    },
    archive,
    options,
    rejected,
    /** Events skipped by the ?topics= pattern cap (server/topics.js), for /health. */
    topicPatterns: { overCap: 0 },
    sse,
    ws,
    startedAt: Date.now(),
    cors: createCors(options.cors),
    // Audit entries take the internal publish path: in a cluster they go into the shared stream.
    ...accessContext(createAccess(options.access, { token: options.token, publish, retryAfterSec: options.retryAfterSec, sharedTickets: cluster?.tickets ?? null })),
    hostAllowed: createHostCheck(options.host, options.allowedHosts),
    agentEvents,
    clientCount: () => sse.size + ws.size,
    // historyUrl is relative: clients resolve it against the stream's URL (works behind a path prefix).
    // denied: requested topics the client may not see; allowed: what it may see, when it asked for everything.
    hello: (/** @type {{ denied?: string[], allowed?: string[] | null }} */ scope = {}) => ({
      server: 'pulseboard',
      version: VERSION,
      heartbeatMs: options.heartbeatMs,
      // Prometheus answers /history for its query topics even when this server keeps nothing.
      historyUrl: store || cluster || prometheus ? 'history' : null,
      alertActionsUrl: 'alerts',
      ...(scope.denied?.length ? { denied: scope.denied } : {}),
      ...(scope.allowed ? { allowed: scope.allowed } : {}),
    }),
    /**
     * The ONE `pulse.source` a new connection starts with: the full map for its topics, connectors'
     * and agents' states together, without the topics it may not see.
     * @param {import('./topics.js').TopicSet | null} topics
     * @param {((topic: string) => boolean) | null} [visible] access filter
     */
    sourceFor: (topics, visible = null) => sourceEventFor(sources.snapshot(topics), topics, true, visible),
    ingest,
    /**
     * Where a (re)connecting client starts. With persistence, a Last-Event-ID older than the
     * in-memory history is served from the database when it is still stored there.
     * A client that may see only some topics (`visible`) is told of a gap only when events of
     * those topics were lost (a gap in topics it cannot see is not its to know). With the
     * database that cannot be told apart: the gap is announced.
     * @param {string | null | undefined} lastEventId
     * @param {((topic: string) => boolean) | null} [visible]
     * @returns {import('./stream-hub.js').ResumePoint | Promise<import('./stream-hub.js').ResumePoint>}
     */
    resume(lastEventId, visible = null) {
      if (cluster) return cluster.resume(lastEventId, visible);
      const point = hub.resume(lastEventId);
      if (point.gap && visible && !store && !hub.lostAfter(Number(point.gap.lastEventId), visible)) return { cursor: point.cursor, gap: null };
      if (!store || !point.gap) return point;
      const n = Number(point.gap.lastEventId);
      if (n >= store.intactFrom - 1) return { cursor: n, gap: null };
      return { cursor: store.intactFrom - 1, gap: { lastEventId: String(n), oldestId: String(store.intactFrom) } };
    },
    /**
     * Current state for a client that connects without Last-Event-ID: what fires (always), and
     * with persistence the agents and last log lines too.
     * @param {string | null | undefined} lastEventId
     * @param {import('./topics.js').TopicSet | null} topics
     * @param {((topic: string) => boolean) | null} [visible] access filter
     */
    snapshotFor(lastEventId, topics, visible = null) {
      if (lastEventId !== null && lastEventId !== undefined && lastEventId.trim() !== '') return [];
      const alertRecords = alerts.records(topics);
      const others = cluster ? cluster.snapshotFor(lastEventId, topics) : snapshot ? snapshot.records(topics) : [];
      /** @type {{ id: number | string | null, topic: string, json: string }[]} */
      const records = others.length ? [...alertRecords, ...others].sort((a, b) => compareIds(a.id, b.id)) : alertRecords;
      // "Nothing fires" is news only from a server whose alert set is the whole truth: one that
      // keeps it across restarts (--data, --redis) or re-reads it (--alertmanager, once read).
      // A memory-only server may have missed webhooks sent before it started, so it says nothing.
      const wantsAlerts = (topics === null || topics.has(ALERTS_TOPIC)) && (!visible || visible(ALERTS_TOPIC));
      const knowsAll = store !== null || cluster !== null || (alertmanager?.stats.refreshes ?? 0) > 0;
      if (wantsAlerts && knowsAll && alertRecords.length === 0) records.push(NOTHING_FIRES);
      return visible ? records.filter((r) => visible(r.topic)) : records;
    },
    /**
     * @param {import('node:http').ServerResponse} res
     * @param {Record<string, string>} [corsHeaders] without them a cross-origin page cannot read the
     *   503 (it sees a network error), so it never learns the Retry-After and retries at its own pace
     */
    rejectFull(res, corsHeaders = {}) {
      rejected.tooManyClients++;
      sendJson(res, 503, { error: `too many clients (max ${options.maxClients})` }, { ...corsHeaders, 'Retry-After': String(options.retryAfterSec) });
    },
  };
  // Source status changes reach every connected client at once (control events, no ids); a client
  // whose socket is full gets the full map for its topics once it drains.
  sources.onChange((changes) => {
    for (const client of [...sse, ...ws]) {
      const body = sourceEventFor(changes, client.topics, false, client.visible);
      if (body) client.control('pulse.source', body, () => ctx.sourceFor(client.topics, client.visible));
    }
  });
  return ctx;
}

/**
 * The state snapshot, seeded from what the database holds; alerts go to the alert board.
 * @param {HistoryStore} store
 * @param {AlertBoard} alerts
 * @param {import('./state-snapshot.js').SnapshotOptions} [options]
 */
function seedSnapshot(store, alerts, options = {}) {
  const snapshot = new StateSnapshot({ ...options, keyedTopics: KEYED_TOPICS.filter((t) => t !== 'alerts') });
  const now = Date.now();
  for (const topic of KEYED_TOPICS) {
    const keepMs = topic === 'alerts' ? store.retainMs : snapshot.agentKeepMs;
    for (const r of store.eventsSince(topic, now - keepMs)) {
      try {
        if (topic === 'alerts') alerts.observe(r, JSON.parse(r.json), r.ts);
        else snapshot.observe(r, JSON.parse(r.json), r.ts);
      } catch {
        /* a row that is not JSON is skipped */
      }
    }
  }
  for (const r of store.lastEvents('logs', snapshot.logLines)) snapshot.observe(r, null, r.ts);
  return snapshot;
}

/** @typedef {ReturnType<typeof createContext>} ServerContext */

/**
 * The query of a request target; a 400 when it cannot be parsed.
 * @param {string | undefined} target
 */
export function searchParams(target) {
  try {
    return new URL(target ?? '/', 'http://localhost').searchParams;
  } catch {
    throw new HttpError(400, 'malformed request target', { field: null });
  }
}

/**
 * @typedef {object} PulseboardServer
 * @property {http.Server} server
 * @property {StreamHub} hub
 * @property {ServerContext} context
 * @property {(port?: number, host?: string) => Promise<string>} listen resolves with the URL
 * @property {() => Promise<void>} close stops sources and timers, ends every stream, closes the server
 * @property {string | null} url `http://host:port/` once listening
 */

/**
 * @param {import('./options.js').ServerOptions} [options]
 * @returns {PulseboardServer}
 */
export function createServer(options = {}) {
  const opts = resolveOptions(options);
  const ctx = createContext(opts);
  const { hub, publish, cluster, derives } = ctx;
  /** @type {Set<string>} base topics (before `@`) whose payloads the threshold rules read */
  const watched = new Set(opts.thresholdAlerts ? (opts.thresholdAlerts.rules ?? DEFAULT_RULES).map((r) => r.topic) : []);
  if (cluster) cluster.needsData = (topic) => topic === AGENT_EVENTS_TOPIC || (derives() && watched.has(topic.split('@')[0]));
  const staticRoute = createStaticRoute(opts.root);
  const wsRoute = createWsRoute(ctx);

  if (opts.thresholdAlerts) {
    const alerts = createThresholdAlerts({ publish, rules: opts.thresholdAlerts.rules ?? DEFAULT_RULES });
    hub.onPublish((topic, data) => {
      if (derives()) alerts.observe(topic, data);
    });
  }
  hub.onPublish((topic, data) => {
    if (topic !== AGENT_EVENTS_TOPIC || !derives()) return;
    for (const ev of Array.isArray(data) ? data : [data]) ctx.agentEvents.record(/** @type {any} */ (ev));
  });

  /**
   * @param {http.IncomingMessage} req
   * @param {number} status
   * @param {number} started performance.now() at arrival
   */
  function logRequest(req, status, started) {
    const durationMs = Math.round(performance.now() - started);
    const path = rawPath(req.url) ?? '?';
    const level = status >= 500 || status === 0 ? 'error' : status >= 400 ? 'warn' : 'info';
    // Only the path is logged: query strings may carry ?token=.
    publish('logs', { ts: Date.now(), level, source: 'http', message: `${req.method} ${path} ${status} ${durationMs}ms`, method: req.method, path, status, durationMs });
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    const started = performance.now();
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (opts.requestLog) res.once('close', () => logRequest(req, res.headersSent ? res.statusCode : 0, started));
    /** @type {Record<string, string>} */
    let headers = {};
    try {
      const path = rawPath(req.url);
      if (path === null) throw new HttpError(400, 'request target must be a path', { field: null });
      const query = searchParams(req.url);
      if (!ctx.hostAllowed(req.headers.host)) {
        throw new HttpError(403, `host not allowed: ${req.headers.host} (add it with --allowed-host)`);
      }
      if (req.method === 'OPTIONS') return ctx.cors.preflight(req, res);
      const decision = ctx.cors.evaluate(req);
      headers = decision.headers;
      if (!decision.allowed && req.method !== 'GET' && req.method !== 'HEAD') {
        throw new HttpError(403, `origin ${decision.origin} is not allowed`);
      }
      ctx.setPrincipal(req, await ctx.access.authenticate(req, query, { path }));
      switch (path) {
        case '/events':
          allow(req, 'GET');
          return handleEvents(ctx, req, res, query, headers);
        case '/ws':
          throw new HttpError(426, 'WebSocket upgrade required', { headers: { Upgrade: 'websocket', Connection: 'Upgrade' } });
        case '/health':
          allow(req, 'GET', 'HEAD');
          return handleHealth(ctx, res, headers);
        case '/history':
          allow(req, 'GET');
          if (ctx.prometheus?.has(query.get('topic') ?? '')) return await handlePrometheusHistory(ctx, res, query, headers, ctx.principalOf(req));
          return await handleHistory(ctx, res, query, headers, ctx.principalOf(req));
        case '/alerts/silence':
        case '/alerts/ack':
        case '/alerts/unsilence':
          allow(req, 'POST');
          return await handleAlertAction(ctx, req, res, /** @type {(typeof ACTIONS)[number]} */ (path.slice('/alerts/'.length)), headers);
        case '/v1/logs':
        case '/v1/metrics':
        case '/v1/traces':
          allow(req, 'POST');
          return await handleOtlp(ctx, req, res, path === '/v1/logs' ? 'logs' : path === '/v1/metrics' ? 'metrics' : 'traces', headers);
        case '/ingest':
          allow(req, 'POST');
          return await handleIngest(ctx, req, res, query, headers);
        case '/alertmanager':
          allow(req, 'POST');
          await handleAlertmanager(ctx, req, res, headers);
          // A webhook means something changed: read the truth from the API now.
          void ctx.alertmanager?.refresh();
          return;
        case '/auth/ticket':
          allow(req, 'POST');
          return await handleTicket(ctx, req, res, headers);
        default:
          if (await staticRoute.serveStatic(req, res, path, headers)) return;
          throw new HttpError(404, 'not found');
      }
    } catch (err) {
      if (err instanceof HttpError) {
        const counter = REJECTION_BY_STATUS[err.status];
        if (counter && !err.counted) ctx.rejected[counter]++;
        sendJson(res, err.status, err.toJSON(), { ...headers, ...err.headers });
        return;
      }
      process.emitWarning(`pulseboard: ${req.method} ${rawPath(req.url)} failed: ${/** @type {Error} */ (err)?.stack ?? err}`);
      sendError(res, new HttpError(500, 'internal error'));
    }
  }

  const server = http.createServer({ noDelay: true }, (req, res) => {
    void handle(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    const started = performance.now();
    wsRoute.handleUpgrade(req, socket, head).then(
      (status) => {
        if (opts.requestLog) logRequest(req, status, started);
      },
      (err) => {
        process.emitWarning(`pulseboard: upgrade ${rawPath(req.url)} failed: ${err?.stack ?? err}`);
        socket.destroy();
      },
    );
  });
  server.on('clientError', (err, socket) => {
    // An oversized head (a 70 KB token, say) is answered as what it is, not a generic 400.
    if (socket.writable && 'code' in err && err.code === 'HPE_HEADER_OVERFLOW') {
      socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else if (socket.writable && !('code' in err && err.code === 'ECONNRESET')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else {
      socket.destroy();
    }
  });

  /** @type {{ start: () => unknown, stop: () => unknown }[]} */
  const sources = [];
  /** @type {NodeJS.Timeout | null} */
  let heartbeat = null;
  /** @type {Promise<void> | null} */
  let closing = null;

  function startSources() {
    if (opts.hostMetrics) sources.push(createHostMetrics({ publish, intervalMs: opts.hostMetrics.intervalMs }));
    if (opts.simulate && opts.agents > 0) sources.push(createAgentSimulator({ publish, count: opts.agents, intervalMs: opts.agentIntervalMs }));
    if (opts.logSimulation) sources.push(createLogSimulator({ publish }));
    for (const file of opts.tail) sources.push(createLogTail(file, { publish, pollMs: opts.tailPollMs }));
    sources.push({ start: () => ctx.agentEvents.start(), stop: () => ctx.agentEvents.stop() });
    for (const connector of [ctx.prometheus, ctx.scrape, ctx.alertmanager, ctx.alertActions === ctx.alertmanager ? null : ctx.alertActions, ctx.otlp.traces]) if (connector) sources.push(connector);
    sources.push({ start: () => ctx.fleet.start(), stop: () => ctx.fleet.stop() });
    for (const source of sources) source.start();
    heartbeat = startHeartbeats([ctx.sse, ctx.ws], opts.heartbeatMs);
  }

  /** @type {PulseboardServer} */
  const app = {
    server,
    hub,
    context: ctx,
    url: null,
    listen(port = opts.port, host = opts.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = /** @type {import('node:net').AddressInfo} */ (server.address());
          let shown = address.address;
          if (shown === '0.0.0.0' || shown === '::') shown = 'localhost';
          else if (shown.includes(':')) shown = `[${shown}]`;
          app.url = `http://${shown}:${address.port}/`;
          // A cluster node connects to Redis and loads the newest history before its sources start.
          Promise.resolve(cluster?.start()).then(() => {
            startSources();
            resolve(/** @type {string} */ (app.url));
          }, reject);
        });
      });
    },
    close() {
      closing ??= (async () => {
        if (heartbeat) clearInterval(heartbeat);
        heartbeat = null;
        await Promise.all(sources.map((s) => s.stop()));
        sources.length = 0;
        ctx.agentEvents.stop();
        for (const client of [...ctx.sse, ...ctx.ws]) client.close();
        await cluster?.stop();
        wsRoute.wss.close();
        ctx.store?.close();
        await new Promise((resolve) => {
          server.close(() => resolve(undefined));
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 1000).unref();
        });
      })();
      return closing;
    },
  };
  return app;

  /**
   * @param {http.IncomingMessage} req
   * @param {...string} methods
   */
  function allow(req, ...methods) {
    if (!methods.includes(req.method ?? '')) {
      throw new HttpError(405, `method not allowed (use ${methods.join(' or ')})`, { headers: { Allow: methods.join(', ') } });
    }
  }
}
