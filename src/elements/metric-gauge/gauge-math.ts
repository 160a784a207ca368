import type { SeriesBuffer } from '../../render/series-buffer.js';

/** Which side of the thresholds a value is on. */
export type ThresholdLevel = 'ok' | 'warn' | 'crit';

/** How the gauge reduces the samples in its window to one number. */
export type GaugeAggregate = 'last' | 'avg' | 'min' | 'max' | 'p95';

export const AGGREGATES: readonly GaugeAggregate[] = ['last', 'avg', 'min', 'max', 'p95'];

/**
 * The level of `value`: at or above `crit` is critical, at or above `warn` a warning; with
 * `invert` (lower is worse) at or below them. Missing thresholds are never crossed.
 */
export function thresholdLevel(value: number, warn: number | undefined, crit: number | undefined, invert: boolean): ThresholdLevel {
  if (invert) {
    if (crit !== undefined && value <= crit) return 'crit';
    if (warn !== undefined && value <= warn) return 'warn';
    return 'ok';
  }
  if (crit !== undefined && value >= crit) return 'crit';
  if (warn !== undefined && value >= warn) return 'warn';
  return 'ok';
}

/** Where `value` sits between `min` and `max`, clamped to 0..1. */
export function fraction(value: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  const f = (value - min) / (max - min);
  return f < 0 ? 0 : f > 1 ? 1 : f;
}

/**
 * Reduces the numeric samples of series 0 in `buffer` (nulls skipped). `scratch` is reused for
 * p95 so a frame allocates nothing; p95 is the nearest-rank percentile.
 */
export function aggregate(buffer: SeriesBuffer, how: GaugeAggregate, scratch: Float64Array): number | undefined {
  const n = buffer.length;
  if (how === 'last') {
    const v = buffer.latest(0);
    return typeof v === 'number' ? v : undefined;
  }
  let count = 0;
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = buffer.valueAt(0, i);
    if (typeof v !== 'number') continue;
    if (how === 'p95') scratch[count] = v;
    count++;
    sum += v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (count === 0) return undefined;
  switch (how) {
    case 'avg':
      return sum / count;
    case 'min':
      return lo;
    case 'max':
      return hi;
    default: {
      const sorted = scratch.subarray(0, count).sort();
      return sorted[Math.max(0, Math.ceil(0.95 * count) - 1)];
    }
  }
}

/** Rising, falling or steady: the newest value against the mean of up to 10 before it. */
export function trend(buffer: SeriesBuffer, min: number, max: number): 'up' | 'down' | 'flat' | undefined {
  let newest: number | undefined;
  let sum = 0;
  let count = 0;
  for (let i = buffer.length - 1; i >= 0 && count < 10; i--) {
    const v = buffer.valueAt(0, i);
    if (typeof v !== 'number') continue;
    if (newest === undefined) newest = v;
    else {
      sum += v;
      count++;
    }
  }
  if (newest === undefined || count === 0) return undefined;
  const delta = newest - sum / count;
  const epsilon = Math.abs(max - min) * 0.01 || 1e-9;
  return delta > epsilon ? 'up' : delta < -epsilon ? 'down' : 'flat';
}

/**
 * SVG polyline points for a sparkline of the window, in a 100 x 24 box, at most `maxPoints`
 * points (evenly thinned), scaled to the samples' own range so the shape shows.
 */
export function sparklinePoints(buffer: SeriesBuffer, windowMs: number, maxPoints = 120): string {
  const n = buffer.length;
  const newest = buffer.newest();
  if (!n || newest === undefined) return '';
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = buffer.valueAt(0, i);
    if (typeof v !== 'number') continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return '';
  const span = hi - lo || 1;
  const from = newest - windowMs;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  let points = '';
  for (let i = (n - 1) % step; i < n; i += step) {
    const v = buffer.valueAt(0, i);
    if (typeof v !== 'number') continue;
    const x = windowMs > 0 ? ((buffer.timeAt(i) - from) / windowMs) * 100 : 100;
    const y = 22 - ((v - lo) / span) * 20;
    points += `${x.toFixed(1)},${y.toFixed(1)} `;
  }
  return points.trimEnd();
}
