// The one shape every metric connector publishes (Prometheus queries, scraped /metrics, OTLP
// metrics), so a `<time-series>` or `<metric-gauge>` needs no glue whatever the source:
// - one series:     {"ts": 1763800000000, "value": 0.8}
// - several series: {"ts": ..., "10.0.0.1:9100": 0.8, "10.0.0.2:9100": 1.3}, keyed by the labels
//   that tell the series apart (one such label: its value; several: `job=node,instance=...`).
// Values that are not finite numbers (Prometheus' "NaN", "+Inf", "-Inf") become null: a gap on the
// chart, never a number that was not measured.

/** Most series in one payload; the rest are left out (and counted by the caller). */
export const MAX_SERIES = 500;

/**
 * A Prometheus sample value (a string in the HTTP API: "1.5", "NaN", "+Inf") or a number, as a
 * finite number or null.
 * @param {unknown} raw
 * @returns {number | null}
 */
export function sampleValue(raw) {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * The key of each series: built from the label names whose values differ between the series.
 * @param {Record<string, string>[]} labelSets
 * @returns {string[]}
 */
export function seriesKeys(labelSets) {
  if (labelSets.length <= 1) return labelSets.map(() => 'value');
  /** @type {Set<string>} */
  const names = new Set();
  for (const labels of labelSets) for (const name of Object.keys(labels)) names.add(name);
  const differing = [...names]
    .filter((name) => {
      const first = labelSets[0][name] ?? '';
      return labelSets.some((labels) => (labels[name] ?? '') !== first);
    })
    .sort();
  /** @type {Set<string>} */
  const used = new Set();
  return labelSets.map((labels, i) => {
    let key =
      differing.length === 0
        ? `series ${i + 1}`
        : differing.length === 1
          ? (labels[differing[0]] ?? '') || `no ${differing[0]}`
          : differing.map((name) => `${name}=${labels[name] ?? ''}`).join(',');
    if (key === 'ts') key = 'ts (label)';
    while (used.has(key)) key += "'";
    used.add(key);
    return key;
  });
}

/**
 * One payload from the series of one evaluation.
 * @param {{ labels: Record<string, string>, value: number | null }[]} series
 * @param {number} ts epoch ms
 * @returns {{ payload: Record<string, number | null>, dropped: number }}
 */
export function shapeSeries(series, ts) {
  const kept = series.slice(0, MAX_SERIES);
  /** @type {Record<string, number | null>} */
  const payload = Object.create(null); // a `__proto__` key stays a key
  payload.ts = ts;
  if (kept.length === 0) {
    // Nothing matched: a gap, not a zero.
    payload.value = null;
  } else {
    const keys = seriesKeys(kept.map((s) => s.labels));
    kept.forEach((s, i) => {
      payload[keys[i]] = s.value;
    });
  }
  return { payload, dropped: series.length - kept.length };
}

/**
 * Several points in time of several series (a Prometheus matrix) as one payload per timestamp,
 * oldest first, with the same keys as `shapeSeries` would give the same series.
 * @param {{ labels: Record<string, string>, points: [number, number | null][] }[]} matrix points as [epoch ms, value]
 * @returns {{ ts: number, payload: Record<string, number | null> }[]}
 */
export function shapeMatrix(matrix) {
  const kept = matrix.slice(0, MAX_SERIES);
  const keys = seriesKeys(kept.map((s) => s.labels));
  /** @type {Map<number, Record<string, number | null>>} */
  const byTs = new Map();
  kept.forEach((s, i) => {
    for (const [ts, value] of s.points) {
      let payload = byTs.get(ts);
      if (!payload) {
        payload = Object.create(null);
        /** @type {Record<string, number | null>} */ (payload).ts = ts;
        byTs.set(ts, /** @type {Record<string, number | null>} */ (payload));
      }
      /** @type {Record<string, number | null>} */ (payload)[keys[i]] = value;
    }
  });
  return [...byTs.entries()].sort((a, b) => a[0] - b[0]).map(([ts, payload]) => ({ ts, payload }));
}

/**
 * Labels as a plain prototype-less object of strings (a `__proto__` label stays a label).
 * @param {unknown} raw
 * @returns {Record<string, string>}
 */
export function plainLabels(raw) {
  /** @type {Record<string, string>} */
  const out = Object.create(null);
  if (raw === null || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Series that carry several named values each (p50/p95/p99): one series gives
 * `{ts, p50, p95, p99}`; several give `{ts, "<key> p50": ..., ...}`, keyed as `seriesKeys` does.
 * @param {{ labels: Record<string, string>, values: Record<string, number | null> }[]} rows
 * @param {number} ts
 * @returns {Record<string, number | null> | null}
 */
export function shapeMultiValue(rows, ts) {
  if (rows.length === 0) return null;
  if (rows.length === 1) return { ts, ...rows[0].values };
  const keys = seriesKeys(rows.slice(0, MAX_SERIES).map((r) => r.labels));
  /** @type {Record<string, number | null>} */
  const out = Object.create(null);
  out.ts = ts;
  keys.forEach((key, i) => {
    for (const [name, v] of Object.entries(rows[i].values)) out[`${key} ${name}`] = v;
  });
  return out;
}
