/**
 * Bearer tokens for a stream: where they come from (`tokenProvider`), when to ask for a new one,
 * and the server's refusals read as reasons. Transports use this; elements only see the status.
 */

/** Returns a bearer token (a JWT, or the server's shared token); called before connecting and when the server says it expired. */
export type TokenProvider = () => Promise<string>;

/** A token refresh that reconnects within this long is not shown as "reconnecting". */
export const QUIET_REFRESH_MS = 1000;

/**
 * Starts the quiet window of a token refresh: `show` (the "reconnecting" state) runs only if the
 * new connection is not open by then. Returns the timer, to clear when it opens.
 */
export function quietRefresh(previous: ReturnType<typeof setTimeout> | undefined, show: () => void): ReturnType<typeof setTimeout> {
  clearTimeout(previous);
  return setTimeout(show, QUIET_REFRESH_MS);
}

/** Longest a provider may take before the attempt counts as failed (and is retried with backoff). */
const PROVIDER_TIMEOUT_MS = 10_000;
/** Longest refusal reason shown on an element. */
const MAX_REASON = 200;

/**
 * Wraps a `tokenProvider`: keeps the current token, asks for a new one only when told the old one
 * stopped working, and shares one pending call between everyone who asks meanwhile (a reconnect
 * storm must not become a login storm).
 */
export class TokenSource {
  private token: string | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly provider: TokenProvider) {}

  /** The current token, asking the provider only the first time. */
  current(): Promise<string> {
    return this.token !== undefined ? Promise.resolve(this.token) : this.refresh();
  }

  /** A new token from the provider (the old one was refused or expired). */
  refresh(): Promise<string> {
    this.token = undefined;
    this.pending ??= this.ask().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async ask(): Promise<string> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`tokenProvider did not answer within ${PROVIDER_TIMEOUT_MS / 1000} s`)), PROVIDER_TIMEOUT_MS);
    });
    try {
      const token = await Promise.race([Promise.resolve().then(() => this.provider()), timeout]);
      if (typeof token !== 'string' || token.trim() === '' || /\s/.test(token.trim())) throw new Error('tokenProvider returned no usable token');
      this.token = token.trim();
      return this.token;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The reason a server gave for a 401/403: the `error` of a JSON body, else the status line.
 * Reads at most a few KB; never throws.
 */
export async function refusalReason(response: Response): Promise<string> {
  const fallback = `HTTP ${response.status} ${response.statusText}`.trim();
  try {
    const reader = response.body?.getReader();
    if (!reader) return fallback;
    let text = '';
    const decoder = new TextDecoder();
    while (text.length < 4096) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    void reader.cancel().catch(() => undefined);
    const error = (JSON.parse(text) as { error?: unknown }).error;
    return typeof error === 'string' && error !== '' ? error.slice(0, MAX_REASON) : fallback;
  } catch {
    return fallback;
  }
}

/** Close-reason text from a WebSocket close, bounded, or a default. */
export function closeReason(reason: string, fallback: string): string {
  return reason ? reason.slice(0, MAX_REASON) : fallback;
}

/** Where a WebSocket stream's tickets come from: `auth/ticket` next to it, over http(s). */
export function ticketUrl(streamUrl: string): string {
  const url = new URL(streamUrl, globalThis.location?.href);
  url.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
  return new URL('auth/ticket', url).href;
}

/** Whether an HTTP status means "this credential will not do" (as opposed to a fault worth retrying). */
export const isAuthStatus = (status: number | undefined): boolean => status === 401 || status === 403;
