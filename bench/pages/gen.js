// In-page generator: calls `emit(seq)` `ratePerSec` times per second, spread over 10 ms ticks
// (so a page gets its data the way a busy stream would deliver it, without a network).
export function generate(ratePerSec, emit, { tickMs = 10 } = {}) {
  const started = performance.now();
  let done = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * ratePerSec) - done;
    for (let i = 0; i < due; i++) emit(done++);
  }, tickMs);
  return () => clearInterval(timer);
}

/** A cheap deterministic pseudo-random walk per key. */
export function walker(n, lo = 0, hi = 100) {
  const values = new Float64Array(n).map(() => lo + Math.random() * (hi - lo));
  return (i) => {
    let v = values[i] + (Math.random() - 0.5) * (hi - lo) * 0.05;
    if (v < lo) v = lo + (lo - v);
    if (v > hi) v = hi - (v - hi);
    return (values[i] = v);
  };
}
