import { createParser, type EventSourceParser } from 'eventsource-parser';
import { isAuthStatus, quietRefresh, refusalReason, TokenSource } from './auth.js';
import { isRetryableStatus, retryAfterMs } from './backoff.js';
import { Reconnector } from './reconnect.js';
import type { Transport, TransportOptions, TransportSink } from './types.js';

const DEFAULTS = { retryBaseMs: 1000, retryMaxMs: 30_000, idleTimeoutMs: 45_000, maxEventSize: 4 * 1024 * 1024 };

/** Thrown inside the read loop to say "reconnect", as opposed to "give up". */
class Retry extends Error {
  constructor(message: string, readonly delayHintMs?: number) {
    super(message);
  }
}

/**
 * Server-Sent Events over `fetch` + eventsource-parser. Unlike the native EventSource it sends
 * custom headers, keeps reconnecting through 5xx/429 (EventSource gives up on a 503), detects a
 * stalled connection by silence, and stops for good with a reason on 401/403/404 or a response
 * that is not an event stream.
 */
export class SseTransport implements Transport {
  private readonly options: Required<Omit<TransportOptions, 'headers' | 'withCredentials' | 'tokenProvider' | 'tokenSource'>> & TransportOptions;
  private readonly tokens: TokenSource | undefined;
  /** A refused token was already exchanged for a new one; a second refusal is final. */
  private authRetried = false;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimeoutMs: number;
  private controller: AbortController | undefined;
  private readonly reconnector: Reconnector;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs: number;
  private lastEventId: string | undefined;
  private closed = false;

  constructor(options: TransportOptions, private readonly sink: TransportSink) {
    this.options = { ...DEFAULTS, ...options };
    this.idleTimeoutMs = this.options.idleTimeoutMs;
    this.retryMs = this.options.retryBaseMs;
    this.tokens = options.tokenSource ?? (options.tokenProvider ? new TokenSource(options.tokenProvider) : undefined);
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
    this.reconnector.stop();
    clearTimeout(this.idleTimer);
    clearTimeout(this.quietTimer);
    this.controller?.abort();
    this.controller = undefined;
    this.sink.state('closed');
  }

  /**
   * `pulse.auth`: the token expired and the server ends the stream. With a token provider, the
   * transport fetches a new token and reconnects at once from the last id, showing
   * "reconnecting" only if that takes longer than QUIET_REFRESH_MS; without one it stops as
   * unauthorized instead of retrying a token it knows is dead.
   */
  reauthenticate(): void {
    if (this.closed) return;
    const old = this.controller;
    this.controller = undefined;
    old?.abort();
    clearTimeout(this.idleTimer);
    this.reconnector.stop();
    if (!this.tokens) return this.fail('token expired', 401);
    this.quietTimer = quietRefresh(this.quietTimer, () => this.closed || this.sink.state('reconnecting'));
    void this.connect(true);
  }

  /** @param fresh ask the token provider for a new token first (the last one was refused or expired) */
  private async connect(fresh = false): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...this.options.headers };
    if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
    try {
      this.armIdleTimer(controller);
      if (this.tokens) {
        const token = await (fresh ? this.tokens.refresh() : this.tokens.current());
        if (this.closed || this.controller !== controller) return;
        headers['Authorization'] = `Bearer ${token}`;
      }
      const response = await fetch(this.options.url, {
        headers,
        credentials: this.options.withCredentials ? 'include' : 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!response.ok) {
        if (isAuthStatus(response.status)) {
          // Refused: one new token from the provider, at once; a second refusal is final (no flood).
          if (response.status === 401 && this.tokens && !this.authRetried) {
            void response.body?.cancel().catch(() => undefined);
            this.authRetried = true;
            void this.connect(true);
            return;
          }
          return this.fail(await refusalReason(response), response.status);
        }
        const hint = retryAfterMs(response.headers.get('Retry-After'));
        void response.body?.cancel().catch(() => undefined);
        if (isRetryableStatus(response.status)) throw new Retry(`HTTP ${response.status}`, hint);
        return this.fail(`HTTP ${response.status} ${response.statusText}`.trim(), response.status);
      }
      const type = response.headers.get('Content-Type') ?? '';
      if (!/^text\/event-stream\s*(;|$)/i.test(type)) {
        void response.body?.cancel().catch(() => undefined);
        return this.fail(`expected text/event-stream, got "${type || 'no content type'}"`, response.status);
      }
      if (!response.body) throw new Retry('empty body');
      this.authRetried = false;
      clearTimeout(this.quietTimer);
      this.sink.connected(this.lastEventId);
      this.sink.state('open');
      await this.read(response.body, controller);
      throw new Retry('stream ended');
    } catch (error) {
      if (this.closed || (controller.signal.aborted && this.controller !== controller)) return;
      const hint = error instanceof Retry ? error.delayHintMs : undefined;
      this.scheduleReconnect(hint);
    }
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    // ignoreBOM: let the parser strip exactly the one BOM the spec strips.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let overflowed = false;
    const parser: EventSourceParser = createParser({
      maxBufferSize: this.options.maxEventSize,
      onId: (id) => {
        this.lastEventId = id === '' ? undefined : id;
      },
      onRetry: (ms) => {
        if (ms >= 0) this.retryMs = ms;
      },
      onEvent: (message) => {
        // The parser only limits data it is still waiting on; an event that arrived whole in one
        // read (common over loopback or a fast link) needs the same limit here.
        if (message.data.length > this.options.maxEventSize) {
          this.sink.malformed(`event larger than ${this.options.maxEventSize} characters`);
          return;
        }
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          this.sink.malformed(`invalid JSON on topic "${message.event ?? 'message'}"`);
          return;
        }
        this.sink.event(message.event ?? 'message', data, message.id);
      },
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') overflowed = true;
      },
    });
    const reader = body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.armIdleTimer(controller);
        this.reconnector.healthy(); // bytes flowing: the next failure starts a new outage
        parser.feed(decoder.decode(value, { stream: true }));
        if (overflowed) {
          // An event larger than we are willing to hold: count it, drop it, keep the stream.
          this.sink.malformed(`event larger than ${this.options.maxEventSize} characters`);
          parser.reset();
          overflowed = false;
        }
      }
    } finally {
      reader.releaseLock();
    }
  }

  /** A stalled server that keeps the socket open but sends nothing is indistinguishable from a dead one. */
  private armIdleTimer(controller: AbortController): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => controller.abort(new Retry('idle timeout')), this.idleTimeoutMs);
  }

  private scheduleReconnect(hintMs?: number): void {
    clearTimeout(this.idleTimer);
    this.sink.state('reconnecting');
    this.reconnector.later(this.retryMs, hintMs);
  }

  private fail(message: string, status?: number): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.quietTimer);
    this.reconnector.stop();
    this.closed = true;
    this.controller = undefined;
    this.sink.state('closed', status === undefined ? { message } : { message, status });
  }

  /** The idle timeout can be tightened once the server announces its heartbeat interval. */
  setIdleTimeout(ms: number): void {
    this.idleTimeoutMs = ms;
    // The timer running now was armed before the announcement: the first heartbeat may come a whole interval later.
    if (this.controller && !this.closed) this.armIdleTimer(this.controller);
  }
}
