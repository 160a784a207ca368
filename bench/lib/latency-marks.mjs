// What the raw SSE load generators share: the payload's publish-time marker and the 1 ms latency
// histogram they fill (fanout-clients.mjs, conn-clients.mjs).

/** Every bench payload carries its publish time as `"ts":<epoch ms>`. */
export const MARK = Buffer.from('"ts":');
/** Latencies above this land in the last bucket. */
export const MAX_MS = 30000;

/** The timestamp after the marker at `i`, or 0 when the chunk ends inside it. */
export function tsAt(buf, i) {
  let j = i + MARK.length;
  let ts = 0;
  while (j < buf.length && buf[j] >= 48 && buf[j] <= 57) ts = ts * 10 + (buf[j++] - 48);
  return j < buf.length ? ts : 0;
}

/** The p-th percentile (ms) of a histogram of `total` samples in 1 ms buckets. */
export function percentileOf(hist, p, total) {
  if (!total) return NaN;
  const target = Math.ceil((p / 100) * total);
  let acc = 0;
  for (let ms = 0; ms < hist.length; ms++) {
    acc += hist[ms];
    if (acc >= target) return ms;
  }
  return hist.length - 1;
}
