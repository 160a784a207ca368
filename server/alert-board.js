// What is firing now, kept in memory whatever else the server keeps: the latest `alerts` payload
// per alert id (from Alertmanager's API, webhooks, /ingest, threshold alerts) and whether each is
// silenced or acknowledged, by whom and until when. Every new connection without Last-Event-ID
// gets it right after `pulse.hello` (also on a memory-only server), because a dashboard that says
// "nothing firing" while something fires is the worst lie it can tell.
//
// Silence state travels in the alert payload as `silence`: `{"state": "silenced"|"acknowledged",
// "by", "until", "comment", "ids"}` or null. Payloads without the key (webhooks, /ingest) leave it
// as it was: the board adds what it knows when it sends the state, and elements keep the last
// state they were told.
import { StateSnapshot } from './state-snapshot.js';

export const ALERTS_TOPIC = 'alerts';

/**
 * @typedef {object} SilenceInfo
 * @property {'silenced' | 'acknowledged'} state
 * @property {string} by who made it
 * @property {string} until ISO-8601
 * @property {string} comment
 * @property {string[]} ids the silences (Alertmanager's ids, or the server's own)
 */

export class AlertBoard {
  /**
   * @param {{ publish: (topic: string, data: unknown) => unknown, keepResolvedMs?: number, maxAlerts?: number, now?: () => number }} options
   */
  constructor(options) {
    this.publishFn = options.publish;
    /** @type {Map<string, SilenceInfo | null>} */
    this.silences = new Map();
    this.maxAlerts = options.maxAlerts ?? 1000;
    this.snapshot = new StateSnapshot({
      keyedTopics: [ALERTS_TOPIC],
      logLines: 0,
      alertKeepMs: options.keepResolvedMs ?? 3_600_000,
      maxKeys: this.maxAlerts,
      now: options.now,
      decorate: (_topic, key, json) => this.decorate(key, json),
    });
  }

  /**
   * Called for every publish on `alerts` (hub listener).
   * @param {import('./state-snapshot.js').SnapshotRecord} record
   * @param {unknown} data
   * @param {number} [at]
   */
  observe(record, data, at) {
    if (record.topic !== ALERTS_TOPIC) return;
    this.snapshot.observe(record, data, at);
    for (const item of Array.isArray(data) ? data : [data]) {
      if (item === null || typeof item !== 'object' || !Object.hasOwn(item, 'silence')) continue;
      const id = /** @type {Record<string, unknown>} */ (item).id;
      if (typeof id !== 'string' && typeof id !== 'number') continue;
      this.remember(String(id), /** @type {SilenceInfo | null} */ (/** @type {Record<string, unknown>} */ (item).silence ?? null));
    }
  }

  /**
   * @param {string} id
   * @param {SilenceInfo | null} info
   */
  remember(id, info) {
    this.silences.delete(id);
    this.silences.set(id, info);
    if (this.silences.size > this.maxAlerts * 2) this.silences.delete(/** @type {string} */ (this.silences.keys().next().value));
  }

  /**
   * The latest payload of an alert, or undefined when the board does not know it.
   * @param {string} id
   */
  alert(id) {
    return this.snapshot.latest(ALERTS_TOPIC, id);
  }

  /** @param {string} id */
  silenceOf(id) {
    return this.silences.get(id) ?? null;
  }

  /**
   * Sets an alert's silence state and publishes the alert with it, so every viewer sees it.
   * @param {string} id
   * @param {SilenceInfo | null} info
   */
  setSilence(id, info) {
    const latest = this.alert(id);
    this.remember(id, info);
    // The publisher's answer is passed back: a cluster's write path resolves once Redis has it.
    return latest ? this.publishFn(ALERTS_TOPIC, { ...latest, silence: info }) : undefined;
  }

  /**
   * What a fresh connection is sent (see state-snapshot.js).
   * @param {import('./topics.js').TopicSet | null} topics
   */
  records(topics) {
    return this.snapshot.records(topics);
  }

  /**
   * @param {string} key
   * @param {string} json
   */
  decorate(key, json) {
    if (!this.silences.has(key)) return json;
    try {
      const item = JSON.parse(json);
      if (item && typeof item === 'object' && !Array.isArray(item)) return JSON.stringify({ ...item, silence: this.silences.get(key) ?? null });
    } catch {
      /* kept as it was */
    }
    return json;
  }
}
