// The hub of a cluster node: the same bounded history and client fan-out as StreamHub, fed by
// the node's ONE reader of the shared Redis Stream instead of by local publishes. Each record's
// `id` is its Redis stream id (`<ms>-<seq>`), which is what clients see and resume from on any
// node; positions in the local history stay plain integers, so StreamClient is unchanged.
import { StreamHub } from '../stream-hub.js';
import { compareStreamKeys, parseStreamId } from '../event-id.js';

export class ClusterHub extends StreamHub {
  /** @param {{ historySize?: number, historyBytes?: number }} options */
  constructor(options) {
    super({ ...options, startId: 1 });
    /** Stream id of the newest record appended, or of the reader's start position. */
    this.lastWireId = '0-0';
    /**
     * @type {string | null} every entry after this stream id passed through this node (set once
     * the history is loaded): what it evicted since, it knows the topics of (see lostAfter)
     */
    this.seenFrom = null;
  }

  /**
   * Cluster nodes never publish locally: everything comes from the stream (see cluster/index.js).
   * @param {string} _topic
   * @param {unknown} _data
   * @returns {number}
   */
  publish(_topic, _data) {
    throw new Error('ClusterHub: publish through the cluster (Redis), not the local hub');
  }

  /**
   * One entry read from the stream, in stream order.
   * @param {string} id
   * @param {string} topic
   * @param {string} json
   * @param {unknown} data
   * @param {boolean} [quiet] history loaded at start: no publish listeners (no alerts re-derived from old data)
   */
  appendEntry(id, topic, json, data, quiet = false) {
    const ms = Number(id.slice(0, id.indexOf('-')));
    this.append({ id, topic, json, ts: ms, size: json.length + topic.length + 80 }, data, quiet);
    this.lastWireId = id;
  }

  /** Stream id of the oldest record still in the local history, or null when it is empty. */
  get oldestWireId() {
    const r = this.at(this.oldestId);
    return r ? String(r.id) : null;
  }

  /**
   * The local position of the last record at or before stream id `key` (binary search; ids
   * grow with positions). `oldestId - 1` when `key` is before everything kept.
   * @param {[number, number]} key
   */
  positionOf(key) {
    let lo = this.oldestId;
    let hi = this.lastId;
    let found = this.oldestId - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.at(mid);
      const k = r ? parseStreamId(String(r.id)) : null;
      if (k && compareStreamKeys(k, key) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  stats() {
    return { ...super.stats(), lastEventId: this.lastWireId, oldestId: this.oldestWireId ?? this.lastWireId };
  }
}
