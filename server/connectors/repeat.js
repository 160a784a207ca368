// The polling loop the connectors share: run `round()` every `intervalMs`, measured from the
// start of the previous round, never two rounds at once (a slow upstream delays the next round
// instead of piling requests on it), timers unref'd so they never hold the process open.

/**
 * @param {() => Promise<unknown>} round
 * @param {number} intervalMs
 */
export function createRepeater(round, intervalMs) {
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  let running = false;
  /** @type {Promise<unknown> | null} */
  let current = null;

  function next() {
    if (!running) return;
    const startedAt = Date.now();
    current = round().finally(() => {
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
