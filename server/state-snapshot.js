// What a fresh client (no Last-Event-ID) is sent right after `pulse.hello` when persistence is on,
// as ordinary events with their own ids, in id order (so a reconnect resumes after the newest):
// the current state of keyed topics (the latest `alerts` payload per alert id, the latest
// `agents` payload per agent id) and the last lines of `logs`, so a page opened now shows what
// is going on, not an empty panel. Seeded from the database at start, then kept up to date from
// every publish. Bounded: per-topic key caps, and states older than their keep time are dropped.

import { compareIds } from './event-id.js';

/**
 * @typedef {{ id: number | string, topic: string, json: string }} SnapshotRecord
 */

/**
 * Log topics whose last lines a fresh client gets: `logs`, and the per-host `logs@web-1`.
 * @param {string} topic
 */
export function isLogTopic(topic) {
  return topic === 'logs' || topic.startsWith('logs@');
}

/**
 * @typedef {object} SnapshotOptions
 * @property {number} [logLines] last `logs` lines sent (default 200; 0 for none)
 * @property {number} [alertKeepMs] resolved alerts are forgotten this long after resolving (default 1 h);
 *   firing alerts are kept while their latest event is within retention
 * @property {number} [agentKeepMs] agents silent this long are forgotten (default 1 h)
 * @property {number} [maxKeys] per keyed topic (default 1000; the least recently updated goes)
 * @property {readonly string[]} [keyedTopics] which keyed topics this snapshot keeps (default KEYED_TOPICS)
 * @property {(topic: string, key: string, json: string) => string} [decorate] rewrites a kept
 *   item's JSON as it is sent (the alert board adds silences to alerts)
 * @property {() => number} [now]
 */

/** Keyed topics: their payloads carry a string `id` naming the thing whose state they are. */
export const KEYED_TOPICS = Object.freeze(['alerts', 'agents']);

export class StateSnapshot {
  /** @param {SnapshotOptions} [options] */
  constructor(options = {}) {
    this.logLines = options.logLines ?? 200;
    this.alertKeepMs = options.alertKeepMs ?? 3_600_000;
    this.agentKeepMs = options.agentKeepMs ?? 3_600_000;
    this.maxKeys = options.maxKeys ?? 1000;
    this.now = options.now ?? Date.now;
    this.decorate = options.decorate ?? null;
    /** @type {Map<string, Map<string, SnapshotRecord & { at: number, resolved: boolean }>>} */
    this.keyed = new Map((options.keyedTopics ?? KEYED_TOPICS).map((t) => [t, new Map()]));
    /** @type {SnapshotRecord[]} */
    this.logs = [];
    this.logStart = 0;
  }

  /**
   * @param {SnapshotRecord} record
   * @param {unknown} data
   * @param {number} [at] when it was published (default now)
   */
  observe(record, data, at = this.now()) {
    const map = this.keyed.get(record.topic);
    if (map) {
      for (const item of Array.isArray(data) ? data : [data]) {
        if (item === null || typeof item !== 'object') continue;
        const key = /** @type {Record<string, unknown>} */ (item).id;
        if (typeof key !== 'string' && typeof key !== 'number') continue;
        const k = String(key);
        map.delete(k); // re-insert: Map order is least recently updated first
        const json = Array.isArray(data) ? JSON.stringify(item) : record.json;
        const resolved = /** @type {Record<string, unknown>} */ (item).status === 'resolved';
        map.set(k, { id: record.id, topic: record.topic, json, at, resolved });
        if (map.size > this.maxKeys) map.delete(/** @type {string} */ (map.keys().next().value));
      }
      return;
    }
    if (isLogTopic(record.topic) && this.logLines > 0) {
      this.logs.push({ id: record.id, topic: record.topic, json: record.json });
      if (this.logs.length > this.logLines * 2) this.logs = this.logs.slice(-this.logLines);
    }
  }

  /**
   * The latest kept item of a keyed topic, parsed, or undefined.
   * @param {string} topic
   * @param {string} key
   * @returns {Record<string, unknown> | undefined}
   */
  latest(topic, key) {
    const rec = this.keyed.get(topic)?.get(key);
    if (!rec) return undefined;
    try {
      return JSON.parse(rec.json);
    } catch {
      return undefined;
    }
  }

  /**
   * The snapshot for a client, in publish order.
   * @param {import('./topics.js').TopicSet | null} topics the client's filter
   * @returns {SnapshotRecord[]}
   */
  records(topics) {
    const now = this.now();
    /** @type {SnapshotRecord[]} */
    const out = [];
    for (const [topic, map] of this.keyed) {
      const keepMs = topic === 'alerts' ? this.alertKeepMs : this.agentKeepMs;
      for (const [key, rec] of map) {
        if ((topic === 'agents' || rec.resolved) && now - rec.at > keepMs) {
          map.delete(key);
          continue;
        }
        if (topics === null || topics.has(topic)) out.push(this.decorate ? { ...rec, json: this.decorate(topic, key, rec.json) } : rec);
      }
    }
    for (const r of this.logs.slice(-this.logLines)) if (topics === null || topics.has(r.topic)) out.push(r);
    out.sort((a, b) => compareIds(a.id, b.id));
    // Items of one batch share their event's id: send them as one batch again (ids stay unique).
    /** @type {SnapshotRecord[]} */
    const merged = [];
    for (let i = 0; i < out.length; i++) {
      let j = i;
      while (j + 1 < out.length && out[j + 1].id === out[i].id && out[j + 1].topic === out[i].topic) j++;
      if (j === i) merged.push(out[i]);
      else merged.push({ id: out[i].id, topic: out[i].topic, json: '[' + out.slice(i, j + 1).map((r) => r.json).join(',') + ']' });
      i = j;
    }
    return merged;
  }
}
