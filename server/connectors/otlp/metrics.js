// OTLP metrics → one topic per metric name, in the same shapes as Prometheus queries and scraped
// metrics (series-shape.js): gauges and non-monotonic sums as values, monotonic sums (counters) as
// per-second rates, histograms and summaries as p50/p95/p99. Series are told apart by their
// attributes plus the resource's `service.name`. Cumulative counters and histograms need the
// previous point of the same series: kept per series, bounded.
import { topicProblem } from '../../topics.js';
import { histogramQuantiles, QUANTILES } from '../quantile.js';
import { shapeMultiValue, shapeSeries } from '../series-shape.js';
import { list } from './logs.js';
import { attributes, intOf, nanosToMs, pointValue } from './values.js';

const CUMULATIVE = 2;
const DELTA = 1;

/**
 * @typedef {{ labels: Record<string, string>, ts: number, values: Record<string, number | null> }} Row
 */

export class OtlpMetrics {
  /** @param {{ maxSeries?: number }} [options] */
  constructor(options = {}) {
    this.maxSeries = options.maxSeries ?? 10_000;
    /** @type {Map<string, { value: number, at: number }>} cumulative sums at their previous point */
    this.sums = new Map();
    /** @type {Map<string, number[]>} cumulative histogram bucket counts at their previous point */
    this.histograms = new Map();
  }

  /**
   * @param {Record<string, any>} request ExportMetricsServiceRequest in the JSON mapping
   * @param {number} now
   * @returns {{ topics: { topic: string, payload: Record<string, number | null> }[], rejected: number, reason: string }}
   */
  convert(request, now) {
    /** @type {Map<string, Row[]>} */
    const byTopic = new Map();
    let rejected = 0;
    let reason = '';
    const reject = (/** @type {number} */ n, /** @type {string} */ why) => {
      rejected += n;
      reason = why;
    };
    for (const rm of list(request.resourceMetrics)) {
      const resource = attributes(rm?.resource?.attributes);
      const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : '';
      for (const sm of list(rm?.scopeMetrics)) {
        for (const metric of list(sm?.metrics)) {
          const name = metric?.name;
          const problem = typeof name === 'string' ? topicProblem(name) : 'metric without a name';
          const points = list(metric?.gauge?.dataPoints ?? metric?.sum?.dataPoints ?? metric?.histogram?.dataPoints ?? metric?.summary?.dataPoints);
          if (problem) {
            reject(Math.max(1, points.length), `metric ${String(name).slice(0, 80)}: ${problem}`);
            continue;
          }
          if (metric.exponentialHistogram) {
            reject(list(metric.exponentialHistogram.dataPoints).length || 1, `${name}: exponential histograms are not supported`);
            continue;
          }
          let rows = byTopic.get(name);
          if (!rows) byTopic.set(name, (rows = []));
          for (const point of points) {
            const labels = labelsOf(point?.attributes, service);
            const ts = nanosToMs(point?.timeUnixNano) ?? now;
            const row = this.point(name, metric, point, labels, ts);
            if (row === undefined) reject(1, `${name}: a data point has no usable value`);
            else if (row) rows.push(row);
          }
        }
      }
    }
    /** @type {{ topic: string, payload: Record<string, number | null> }[]} */
    const topics = [];
    for (const [topic, rows] of byTopic) {
      if (rows.length === 0) continue;
      // The newest point of each series.
      /** @type {Map<string, Row>} */
      const latest = new Map();
      for (const r of rows) {
        const id = seriesId(r.labels);
        const prev = latest.get(id);
        if (!prev || r.ts >= prev.ts) latest.set(id, r);
      }
      topics.push({ topic, payload: payloadOf([...latest.values()]) });
    }
    return { topics, rejected, reason };
  }

