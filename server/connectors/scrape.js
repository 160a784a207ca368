// `--scrape [NAME=]URL`: reads a `/metrics` endpoint in the Prometheus text format every interval,
// with no Prometheus server in between (an app using prometheus_client, prom-client, ...), and
// publishes each metric family on its own topic (`NAME.family` with a name, else `family`):
// - gauges (and untyped metrics) as their values;
// - counters as per-second rates between two scrapes (a counter that went down was reset: its new
//   value is the increase);
// - histograms as p50/p95/p99 of the observations between two scrapes (histogram_quantile over
//   the bucket increases), summaries as the quantiles they report.
// Several series of a family go in one payload keyed by the labels that differ (series-shape.js).
// A target that cannot be read or parsed marks its topics (and `NAME.*`) as a source error.
import { topicProblem } from '../topics.js';
import { parseExposition, parseFloatToken } from './exposition.js';
import { histogramQuantiles, QUANTILES } from './quantile.js';
import { createRepeater } from './repeat.js';
import { sampleValue, shapeMultiValue, shapeSeries } from './series-shape.js';
import { requestUpstream, UpstreamError } from './upstream.js';

/** Topics one target may publish; families beyond it are counted and skipped. */
const MAX_TOPICS_PER_TARGET = 1000;

/**
 * @typedef {object} ScrapeTarget
 * @property {string | null} name topic prefix
 * @property {string} url
 */

/**
 * @typedef {object} ScrapeOptions
 * @property {ScrapeTarget[]} targets
 * @property {number} [intervalMs] default 5000
 * @property {number} [timeoutMs] default: the interval, at most 10 s
 * @property {number} [maxBytes] largest exposition read (default 16 MiB)
 * @property {(topic: string, data: unknown) => unknown} publish
 * @property {import('../source-status.js').SourceReporter} sources
 * @property {() => boolean} [runs] whether this node polls now (a cluster: the lease holder only)
 */

/**
 * Parses `NAME=URL` or `URL`.
 * @param {string} spec
 * @returns {ScrapeTarget}
 */
