import { closeReason, isAuthStatus, quietRefresh, refusalReason, ticketUrl, TokenSource } from './auth.js';
import { Reconnector } from './reconnect.js';
import type { Transport, TransportOptions, TransportSink } from './types.js';

const DEFAULTS = { retryBaseMs: 1000, retryMaxMs: 30_000, idleTimeoutMs: 45_000, maxEventSize: 4 * 1024 * 1024 };

/** Close codes of the reference server's access refusals (docs/wire-format.md). */
export const CLOSE_TOKEN_EXPIRED = 4001;
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_TOO_MANY_STREAMS = 4429;

/**
 * While the server is away, most attempts first ask over plain HTTP whether anything answers
 * (any status will do: the reference server says 426 to a GET on /ws) and open a WebSocket only
 * then. Browsers delay WebSocket connections to a host after failed ones (Firefox by a growing
 * factor per failure, RFC 6455 §7.2.3), so after a long series of failed sockets the first one
 * that could succeed would wait seconds; failed fetches count for nothing there. Every
 * PROBE_EVERY-th attempt opens a socket anyway, in case a page's CSP allows the wss: URL but not
 * the https: one (the probe then always fails).
 */
const PROBE_EVERY = 4;
const PROBE_TIMEOUT_MS = 5000;

/**
 * Close codes after which reconnecting cannot help: policy violation, message too big, and the
 * application range 4400-4499, which the reference server uses for auth and bad requests
 * (a browser never sees the HTTP status of a refused upgrade, only close code 1006), except
 * 4429 (too many streams), which frees up.
 */
const isFinalCloseCode = (code: number) => code === 1008 || code === 1009 || (code >= 4400 && code < 4500 && code !== CLOSE_TOO_MANY_STREAMS);

/** The ticket step failed in a way retrying cannot fix. */
class Refused extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/**
 * The same stream over WebSocket: JSON envelopes `{topic, id, data}` (or arrays of them),
 * reconnect with capped backoff and jitter, resume with `?lastEventId=` on the URL, and dead
 * connection detection by silence (browsers cannot send pings; the server sends heartbeats).
 *
 * With a token (a `tokenProvider`, or `Authorization` in `headers`) each connection first
 * fetches a single-use ticket from `auth/ticket` next to the stream URL and connects with
 * `?ticket=`, so the token never travels in a URL.
 */
export class WsTransport implements Transport {
  private readonly options: Required<Omit<TransportOptions, 'headers' | 'withCredentials' | 'tokenProvider' | 'tokenSource'>> & TransportOptions;
  private readonly tokens: TokenSource | undefined;
  private readonly staticAuthorization: string | undefined;
  /** A refused token was already exchanged for a new one; a second refusal is final. */
  private authRetried = false;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;
  /** Counts connection attempts, so a ticket fetch that a newer attempt overtook is dropped. */
  private generation = 0;
  /** Attempts in a row that found no server (a socket that never opened, or a failed probe). */
  private unanswered = 0;
  private idleTimeoutMs: number;
  private socket: WebSocket | undefined;
  private readonly reconnector: Reconnector;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastEventId: string | undefined;
  private closed = false;

