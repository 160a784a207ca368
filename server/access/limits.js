// Per-subject limits: an ingest rate (token bucket) and concurrent streams, so one noisy script
// or one user with fifty tabs cannot starve the rest. Both tables are bounded.

/**
 * Parses `500/s`, `30000/m`, `10/h` or a bare number (per second) into events per second.
 * @param {string | number} value
 * @returns {number}
 */
export function parseRate(value) {
  if (typeof value === 'number') {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`not a rate: ${value}`);
    return value;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|m|min|h))?\s*$/i.exec(value);
  if (!m || !(Number(m[1]) > 0)) throw new RangeError(`not a rate: ${JSON.stringify(value)} (use e.g. 500/s or 30000/m)`);
  const per = { s: 1, sec: 1, m: 60, min: 60, h: 3600 }[/** @type {'s'} */ ((m[2] ?? 's').toLowerCase())];
  return Number(m[1]) / per;
}

/**
 * One token bucket per subject: `rate` tokens a second, holding at most `burst`. A request
 * costing more than the bucket can hold is let through when the bucket is full and leaves it in
 * debt, so a large batch waits its turn instead of being refused forever.
 */
export class TokenBuckets {
  /**
   * @param {{ rate: number, burst?: number, maxSubjects?: number, now?: () => number }} options
   */
  constructor({ rate, burst = Math.max(1, rate), maxSubjects = 10_000, now = Date.now }) {
    this.rate = rate;
    this.burst = burst;
    this.maxSubjects = maxSubjects;
    this.now = now;
    /** @type {Map<string, { tokens: number, at: number }>} */
    this.buckets = new Map();
  }

  /**
   * Takes `cost` tokens for `key`. Returns 0 when allowed, else the ms until it would be.
   * @param {string} key
   * @param {number} cost
   */
  take(key, cost) {
    const now = this.now();
    let b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
      b.at = now;
    } else {
      this.evictIfFull(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    const need = Math.min(cost, this.burst);
    if (b.tokens < need) return Math.ceil(((need - b.tokens) / this.rate) * 1000);
    b.tokens -= cost;
    return 0;
  }

  /** @param {number} now */
  evictIfFull(now) {
    if (this.buckets.size < this.maxSubjects) return;
    // A full bucket holds no state worth keeping: forget those first, then the oldest.
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.rate >= this.burst) this.buckets.delete(key);
    }
    while (this.buckets.size >= this.maxSubjects) this.buckets.delete(/** @type {string} */ (this.buckets.keys().next().value));
  }
}

/** Open streams per subject. */
export class StreamCounter {
  /** @param {number} max */
  constructor(max) {
    this.max = max;
    /** @type {Map<string, number>} */
    this.open = new Map();
  }

  /**
   * Counts one more stream for `key`, or returns null when it already has `max`.
   * @param {string} key
   * @returns {(() => void) | null} releases the slot (idempotent)
   */
  acquire(key) {
    const n = this.open.get(key) ?? 0;
    if (n >= this.max) return null;
    this.open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }
}
