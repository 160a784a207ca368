// GET /history?topic=cpu&since=...&until=...&step=...&limit=...&cursor=...&order=asc|desc
// One page of a topic's stored events as JSON (persistence only; see docs/persistence.md).
import { HttpError, sendJson } from '../http-util.js';
import { TOPIC_PATTERN } from '../topics.js';
import { parseDuration } from '../units.js';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;
export const DEFAULT_SPAN_MS = 3_600_000;
/** Smallest `step`, and the most buckets a range may be cut into per request is `limit`. */
export const MIN_STEP_MS = 1000;

/**
 * A time: epoch ms, ISO-8601, or `-15m` / `-7d` (that long before now).
 * @param {string | null} raw
 * @param {string} field
 * @param {number} now
 * @returns {number | undefined}
 */
export function parseTime(raw, field, now) {
  if (raw === null || raw.trim() === '') return undefined;
  const v = raw.trim();
  if (/^-?\d{1,16}$/.test(v) && !v.startsWith('-')) return Number(v);
  if (v.startsWith('-')) {
    try {
      return now - parseDuration(v.slice(1));
    } catch {
      throw new HttpError(400, `${field} must be epoch ms, ISO-8601 or a duration before now like -1h`, { field });
    }
  }
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw new HttpError(400, `${field} must be epoch ms, ISO-8601 or a duration before now like -1h`, { field });
  return t;
}

/**
 * The parameters every history answer shares, checked (400 naming the field).
 * @param {URLSearchParams} query
 */
export function parseHistoryQuery(query) {
  const topic = query.get('topic');
  if (topic === null || !TOPIC_PATTERN.test(topic)) throw new HttpError(400, 'topic is required and must match ^[A-Za-z0-9_.:@-]{1,64}$', { field: 'topic' });
  const now = Date.now();
  const until = parseTime(query.get('until'), 'until', now) ?? now;
  const since = parseTime(query.get('since'), 'since', now) ?? until - DEFAULT_SPAN_MS;
  if (since > until) throw new HttpError(400, 'since must not be after until', { field: 'since' });
  const limitRaw = query.get('limit');
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== null) {
    if (!/^\d{1,6}$/.test(limitRaw) || Number(limitRaw) < 1) throw new HttpError(400, `limit must be an integer from 1 to ${MAX_LIMIT}`, { field: 'limit' });
    limit = Math.min(MAX_LIMIT, Number(limitRaw));
  }
  /** @type {number | null} */
  let step = null;
  const stepRaw = query.get('step');
  if (stepRaw !== null && stepRaw !== '') {
    try {
      step = parseDuration(stepRaw);
    } catch {
      throw new HttpError(400, 'step must be a duration like 60s, 5m or 60000', { field: 'step' });
    }
    if (step < MIN_STEP_MS) throw new HttpError(400, `step must be at least ${MIN_STEP_MS} ms`, { field: 'step' });
  }
  const order = query.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new HttpError(400, 'order must be asc or desc', { field: 'order' });
  if (step && order === 'desc') throw new HttpError(400, 'order=desc cannot be combined with step', { field: 'order' });
  return { topic, since, until, limit, step, order: /** @type {'asc' | 'desc'} */ (order) };
}

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').ServerResponse} res
 * @param {URLSearchParams} query
 * @param {Record<string, string>} headers CORS headers
 * @param {import('../access/principal.js').Principal | null} [principal] who asks (topics they may not read: 403)
 */
export async function handleHistory(ctx, res, query, headers, principal = null) {
  const { topic, since, until, limit, step, order } = parseHistoryQuery(query);
  if (principal) ctx.access.checkSubscribe(principal, topic);
  // One node: the SQLite store (--data). A cluster: the Redis Stream, within its retention.
  const store = ctx.cluster ? ctx.cluster.history : ctx.store;
  if (!store) throw new HttpError(404, 'history is off: start the server with --data DIR');
  const cursor = query.get('cursor');
  let page;
  try {
    page = await store.query({ topic, since, until, limit, step, cursor, order });
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (ctx.cluster) throw new HttpError(503, `redis unavailable: ${/** @type {Error} */ (err).message}`, { headers: { 'Retry-After': String(ctx.options.retryAfterSec) } });
    if (err instanceof RangeError) throw new HttpError(400, err.message, { field: 'cursor' });
    throw err;
  }
  sendJson(res, 200, { topic, since, until, step, order, items: page.items, next: page.next }, headers);
}

/**
 * `GET /history` for a topic that is a Prometheus query: answered from `query_range` (one page;
 * the step is the request's, else chosen so that at most `limit` points come back).
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').ServerResponse} res
 * @param {URLSearchParams} query
 * @param {Record<string, string>} headers CORS headers
 * @param {import('../access/principal.js').Principal | null} [principal] who asks (topics they may not read: 403)
 */
export async function handlePrometheusHistory(ctx, res, query, headers, principal = null) {
  const { topic, since, until, limit, step, order } = parseHistoryQuery(query);
  if (principal) ctx.access.checkSubscribe(principal, topic);
  if (query.get('cursor')) throw new HttpError(400, 'Prometheus topics have no pages: ask with a coarser step instead', { field: 'cursor' });
  const prometheus = /** @type {NonNullable<import('../app.js').ServerContext['prometheus']>} */ (ctx.prometheus);
  const page = await prometheus.history(topic, { since, until, step, limit, order });
  sendJson(res, 200, { topic, since, until, step: page.step, order, source: 'prometheus', items: page.items, next: null }, headers);
}