  constructor(options: TransportOptions, private readonly sink: TransportSink) {
    this.options = { ...DEFAULTS, ...options };
    this.idleTimeoutMs = this.options.idleTimeoutMs;
    this.tokens = options.tokenSource ?? (options.tokenProvider ? new TokenSource(options.tokenProvider) : undefined);
    const header = Object.entries(options.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization');
    this.staticAuthorization = header?.[1];
    this.reconnector = new Reconnector(() => {
      if (!this.closed) void this.connect();
    }, this.options.retryMaxMs);
  }

  open(lastEventId?: string): void {
    this.closed = false;
    if (lastEventId !== undefined) this.lastEventId = lastEventId;
    this.sink.state('connecting');
    void this.connect();
  }

  close(): void {
    if (this.closed) return; // already stopped (or failed: keep the reason visible)
    this.closed = true;
    this.generation++;
    this.reconnector.stop();
    clearTimeout(this.idleTimer);
    clearTimeout(this.quietTimer);
    this.detach()?.close(1000, 'client closed');
    this.sink.state('closed');
  }

  /** `pulse.auth` (or close 4001): the token expired. Same policy as the SSE transport. */
  reauthenticate(): void {
    if (this.closed) return;
    this.detach()?.close(1000, 'token expired');
    clearTimeout(this.idleTimer);
    this.reconnector.stop();
    if (!this.tokens) return this.fail('token expired', 401);
    this.quietTimer = quietRefresh(this.quietTimer, () => this.closed || this.sink.state('reconnecting'));
    void this.connect(true);
  }

  setIdleTimeout(ms: number): void {
    this.idleTimeoutMs = ms;
    // The timer running now was armed before the announcement: the first heartbeat may come a whole interval later.
    if (this.socket) this.armIdleTimer();
  }

  /** @param fresh ask the token provider for a new token first */
  private async connect(fresh = false): Promise<void> {
    const generation = ++this.generation;
    let url = this.resumeUrl();
    if (this.tokens || this.staticAuthorization) {
      // The ticket request is itself an HTTP request: it tells whether the server is there.
      this.armIdleTimer();
      try {
        const ticket = await this.fetchTicket(fresh);
        if (this.closed || generation !== this.generation) return;
        if (ticket !== undefined) url = withParam(url, 'ticket', ticket);
      } catch (error) {
        if (this.closed || generation !== this.generation) return;
        if (error instanceof Refused) return this.fail(error.message, error.status);
        this.unanswered++;
        return this.scheduleReconnect();
      }
    } else if (this.unanswered > 0 && this.unanswered % PROBE_EVERY !== 0) {
      const answered = await probe(this.options.url);
      if (this.closed || generation !== this.generation) return;
      if (!answered) {
        this.unanswered++;
        return this.scheduleReconnect();
      }
    }
    this.openSocket(url);
  }

  /**
   * A single-use ticket for the next connection, or undefined when the server has no ticket
   * route (an older server: connect as before). Throws Refused on 401/403 (after one fresh
   * token on 401), anything else to retry with backoff.
   */
  private async fetchTicket(fresh: boolean): Promise<string | undefined> {
    const authorization = this.tokens ? `Bearer ${await (fresh ? this.tokens.refresh() : this.tokens.current())}` : this.staticAuthorization!;
    const response = await fetch(ticketUrl(this.options.url), {
      method: 'POST',
      headers: { Authorization: authorization },
      credentials: this.options.withCredentials ? 'include' : 'same-origin',
      cache: 'no-store',
    });
    if (response.status === 404) {
      void response.body?.cancel().catch(() => undefined);
      return undefined;
    }
    if (response.status === 401 && this.tokens && !this.authRetried) {
      void response.body?.cancel().catch(() => undefined);
      this.authRetried = true;
      return this.fetchTicket(true);
    }
    if (isAuthStatus(response.status)) throw new Refused(await refusalReason(response), response.status);
    if (!response.ok) throw new Error(`ticket: HTTP ${response.status}`);
    const body = (await response.json()) as { ticket?: unknown };
    if (typeof body.ticket !== 'string' || body.ticket === '') throw new Error('ticket: no ticket in the answer');
    return body.ticket;
  }

  private openSocket(url: string): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      // A malformed URL never gets better by retrying.
      this.fail(error instanceof Error ? error.message : String(error));
      return;
    }
    this.socket = socket;
    this.armIdleTimer();
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.unanswered = 0;
      this.sink.connected(this.lastEventId);
      this.sink.state('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      this.armIdleTimer();
      this.reconnector.healthy();
      // The server spoke: whatever credential opened this connection was accepted.
      this.authRetried = false;
      clearTimeout(this.quietTimer);
      this.receive(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket || this.closed) return;
      this.detach();
      if (!opened) this.unanswered++;
      if (event.code === CLOSE_TOKEN_EXPIRED) return this.reauthenticate();
      if (event.code === CLOSE_UNAUTHORIZED && this.tokens && !this.authRetried) {
        this.authRetried = true;
        void this.connect(true);
        return;
      }
      if (event.code === CLOSE_UNAUTHORIZED || event.code === CLOSE_FORBIDDEN) return this.fail(closeReason(event.reason, `closed with code ${event.code}`), event.code - 4000);
      if (isFinalCloseCode(event.code)) this.fail(event.reason || `closed with code ${event.code}`);
      else this.scheduleReconnect();
    };
    // Errors are always followed by close; handling them there keeps one code path.
    socket.onerror = () => undefined;
  }

  private resumeUrl(): string {
    if (!this.lastEventId) return this.options.url;
    const url = new URL(this.options.url, location.href);
    url.searchParams.set('lastEventId', this.lastEventId);
    return url.toString();
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') {
      this.sink.malformed('binary WebSocket message');
      return;
    }
    if (raw.length > this.options.maxEventSize) {
      this.sink.malformed(`message larger than ${this.options.maxEventSize} characters`);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      this.sink.malformed('invalid JSON envelope');
      return;
    }
    for (const envelope of Array.isArray(parsed) ? parsed : [parsed]) this.deliver(envelope);
  }

  private deliver(envelope: unknown): void {
    if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
      this.sink.malformed('envelope is not an object');
      return;
    }
    const { topic, id, data } = envelope as { topic?: unknown; id?: unknown; data?: unknown };
    if (topic !== undefined && typeof topic !== 'string') {
      this.sink.malformed('envelope topic is not a string');
      return;
    }
    const eventId = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
    if (eventId !== undefined && eventId !== '') this.lastEventId = eventId;
    this.sink.event(topic ?? 'message', data, eventId);
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const socket = this.detach();
      socket?.close(4000, 'idle timeout');
      if (!this.closed) this.scheduleReconnect();
    }, this.idleTimeoutMs);
  }

  private detach(): WebSocket | undefined {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    return socket;
  }

  private scheduleReconnect(): void {
    clearTimeout(this.idleTimer);
    this.sink.state('reconnecting');
    this.reconnector.later(this.options.retryBaseMs);
  }

  private fail(message: string, status?: number): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.quietTimer);
    this.reconnector.stop();
    this.closed = true;
    this.generation++;
    this.sink.state('closed', status === undefined ? { message } : { message, status });
  }
}

/**
 * Whether anything answers HTTP at the WebSocket URL's host (a `no-cors` GET: any status, even
 * an opaque one, means the server is up; only a network error or the timeout mean it is not).
 */
async function probe(wsUrl: string): Promise<boolean> {
  const url = new URL(wsUrl, globalThis.location?.href);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    const response = await fetch(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: controller.signal });
    void response.body?.cancel().catch(() => undefined);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** `url` with one more query parameter. */
function withParam(url: string, name: string, value: string): string {
  const u = new URL(url, globalThis.location?.href);
  u.searchParams.set(name, value);
  return u.toString();
}
