// GET /health: liveness and counters.
import { sendJson } from '../http-util.js';
import { VERSION } from '../package-info.js';

/**
 * @param {import('../app.js').ServerContext} ctx
 */
export function healthBody(ctx) {
  const mem = process.memoryUsage();
  const hub = ctx.hub.stats();
  /** @type {Record<string, unknown>} */
  const extra = {};
  // Only with --data, so the body without persistence stays exactly as it was.
  if (ctx.store) extra.persistence = ctx.store.stats();
  // Only with connectors: which upstreams fail now (see docs/connect.md).
  if (ctx.prometheus || ctx.scrape || ctx.alertmanager) {
    extra.sourceErrors = ctx.sources.errors();
    // Per connector: what this node polled (in a cluster only the lease holder polls).
    extra.connectors = {
      ...(ctx.prometheus ? { prometheus: ctx.prometheus.stats } : {}),
      ...(ctx.scrape ? { scrape: ctx.scrape.stats } : {}),
      ...(ctx.alertmanager ? { alertmanager: ctx.alertmanager.stats } : {}),
    };
  }
  // Only with --redis: `redis: up|down`, and the node's view of the shared stream.
  const cluster = ctx.cluster?.stats();
  if (cluster) {
    extra.redis = cluster.redis;
    extra.cluster = cluster;
  }
  // Only once agents sent heartbeats: which hosts are alive (docs/fleet.md).
  if (ctx.fleet.hosts.size > 0) extra.fleet = ctx.fleet.stats();
  return {
    status: cluster?.redis === 'down' ? 'degraded' : 'ok',
    server: 'pulseboard',
    version: VERSION,
    uptimeSec: Math.round((Date.now() - ctx.startedAt) / 100) / 10,
    clients: { sse: ctx.sse.size, ws: ctx.ws.size, total: ctx.clientCount(), max: ctx.options.maxClients },
    eventsPublished: hub.eventsPublished,
    eventsPerSec: hub.eventsPerSec,
    lastEventId: String(hub.lastEventId),
    history: hub.history,
    droppedClients: hub.droppedClients,
    rejected: { ...ctx.rejected },
    // POST /ingest batches answered again from their Idempotency-Key instead of published twice.
    idempotency: ctx.idempotency.stats(),
    // Events not sent because a ?topics= pattern had matched its cap of distinct topics.
    topicPatterns: { overCap: ctx.topicPatterns.overCap },
    memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external },
    ...extra,
  };
}

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} headers
 */
export function handleHealth(ctx, res, headers) {
  sendJson(res, 200, healthBody(ctx), headers);
}
