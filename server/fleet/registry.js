// Which `pulseboard agent`s are alive, from their heartbeats (docs/fleet.md). A host whose agent
// has sent no heartbeat for `offlineFactor` heartbeat intervals is offline: its topics get the
// source state `{"status": "offline", "source": "agent", "message", "since"}`, and `"status": "ok"`
// when it is back. Elements on those topics then say "Offline" instead of showing the last value
// as if it were current.
//
// The states go into the server's SourceStatus (source-status.js), the same map connectors report
// into: it sends the changes to connected clients as `pulse.source` control frames (no id, not in
// the history: every node of a cluster derives the same states from the same heartbeats, so none
// publishes them) and one `full` map to each new connection. Bounded: at most `maxHosts` hosts
// (the least recently seen is forgotten, with its states), 64 topics each.
import { HOST_PATTERN } from './agent-items.js';

/** @typedef {import('../source-status.js').SourceState} SourceEntry */

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
   * @param {{ apply: (entries: Record<string, SourceEntry>) => void, forget: (keys: Iterable<string>) => void }} options.sources where the states go (source-status.js)
   * @param {number} [options.offlineFactor] heartbeat intervals of silence before offline (default 3)
   * @param {number} [options.tickMs] how often silence is checked (default 1000)
   * @param {number} [options.maxHosts] default 1000
   * @param {() => number} [options.now]
   */
  constructor(options) {
    this.sources = options.sources;
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
    // Topics the agent no longer names are not its to report on.
    if (known) this.sources.forget(known.topics.filter((t) => !entry.topics.includes(t)));
    if (this.hosts.size > this.maxHosts) {
      const oldest = /** @type {HostEntry} */ (this.hosts.values().next().value);
      this.hosts.delete(oldest.host);
      this.sources.forget(oldest.topics);
    }
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
    this.sources.apply(Object.fromEntries(entry.topics.map((t) => [t, state])));
  }

  /**
   * @param {HostEntry} entry
   * @param {'ok' | 'offline'} status
   * @param {number} since
   * @returns {SourceEntry}
   */
  status(entry, status, since) {
    if (status === 'ok') return { status, source: 'agent', since };
    // No "for N s" in the text: a page that connects an hour later is sent the same entry
    // (`since` says when the agent was last heard of).
    return { status, source: 'agent', since, message: `agent ${entry.host} offline: heartbeats stopped (one every ${Math.round(entry.intervalMs / 100) / 10} s expected)` };
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
