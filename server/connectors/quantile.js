// Quantiles from histogram buckets, the way PromQL's histogram_quantile() computes them: find the
// bucket the rank falls into and interpolate linearly inside it. Shared by scraped histograms and
// OTLP histograms, so both show the same p50/p95/p99 Prometheus would.

/** The quantiles every histogram and summary is published as. */
export const QUANTILES = /** @type {const} */ ([
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
]);

/**
 * @param {number} q between 0 and 1
 * @param {{ le: number, count: number }[]} buckets cumulative counts, any order; should end with +Inf
 * @returns {number | null} null when there were no observations
 */
export function histogramQuantile(q, buckets) {
  const sorted = buckets.filter((b) => !Number.isNaN(b.le)).sort((a, b) => a.le - b.le);
  if (sorted.length === 0) return null;
  // Counts must not decrease with the bound; scrape races can break that, PromQL evens it out too.
  for (let i = 1; i < sorted.length; i++) if (sorted[i].count < sorted[i - 1].count) sorted[i] = { le: sorted[i].le, count: sorted[i - 1].count };
  const total = sorted[sorted.length - 1].count;
  if (!(total > 0)) return null;
  if (sorted[sorted.length - 1].le !== Infinity) return null; // without +Inf the total is unknown
  const rank = q * total;
  let i = sorted.findIndex((b) => b.count >= rank);
  if (i === -1) i = sorted.length - 1;
  if (sorted[i].le === Infinity) {
    // In the open-ended bucket: the highest finite bound is the best that can be said.
    return sorted.length >= 2 ? sorted[sorted.length - 2].le : null;
  }
  const upper = sorted[i].le;
  let lower = i > 0 ? sorted[i - 1].le : 0;
  const below = i > 0 ? sorted[i - 1].count : 0;
  if (i === 0 && upper <= 0) return upper;
  if (i === 0) lower = 0;
  const inBucket = sorted[i].count - below;
  if (inBucket <= 0) return upper;
  return lower + (upper - lower) * ((rank - below) / inBucket);
}

/**
 * p50/p95/p99 of one histogram, rounded to 6 significant digits.
 * @param {{ le: number, count: number }[]} buckets
 * @returns {Record<string, number | null>}
 */
export function histogramQuantiles(buckets) {
  /** @type {Record<string, number | null>} */
  const out = {};
  for (const [name, q] of QUANTILES) {
    const v = histogramQuantile(q, buckets);
    out[name] = v === null ? null : Number(v.toPrecision(6));
  }
  return out;
}
