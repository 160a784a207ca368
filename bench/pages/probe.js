// In-page measurement, shared by every bench page. The harness calls `__probe.start()` and
// `__probe.stop()` around the measured window; everything heavy (percentiles) is computed here so
// only a few numbers cross the CDP connection.
//   - frame intervals from requestAnimationFrame timestamps (p50 / p95 / max)
//   - long tasks (> 50 ms) from PerformanceObserver: count and total duration
//   - `__probe.count`: items the page received (each page increments it its own way)
const probe = {
  count: 0,
  /** Items received so far; pages whose count lives elsewhere replace this. */
  counter() {
    return this.count;
  },
  renders: () => 0,
  running: false,
  intervals: [],
  longTasks: [],
  last: 0,
  start() {
    this.intervals = [];
    this.longTasks = [];
    this.last = 0;
    this.running = true;
    this.countAt = this.counter();
    this.rendersAt = this.renders();
    this.startedAt = performance.now();
    const loop = (t) => {
      if (!this.running) return;
      if (this.last) this.intervals.push(t - this.last);
      this.last = t;
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  },
  stop() {
    this.running = false;
    const seconds = (performance.now() - this.startedAt) / 1000;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
    const longTaskMs = this.longTasks.reduce((a, b) => a + b, 0);
    return {
      seconds,
      frames: this.intervals.length + 1,
      frameP50: pct(50),
      frameP95: pct(95),
      frameMax: sorted.length ? sorted[sorted.length - 1] : NaN,
      // share of frames that took longer than one 60 Hz vsync (a frame shown late or skipped)
      slowFramePct: sorted.length ? (sorted.filter((d) => d > 20).length / sorted.length) * 100 : NaN,
      longTasks: this.longTasks.length,
      longTaskMs,
      items: this.counter() - this.countAt,
      itemsPerSec: (this.counter() - this.countAt) / seconds,
      renders: this.renders() - this.rendersAt,
    };
  },
};
try {
  new PerformanceObserver((list) => {
    if (!probe.running) return;
    for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
} catch {
  // no longtask support: counts stay 0
}
window.__probe = probe;
export default probe;

/** Query parameters of the page, with defaults. */
export function params(defaults = {}) {
  const q = new URLSearchParams(location.search);
  const out = { ...defaults };
  for (const [k, v] of q) out[k] = typeof defaults[k] === 'number' ? Number(v) : v;
  return out;
}

/** Resolves once `tag` is defined, or rejects after `ms` (the element may not be built yet). */
export async function whenDefined(tag, ms = 5000) {
  await Promise.race([customElements.whenDefined(tag), new Promise((_, rej) => setTimeout(() => rej(new Error(`<${tag}> is not defined in dist/pulseboard.bundle.js`)), ms))]);
}

export function ready() {
  window.__ready = true;
}
export function failed(error) {
  window.__error = String(error?.message ?? error);
}
