/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`,
 * with jitter over the upper half so a fleet of wall screens does not reconnect in lockstep after
 * a server restart.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** How a transport paces reconnect attempts; see {@link ReconnectPacer}. */
export interface PacingOptions {
  /** Longest delay between two attempts. */
  readonly maxMs: number;
  /** Longest delay while an outage is young. Default 2000: back within 3 s of the server. */
  readonly quickMs?: number;
  /** How long an outage counts as young. Default 60 s. */
  readonly quickWindowMs?: number;
}

export const QUICK_RETRY_MS = 2000;
export const QUICK_WINDOW_MS = 60_000;

/**
 * Delays between reconnect attempts during one outage. While the outage is younger than a minute
 * the delays grow from the base only up to 2 s, so a page is back within about 3 s of a server
 * that restarted or a network that blinked. After that they double up to `maxMs`, jittered over
 * the upper half like {@link backoffDelay}, so a thousand wall screens facing a long outage do not
 * stampede the server when it recovers. The base (the server's `retry:`) is also a floor: a server
 * that asks for 10 s between attempts gets at least 5 s, quick or not.
 */
export class ReconnectPacer {
  private attempt = 0;
  private slowAttempt = 0;
  private outageSince: number | undefined;

  constructor(
    private readonly options: PacingOptions,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; the first call starts the outage's clock. */
  next(baseMs: number): number {
    const now = this.now();
    this.outageSince ??= now;
    const { maxMs, quickMs = QUICK_RETRY_MS, quickWindowMs = QUICK_WINDOW_MS } = this.options;
    const base = Math.max(1, baseMs);
    const quick = Math.min(maxMs, Math.max(quickMs, base));
    if (now - this.outageSince < quickWindowMs) return backoffDelay(this.attempt++, base, quick, this.random);
    return backoffDelay(++this.slowAttempt, quick, maxMs, this.random);
  }

  /** How long the current outage has lasted, or 0 between outages. */
  get outageMs(): number {
    return this.outageSince === undefined ? 0 : this.now() - this.outageSince;
  }

  /** The connection works again (or the world changed): the next failure starts a new outage. */
  reset(): void {
    this.attempt = 0;
    this.slowAttempt = 0;
    this.outageSince = undefined;
  }
}

/** A `Retry-After` header (seconds or HTTP date) in ms, or undefined when absent or unusable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Whether an HTTP status is worth retrying. 4xx are final (a client that reconnects forever on 401
 * floods the server) except 408 and 429; 5xx are transient.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