export function parseScrapeSpec(spec) {
  const m = /^([A-Za-z0-9_.:@-]{1,32})=(.+)$/.exec(spec);
  const target = m && !/^https?:$/i.test(`${m[1]}:`) ? { name: m[1], url: m[2] } : { name: null, url: spec };
  let url;
  try {
    url = new URL(target.url);
  } catch {
    throw new RangeError(`--scrape: not a URL: ${JSON.stringify(target.url)} (use [NAME=]http://host:port/metrics)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`--scrape: ${target.url} is not http(s)`);
  return { name: target.name, url: url.href };
}

/**
 * @param {ScrapeOptions} options
 */
export function createScrape(options) {
  const intervalMs = options.intervalMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? Math.min(10_000, Math.max(1000, intervalMs));
  const stats = { scrapes: 0, failures: 0, skippedFamilies: 0 };
  const targets = options.targets.map((t) => new TargetState(t, options, stats));
  const scrapeAll = () => Promise.all(targets.map((t) => t.scrape(timeoutMs, options.maxBytes ?? 16 * 1024 * 1024)));

  const repeater = createRepeater(scrapeAll, intervalMs, options.runs);

  return {
    stats,
    start() {
      if (targets.length === 0) return;
      for (const t of targets) t.running = true;
      repeater.start();
    },
    async stop() {
      for (const t of targets) t.running = false;
      await repeater.stop();
    },
    scrapeAll,
  };
}

class TargetState {
  /**
   * @param {ScrapeTarget} target
   * @param {ScrapeOptions} options
   * @param {{ scrapes: number, failures: number, skippedFamilies: number }} stats
   */
  constructor(target, options, stats) {
    this.target = target;
    this.publish = options.publish;
    this.sources = options.sources;
    this.stats = stats;
    this.running = false;
    this.prefix = target.name ? `${target.name}.` : '';
    /** @type {Set<string>} topics this target published last time */
    this.topics = new Set();
    /** @type {Map<string, { value: number, at: number }>} counters at the previous scrape */
    this.counters = new Map();
    /** @type {Map<string, { le: number, count: number }[]>} histogram buckets at the previous scrape */
    this.histograms = new Map();
  }

  /** The keys whose status this target reports: its topics, and `NAME.*` before it knows them. */
  statusKeys() {
    return this.target.name ? [...this.topics, `${this.target.name}.*`] : [...this.topics];
  }

  /**
   * @param {number} timeoutMs
   * @param {number} maxBytes
   */
  async scrape(timeoutMs, maxBytes) {
    const at = Date.now();
    let families;
    try {
      const { text } = await requestUpstream(this.target.url, {
        name: `Scrape target ${this.target.name ?? this.target.url}`,
        headers: { Accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' },
        timeoutMs,
        maxBytes,
      });
      try {
        families = parseExposition(text);
      } catch (err) {
        throw new UpstreamError(`Scrape target ${this.target.name ?? this.target.url} sent invalid metrics: ${/** @type {Error} */ (err).message}`, 200);
      }
    } catch (err) {
      this.stats.failures++;
      this.sources.report(this.statusKeys(), 'scrape', /** @type {Error} */ (err).message);
      return;
    }
    this.stats.scrapes++;
    if (!this.running) return;
    /** @type {Set<string>} */
    const published = new Set();
    /** @type {Map<string, { value: number, at: number }>} */
    const counters = new Map();
    /** @type {Map<string, { le: number, count: number }[]>} */
    const histograms = new Map();
    for (const family of families) {
      const topic = this.prefix + family.name;
      if (topicProblem(topic) || published.size >= MAX_TOPICS_PER_TARGET) {
        this.stats.skippedFamilies++;
        continue;
      }
      const payload = this.convert(family, at, counters, histograms);
      published.add(topic);
      if (payload) this.publish(topic, payload);
    }
    this.counters = counters;
    this.histograms = histograms;
    const gone = [...this.topics].filter((t) => !published.has(t));
    this.sources.forget(gone);
    this.topics = published;
    this.sources.report(this.statusKeys(), 'scrape', null);
  }

  /**
   * One family as a payload, or null when there is nothing to say yet (rates need two scrapes).
   * @param {import('./exposition.js').MetricFamily} family
   * @param {number} at
   * @param {Map<string, { value: number, at: number }>} counters
   * @param {Map<string, { le: number, count: number }[]>} histograms
   */
  convert(family, at, counters, histograms) {
    const ts = (/** @type {import('./exposition.js').Sample} */ s) => s.timestamp ?? at;
    if (family.type === 'counter') {
      /** @type {{ labels: Record<string, string>, value: number | null }[]} */
      const series = [];
      let newest = 0;
      for (const s of family.samples) {
        if (s.name.endsWith('_created')) continue;
        const key = `${s.name}${seriesId(s.labels)}`;
        const t = ts(s);
        counters.set(key, { value: s.value, at: t });
        const prev = this.counters.get(key);
        if (!prev || t <= prev.at) continue;
        const increase = s.value >= prev.value ? s.value - prev.value : s.value;
        series.push({ labels: s.labels, value: sampleValue(increase / ((t - prev.at) / 1000)) });
        newest = Math.max(newest, t);
      }
      return series.length ? shapeSeries(series, newest).payload : null;
    }
    if (family.type === 'histogram') return this.histogram(family, at, histograms);
    if (family.type === 'summary') return summary(family, at);
    const series = family.samples.map((s) => ({ labels: s.labels, value: sampleValue(s.value) }));
    const newest = Math.max(...family.samples.map(ts), 0) || at;
    return series.length ? shapeSeries(series, newest).payload : null;
  }

  /**
   * @param {import('./exposition.js').MetricFamily} family
   * @param {number} at
   * @param {Map<string, { le: number, count: number }[]>} histograms
   */
  histogram(family, at, histograms) {
    /** @type {Map<string, { labels: Record<string, string>, buckets: { le: number, count: number }[] }>} */
    const groups = new Map();
    for (const s of family.samples) {
      if (s.name !== `${family.name}_bucket` || s.labels.le === undefined) continue;
      const le = parseFloatToken(s.labels.le);
      if (le === undefined) continue;
      const labels = withoutLabel(s.labels, 'le');
      const id = seriesId(labels);
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { labels, buckets: [] }));
      g.buckets.push({ le, count: s.value });
    }
    /** @type {{ labels: Record<string, string>, values: Record<string, number | null> }[]} */
    const rows = [];
    for (const [id, g] of groups) {
      histograms.set(id, g.buckets);
      const prev = this.histograms.get(id);
      if (!prev) continue;
      const before = new Map(prev.map((b) => [b.le, b.count]));
      const total = g.buckets.find((b) => b.le === Infinity)?.count ?? 0;
      const prevTotal = before.get(Infinity) ?? 0;
      // Fewer observations than last time: the process restarted, everything counted is new.
      const reset = total < prevTotal;
      const delta = g.buckets.map((b) => ({ le: b.le, count: reset ? b.count : b.count - (before.get(b.le) ?? 0) }));
      rows.push({ labels: g.labels, values: histogramQuantiles(delta) });
    }
    return shapeMultiValue(rows, at);
  }
}

/**
 * @param {import('./exposition.js').MetricFamily} family
 * @param {number} at
 */
function summary(family, at) {
  /** @type {Map<string, { labels: Record<string, string>, values: Record<string, number | null> }>} */
  const groups = new Map();
  for (const s of family.samples) {
    if (s.name !== family.name || s.labels.quantile === undefined) continue;
    const q = parseFloatToken(s.labels.quantile);
    if (q === undefined) continue;
    const labels = withoutLabel(s.labels, 'quantile');
    const id = seriesId(labels);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { labels, values: {} }));
    const named = QUANTILES.find(([, v]) => v === q)?.[0] ?? `p${Number((q * 100).toPrecision(4))}`;
    g.values[named] = sampleValue(s.value);
  }
  return shapeMultiValue([...groups.values()], at);
}

/**
 * @param {Record<string, string>} labels
 * @param {string} name
 */
function withoutLabel(labels, name) {
  /** @type {Record<string, string>} */
  const out = Object.create(null);
  for (const [k, v] of Object.entries(labels)) if (k !== name) out[k] = v;
  return out;
}

/** @param {Record<string, string>} labels */
function seriesId(labels) {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}
