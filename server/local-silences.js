// Acks and silences kept by the server itself, when there is no Alertmanager to keep them: each
// targets one alert id, ends at its `until`, and every change reaches every viewer through the
// alert board (the alert is published again with its `silence`). Bounded; memory only.
import { randomUUID } from 'node:crypto';

/**
 * @typedef {object} LocalSilence
 * @property {string} id
 * @property {string} alertId
 * @property {'silenced' | 'acknowledged'} state
 * @property {string} by
 * @property {number} until epoch ms
 * @property {string} comment
 */

export class LocalSilences {
  /**
   * @param {{ board: import('./alert-board.js').AlertBoard, maxSilences?: number, now?: () => number }} options
   */
  constructor(options) {
    this.board = options.board;
    this.maxSilences = options.maxSilences ?? 1000;
    this.now = options.now ?? Date.now;
    /** @type {Map<string, LocalSilence>} */
    this.silences = new Map();
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
  }

  start() {
    this.timer ??= setInterval(() => this.expire(), 1000);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * @param {{ alertId: string, state: 'silenced' | 'acknowledged', by: string, durationMs: number, comment: string }} request
   * @returns {Promise<{ silence: import('./alert-board.js').SilenceInfo | null }>}
   */
  async create(request) {
    if (this.silences.size >= this.maxSilences) this.expire();
    if (this.silences.size >= this.maxSilences) {
      // The oldest-ending one goes: a full table must not refuse the operator during an incident.
      const first = [...this.silences.values()].sort((a, b) => a.until - b.until)[0];
      this.silences.delete(first.id);
    }
    const silence = { id: randomUUID(), alertId: request.alertId, state: request.state, by: request.by, until: this.now() + request.durationMs, comment: request.comment };
    this.silences.set(silence.id, silence);
    return { silence: this.announce(request.alertId) };
  }

  /**
   * Ends every silence and ack of an alert.
   * @param {{ alertId: string }} request
   * @returns {Promise<{ silence: import('./alert-board.js').SilenceInfo | null }>}
   */
  async remove(request) {
    for (const s of [...this.silences.values()]) if (s.alertId === request.alertId) this.silences.delete(s.id);
    return { silence: this.announce(request.alertId) };
  }

  /** Silences whose time is up leave; their alerts are published again. */
  expire() {
    const now = this.now();
    /** @type {Set<string>} */
    const touched = new Set();
    for (const s of [...this.silences.values()]) {
      if (s.until > now) continue;
      this.silences.delete(s.id);
      touched.add(s.alertId);
    }
    for (const id of touched) this.announce(id);
  }

  /**
   * The alert's combined state (a silence outranks an ack; the latest end wins), told to the board.
   * @param {string} alertId
   */
  announce(alertId) {
    const mine = [...this.silences.values()].filter((s) => s.alertId === alertId);
    const info = summarize(mine);
    this.board.setSilence(alertId, info);
    return info;
  }
}

/**
 * @param {{ id: string, state: 'silenced' | 'acknowledged', by: string, until: number, comment: string }[]} silences
 * @returns {import('./alert-board.js').SilenceInfo | null}
 */
export function summarize(silences) {
  if (silences.length === 0) return null;
  const silenced = silences.filter((s) => s.state === 'silenced');
  const pool = silenced.length ? silenced : silences;
  const last = pool.reduce((a, b) => (b.until > a.until ? b : a));
  return { state: last.state, by: last.by, until: new Date(last.until).toISOString(), comment: last.comment, ids: silences.map((s) => s.id) };
}
