// The event bus: one id sequence for all topics, a bounded shared history, fan-out to clients.
//
// Clients do not get their own queues. Each keeps a cursor (the last id it was sent) into the
// shared history ring and pulls from it whenever its socket can take more, so a slow client costs
// one integer, never a growing buffer. A client whose cursor falls out of the history is dropped
// (it resumes with Last-Event-ID and is told about the gap).
//
// A publish wakes only the clients that may want its topic: those whose filter names it, plus
// those with no filter or a pattern. With 20,000 clients each watching its own topic, waking all
// of them for every event cost O(clients) per event and a walk over every event since each one's
// cursor (stream-client.js keeps the woken positions instead).

import { RateCounter } from './rate-counter.js';
import { compareIds } from './event-id.js';

/** Topics whose newest evicted id the hub remembers (see lostAfter; up to a quarter more between trims); beyond that, a floor. */
const MAX_EVICTED_TOPICS = 4096;

/**
 * @typedef {object} EventRecord
 * @property {number | string} id on the wire: the history position, or a Redis stream id in cluster mode
 * @property {string} topic
 * @property {string} json the payload, serialised once for every client
 * @property {number} ts publish time, epoch ms
 * @property {number} size approximate bytes held by this record
 */

/**
 * @typedef {object} HubClient
 * @property {(position?: number) => void} notify called (synchronously) after each publish of a
 *   topic the client may want, with the record's history position; must only schedule work
 * @property {() => string[] | null} [indexTopics] the exact topic names it can want (it is woken
 *   for those, and for control records), or null (absent): woken for every publish
 */

/**
 * @typedef {(topic: string, data: unknown, record: EventRecord) => void} PublishListener
 */

/**
 * @typedef {object} ResumePoint
 * @property {number} cursor send events with ids above this
 * @property {{ lastEventId: string, oldestId: string } | null} gap what to announce in `pulse.gap`
 * @property {string | null} [helloId] the id `pulse.hello` carries, when the hub decides it (cluster mode)
 * @property {(client: import('./stream-client.js').StreamClient) => void} [catchUp] sends what
 *   lies before the history first, then attaches the client (cluster mode: read from Redis)
 */

export class StreamHub {
  /**
   * @param {{ historySize?: number, historyBytes?: number, startId?: number }} [options]
   *   historySize: events kept for replay (default 5000, min 1);
   *   historyBytes: cap on the bytes those events hold (default 64 MiB);
   *   startId: first id (default 1).
   */
  constructor(options = {}) {
    this.historySize = Math.max(1, Math.floor(options.historySize ?? 5000));
    this.historyBytes = Math.max(1, options.historyBytes ?? 64 * 1024 * 1024);
    /** @type {(EventRecord | undefined)[]} */
    this.ring = new Array(this.historySize);
    this.count = 0;
    this.bytes = 0;
    this.nextId = Math.max(1, Math.floor(options.startId ?? 1));
    /** @type {Set<HubClient>} */
    this.clients = new Set();
    /** @type {Map<string, Set<HubClient>>} topic -> clients whose filter names it (exact names only) */
    this.byTopic = new Map();
    /** @type {Set<HubClient>} clients woken for every publish (no filter, or patterns) */
    this.anyTopic = new Set();
    /** @type {Set<PublishListener>} */
    this.listeners = new Set();
    this.published = 0;
    this.droppedClients = 0;
    this.rate = new RateCounter(11);
    /** @type {Map<string, number | string>} newest id per topic that left the history, oldest first */
    this.evicted = new Map();
    /** @type {number | string} every event at or below this id has left the history, whatever its topic (when the map overflowed) */
    this.evictedFloor = 0;
  }

  /** Id of the newest event (0 before the first publish, or startId - 1). */
  get lastId() {
    return this.nextId - 1;
  }

  /** Id of the oldest event still in the history (lastId + 1 when the history is empty). */
  get oldestId() {
    return this.nextId - this.count;
  }

  /**
   * Publishes one payload. Returns its id.
   * @param {string} topic
   * @param {unknown} data any JSON-serialisable value
   * @returns {number}
   */
  publish(topic, data) {
    const json = JSON.stringify(data);
    if (json === undefined) throw new TypeError(`payload for ${topic} is not JSON-serialisable`);
    const id = this.nextId;
    this.append({ id, topic, json, ts: Date.now(), size: json.length + topic.length + 64 }, data);
    return id;
  }

  /**
   * Puts one record at the head of the history (position `nextId`) and tells clients and
   * listeners. `record.id` is what goes on the wire: the position itself here; a Redis stream
   * id in cluster mode (server/cluster/redis-hub.js), where positions stay local to the node.
   * @param {EventRecord} record
   * @param {unknown} data the payload (listeners get it without parsing `json` again)
   * @param {boolean} [quiet] skip the publish listeners (a cluster node loading its history at start)
   */
  append(record, data, quiet = false) {
    const position = this.nextId++;
    const slot = position % this.historySize;
    const previous = this.ring[slot];
    if (previous) {
      this.bytes -= previous.size;
      this.count--;
      this.noteEvicted(previous);
    }
    this.ring[slot] = record;
    this.count++;
    this.bytes += record.size;
    while (this.bytes > this.historyBytes && this.count > 1) this.evictOldest();
    this.published++;
    this.rate.add(1);
    this.wake(record.topic, position);
    if (quiet) return;
    for (const listener of this.listeners) {
      try {
        listener(record.topic, data, record);
      } catch (err) {
        process.emitWarning(`pulseboard: publish listener failed: ${/** @type {Error} */ (err).message}`);
      }
    }
  }

