import { TokenSource } from './auth.js';
import { RingBuffer } from './ring-buffer.js';
import { LocalTransport } from './local-transport.js';
import { SseTransport } from './sse-transport.js';
import { LazyTransport } from './lazy-transport.js';
import { compareEventIdKeys, eventIdKey, type EventIdKey } from './event-id.js';
import { isTopicPattern, patternsOverlap, topicMatches } from './topic-pattern.js';
import type {
  BatchCallback,
  ConnectionState,
  MessageMeta,
  PayloadCallback,
  StreamError,
  StreamStats,
  Transport,
  TransportKind,
  TransportOptions,
  TransportSink,
} from './types.js';

export interface HubOptions extends TransportOptions {
  readonly transport: TransportKind;
  /** Payloads kept per topic for subscribers that arrive late. Default 1000. */
  readonly historySize?: number;
  /** Distinct topics kept; payloads of further topics are delivered but not kept. Default 256. */
  readonly maxTopics?: number;
  /** How long the connection stays open after the last subscriber leaves (covers DOM moves). Default 250 ms. */
  readonly lingerMs?: number;
  /** Distinct topics one `*` pattern subscription may match; payloads of further topics are not delivered and counted in `stats.patternOverflow`. Default 64. */
  readonly maxPatternTopics?: number;
}

/** Announced by the server in `pulse.gap` when events were lost. */
export interface GapInfo {
  readonly lastEventId: string | undefined;
  readonly oldestId: string | undefined;
  /**
   * `history`: the resume point was older than what the server keeps; `restart`: the server's
   * sequence began again; `dropped`: a producer (a `pulseboard agent` whose buffer overflowed
   * while the hub was unreachable) dropped payloads of `topics` before they reached the server.
   */
  readonly reason: 'history' | 'restart' | 'dropped';
  /** Only these topics lost data (a `dropped` gap); undefined: the whole stream. */
  readonly topics?: readonly string[];
  /** Payloads lost, when the producer counted them. */
  readonly dropped?: number;
  /** Epoch ms of the first and last lost payload, when known. */
  readonly from?: number;
  readonly until?: number;
}

export interface SubscribeOptions {
  /** Deliver the topic's kept history first (default true), so late elements draw at once. */
  readonly replay?: boolean;
}

/**
 * What `pulse.source` says about the upstream a topic comes from (Prometheus, a scrape target,
 * Alertmanager, a `pulseboard agent`): fine; `error`: the source fails, with a message for people
 * and the time it started; `offline`: the agent that publishes it stopped sending heartbeats.
 */
export interface SourceState {
  readonly status: 'ok' | 'error' | 'offline';
  /** Which source: `prometheus`, `scrape`, `alertmanager`, `agent`... */
  readonly source: string | undefined;
  readonly message: string | undefined;
  /** Epoch ms the error started, or since when the agent was last heard of. */
  readonly since: number | undefined;
}

/** Most source states kept (keys are topics or `*` patterns). */
const MAX_SOURCE_STATES = 1024;
const MAX_SOURCE_MESSAGE = 300;

type HubEventMap = {
  state: (state: ConnectionState, error: StreamError | undefined) => void;
  gap: (gap: GapInfo) => void;
  malformed: (topic: string | undefined, reason: string) => void;
  /** The server announced (in `pulse.hello`) where its stored history can be read, or that it has none. */
  history: (url: string | undefined) => void;
  /** What this connection may see changed (`pulse.hello`'s `denied` and `allowed`); see `isDenied`. */
  access: () => void;
  /** A `pulse.source` changed what is known about the upstream of some topics. */
  source: () => void;
};

/** Most topic names or patterns read from one `pulse.hello` list (the server sends at most 256). */
const MAX_ACCESS_ENTRIES = 1024;

/** Lets the page-wide registry forget a hub while nobody uses it, and take it back when used again. */
export interface HubLifecycle {
  readonly onActive?: () => void;
  readonly onIdle?: () => void;
}

interface Kept {
  readonly payload: unknown;
  readonly id: string | undefined;
  readonly receivedAt: number;
  /** Arrival order across topics (a pattern's replay merges topics as they arrived). */
  readonly seq: number;
}

