import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { parseDuration } from '../data/duration.js';
import { sharedHub } from '../data/hub-registry.js';
import type { GapInfo, SourceState, StreamHub } from '../data/stream-hub.js';
import { isTopicPattern, topicMatches } from '../data/topic-pattern.js';
import type { ConnectionState, MessageMeta, StreamError, TransportKind } from '../data/types.js';
import { secondClock } from './clock.js';
import { frameScheduler, type FrameClient } from './frame-scheduler.js';
import { hubContext } from './hub-context.js';

/** What an element tells the controller about where its data comes from. */
export interface StreamSource {
  /** Topics to subscribe to (an element showing several splits its `topic` list). */
  topics(): string[];
  /** The element's own `src`, when it stands alone without a `<pulse-source>`. */
  readonly src?: string | undefined;
  readonly transport?: TransportKind | undefined;
  readonly withCredentials?: boolean;
  /** `stale-after` as written in the attribute. */
  readonly staleAfter?: string | undefined;
}

export interface StreamCallbacks {
  /** Every payload, on arrival: update state here, draw in `renderFrame`. */
  onPayload(payload: unknown, meta: MessageMeta): void;
  /**
   * When given, replaces `onPayload`: the items of one event in one call (a batch of 100 log
   * lines, or an array of one), for elements that take many items per event. See `StreamHub.subscribeBatches`.
   */
  onBatch?: ((payloads: readonly unknown[], meta: MessageMeta) => void) | undefined;
  /** The subscription changed (new topic or source): forget what was shown. */
  onReset?(): void;
  /** The server said events were lost. */
  onGap?(gap: GapInfo): void;
  /** Once a second while connected, from the page's shared clock: ages, timeouts, durations. */
  onSecond?(now: number): void;
}

/**
 * What the status indicator shows, in order of precedence (see `status()`). `unauthorized`: the
 * server refused the source's token, or one of the element's topics (`pulse.hello`'s `denied`).
 * `offline`: every topic the element shows comes from an agent that stopped sending heartbeats.
 * `source-error`: the connection is fine but the server says the upstream of one of the element's
 * topics (Prometheus, a scrape target, Alertmanager) fails (`pulse.source`).
 */
export type StreamStatus =
  | 'no-source'
  | 'unauthorized'
  | 'connecting'
  | 'live'
  | 'stale'
  | 'offline'
  | 'reconnecting'
  | 'disconnected'
  | 'waiting'
  | 'source-error';

const NONE_OFFLINE = Object.freeze({ offline: [] as string[], shown: 0 });

/** Concrete topics a pattern element remembers having shown (for per-host offline status). */
const MAX_SEEN_TOPICS = 64;

/**
 * Connects one element to the shared stream: finds the hub (its own `src`, else the nearest
 * `<pulse-source>` through context), subscribes to its topics, resubscribes when they change,
 * tracks connection state and staleness, counts what it had to skip, and asks the shared frame
 * scheduler for at most one render per frame.
 */
export class StreamController implements ReactiveController {
  private hub: StreamHub | undefined;
  private contextHub: StreamHub | undefined;
  private key = '';
  private unsubscribers: (() => void)[] = [];
  private stopClock: (() => void) | undefined;
  private connected = false;

  /** Epoch ms of the newest payload this element received (replayed history included). */
  lastDataAt = 0;
  /** Epoch ms this subscription began; staleness counts from here until data arrives. */
  private subscribedAt = 0;
  /** Payloads this element skipped because they had the wrong shape. */
  skipped = 0;
  /** Gaps the server announced since this element subscribed (whole-stream gaps, and per-topic gaps of its topics). */
  gaps = 0;
  /** Concrete topics a `*` pattern of this element matched so far (bounded). */
  private readonly seen = new Set<string>();
  private wasStale = false;

