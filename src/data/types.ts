import type { TokenProvider, TokenSource } from './auth.js';

/** Connection state of a stream, as reflected on `<pulse-source state="...">`. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Which wire protocol a source speaks. `local` has no network: host code feeds it with
 * `publish()` (in-page simulations, Storybook, data an app already has).
 */
export type TransportKind = 'sse' | 'ws' | 'local';

/** What a subscriber learns about each payload besides the payload itself. */
export interface MessageMeta {
  /** The topic the payload arrived on. */
  readonly topic: string;
  /** The stream id of the event (SSE `id:` / WebSocket envelope `id`), when the server sent one. */
  readonly id: string | undefined;
  /** Arrival time in epoch milliseconds. */
  readonly receivedAt: number;
  /**
   * True while the hub replays its history to a new subscriber, and for the state a server
   * replays to a fresh connection (events at or below the id `pulse.hello` named).
   */
  readonly replay: boolean;
}

export type PayloadCallback = (payload: unknown, meta: MessageMeta) => void;

/** The items of one event in one call (`StreamHub.subscribeBatches`): a batch, or a lone payload as an array of one. */
export type BatchCallback = (payloads: readonly unknown[], meta: MessageMeta) => void;

/** Why a connection stopped for good (state `closed` with an error). */
export interface StreamError {
  readonly message: string;
  /** HTTP status when the server answered with one. */
  readonly status?: number;
}

/** Counters a source exposes as `stats`; all read-only snapshots. */
export interface StreamStats {
  readonly state: ConnectionState;
  /** Payloads delivered to the hub (batch items counted one by one). */
  readonly messages: number;
  /**
   * Of `messages`, those the server replayed as its current state to a fresh connection (ids at
   * or below `pulse.hello`'s id), not live traffic: `messages - replayed` counts what happened.
   */
  readonly replayed: number;
  /** Messages that could not be parsed or had the wrong shape, counted and skipped. */
  readonly malformed: number;
  /** Events dropped because their id had already been delivered. */
  readonly duplicates: number;
  /** Times the server said events were lost (resume outside its history, or a restart). */
  readonly gaps: number;
  /** Reconnect attempts since the hub opened. */
  readonly reconnects: number;
  /** Exceptions thrown by subscriber callbacks (caught; they never stop the stream). */
  readonly subscriberErrors: number;
  /** Payloads not delivered to a `*` pattern subscription because it had matched its cap of distinct topics. */
  readonly patternOverflow: number;
  /** Epoch ms of the last message of any topic, or 0. */
  readonly lastMessageAt: number;
  readonly lastEventId: string | undefined;
  /** Set when `state` is `closed` because of an error (401, 404, wrong content type...). */
  readonly error: StreamError | undefined;
}

/** Options shared by both transports. */
export interface TransportOptions {
  readonly url: string;
  /**
   * Extra request headers. SSE sends them on the stream request; WebSocket (which browsers cannot
   * give headers) sends an `Authorization` header to `auth/ticket` and connects with the ticket.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Returns a bearer token; called before connecting and whenever the server says the token
   * expired or was refused (401, `pulse.auth`, WebSocket close 4001/4401). The stream then
   * resumes from its last id. Takes precedence over an `Authorization` in `headers`.
   */
  readonly tokenProvider?: TokenProvider;
  /** The hub's wrapper around `tokenProvider`, so the stream and its other requests (history) share one token. */
  readonly tokenSource?: TokenSource;
  /** Send cookies cross-origin. */
  readonly withCredentials?: boolean;
  /** First reconnect delay in ms; the server's `retry:` replaces it. Default 1000. */
  readonly retryBaseMs?: number;
  /** Reconnect delay cap in ms. Default 30000. */
  readonly retryMaxMs?: number;
  /** Silence (no bytes, not even a heartbeat) after which the connection is presumed dead. Default 45000. */
  readonly idleTimeoutMs?: number;
  /** Largest single event accepted, in characters; larger ones are counted and skipped. Default 4 MiB. */
  readonly maxEventSize?: number;
}

/** Where a transport reports what happens; implemented by the hub. */
export interface TransportSink {
  /** A parsed event. `data` is already JSON-decoded. */
  event(topic: string, data: unknown, id: string | undefined): void;
  /** Something on the wire could not be used; counted, never thrown. */
  malformed(reason: string): void;
  /** Connection state changes. `error` is set when the transport gives up for good. */
  state(state: ConnectionState, error?: StreamError): void;
  /** A fresh connection was established and will replay after `resumedFrom`. */
  connected(resumedFrom: string | undefined): void;
}

export interface Transport {
  /** Start (or restart) connecting; resumes after `lastEventId` when given. */
  open(lastEventId?: string): void;
  /** Stop for good: abort the connection and cancel any pending reconnect. */
  close(): void;
  /**
   * The server said the token expired (`pulse.auth`): reconnect at once with a new one from the
   * token provider and resume, or stop as unauthorized when there is no provider.
   */
  reauthenticate?(): void;
  /** The server announced its heartbeat (`pulse.hello`): presume the connection dead after this much silence. */
  setIdleTimeout?(ms: number): void;
}
