// What SSE and WebSocket clients share: a cursor into the hub's history, a topic filter,
// one write per event-loop tick, and the slow-client policy.
//
// Slow-client policy: events are pulled from the shared history only while the socket accepts
// them (at most `chunkBytes` per write, then the client yields to the others). When the socket
// buffer is full (write() returned false / bufferedAmount over `highWaterBytes`) nothing more is
// written until it drains. If it stays full for `stallTimeoutMs`, or the client falls so far
// behind that its next event left the history, the client is disconnected and counted in
// `droppedClients`; it resumes with Last-Event-ID. Memory per client is therefore bounded by one
// chunk plus the socket buffer, whatever the event rate.

import { heartbeatSlot } from './heartbeats.js';

/**
 * @typedef {object} StreamClientOptions
 * @property {import('./topics.js').TopicSet | null} topics only these topics (control events always pass)
 * @property {number} cursor last id already delivered (see StreamHub#resume)
 * @property {number} [chunkBytes] max payload bytes written per turn (default 64 KiB)
 * @property {number} [stallTimeoutMs] drop a client whose buffer stays full this long (default 30 s)
 * @property {(client: StreamClient, reason: string) => void} [onClose]
 * @property {Archive | null} [archive] older events than the in-memory history (persistence)
 * @property {((topic: string) => boolean) | null} [visible] access filter: only topics the client may see
 * @property {number | null} [expiresAt] epoch ms when the client's token expires: the stream ends then
 */

/**
 * Whether a control record (`{"topics": [...]}`, an agent's `pulse.gap`) concerns a topic `visible` lets through.
 * @param {string} json
 * @param {(topic: string) => boolean} visible
 */
function concernsVisible(json, visible) {
  try {
    const topics = JSON.parse(json)?.topics;
    return Array.isArray(topics) && topics.some((t) => typeof t === 'string' && visible(t));
  } catch {
    return false;
  }
}

/**
 * The exact names of a filter without patterns (a TopicFilter, or a plain Set of names), or null.
 * @param {import('./topics.js').TopicSet | null} topics
 * @returns {string[] | null}
 */
function exactNames(topics) {
  if (topics === null) return null;
  if (topics instanceof Set) return [...topics];
  const filter = /** @type {{ exact?: Set<string>, patterns?: string[] }} */ (topics);
  return filter.exact instanceof Set && filter.patterns?.length === 0 ? [...filter.exact] : null;
}

/** Clients waiting for their turn in the next check phase, in the order they were notified. */
/** @type {StreamClient[]} */
let due = [];
let dueScheduled = false;

/**
 * One setImmediate flushes every notified client (not one callback per client per turn: with a
 * thousand clients that bookkeeping cost as much as the writes). A client that asks for another
 * turn from inside its flush (chunk limit reached) lands in the next list, so it still yields.
 */
function flushDue() {
  const clients = due;
  due = [];
  dueScheduled = false;
  for (const client of clients) {
    try {
      client.flush();
    } catch (err) {
      // One client's broken socket must not strand the others of this turn.
      process.emitWarning(`pulseboard: stream write failed: ${/** @type {Error} */ (err).message}`);
      client.scheduled = false;
      client.drop('write failed');
    }
  }
}

/**
 * Positions a client with exact topic names keeps between turns (see StreamClient#queued); past
 * that (a blocked client on a busy topic) it walks the history from its cursor instead.
 */
const MAX_QUEUED = 256;

/** Longest a timer may be set for (setTimeout's limit); later expiries re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Where events that left the in-memory history can still be read (the SQLite store).
 * @typedef {object} Archive
 * @property {() => number} intactFrom every id at or above this is stored
 * @property {(afterId: number, beforeId: number, maxBytes: number, topics: import('./topics.js').TopicSet | null) => { records: { id: number, topic: string, json: string }[], last: number }} read
 */

/** @typedef {import('./stream-hub.js').EventRecord} EventRecord */

