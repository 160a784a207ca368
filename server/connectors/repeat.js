// The polling loop the connectors share: run `round()` every `intervalMs`, measured from the
// start of the previous round, never two rounds at once (a slow upstream delays the next round
// instead of piling requests on it), timers unref'd so they never hold the process open.
// `runs()` false skips a round (a cluster node that does not hold the lease: what is published
// from a poll must be published once per stream); the loop keeps ticking, so the node that takes
// the lease over polls from its next tick.

/**
 * @param {() => Promise<unknown>} round
 * @param {number} intervalMs
 * @param {() => boolean} [runs]
 */
export function createRepeater(round, intervalMs, runs = () => true) {
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  let running = false;
  /** @type {Promise<unknown> | null} */
  let current = null;

  function next() {
    if (!running) return;
    const startedAt = Date.now();
    current = (runs() ? round() : Promise.resolve()).finally(() => {
      current = null;
      if (!running) return;
      timer = setTimeout(next, Math.max(0, intervalMs - (Date.now() - startedAt)));
      timer.unref();
    });
  }

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      next();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
    },
  };
}
