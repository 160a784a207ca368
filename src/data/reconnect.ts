import { ReconnectPacer } from './backoff.js';

/**
 * A wall of screens on one network all see `online` at the same moment: spread their reconnects
 * over this long (still "at once" to a person) instead of sending them in the same millisecond.
 */
export const ONLINE_SPREAD_MS = 1000;

/**
 * A transport's pending reconnect: when to try again (paced by {@link ReconnectPacer}), a
 * `Retry-After` the server asked for (a floor nothing cuts short), and the two moments worth
 * trying at once instead of waiting out the delay: the browser's `online` event, and a hidden tab
 * becoming visible (hidden tabs get their timers throttled, so a pending retry may be far off).
 */
export class Reconnector {
  private readonly pacer: ReconnectPacer;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Epoch ms before which the server asked us not to come back. */
  private notBefore = 0;
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly attempt: () => void,
    private readonly maxMs: number,
  ) {
    this.pacer = new ReconnectPacer({ maxMs });
  }

  /** True while an attempt is scheduled and not yet started. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Schedules the next attempt: the paced delay from `baseMs` (the server's `retry:`), or
   * `hintMs` (its `Retry-After`) when that is longer, never beyond the cap. Returns the delay.
   */
  later(baseMs: number, hintMs?: number): number {
    this.cancel();
    this.listen();
    const delay = Math.min(this.maxMs, Math.max(hintMs ?? 0, this.pacer.next(baseMs)));
    this.notBefore = hintMs ? Date.now() + Math.min(hintMs, this.maxMs) : 0;
    this.timer = setTimeout(() => this.fire(), delay);
    return delay;
  }

  /** Data flowed: the connection works, and the next failure starts a new outage. */
  healthy(): void {
    this.pacer.reset();
  }

  /** Drops the pending attempt and stops listening (the transport closed). */
  stop(): void {
    this.cancel();
    this.unlisten?.();
    this.unlisten = undefined;
  }

  /**
   * Tries now (or after `spreadMs` at most) if an attempt is pending, starting the outage's
   * quick retries afresh; a pending `Retry-After` still holds.
   */
  wake(spreadMs = 0): void {
    if (!this.timer || Date.now() < this.notBefore) return;
    this.cancel();
    this.pacer.reset();
    const delay = Math.round(Math.random() * spreadMs);
    this.timer = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = undefined;
    this.attempt();
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private listen(): void {
    if (this.unlisten || typeof window === 'undefined' || typeof document === 'undefined') return;
    const online = () => this.wake(ONLINE_SPREAD_MS);
    const visible = () => {
      if (document.visibilityState === 'visible') this.wake();
    };
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', visible);
    this.unlisten = () => {
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', visible);
    };
  }
}