export class StreamClient {
  /**
   * @param {import('./stream-hub.js').StreamHub} hub
   * @param {StreamClientOptions} options
   */
  constructor(hub, options) {
    this.hub = hub;
    this.topics = options.topics;
    this.cursor = options.cursor;
    this.chunkBytes = options.chunkBytes ?? 64 * 1024;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    this.onClose = options.onClose;
    this.archive = options.archive ?? null;
    this.visible = options.visible ?? null;
    this.expiresAt = options.expiresAt ?? null;
    /**
     * Clients with equal keys take exactly the same records and may share a turn's bytes: every
     * topic, or the same exact names; never a token's view or patterns (their state is per connection).
     * @type {string | null}
     */
    this.shareKey = this.visible !== null ? null : this.topics === null ? '*' : (/** @type {{ shareKey?: string | null }} */ (this.topics).shareKey ?? null);
    /** @type {import('./frame-cache.js').FrameCache} this transport's bytes (set by SseClient / WsClient) */
    this.frames = /** @type {any} */ (null);
    /** @type {NodeJS.Timeout | null} */
    this.expiryTimer = null;
    this.closed = false;
    this.blocked = false;
    this.scheduled = false;
    /** @type {NodeJS.Timeout | null} */
    this.stallTimer = null;
    this.sent = 0;
    this.connectedAt = Date.now();
    /** Which slice of the heartbeat interval this client's heartbeat goes in (heartbeats.js). */
    this.heartbeatSlot = heartbeatSlot();
    /**
     * Control topics to resend in full after the socket drains; made when first needed (most
     * clients never block, and an idle Map per connection adds up at 20,000 of them).
     * @type {Map<string, () => unknown> | null}
     */
    this.pendingControl = null;
    /**
     * For a filter of exact names only (the hub wakes this client just for those topics): the
     * positions it was woken for since its last turn, so a turn reads those records instead of
     * walking every record after the cursor (one event a second for this client among 20,000
     * a second for the others). null while it walks (at first: what lies before it attached; after
     * an overflow); the cursor then says where it is.
     * @type {number[] | null}
     */
    this.queued = null;
    /** @type {string[] | null} what the hub indexes this client under (see indexTopics) */
    this.indexed = exactNames(this.topics);
  }

  /** The exact topic names this client can want, or null (no filter, or patterns): see StreamHub#wake. */
  indexTopics() {
    return this.indexed;
  }

  /** Starts receiving: attaches to the hub and sends whatever the cursor is behind on. */
  attach() {
    this.queued = null;
    this.hub.attach(this);
    if (this.expiresAt !== null) this.armExpiry();
    this.notify();
  }

  /**
   * Whether an event of `topic` goes to this client: its `?topics=` filter (names and patterns,
   * server/topics.js) AND what its token may see. A control record in the stream (an agent's
   * per-topic `pulse.gap`) is seen when one of the topics it concerns is.
   * @param {string} topic
   * @param {string} [json] the record's payload, read only for control records of a restricted client
   */
  wants(topic, json) {
    if (this.topics !== null && !this.topics.has(topic)) return false;
    if (this.visible === null) return true;
    if (json !== undefined && topic.startsWith('pulse.')) return concernsVisible(json, this.visible);
    return this.visible(topic);
  }

  armExpiry() {
    const wait = /** @type {number} */ (this.expiresAt) - Date.now();
    if (wait <= 0) return this.expire();
    this.expiryTimer = setTimeout(() => this.armExpiry(), Math.min(wait, MAX_TIMER_MS));
    this.expiryTimer.unref();
  }

  /** The token expired: tell the client (`pulse.auth`) and end the stream. */
  expire() {
    if (this.closed) return;
    this.endExpired();
    this.finish('token expired');
  }

