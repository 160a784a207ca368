// Prometheus as a source: every `--query-interval` each configured PromQL query is evaluated with
// the HTTP API (`POST /api/v1/query`) and its result published on the query's topic in the shape
// of series-shape.js. `GET /history?topic=NAME` for those topics is answered from
// `/api/v1/query_range`, so charts backfill from Prometheus even when this server keeps nothing.
// Failures are reported per topic through the source status (`pulse.source`): an unreachable
// Prometheus marks every query's topic, a query Prometheus rejects marks only its own.
import { HttpError } from '../http-util.js';
import { plainLabels, sampleValue, shapeMatrix, shapeSeries } from './series-shape.js';
import { createRepeater } from './repeat.js';
import { requestUpstream, upstreamJson, UpstreamError } from './upstream.js';

/** Queries evaluated at once; the rest wait their turn within the same round. */
const CONCURRENCY = 8;
/** Prometheus refuses ranges of more than 11,000 points per series. */
const MAX_RANGE_POINTS = 11_000;

/**
 * @typedef {object} PrometheusQuery
 * @property {string} name the topic
 * @property {string} query PromQL
 */

/**
 * @typedef {object} PrometheusOptions
 * @property {string} url base URL of Prometheus (`http://127.0.0.1:9090`, a path prefix is kept)
 * @property {PrometheusQuery[]} queries
 * @property {number} [intervalMs] default 5000
 * @property {number} [timeoutMs] per request (default: the interval, at most 10 s)
 * @property {(topic: string, data: unknown) => unknown} publish
 * @property {import('../source-status.js').SourceReporter} sources
 * @property {() => boolean} [runs] whether this node polls now (a cluster: the lease holder only)
 */

/**
 * @param {PrometheusOptions} options
 */
export function createPrometheus(options) {
  const { queries, publish, sources } = options;
  const intervalMs = options.intervalMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? Math.min(10_000, Math.max(1000, intervalMs));
  const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
  const byTopic = new Map(queries.map((q) => [q.name, q]));
  const stats = { rounds: 0, evaluations: 0, failures: 0, lastRoundMs: 0, droppedSeries: 0 };

  /**
   * @param {string} path
   * @param {Record<string, string>} form
   */
  async function api(path, form) {
    const { text } = await requestUpstream(new URL(path, base), {
      name: 'Prometheus',
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      timeoutMs,
    });
    const body = upstreamJson(text, 'Prometheus');
    if (body?.status !== 'success') throw new UpstreamError(`Prometheus error: ${body?.error ?? 'unexpected answer'}`, 200);
    return body.data;
  }

  /** @param {PrometheusQuery} q */
  async function evaluate(q) {
    const now = Date.now();
    try {
      const data = await api('api/v1/query', { query: q.query, time: String(now / 1000) });
      const payload = instantPayload(data, now);
      stats.droppedSeries += payload.dropped;
      stats.evaluations++;
      sources.report([q.name], 'prometheus', null);
      if (repeater.running) publish(q.name, payload.payload);
    } catch (err) {
      stats.failures++;
      sources.report([q.name], 'prometheus', messageOf(err));
    }
  }

  async function evaluateAll() {
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (repeater.running && next < queries.length) await evaluate(queries[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queries.length) }, worker));
    stats.rounds++;
    stats.lastRoundMs = Math.round(performance.now() - started);
  }

  const repeater = createRepeater(evaluateAll, intervalMs, options.runs);

  return {
    stats,
    /** @param {string} topic */
    has: (topic) => byTopic.has(topic),
    start() {
      if (queries.length > 0) repeater.start();
    },
    stop: () => repeater.stop(),
    /** One round now (tests, bench). */
    evaluateAll,
    /**
     * A topic's history from `query_range`, as `GET /history` answers it.
     * @param {string} topic
     * @param {{ since: number, until: number, step: number | null, limit: number, order: 'asc' | 'desc' }} range
     */
    async history(topic, range) {
      const q = byTopic.get(topic);
      if (!q) throw new HttpError(404, `no query named ${topic}`);
      const span = Math.max(0, range.until - range.since);
      // Without a step: as fine as the evaluation interval, as coarse as the limit needs.
      let step = range.step ?? Math.max(intervalMs, Math.ceil(span / range.limit / 1000) * 1000);
      if (span / step > MAX_RANGE_POINTS) step = Math.ceil(span / MAX_RANGE_POINTS / 1000) * 1000;
      let data;
      try {
        data = await api('api/v1/query_range', {
          query: q.query,
          start: String(range.since / 1000),
          end: String(range.until / 1000),
          step: String(step / 1000),
        });
      } catch (err) {
        sources.report([topic], 'prometheus', messageOf(err));
        // Unreachable: 503, worth a retry; an answer that was an error: 502.
        const down = err instanceof UpstreamError && err.status === null;
        throw new HttpError(down ? 503 : 502, messageOf(err), down ? { headers: { 'Retry-After': '5' } } : {});
      }
      let items = rangeItems(data);
      if (range.order === 'desc') items.reverse();
      if (items.length > range.limit) items = items.slice(0, range.limit);
      return { step, items };
    },
  };
}

/**
 * An instant query's result (`vector`, `scalar`, or a `matrix` from a range selector) as one payload.
 * @param {any} data
 * @param {number} now
 */
export function instantPayload(data, now) {
  const type = data?.resultType;
  const result = data?.result;
  if (type === 'scalar' && Array.isArray(result)) {
    return shapeSeries([{ labels: {}, value: sampleValue(result[1]) }], Math.round(Number(result[0]) * 1000) || now);
  }
  if (type === 'vector' && Array.isArray(result)) {
    let ts = 0;
    const series = result.map((/** @type {any} */ s) => {
      const t = Number(s?.value?.[0]) * 1000;
      if (Number.isFinite(t) && t > ts) ts = t;
      return { labels: plainLabels(s?.metric), value: sampleValue(s?.value?.[1]) };
    });
    return shapeSeries(series, Math.round(ts) || now);
  }
  if (type === 'matrix' && Array.isArray(result)) {
    // A range selector: the newest point of each series.
    const series = result.map((/** @type {any} */ s) => {
      const last = Array.isArray(s?.values) ? s.values[s.values.length - 1] : undefined;
      return { labels: plainLabels(s?.metric), value: sampleValue(last?.[1]) };
    });
    return shapeSeries(series, now);
  }
  throw new UpstreamError(`Prometheus answered a result of type ${String(type)}, which is not a number`, 200);
}

/**
 * A `query_range` result as history items (oldest first).
 * @param {any} data
 */
function rangeItems(data) {
  if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) return [];
  const matrix = data.result.map((/** @type {any} */ s) => ({
    labels: plainLabels(s?.metric),
    points: /** @type {[number, number | null][]} */ (
      (Array.isArray(s?.values) ? s.values : []).map((/** @type {any} */ p) => [Math.round(Number(p?.[0]) * 1000), sampleValue(p?.[1])])
    ),
  }));
  return shapeMatrix(matrix).map(({ ts, payload }) => ({ id: null, ts, data: payload }));
}

/** @param {unknown} err */
function messageOf(err) {
  if (err instanceof UpstreamError) return err.message;
  return `Prometheus query failed: ${/** @type {Error} */ (err)?.message ?? err}`;
}
