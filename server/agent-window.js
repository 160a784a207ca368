// Sliding-window statistics for one agent: latency p50/p99, error rate, tokens per second and
// cost over the last `windowMs`, in bounded memory.
//
// Counts, errors, tokens and cost live in one bucket per second (a ring of windowMs/1000
// buckets), so they are exact whatever the rate. Latency percentiles are computed from a ring of
// the most recent `maxSamples` latency samples still inside the window: exact up to that many
// calls per window, an estimate biased towards the newest samples beyond it.

export class AgentWindow {
  /**
   * @param {{ windowMs?: number, maxSamples?: number }} [options]
   */
  constructor(options = {}) {
    this.windowSec = Math.max(1, Math.round((options.windowMs ?? 60_000) / 1000));
    this.maxSamples = Math.max(1, options.maxSamples ?? 2048);
    this.bucketSec = new Float64Array(this.windowSec).fill(-1);
    this.bucketCalls = new Float64Array(this.windowSec);
    this.bucketErrors = new Float64Array(this.windowSec);
    this.bucketTokens = new Float64Array(this.windowSec);
    this.bucketCost = new Float64Array(this.windowSec);
    this.sampleAt = new Float64Array(this.maxSamples);
    this.sampleMs = new Float64Array(this.maxSamples);
    this.sampleNext = 0;
    this.sampleCount = 0;
    /** @type {number | null} */
    this.firstAt = null;
  }

  /**
   * Records one call.
   * @param {{ latencyMs?: number | null, tokens?: number | null, error?: boolean | null, costUsd?: number | null }} call
   * @param {number} [now] epoch ms
   */
  add(call, now = Date.now()) {
    if (this.firstAt === null) this.firstAt = now;
    const slot = this.bucket(now);
    this.bucketCalls[slot] += 1;
    if (call.error) this.bucketErrors[slot] += 1;
    if (isNum(call.tokens)) this.bucketTokens[slot] += call.tokens;
    if (isNum(call.costUsd)) this.bucketCost[slot] += call.costUsd;
    if (isNum(call.latencyMs)) {
      this.sampleAt[this.sampleNext] = now;
      this.sampleMs[this.sampleNext] = call.latencyMs;
      this.sampleNext = (this.sampleNext + 1) % this.maxSamples;
      this.sampleCount = Math.min(this.sampleCount + 1, this.maxSamples);
    }
  }

  /**
   * @param {number} now
   * @returns {number} the bucket slot for this second, reset if it held an older second
   */
  bucket(now) {
    const sec = Math.floor(now / 1000);
    const slot = sec % this.windowSec;
    if (this.bucketSec[slot] !== sec) {
      this.bucketSec[slot] = sec;
      this.bucketCalls[slot] = 0;
      this.bucketErrors[slot] = 0;
      this.bucketTokens[slot] = 0;
      this.bucketCost[slot] = 0;
    }
    return slot;
  }

  /**
   * Statistics over the window ending now.
   * @param {number} [now]
   */
  snapshot(now = Date.now()) {
    const sec = Math.floor(now / 1000);
    let calls = 0;
    let errors = 0;
    let tokens = 0;
    let costUsd = 0;
    for (let i = 0; i < this.windowSec; i++) {
      const s = this.bucketSec[i];
      if (s < 0 || s > sec || sec - s >= this.windowSec) continue;
      calls += this.bucketCalls[i];
      errors += this.bucketErrors[i];
      tokens += this.bucketTokens[i];
      costUsd += this.bucketCost[i];
    }
    const since = now - this.windowSec * 1000;
    /** @type {number[]} */
    const latencies = [];
    for (let i = 0; i < this.sampleCount; i++) {
      if (this.sampleAt[i] > since) latencies.push(this.sampleMs[i]);
    }
    latencies.sort((a, b) => a - b);
    // Rate over the window, or over the time since the first call when that is shorter.
    const spanSec = this.firstAt === null ? this.windowSec : Math.min(this.windowSec, Math.max(1, (now - this.firstAt) / 1000));
    return {
      calls,
      errors,
      errorRate: calls > 0 ? errors / calls : 0,
      tokens,
      tokensPerSec: tokens / spanSec,
      costUsd,
      latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
    };
  }
}

/**
 * Nearest-rank percentile of an ascending array; null when empty.
 * @param {number[]} sorted
 * @param {number} p between 0 and 1
 * @returns {number | null}
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1];
}

/**
 * @param {unknown} v
 * @returns {v is number}
 */
function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}