  /**
   * Called by the hub after a publish this client may want (and by the client itself to ask for
   * another turn): schedule one flush for this tick.
   * @param {number} [position] the new record's history position
   */
  notify(position) {
    if (this.closed) return;
    const queued = this.queued;
    if (position !== undefined && queued !== null) {
      if (queued.length < MAX_QUEUED) queued.push(position);
      else this.walkFromQueue();
    }
    if (this.blocked) {
      // Not writing, but still watching: once the next event it needs has left the history it
      // can never be served without a gap, so it goes now rather than at the stall timeout.
      if (this.behindHistory() && !this.archived()) this.drop('lagging behind the history');
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    due.push(this);
    if (!dueScheduled) {
      dueScheduled = true;
      setImmediate(flushDue);
    }
  }

  /** The next event this client needs has left the in-memory history. */
  behindHistory() {
    const oldest = this.hub.oldestId;
    const queued = this.queued;
    return queued === null ? this.cursor < oldest - 1 : queued.length > 0 && queued[0] < oldest;
  }

  /**
   * Leaves queued mode: nothing this client wants lies between its cursor and the first queued
   * position, so the walk may start just before it.
   */
  walkFromQueue() {
    const queued = /** @type {number[]} */ (this.queued);
    if (queued.length > 0) this.cursor = Math.max(this.cursor, queued[0] - 1);
    this.queued = null;
  }

  flush() {
    this.scheduled = false;
    if (this.closed || this.blocked) return;
    const hub = this.hub;
    if (this.queued !== null && this.queued.length > 0 && this.queued[0] < hub.oldestId) this.walkFromQueue(); // it lagged: walk (archive or drop)
    const queued = this.queued;
    // Queued and nothing left to send: nothing after the cursor concerns this client.
    if (queued !== null && queued.length === 0) this.cursor = hub.lastId;
    const from = this.cursor;
    const key = this.shareKey;
    const turn = key === null ? undefined : this.frames.turns.get(hub);
    if (turn !== undefined && turn.from === from && turn.upTo === hub.lastId && turn.key === key && turn.chunkBytes === this.chunkBytes) {
      // A client with the same filter, at the same cursor, already took this turn: the same
      // records, so the same bytes, without walking the history again.
      this.cursor = turn.to;
      if (queued !== null) this.dequeueUpTo(turn.to);
      this.send(turn.count, turn.bytes, true);
      return;
    }
    if (queued !== null) {
      this.flushQueued(queued, from, key);
      return;
    }
    let fromArchive = false;
    /** @type {EventRecord[]} */
    const batch = [];
    let bytes = 0;
    // Every record between the batch's first and last is in it: the bytes can be shared (frame-cache.js).
    let contiguous = true;
    while (this.cursor < hub.lastId && bytes < this.chunkBytes) {
      if (this.cursor < hub.oldestId - 1) {
        if (!this.archived()) {
          this.drop('lagging behind the history');
          return;
        }
        // Behind the in-memory history but still in the database: read from there.
        const { records, last } = /** @type {Archive} */ (this.archive).read(this.cursor, hub.oldestId - 1, this.chunkBytes - bytes, this.topics);
        contiguous = false;
        fromArchive = true;
        for (const record of records) {
          if (this.visible !== null && !this.wants(record.topic, record.json)) continue;
          batch.push(/** @type {EventRecord} */ (record));
          bytes += record.json.length;
        }
        this.cursor = Math.max(this.cursor + 1, last);
        break; // one bounded database read per turn: the other clients and the event loop go on
      }
      const record = hub.at(this.cursor + 1);
      this.cursor++;
      if (!record || !this.wants(record.topic, record.json)) {
        if (batch.length > 0) contiguous = false;
        continue;
      }
      batch.push(record);
      bytes += record.json.length;
    }
    // Caught up: from now on the hub's wake-ups say which records concern it.
    if (this.indexed !== null && this.cursor === hub.lastId) this.queued = [];
    this.sendTurn(batch, contiguous, from, key, fromArchive);
  }

  /**
   * A queued turn: the records at the positions the hub woke this client for, oldest first, up to
   * `chunkBytes`; then the cursor is at the last one taken, or at the head when all were taken.
   * @param {number[]} queued
   * @param {number} from
   * @param {string | null} key
   */
  flushQueued(queued, from, key) {
    const hub = this.hub;
    /** @type {EventRecord[]} */
    const batch = [];
    let bytes = 0;
    let contiguous = true;
    let taken = 0;
    let last = from;
    while (taken < queued.length && bytes < this.chunkBytes) {
      const position = queued[taken++];
      if (position <= this.cursor) continue;
      const record = hub.at(position);
      this.cursor = position;
      if (!record || !this.wants(record.topic, record.json)) {
        if (batch.length > 0) contiguous = false;
        continue;
      }
      if (batch.length > 0 && position !== last + 1) contiguous = false;
      last = position;
      batch.push(record);
      bytes += record.json.length;
    }
    queued.splice(0, taken);
    if (queued.length === 0) this.cursor = hub.lastId;
    this.sendTurn(batch, contiguous, from, key, false);
  }

  /**
   * Formats one turn's records (shared with the clients of the same filter at the same cursor) and sends them.
   * @param {EventRecord[]} batch
   * @param {boolean} contiguous
   * @param {number} from
   * @param {string | null} key
   * @param {boolean} fromArchive
   */
  sendTurn(batch, contiguous, from, key, fromArchive) {
    const out = batch.length > 0 ? this.frames.batch(batch, contiguous) : null;
    if (key !== null && !fromArchive) {
      // One turn record per hub and wire format, rewritten in place (one per flush was garbage at 20,000 flushes a second).
      let turn = this.frames.turns.get(this.hub);
      if (turn === undefined) this.frames.turns.set(this.hub, (turn = { from, upTo: 0, key, chunkBytes: 0, to: 0, count: 0, bytes: null }));
      turn.from = from;
      turn.upTo = this.hub.lastId;
      turn.key = key;
      turn.chunkBytes = this.chunkBytes;
      turn.to = this.cursor;
      turn.count = batch.length;
      turn.bytes = out;
    }
    // Other clients get these very bytes (a record's frame, a contiguous run, a shared turn), or
    // they were made for this client alone (its own subset of the run).
    this.send(batch.length, out, batch.length === 1 || contiguous || (key !== null && !fromArchive));
  }

  /**
   * Forgets queued positions at or below `cursor` (another client's shared turn sent them).
   * @param {number} cursor
   */
  dequeueUpTo(cursor) {
    const queued = /** @type {number[]} */ (this.queued);
    let n = 0;
    while (n < queued.length && queued[n] <= cursor) n++;
    queued.splice(0, n);
  }

  /**
   * Writes one turn's events (nothing when the turn had none for this client) and asks for the
   * next turn if the cursor is still behind.
   * @param {number} count
   * @param {Buffer | null} bytes
   * @param {boolean} [shared] other clients write the same Buffer (see writeBytes)
   */
  send(count, bytes, shared = false) {
    if (count > 0) {
      this.sent += count;
      if (!this.writeBytes(/** @type {Buffer} */ (bytes), shared)) {
        this.block();
        return;
      }
    }
    if (this.queued === null ? this.cursor < this.hub.lastId : this.queued.length > 0) this.notify();
  }

  /** Can the events after the cursor still be read from the archive? */
  archived() {
    return this.archive !== null && this.cursor >= this.archive.intactFrom() - 1;
  }

  block() {
    if (this.blocked || this.closed) return;
    this.blocked = true;
    this.stallTimer = setTimeout(() => this.drop('socket buffer stayed full'), this.stallTimeoutMs);
    this.stallTimer.unref();
  }

  /** The transport drained its buffer: continue where the cursor is. */
  unblock() {
    if (!this.blocked) return;
    this.blocked = false;
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    const pending = this.pendingControl;
    this.pendingControl = null;
    if (pending !== null) for (const [topic, resync] of pending) this.control(topic, resync(), resync);
    this.notify();
  }

  /**
   * Disconnects a client that cannot keep up.
   * @param {string} reason
   */
  drop(reason) {
    if (this.closed) return;
    this.hub.droppedClients++;
    this.destroyTransport();
    this.finish(`dropped: ${reason}`);
  }

  /** Ends the stream gracefully (server shutdown). */
  close() {
    if (this.closed) return;
    this.endTransport();
    this.finish('server closing');
  }

  /**
   * Bookkeeping once the connection is gone, whoever ended it. Idempotent.
   * @param {string} reason
   */
  finish(reason) {
    if (this.closed) return;
    this.closed = true;
    this.hub.detach(this);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.onClose?.(this, reason);
  }

  /**
   * Sends a heartbeat unless the socket is full (then the client is not reading anyway).
   * @param {number} [ts] the tick's time, the same for every client of the tick
   */
  heartbeat(ts = Date.now()) {
    if (this.closed || this.blocked) return;
    this.writeHeartbeat(ts);
  }

  /**
   * Sends a control event (no id) now, ahead of queued events: control events describe the
   * stream, they are not part of its history. While the socket is full nothing is written; once it
   * drains, `resync()` (the full current state of that control topic) is sent instead of every
   * change it missed.
   * @param {string} topic
   * @param {unknown} body
   * @param {() => unknown} resync
   */
  control(topic, body, resync) {
    if (this.closed) return;
    if (this.blocked) {
      (this.pendingControl ??= new Map()).set(topic, resync);
      return;
    }
    this.writeControl(topic, JSON.stringify(body));
  }

  /* Transport-specific parts, overridden by SseClient and WsClient. */

  /**
   * @param {string} _topic
   * @param {string} _json
   */
  writeControl(_topic, _json) {
    throw new Error('not implemented');
  }

  /**
   * Writes events in one write (one WebSocket message).
   * @param {EventRecord[]} records
   * @param {boolean} [contiguous] nothing was filtered out between the first and the last record
   * @returns {boolean} false when the socket buffer is full
   */
  writeEvents(records, contiguous = false) {
    return this.writeBytes(this.frames.batch(records, contiguous));
  }

  /**
   * @param {Buffer} _bytes events as formatted by this transport's FrameCache
   * @param {boolean} [_shared] other clients write the same Buffer: what the transport derives
   *   from it (SSE: its HTTP chunk) is worth keeping beside it
   * @returns {boolean} false when the socket buffer is full
   */
  writeBytes(_bytes, _shared) {
    throw new Error('not implemented');
  }

  /** @param {number} _ts */
  writeHeartbeat(_ts) {
    throw new Error('not implemented');
  }

  destroyTransport() {}

  endTransport() {}

  /** Sends `pulse.auth` and ends the stream (SSE: end of response; WebSocket: close code 4001). */
  endExpired() {}
}
