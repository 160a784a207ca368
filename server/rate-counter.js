// Events per second over the last few seconds, in constant memory.

export class RateCounter {
  /**
   * @param {number} [windowSec] how many whole seconds to average over
   * @param {() => number} [now]
   */
  constructor(windowSec = 10, now = Date.now) {
    this.windowSec = Math.max(2, windowSec);
    this.now = now;
    this.counts = new Float64Array(this.windowSec);
    this.seconds = new Float64Array(this.windowSec).fill(-1);
  }

  /** @param {number} [n] */
  add(n = 1) {
    const sec = Math.floor(this.now() / 1000);
    const slot = sec % this.windowSec;
    if (this.seconds[slot] !== sec) {
      this.seconds[slot] = sec;
      this.counts[slot] = 0;
    }
    this.counts[slot] += n;
  }

  /** Average per second over the completed seconds of the window (the current one excluded). */
  perSecond() {
    const sec = Math.floor(this.now() / 1000);
    let total = 0;
    for (let i = 0; i < this.windowSec; i++) {
      const s = this.seconds[i];
      if (s >= 0 && s < sec && sec - s <= this.windowSec - 1) total += this.counts[i];
    }
    return total / (this.windowSec - 1);
  }
}