  /**
   * One data point as a row; null when it needs an earlier point first; undefined when unusable.
   * @param {string} name
   * @param {any} metric
   * @param {any} point
   * @param {Record<string, string>} labels
   * @param {number} ts
   * @returns {Row | null | undefined}
   */
  point(name, metric, point, labels, ts) {
    const id = `${name}${seriesId(labels)}`;
    if (metric.gauge || (metric.sum && !metric.sum.isMonotonic)) {
      const value = pointValue(point);
      return value === null && point?.asDouble === undefined ? undefined : { labels, ts, values: { value } };
    }
    if (metric.sum) {
      const value = pointValue(point);
      if (value === null) return undefined;
      if (metric.sum.aggregationTemporality === DELTA) {
        const start = nanosToMs(point.startTimeUnixNano);
        return start !== null && ts > start ? { labels, ts, values: { value: value / ((ts - start) / 1000) } } : null;
      }
      const prev = this.sums.get(id);
      this.remember(this.sums, id, { value, at: ts });
      if (!prev || ts <= prev.at) return null;
      const increase = value >= prev.value ? value - prev.value : value;
      return { labels, ts, values: { value: increase / ((ts - prev.at) / 1000) } };
    }
    if (metric.histogram) {
      const counts = list(point?.bucketCounts).map((c) => intOf(c) ?? 0);
      const bounds = list(point?.explicitBounds).map(Number);
      if (counts.length === 0 || counts.length !== bounds.length + 1) return undefined;
      let delta = counts;
      if (metric.histogram.aggregationTemporality === CUMULATIVE) {
        const prev = this.histograms.get(id);
        this.remember(this.histograms, id, counts);
        if (!prev || prev.length !== counts.length) return null;
        const reset = sum(counts) < sum(prev);
        delta = reset ? counts : counts.map((c, i) => c - prev[i]);
      }
      let cumulative = 0;
      const buckets = delta.map((c, i) => ({ le: i < bounds.length ? bounds[i] : Infinity, count: (cumulative += c) }));
      return { labels, ts, values: histogramQuantiles(buckets) };
    }
    if (metric.summary) {
      /** @type {Record<string, number | null>} */
      const values = {};
      for (const qv of list(point?.quantileValues)) {
        const q = Number(qv?.quantile ?? 0);
        const named = QUANTILES.find(([, v]) => v === q)?.[0] ?? `p${Number((q * 100).toPrecision(4))}`;
        const v = Number(qv?.value ?? 0);
        values[named] = Number.isFinite(v) ? v : null;
      }
      return Object.keys(values).length ? { labels, ts, values } : undefined;
    }
    return undefined;
  }

  /**
   * @template T
   * @param {Map<string, T>} map
   * @param {string} id
   * @param {T} value
   */
  remember(map, id, value) {
    map.delete(id);
    map.set(id, value);
    if (map.size > this.maxSeries) map.delete(/** @type {string} */ (map.keys().next().value));
  }
}

/**
 * One series: its values (`{ts, value}` or `{ts, p50, p95, p99}`); several: keyed by what tells them apart.
 * @param {Row[]} rows
 */
function payloadOf(rows) {
  const ts = Math.max(...rows.map((r) => r.ts));
  const single = rows.every((r) => Object.keys(r.values).length === 1 && 'value' in r.values);
  if (single) return shapeSeries(rows.map((r) => ({ labels: r.labels, value: r.values.value })), ts).payload;
  return /** @type {Record<string, number | null>} */ (shapeMultiValue(rows, ts));
}

/**
 * @param {unknown} attrs
 * @param {string} service
 */
function labelsOf(attrs, service) {
  /** @type {Record<string, string>} */
  const labels = Object.create(null);
  if (service) labels['service.name'] = service;
  const a = attributes(attrs);
  for (const [k, v] of Object.entries(a)) labels[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return labels;
}

/** @param {Record<string, string>} labels */
function seriesId(labels) {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** @param {number[]} xs */
function sum(xs) {
  return xs.reduce((a, b) => a + b, 0);
}
