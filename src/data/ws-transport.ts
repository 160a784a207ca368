import { Reconnector } from './reconnect.js';
import type { Transport, TransportOptions, TransportSink } from './types.js';

const DEFAULTS = { retryBaseMs: 1000, retryMaxMs: 30_000, idleTimeoutMs: 45_000, maxEventSize: 4 * 1024 * 1024 };

/**
 * Close codes after which reconnecting cannot help: policy violation, message too big, and the
 * application range 4400-4499, which the reference server uses for auth and bad requests
 * (a browser never sees the HTTP status of a refused upgrade, only close code 1006).
 */
const isFinalCloseCode = (code: number) => code === 1008 || code === 1009 || (code >= 4400 && code < 4500);

/**
 * The same stream over WebSocket: JSON envelopes `{topic, id, data}` (or arrays of them),
 * reconnect with capped backoff and jitter, resume with `?lastEventId=` on the URL, and dead
 * connection detection by silence (browsers cannot send pings; the server sends heartbeats).
 */
export class WsTransport implements Transport {
  private readonly options: Required<Omit<TransportOptions, 'headers' | 'withCredentials'>> & TransportOptions;
  private idleTimeoutMs: number;
  private socket: WebSocket | undefined;
  private readonly reconnector: Reconnector;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastEventId: string | undefined;
  private closed = false;

  constructor(options: TransportOptions, private readonly sink: TransportSink) {
    this.options = { ...DEFAULTS, ...options };
    this.idleTimeoutMs = this.options.idleTimeoutMs;
    this.reconnector = new Reconnector(() => {
      if (!this.closed) this.connect();
    }, this.options.retryMaxMs);
  }

  open(lastEventId?: string): void {
    this.closed = false;
    if (lastEventId !== undefined) this.lastEventId = lastEventId;
    this.sink.state('connecting');
    this.connect();
  }

  close(): void {
    if (this.closed) return; // already stopped (or failed: keep the reason visible)
    this.closed = true;
    this.reconnector.stop();
    clearTimeout(this.idleTimer);
    this.detach()?.close(1000, 'client closed');
    this.sink.state('closed');
  }

  setIdleTimeout(ms: number): void {
    this.idleTimeoutMs = ms;
  }

  private connect(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.resumeUrl());
    } catch (error) {
      // A malformed URL never gets better by retrying.
      this.fail(error instanceof Error ? error.message : String(error));
      return;
    }
    this.socket = socket;
    this.armIdleTimer();
    socket.onopen = () => {
      this.sink.connected(this.lastEventId);
      this.sink.state('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      this.armIdleTimer();
      this.reconnector.healthy();
      this.receive(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket || this.closed) return;
      this.detach();
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

  private fail(message: string): void {
    clearTimeout(this.idleTimer);
    this.reconnector.stop();
    this.closed = true;
    this.sink.state('closed', { message });
  }
}
