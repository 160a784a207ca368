/** How far into the future a timestamp may lie before it is treated as a clock error. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Turns a payload's `ts` (epoch ms, epoch seconds, or an ISO-8601 string) into epoch ms.
 * Missing means "now" (arrival time). Returns undefined when a `ts` is present but unusable, so
 * the caller can count the payload as malformed instead of plotting it in 1970 or 2100.
 */
export function parseTimestamp(ts: unknown, now: number = Date.now()): number | undefined {
  if (ts === undefined || ts === null) return now;
  let ms: number;
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts) || ts <= 0) return undefined;
    // Seconds since the epoch (10 digits) are common in shell scripts and Prometheus.
    ms = ts < 1e11 ? ts * 1000 : ts;
  } else if (typeof ts === 'string') {
    ms = /^\d+(\.\d+)?$/.test(ts) ? parseTimestamp(Number(ts), now) ?? NaN : Date.parse(ts);
    if (!Number.isFinite(ms)) return undefined;
  } else {
    return undefined;
  }
  if (ms > now + MAX_FUTURE_SKEW_MS) return undefined;
  return ms;
}