  constructor(
    private readonly host: ReactiveElement & StreamSource & FrameClient,
    private readonly callbacks: StreamCallbacks,
  ) {
    host.addController(this);
    new ContextConsumer(host, {
      context: hubContext,
      subscribe: true,
      callback: (hub) => {
        this.contextHub = hub;
        this.host.requestUpdate();
      },
    });
  }

  /** The hub this element is subscribed to, if any (e.g. for its `historyUrl`). */
  get currentHub(): StreamHub | undefined {
    return this.hub;
  }

  hostConnected(): void {
    this.connected = true;
    this.stopClock = secondClock.subscribe((now) => this.tick(now));
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stopClock?.();
    this.stopClock = undefined;
    this.unsubscribe();
    this.key = '';
    frameScheduler.cancel(this.host);
  }

  /** Runs before every render: (re)subscribe when the source or topics changed. Cheap otherwise. */
  hostUpdate(): void {
    if (!this.connected) return;
    const topics = this.host.topics();
    const src = this.host.src;
    const key = `${src ?? ''}|${this.host.transport ?? ''}|${this.host.withCredentials ? 1 : 0}|${topics.join(',')}`;
    const hub = src ? sharedHub({ url: src, transport: this.host.transport, withCredentials: this.host.withCredentials ?? false }) : this.contextHub;
    if (key === this.key && hub === this.hub) return;
    this.unsubscribe();
    this.key = key;
    this.hub = hub;
    this.lastDataAt = 0;
    this.skipped = 0;
    this.gaps = 0;
    this.seen.clear();
    this.subscribedAt = Date.now();
    this.callbacks.onReset?.();
    if (!hub) return;
    this.unsubscribers.push(
      hub.on('state', () => this.host.requestUpdate()),
      hub.on('access', () => this.host.requestUpdate()),
      hub.on('source', () => this.host.requestUpdate()),
      hub.on('gap', (gap) => {
        // A producer's gap concerns only its topics: other elements carry on unmarked.
        if (gap.topics && !gap.topics.some((t) => this.shows(t))) return;
        this.gaps++;
        this.callbacks.onGap?.(gap);
        this.requestFrame();
      }),
    );
    const onBatch = this.callbacks.onBatch;
    for (const topic of topics) {
      const pattern = isTopicPattern(topic);
      const arrived = (meta: MessageMeta) => {
        if (pattern && this.seen.size < MAX_SEEN_TOPICS) this.seen.add(meta.topic);
        if (meta.receivedAt > this.lastDataAt) this.lastDataAt = meta.receivedAt;
      };
      this.unsubscribers.push(
        onBatch
          ? hub.subscribeBatches(topic, (payloads, meta) => {
              arrived(meta);
              onBatch(payloads, meta);
              this.requestFrame();
            })
          : hub.subscribe(topic, (payload, meta) => {
              arrived(meta);
              this.callbacks.onPayload(payload, meta);
              this.requestFrame();
            }),
      );
    }
  }

  /** Ask for a render on the next shared frame (at most one per frame however often it is called). */
  requestFrame(): void {
    frameScheduler.request(this.host);
  }

  /** Count a payload this element could not use; the source's counter goes up too. */
  reject(topic: string | undefined, reason: string): void {
    this.skipped++;
    this.hub?.reportMalformed(topic, reason);
  }

  get connectionState(): ConnectionState | undefined {
    return this.hub?.state;
  }

  get error(): StreamError | undefined {
    return this.hub?.stats.error;
  }

  /**
   * The first topic this element shows whose upstream the server reports failing, if any: its
   * own topics (a name, or a pattern keyed as such, `app.*`), then the topics its patterns matched
   * so far (one host of `cpu@*` whose Prometheus query fails).
   */
  get sourceError(): SourceState | undefined {
    const hub = this.hub;
    if (!hub || hub.sourceStatusCount === 0) return undefined;
    for (const topic of [...this.host.topics(), ...this.seen]) {
      const state = hub.sourceStatus(topic);
      if (state?.status === 'error') return state;
    }
    return undefined;
  }