  evictOldest() {
    const slot = this.oldestId % this.historySize;
    const record = this.ring[slot];
    if (record) {
      this.bytes -= record.size;
      this.noteEvicted(record);
    }
    this.ring[slot] = undefined;
    this.count--;
  }

  /** @param {EventRecord} record that just left the history */
  noteEvicted(record) {
    const evicted = this.evicted;
    evicted.delete(record.topic);
    evicted.set(record.topic, record.id);
    // Trimmed a quarter at a time: finding a Map's first entry walks the holes its deletes left
    // at the front (~2 µs each with 20,000 topics), so one walk serves 1,024 evictions.
    if (evicted.size > MAX_EVICTED_TOPICS + MAX_EVICTED_TOPICS / 4) {
      let over = evicted.size - MAX_EVICTED_TOPICS;
      for (const [topic, id] of evicted) {
        if (over-- <= 0) break;
        evicted.delete(topic);
        if (compareIds(id, this.evictedFloor) > 0) this.evictedFloor = id;
      }
    }
  }

  /**
   * Whether an event after `afterId` on a topic `visible` lets through has left the history: a
   * client that may see only some topics is told of a gap only when it lost one of its own.
   * Ids are compared as ids (server/event-id.js): positions here, Redis stream ids on a cluster node.
   * @param {number | string} afterId
   * @param {(topic: string) => boolean} visible
   */
  lostAfter(afterId, visible) {
    if (compareIds(this.evictedFloor, afterId) > 0) return true;
    for (const [topic, id] of this.evicted) if (compareIds(id, afterId) > 0 && visible(topic)) return true;
    return false;
  }

  /**
   * The event with this id, if it is still in the history.
   * @param {number} id
   * @returns {EventRecord | undefined}
   */
  at(id) {
    if (id < this.oldestId || id > this.lastId) return undefined;
    return this.ring[id % this.historySize];
  }

  /**
   * Where a (re)connecting client starts, from its Last-Event-ID.
   * - absent / not a decimal integer: live only, from now on;
   * - `0`: everything still in the history, no gap (a way to backfill);
   * - older than the history: `pulse.gap`, then everything still kept;
   * - newer than anything published (the server restarted and its sequence began again): the
   *   whole history, no `pulse.gap`: the client sees ids at or below the one it resumed from and
   *   reports the restart gap itself.
   * @param {string | null | undefined} lastEventId
   * @returns {ResumePoint}
   */
  resume(lastEventId) {
    if (lastEventId === null || lastEventId === undefined || !/^\d{1,15}$/.test(lastEventId.trim())) {
      return { cursor: this.lastId, gap: null };
    }
    const n = Number(lastEventId.trim());
    const first = this.oldestId - 1;
    if (n === 0 || n > this.lastId) return { cursor: first, gap: null };
    if (n < first) return { cursor: first, gap: { lastEventId: String(n), oldestId: String(this.oldestId) } };
    return { cursor: n, gap: null };
  }

  /**
   * Notifies the clients that may want a record of `topic`: a control record (`pulse.*`, which
   * every filter lets through) wakes them all.
   * @param {string} topic
   * @param {number} position
   */
  wake(topic, position) {
    if (topic.startsWith('pulse.')) {
      for (const client of this.clients) client.notify(position);
      return;
    }
    for (const client of this.anyTopic) client.notify(position);
    const named = this.byTopic.get(topic);
    if (named !== undefined) for (const client of named) client.notify(position);
  }

  /** @param {HubClient} client */
  attach(client) {
    if (this.clients.has(client)) return;
    this.clients.add(client);
    const topics = client.indexTopics?.() ?? null;
    if (topics === null) this.anyTopic.add(client);
    else for (const topic of topics) (this.byTopic.get(topic) ?? this.byTopic.set(topic, new Set()).get(topic))?.add(client);
  }

  /** @param {HubClient} client */
  detach(client) {
    if (!this.clients.delete(client)) return;
    const topics = client.indexTopics?.() ?? null;
    if (topics === null) {
      this.anyTopic.delete(client);
      return;
    }
    for (const topic of topics) {
      const named = this.byTopic.get(topic);
      named?.delete(client);
      if (named?.size === 0) this.byTopic.delete(topic);
    }
  }

  /**
   * Calls `listener` synchronously after every publish (after clients were notified). Listeners
   * may publish in turn. Returns a function that removes the listener.
   * @param {PublishListener} listener
   */
  onPublish(listener) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Counters for /health.
   * @returns {{ eventsPublished: number, eventsPerSec: number, lastEventId: number | string, oldestId: number | string,
   *   history: { events: number, maxEvents: number, bytes: number, maxBytes: number }, droppedClients: number }}
   */
  stats() {
    return {
      eventsPublished: this.published,
      eventsPerSec: Math.round(this.rate.perSecond() * 10) / 10,
      lastEventId: this.lastId,
      oldestId: this.oldestId,
      history: { events: this.count, maxEvents: this.historySize, bytes: this.bytes, maxBytes: this.historyBytes },
      droppedClients: this.droppedClients,
    };
  }
}
