// Which `pulseboard agent`s are alive, from their heartbeats (docs/fleet.md). A host whose agent
// has sent no heartbeat for `offlineFactor` heartbeat intervals is offline: its topics get
// `pulse.source {"topics": {"cpu@web-2": {"status": "offline", "source": "agent", "message",
// "since"}, ...}}`, and `"status": "ok"` when it is back. Elements on those topics then say
// "Offline" instead of showing the last value as if it were current.
//
// Statuses go to connected clients as control frames (no id, not in the history: every node of a
// cluster derives the same statuses from the same heartbeats, so none publishes them), and a client
// that connects is sent the offline ones right after `pulse.hello` as `{"full": true, "topics"}`
// (see `controls`). The shape is the one connector statuses use (docs/wire-format.md).
// Bounded: at most `maxHosts` hosts (the least recently seen is forgotten), 64 topics each.
import { HOST_PATTERN } from './agent-items.js';

export const SOURCE_TOPIC = 'pulse.source';

/** @typedef {{ status: 'ok' | 'offline', source: 'agent', since: number, message?: string }} SourceEntry */

/**
 * @typedef {object} HostEntry
 * @property {string} host
 * @property {string[]} topics
 * @property {number} intervalMs
 * @property {number} lastSeen
 * @property {boolean} offline
 * @property {number} buffered what the agent held unsent at its last heartbeat
 * @property {number} dropped what it dropped since it started (buffer overflow)
 */

export class FleetRegistry {
  /**
   * @param {object} options
   * @param {(entries: Record<string, SourceEntry>) => void} options.broadcast sends `pulse.source` with the entries each client's filter takes
   * @param {number} [options.offlineFactor] heartbeat intervals of silence before offline (default 3)
   * @param {number} [options.tickMs] how often silence is checked (default 1000)
   * @param {number} [options.maxHosts] default 1000
   * @param {() => number} [options.now]
   */
  constructor(options) {
    this.broadcast = options.broadcast;
    this.offlineFactor = options.offlineFactor ?? 3;
    this.tickMs = options.tickMs ?? 1000;
    this.maxHosts = options.maxHosts ?? 1000;
    this.now = options.now ?? Date.now;
    /** @type {Map<string, HostEntry>} least recently seen first */
    this.hosts = new Map();
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
  }

  /**
   * One heartbeat (already validated, see agent-items.js).
   * @param {{ host: string, intervalMs: number, topics: string[], buffered?: number, dropped?: number }} hb
   */
  heartbeat(hb) {
    if (!HOST_PATTERN.test(hb.host)) return;
    const now = this.now();
    const known = this.hosts.get(hb.host);
    this.hosts.delete(hb.host);
    const entry = { host: hb.host, topics: hb.topics.slice(0, 64), intervalMs: hb.intervalMs, lastSeen: now, offline: false, buffered: hb.buffered ?? 0, dropped: hb.dropped ?? 0 };
    this.hosts.set(hb.host, entry);
    if (known?.offline) this.announce(known, 'ok', now);
    if (this.hosts.size > this.maxHosts) this.hosts.delete(/** @type {string} */ (this.hosts.keys().next().value));
  }

  /** Marks hosts offline whose heartbeats stopped. Called every `tickMs` once started. */
  tick() {
    const now = this.now();
    for (const entry of this.hosts.values()) {
      if (entry.offline) continue;
      const limit = Math.max(this.offlineFactor * entry.intervalMs, 1000);
      if (now - entry.lastSeen <= limit) continue;
      entry.offline = true;
      this.announce(entry, 'offline', entry.lastSeen);
    }
  }

  /**
   * @param {HostEntry} entry
   * @param {'ok' | 'offline'} status
   * @param {number} since
   */
  announce(entry, status, since) {
    const state = this.status(entry, status, since);
    this.broadcast(Object.fromEntries(entry.topics.map((t) => [t, state])));
  }

  /**
   * @param {HostEntry} entry
   * @param {'ok' | 'offline'} status
   * @param {number} since
   * @returns {SourceEntry}
   */
  status(entry, status, since) {
    if (status === 'ok') return { status, source: 'agent', since };
    const secs = Math.round((this.now() - entry.lastSeen) / 1000);
    return { status, source: 'agent', since, message: `agent ${entry.host} offline: no heartbeat for ${secs} s` };
  }

  /**
   * What a connecting client is told at once: the offline topics its filter takes.
   * @param {import('../topics.js').TopicSet | null} filter
   * @returns {{ topic: string, json: string }[]}
   */
  controls(filter) {
    /** @type {Record<string, SourceEntry>} */
    const topics = {};
    let any = false;
    for (const entry of this.hosts.values()) {
      if (!entry.offline) continue;
      const state = this.status(entry, 'offline', entry.lastSeen);
      for (const topic of entry.topics) {
        if (filter !== null && !filter.has(topic)) continue;
        topics[topic] = state;
        any = true;
      }
    }
    return any ? [{ topic: SOURCE_TOPIC, json: JSON.stringify({ full: true, topics }) }] : [];
  }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** For /health. */
  stats() {
    let offline = 0;
    for (const e of this.hosts.values()) if (e.offline) offline++;
    return {
      hosts: this.hosts.size,
      offline,
      agents: [...this.hosts.values()].slice(-50).map((e) => ({ host: e.host, offline: e.offline, lastSeen: e.lastSeen, buffered: e.buffered, dropped: e.dropped })),
    };
  }
}