  /** `stale-after` in ms, or undefined when staleness is not watched. */
  get staleAfterMs(): number | undefined {
    return parseDuration(this.host.staleAfter);
  }

  /** Whether `topic` is one this element shows (a name in its list, or matched by a pattern there). */
  shows(topic: string): boolean {
    return this.host.topics().some((t) => topicMatches(t, topic));
  }

  /**
   * The topics this element shows whose producer the server reports offline (`pulse.source`,
   * e.g. an agent that stopped sending heartbeats), and how many topics it shows in all:
   * the exact names of its list plus the topics its patterns matched so far.
   */
  offline(): { offline: string[]; shown: number } {
    const hub = this.hub;
    if (!hub || hub.sourceStatusCount === 0) return NONE_OFFLINE;
    const shown = new Set<string>();
    for (const t of this.host.topics()) if (!isTopicPattern(t)) shown.add(t);
    for (const t of this.seen) shown.add(t);
    const offline = [...shown].filter((t) => hub.sourceStatus(t)?.status === 'offline');
    return { offline, shown: shown.size };
  }

  /** True when `stale-after` is set and nothing arrived for that long. */
  isStale(now = Date.now()): boolean {
    const limit = this.staleAfterMs;
    if (limit === undefined || !this.hub) return false;
    return now - Math.max(this.lastDataAt, this.subscribedAt) > limit;
  }

  /**
   * Why this element is not authorized, or undefined: the source was refused (401/403: every
   * element of it; `message` is the server's reason), or the server denied some of this
   * element's topics (`denied`: only the elements on them). The element words it.
   */
  get unauthorized(): { message: string; denied: string[] } | undefined {
    const hub = this.hub;
    if (!hub) return undefined;
    const error = hub.state === 'closed' ? hub.stats.error : undefined;
    if (error && (error.status === 401 || error.status === 403)) return { message: error.message, denied: [] };
    const denied = this.host.topics().filter((t) => hub.isDenied(t));
    return denied.length ? { message: '', denied } : undefined;
  }

  /**
   * One word for the indicator. Precedence, most important first, each hiding the ones after it:
   * 1. `no-source`, `unauthorized`: nothing this element shows can be trusted or fetched at all;
   * 2. `disconnected`, `reconnecting`, `connecting`: the connection itself, which every other
   *    word depends on (source states are per connection and forgotten on each new one);
   * 3. `offline`: every topic shown comes from agents that stopped sending heartbeats, so no
   *    data will come whatever else is said about it (some of several offline: the word stays and
   *    `· N offline` is added instead);
   * 4. `source-error`: the server reaches the connection, but the upstream of one of the topics
   *    (Prometheus, a scrape target, Alertmanager) fails: what is shown may be old or partial;
   * 5. `stale`: no error known, but nothing arrived for `stale-after`;
   * 6. `live` / `waiting`.
   */
  status(now = Date.now()): StreamStatus {
    if (!this.hub) return 'no-source';
    if (this.unauthorized !== undefined) return 'unauthorized';
    switch (this.hub.state) {
      case 'closed':
        return 'disconnected';
      case 'reconnecting':
        return 'reconnecting';
      case 'connecting':
        return 'connecting';
      default: {
        const { offline, shown } = this.offline();
        if (shown > 0 && offline.length === shown) return 'offline';
        if (this.sourceError) return 'source-error';
        // Never received anything: waiting, however long. "Stale" says data stopped coming.
        if (!this.lastDataAt) return 'waiting';
        return this.isStale(now) ? 'stale' : 'live';
      }
    }
  }

  private tick(now: number): void {
    const stale = this.isStale(now);
    if (stale !== this.wasStale) {
      this.wasStale = stale;
      this.host.requestUpdate();
    }
    this.callbacks.onSecond?.(now);
  }

  private unsubscribe(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
  }
}