/**
 * `pulse.hello`'s `historyUrl` as an absolute http(s) URL, or undefined. Only http(s) URLs on the
 * stream's own origin are accepted (never `javascript:`/`data:` from the wire, and the source's
 * headers and token are never sent to another host).
 */
export function resolveHistoryUrl(announced: unknown, streamUrl: string): string | undefined {
  if (typeof announced !== 'string' || announced === '' || announced.length > 2048) return undefined;
  try {
    const base = new URL(streamUrl, globalThis.location?.href);
    if (base.protocol === 'ws:') base.protocol = 'http:';
    else if (base.protocol === 'wss:') base.protocol = 'https:';
    const url = new URL(announced, base);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === base.origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Control topics are the server talking to the client, never data. */
const CONTROL_PREFIX = 'pulse.';
const MAX_TOPIC_LENGTH = 256;
/** `subscribe('*')` receives every data topic. */
export const ALL_TOPICS = '*';

/** A `*` pattern subscription: its callbacks, and the topics it matched so far (bounded). */
interface PatternSubscription {
  readonly callbacks: Set<PayloadCallback>;
  readonly batches: Set<BatchCallback>;
  readonly matched: Set<string>;
  readonly unmatched: Set<string>;
}

/**
 * One stream connection and everything that listens to it: routes payloads by topic, keeps a
 * bounded history per topic, tracks connection state and counters, and drops events it has
 * already delivered so a resume never shows one twice. It opens the transport when the first
 * subscriber (or retainer) arrives and closes it shortly after the last one leaves.
 *
 * Nothing thrown by a subscriber and nothing malformed on the wire escapes from here.
 */
export class StreamHub {
  readonly options: HubOptions;
  private transport: Transport | undefined;
  private readonly subscribers = new Map<string, Set<PayloadCallback>>();
  /** Subscribers that take each event's items in one call (`subscribeBatches`). */
  private readonly batchSubscribers = new Map<string, Set<BatchCallback>>();
  private readonly patterns = new Map<string, PatternSubscription>();
  private arrivals = 0;
  private readonly history = new Map<string, RingBuffer<Kept>>();
  private readonly lastAt = new Map<string, number>();
  private readonly listeners: { [K in keyof HubEventMap]: Set<HubEventMap[K]> } = {
    state: new Set(),
    gap: new Set(),
    malformed: new Set(),
    history: new Set(),
    access: new Set(),
    source: new Set(),
  };
  /** Requested topics the server refused by name, and the patterns it allows (null: all). */
  private denied: ReadonlySet<string> = new Set();
  private allowed: readonly string[] | null = null;
  private announcedHistoryUrl: string | undefined;
  private readonly tokens: TokenSource | undefined;
  private announcedAlertActionsUrl: string | undefined;
  private readonly sourceStates = new Map<string, SourceState>();
  private refs = 0;
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly lifecycle: HubLifecycle;

  private currentState: ConnectionState = 'closed';
  private error: StreamError | undefined;
  private counters = { messages: 0, replayed: 0, malformed: 0, duplicates: 0, gaps: 0, reconnects: 0, subscriberErrors: 0, patternOverflow: 0 };
  /** Events up to this id on the current connection are the server's replay (from `pulse.hello`'s id; either id form). */
  private replayUpTo: EventIdKey | undefined;
  private lastMessageAt = 0;
  private lastEventId: string | undefined;
  /** Dedupe: the highest id delivered on the current connection, and what we resumed from (see event-id.ts). */
  private connectionMaxId: EventIdKey | undefined;
  private resumedFrom: EventIdKey | undefined;
  private resumedFromId: string | undefined;
  private firstOnConnection = true;

  constructor(options: HubOptions, lifecycle: HubLifecycle = {}) {
    this.options = options;
    this.lifecycle = lifecycle;
    this.tokens = options.tokenProvider ? new TokenSource(options.tokenProvider) : undefined;
  }

  /**
   * Headers for other requests to the stream's server (history): the source's `headers`, and
   * `Authorization` with the current token when there is a `tokenProvider` (`fresh`: a new one).
   */
  async requestHeaders(fresh = false): Promise<Record<string, string>> {
    const headers: Record<string, string> = { ...(this.options.headers ?? {}) };
    if (this.tokens) headers['Authorization'] = `Bearer ${await (fresh ? this.tokens.refresh() : this.tokens.current())}`;
    return headers;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get stats(): StreamStats {
    return {
      state: this.currentState,
      ...this.counters,
      lastMessageAt: this.lastMessageAt,
      lastEventId: this.lastEventId,
      error: this.error,
    };
  }

  /**
   * Absolute URL of the server's `GET /history` (from `pulse.hello`'s `historyUrl`, resolved
   * against the stream URL; `ws:`/`wss:` become `http:`/`https:`), or undefined when the server
   * keeps no history or has not said hello yet. See src/data/history-client.ts.
   */
  get historyUrl(): string | undefined {
    return this.announcedHistoryUrl;
  }

  /**
   * True when the server said this connection may not see `topic`: listed in `pulse.hello`'s
   * `denied`, or outside its `allowed` patterns. Elements on that topic show "Not authorized".
   * A `*` pattern (`cpu@*`) is denied only when no topic it matches is allowed: the server never
   * denies a requested pattern, it sends the matches the token may see.
   */
  isDenied(topic: string): boolean {
    if (this.denied.has(topic)) return true;
    if (this.allowed === null || topic === ALL_TOPICS) return false;
    return isTopicPattern(topic) ? !this.allowed.some((p) => patternsOverlap(p, topic)) : !this.allowed.some((p) => topicMatches(p, topic));
  }

  /**
   * Absolute base URL of the server's alert actions (`POST <url>/silence`, `/ack`, `/unsilence`),
   * from `pulse.hello`'s `alertActionsUrl`, or undefined when the server offers none.
   */
  get alertActionsUrl(): string | undefined {
    return this.announcedAlertActionsUrl;
  }

  /**
   * What the server last said (`pulse.source`) about the upstream `topic` comes from: its own
   * entry, else a `*` pattern that matches it (`app.*`); undefined when it said nothing.
   */
  sourceStatus(topic: string): SourceState | undefined {
    const own = this.sourceStates.get(topic);
    if (own) return own;
    for (const [key, state] of this.sourceStates) if (isTopicPattern(key) && topicMatches(key, topic)) return state;
    return undefined;
  }

  /** Epoch ms of the last payload on `topic`, or 0 if none yet. */
  lastMessageTime(topic: string): number {
    return this.lastAt.get(topic) ?? 0;
  }

  /** The kept payloads of `topic`, oldest first. */
  recent(topic: string): unknown[] {
    const kept = this.history.get(topic);
    return kept ? kept.toArray().map((k) => k.payload) : [];
  }

  /** How many source states are known now (0 lets elements skip the per-topic look-ups). */
  get sourceStatusCount(): number {
    return this.sourceStates.size;
  }

  /**
   * Calls `callback(payload, meta)` for every payload on `topic` (each item of a batch
   * separately), first replaying the kept history. `topic` may be a `*` pattern (`cpu@*`): then
   * every matching topic, `meta.topic` saying which, up to `maxPatternTopics` distinct topics.
   * Returns the function that unsubscribes.
   */
  subscribe(topic: string, callback: PayloadCallback, options: SubscribeOptions = {}): () => void {
    return this.addSubscriber(topic, callback, false, options);
  }

  /**
   * As `subscribe`, but `callback(payloads, meta)` takes all the items of one event in one call
   * (a batch of 100 lines: one call; a lone payload: an array of one), `meta` shared by them. For
   * subscribers that handle many items per event (a log tail): the per-item work of the hub is
   * done once per event. Counters, history, ids, dedupe and gaps are the same as for `subscribe`.
   * The kept history replays as one call per event it came from. A callback that throws loses the
   * rest of that call (counted once in `subscriberErrors`): handle items one by one inside it.
   */
  subscribeBatches(topic: string, callback: BatchCallback, options: SubscribeOptions = {}): () => void {
    return this.addSubscriber(topic, callback, true, options);
  }

  private addSubscriber(topic: string, callback: PayloadCallback | BatchCallback, batch: boolean, options: SubscribeOptions): () => void {
    if (topic !== ALL_TOPICS && isTopicPattern(topic)) return this.subscribePattern(topic, callback, batch, options);
    const map = (batch ? this.batchSubscribers : this.subscribers) as Map<string, Set<PayloadCallback | BatchCallback>>;
    let set = map.get(topic);
    if (!set) map.set(topic, (set = new Set()));
    set.add(callback);
    const release = this.retain();
    if (options.replay !== false) {
      const kept = this.history.get(topic);
      if (kept) this.replay(callback, batch, Array.from(kept, (k) => ({ topic, k })));
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      set!.delete(callback);
      if (set!.size === 0 && map.get(topic) === set) map.delete(topic);
      release();
    };
  }

  private subscribePattern(pattern: string, callback: PayloadCallback | BatchCallback, batch: boolean, options: SubscribeOptions): () => void {
    let sub = this.patterns.get(pattern);
    if (!sub) this.patterns.set(pattern, (sub = { callbacks: new Set(), batches: new Set(), matched: new Set(), unmatched: new Set() }));
    const entry = sub;
    const own = (batch ? entry.batches : entry.callbacks) as Set<PayloadCallback | BatchCallback>;
    own.add(callback);
    const release = this.retain();
    if (options.replay !== false) {
      // Kept payloads of every matching topic, merged in arrival order (a firehose of several
      // boxes replays as it happened, not box by box).
      const kept: { topic: string; k: Kept }[] = [];
      for (const [topic, ring] of this.history) {
        if (!this.patternAccepts(entry, pattern, topic, false)) continue;
        for (const k of ring) kept.push({ topic, k });
      }
      kept.sort((a, b) => a.k.seq - b.k.seq);
      this.replay(callback, batch, kept);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      own.delete(callback);
      if (entry.callbacks.size + entry.batches.size === 0 && this.patterns.get(pattern) === entry) this.patterns.delete(pattern);
      release();
    };
  }

  /**
   * Whether a pattern subscription takes `topic`: it matches, and the pattern has matched fewer
   * than `maxPatternTopics` topics (or this one already). Decisions are remembered, boundedly.
   */
  private patternAccepts(sub: PatternSubscription, pattern: string, topic: string, count: boolean): boolean {
    if (sub.matched.has(topic)) return true;
    if (sub.unmatched.has(topic)) return false;
    if (!topicMatches(pattern, topic)) {
      if (sub.unmatched.size >= 1024) sub.unmatched.clear();
      sub.unmatched.add(topic);
      return false;
    }
    if (sub.matched.size >= (this.options.maxPatternTopics ?? 64)) {
      if (count) this.counters.patternOverflow++;
      return false;
    }
    sub.matched.add(topic);
    return true;
  }

  /** Keeps the connection open without subscribing (what `<pulse-source>` does). */
  retain(): () => void {
    this.refs++;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    if (!this.transport) {
      this.lifecycle.onActive?.();
      this.start();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.refs > 0) return;
      clearTimeout(this.lingerTimer);
      this.lingerTimer = setTimeout(() => this.stopIfUnused(), this.options.lingerMs ?? 250);
    };
  }

  /** Number of active retainers (subscriptions included). */
  get refCount(): number {
    return this.refs;
  }

  on<K extends keyof HubEventMap>(type: K, listener: HubEventMap[K]): () => void {
    const set = this.listeners[type] as Set<HubEventMap[K]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Elements report payloads that parsed as JSON but had the wrong shape for them (a string
   * where a number belongs), so one counter tells the operator how much bad data arrived.
   */
  reportMalformed(topic: string | undefined, reason: string): void {
    this.counters.malformed++;
    for (const listener of this.listeners.malformed) this.safely(() => listener(topic, reason));
  }

  /**
   * Feeds a payload (or an array: a batch) into the hub as if it had arrived on the wire: it is
   * kept, routed and delivered the same way. This is how a `local:` source gets its data.
   */
  publish(topic: string, data: unknown, id?: string): void {
    this.receive(topic, data, id);
  }

  /** Drops the connection and every kept payload; used when the hub's owner goes away for good. */
  dispose(): void {
    clearTimeout(this.lingerTimer);
    this.transport?.close();
    this.transport = undefined;
    this.history.clear();
  }

  private stopIfUnused(): void {
    if (this.refs > 0) return;
    this.transport?.close();
    this.transport = undefined;
    this.lifecycle.onIdle?.();
  }

  private start(): void {
    this.error = undefined;
    const sink: TransportSink = {
      event: (topic, data, id) => this.receive(topic, data, id),
      malformed: (reason) => this.reportMalformed(undefined, reason),
      state: (state, error) => this.setState(state, error),
      connected: (resumedFrom) => {
        // Source states describe one connection: the new one sends its own after pulse.hello.
        if (this.sourceStates.size) {
          this.sourceStates.clear();
          for (const listener of this.listeners.source) this.safely(() => listener());
        }
        this.firstOnConnection = true;
        this.connectionMaxId = undefined;
        this.replayUpTo = undefined;
        this.resumedFrom = resumedFrom !== undefined ? eventIdKey(resumedFrom) : undefined;
        this.resumedFromId = this.resumedFrom ? resumedFrom : undefined;
      },
    };
    const { transport, ...rest } = this.options;
    const options = this.tokens ? { ...rest, tokenSource: this.tokens } : rest;
    this.transport =
      transport === 'local'
        ? new LocalTransport(sink)
        : transport === 'ws'
          ? new LazyTransport(() => import('./ws-transport.js').then((m) => m.WsTransport), options, sink) // its code only for ws(s): sources
          : new SseTransport(options, sink);
    this.transport.open(this.lastEventId);
  }

  private setState(state: ConnectionState, error?: StreamError): void {
    if (state === 'reconnecting' && this.currentState !== 'reconnecting') this.counters.reconnects++;
    if (state === this.currentState && error === this.error) return;
    this.currentState = state;
    this.error = state === 'closed' ? error : undefined;
    for (const listener of this.listeners.state) this.safely(() => listener(state, this.error));
  }

  private receive(topic: string, data: unknown, id: string | undefined): void {
    if (topic.startsWith(CONTROL_PREFIX)) return this.control(topic, data, id);
    if (topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) return this.reportMalformed(undefined, 'topic name unusable');
    if (id !== undefined && this.isDuplicate(id)) {
      this.counters.duplicates++;
      return;
    }
    if (id !== undefined && id !== '') this.lastEventId = id;
    const receivedAt = Date.now();
    this.lastMessageAt = receivedAt;
    const items = Array.isArray(data) ? data : [data];
    // The state a server sends a fresh client (ids at or below the one hello named) is history,
    // not traffic: elements do not announce it as new, and rates do not count it.
    const upTo = this.replayUpTo;
    const idKey = upTo && id !== undefined ? eventIdKey(id) : undefined;
    const replay = upTo !== undefined && idKey !== undefined && compareEventIdKeys(idKey, upTo) <= 0;
    const meta: MessageMeta = { topic, id, receivedAt, replay };
    const kept = this.keep(topic);
    // Per-topic times only for the topics we keep (bounded by maxTopics): a stream of ever-new
    // topic names must not grow memory.
    if (kept) this.lastAt.set(topic, receivedAt);
    const direct = this.subscribers.get(topic);
    const wildcard = this.subscribers.get(ALL_TOPICS);
    const patterns = this.patterns.size > 0 ? this.matchingPatterns(topic) : undefined;
    for (const payload of items) {
      this.counters.messages++;
      if (replay) this.counters.replayed++;
      kept?.push({ payload, id, receivedAt, seq: this.arrivals++ });
      if (direct) for (const callback of direct) this.deliver(callback, payload, meta);
      if (wildcard) for (const callback of wildcard) this.deliver(callback, payload, meta);
      if (patterns) for (const sub of patterns) for (const callback of sub.callbacks) this.deliver(callback, payload, meta);
    }
    // Batch subscribers: the whole event in one call each, after the items are kept and counted.
    if (this.batchSubscribers.size > 0) {
      const directBatches = this.batchSubscribers.get(topic);
      if (directBatches) for (const callback of directBatches) this.deliverBatch(callback, items, meta);
      const wildcardBatches = this.batchSubscribers.get(ALL_TOPICS);
      if (wildcardBatches) for (const callback of wildcardBatches) this.deliverBatch(callback, items, meta);
    }
    if (patterns) for (const sub of patterns) for (const callback of sub.batches) this.deliverBatch(callback, items, meta);
  }

  private matchingPatterns(topic: string): PatternSubscription[] | undefined {
    let out: PatternSubscription[] | undefined;
    for (const [pattern, sub] of this.patterns) if (this.patternAccepts(sub, pattern, topic, true)) (out ??= []).push(sub);
    return out;
  }

  /**
   * Ids are monotonic per stream, so on one connection an id not above the previous one was
   * already delivered. The first event after a resume that is not above the id we resumed from
   * means the server restarted its sequence: that is a gap to show, not duplicates to drop.
   */
  private isDuplicate(id: string): boolean {
    const key = eventIdKey(id);
    if (!key) return false;
    if (this.firstOnConnection) {
      this.firstOnConnection = false;
      if (this.resumedFrom !== undefined && compareEventIdKeys(key, this.resumedFrom) <= 0) {
        this.announceGap({ lastEventId: this.resumedFromId, oldestId: id, reason: 'restart' });
      }
      this.connectionMaxId = key;
      return false;
    }
    if (this.connectionMaxId !== undefined && compareEventIdKeys(key, this.connectionMaxId) <= 0) return true;
    this.connectionMaxId = key;
    return false;
  }

  private control(topic: string, data: unknown, id: string | undefined): void {
    const body = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
    if (topic === 'pulse.hello') {
      this.replayUpTo = id !== undefined ? eventIdKey(id) : undefined;
      const heartbeat = body['heartbeatMs'];
      if (typeof heartbeat === 'number' && heartbeat > 0 && Number.isFinite(heartbeat)) {
        this.transport?.setIdleTimeout?.(heartbeat * 2.5);
      }
      const url = resolveHistoryUrl(body['historyUrl'], this.options.url);
      if (url !== this.announcedHistoryUrl) {
        this.announcedHistoryUrl = url;
        for (const listener of this.listeners.history) this.safely(() => listener(url));
      }
      this.announcedAlertActionsUrl = resolveHistoryUrl(body['alertActionsUrl'], this.options.url);
      this.readAccess(body);
    } else if (topic === 'pulse.auth') {
      this.authExpired();
    } else if (topic === 'pulse.source') {
      this.sourceControl(body);
    } else if (topic === 'pulse.gap') {
      this.gapEvent(body);
    }
    // pulse.heartbeat and unknown control topics only prove the connection is alive.
  }

  /** `pulse.hello`'s `denied` and `allowed`: replaced on every connection (a new token may allow more). */
  private readAccess(body: Record<string, unknown>): void {
    const names = (v: unknown): string[] | null =>
      Array.isArray(v) ? v.slice(0, MAX_ACCESS_ENTRIES).filter((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= MAX_TOPIC_LENGTH) : null;
    const denied = new Set(names(body['denied']) ?? []);
    const allowed = names(body['allowed']);
    const same = (a: readonly string[] | null, b: readonly string[] | null) => a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));
    if (same([...denied], [...this.denied]) && same(allowed, this.allowed)) return;
    this.denied = denied;
    this.allowed = allowed;
    for (const listener of this.listeners.access) this.safely(() => listener());
  }

  /** `pulse.auth`: the token expired; the transport gets a new one (or stops as unauthorized). */
  private authExpired(): void {
    this.transport?.reauthenticate?.();
  }

  /**
   * `pulse.gap`: without `topics`, the whole stream lost events (resume outside the server's
   * history); with `topics`, a producer dropped payloads of those topics only.
   */
  private gapEvent(body: Record<string, unknown>): void {
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    const topics = Array.isArray(body['topics']) ? body['topics'].filter((t): t is string => typeof t === 'string').slice(0, 256) : undefined;
    if (!topics) return this.announceGap({ lastEventId: str(body['lastEventId']), oldestId: str(body['oldestId']), reason: 'history' });
    this.announceGap({ lastEventId: undefined, oldestId: undefined, reason: 'dropped', topics, dropped: num(body['dropped']), from: num(body['from']), until: num(body['until']) });
  }

  /**
   * `pulse.source`: `{"full"?: true, "topics": {"<topic or pattern>": {"status": "ok"|"error"|"offline",
   * "source", "message", "since"}}}`. `full` replaces what was known; otherwise entries merge.
   * Entries with another shape are counted as malformed and skipped.
   */
  private sourceControl(body: Record<string, unknown>): void {
    const topics = body['topics'];
    if (topics === null || typeof topics !== 'object' || Array.isArray(topics)) return this.reportMalformed('pulse.source', 'topics is not an object');
    if (body['full'] === true) this.sourceStates.clear();
    for (const key of Object.keys(topics)) {
      const raw = (topics as Record<string, unknown>)[key];
      if (key.length === 0 || key.length > MAX_TOPIC_LENGTH || raw === null || typeof raw !== 'object') {
        this.reportMalformed('pulse.source', 'unusable source entry');
        continue;
      }
      const entry = raw as Record<string, unknown>;
      const status = entry['status'];
      if (status !== 'ok' && status !== 'error' && status !== 'offline') {
        this.reportMalformed('pulse.source', 'status must be ok, error or offline');
        continue;
      }
      const message = typeof entry['message'] === 'string' ? entry['message'].slice(0, MAX_SOURCE_MESSAGE) : undefined;
      const since = typeof entry['since'] === 'number' && Number.isFinite(entry['since']) ? entry['since'] : undefined;
      const source = typeof entry['source'] === 'string' ? entry['source'].slice(0, 64) : undefined;
      this.sourceStates.delete(key);
      if (status === 'ok') this.sourceStates.set(key, { status, source, message: undefined, since: undefined });
      else this.sourceStates.set(key, { status, source, message, since });
      if (this.sourceStates.size > MAX_SOURCE_STATES) this.sourceStates.delete(this.sourceStates.keys().next().value!);
    }
    for (const listener of this.listeners.source) this.safely(() => listener());
  }

  private announceGap(gap: GapInfo): void {
    this.counters.gaps++;
    for (const listener of this.listeners.gap) this.safely(() => listener(gap));
  }

  private keep(topic: string): RingBuffer<Kept> | undefined {
    let kept = this.history.get(topic);
    if (!kept && this.history.size < (this.options.maxTopics ?? 256)) {
      // historySize 0 keeps nothing (no ring can hold 0 items: it would throw on every event).
      const size = Math.floor(this.options.historySize ?? 1000);
      if (!(size >= 1)) return undefined;
      this.history.set(topic, (kept = new RingBuffer<Kept>(size)));
    }
    return kept;
  }

  /**
   * Delivers kept payloads to a new subscriber, oldest first: item by item, or to a batch
   * subscriber one call per event they came from (same topic, id and arrival time).
   */
  private replay(callback: PayloadCallback | BatchCallback, batch: boolean, kept: readonly { topic: string; k: Kept }[]): void {
    if (!batch) {
      for (const { topic, k } of kept) this.deliver(callback as PayloadCallback, k.payload, { topic, id: k.id, receivedAt: k.receivedAt, replay: true });
      return;
    }
    for (let start = 0; start < kept.length; ) {
      const { topic, k: first } = kept[start]!;
      let end = start + 1;
      while (end < kept.length && kept[end]!.topic === topic && kept[end]!.k.id === first.id && kept[end]!.k.receivedAt === first.receivedAt) end++;
      const payloads = kept.slice(start, end).map((e) => e.k.payload);
      this.deliverBatch(callback as BatchCallback, payloads, { topic, id: first.id, receivedAt: first.receivedAt, replay: true });
      start = end;
    }
  }

  private deliver(callback: PayloadCallback, payload: unknown, meta: MessageMeta): void {
    try {
      callback(payload, meta);
    } catch (error) {
      this.counters.subscriberErrors++;
      if (this.counters.subscriberErrors <= 3) console.error('pulseboard: a subscriber threw; the stream goes on', error);
    }
  }

  private deliverBatch(callback: BatchCallback, payloads: readonly unknown[], meta: MessageMeta): void {
    try {
      callback(payloads, meta);
    } catch (error) {
      this.counters.subscriberErrors++;
      if (this.counters.subscriberErrors <= 3) console.error('pulseboard: a subscriber threw; the stream goes on', error);
    }
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      console.error('pulseboard: a listener threw', error);
    }
  }
}
