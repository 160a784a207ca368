type Tick = (now: number) => void;

/**
 * One shared one-second timer for everything that changes with time alone: staleness, "firing for
 * 12m", last-seen ages, agents going offline. Runs only while something listens.
 */
class SecondClock {
  private readonly listeners = new Set<Tick>();
  private timer: ReturnType<typeof setInterval> | undefined;

  subscribe(listener: Tick): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => {
      const now = Date.now();
      for (const tick of this.listeners) {
        try {
          tick(now);
        } catch (error) {
          console.error('pulseboard: a clock listener threw', error);
        }
      }
    }, 1000);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== undefined) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }
}

const KEY = Symbol.for('pulseboard.second-clock');
const store = globalThis as Record<symbol, SecondClock | undefined>;
export const secondClock: SecondClock = store[KEY] ?? (store[KEY] = new SecondClock());
