// Acks and silences kept by the server itself, when there is no Alertmanager to keep them: each
// targets one alert id, ends at its `until`, and every change reaches every viewer through the
// alert board (the alert is published again with its `silence`).
//
// They live in a shared table (server/shared-state.js, `silences`): in memory on one node, in
// Redis on a cluster, so every node answers the same (an ack on one node does not hide a silence
// made on another, Unsilence anywhere lifts both). Writes resolve once stored and throw
// UnavailableError while Redis is down (the route answers 503). Entries expire on their own
// (the table's TTL); when one does, the node that runs what happens once per stream (the lease
// holder) publishes the alert again and removes the entry from the table. Bounded.
import { randomUUID } from 'node:crypto';

/**
 * @typedef {object} LocalSilence
 * @property {string} alertId
 * @property {'silenced' | 'acknowledged'} state
 * @property {string} by
 * @property {number} until epoch ms
 * @property {string} comment
 */

export class LocalSilences {
  /**
   * @param {{ board: import('./alert-board.js').AlertBoard, table: import('./shared-state.js').SharedTable,
   *   runs?: () => boolean, maxSilences?: number, now?: () => number }} options
   *   runs: whether this node publishes expiries (a cluster: the lease holder only)
   */
  constructor(options) {
    this.board = options.board;
    this.table = options.table;
    this.runs = options.runs ?? (() => true);
    this.maxSilences = options.maxSilences ?? 1000;
    this.now = options.now ?? Date.now;
    /** @type {Map<string, string>} silence id -> alert id, for entries the table no longer has the value of */
    this.alertOf = new Map();
    /** @type {Set<string>} alerts whose silences expired since the last sweep */
    this.expired = new Set();
    /** @type {Set<string>} silences that expired here, still to remove from the shared table */
    this.expiredIds = new Set();
    this.table.onChange((id, value) => {
      if (value !== null) {
        this.alertOf.set(id, /** @type {LocalSilence} */ (value).alertId);
        return;
      }
      const alertId = this.alertOf.get(id);
      this.alertOf.delete(id);
      if (alertId === undefined) return;
      this.expired.add(alertId);
      if (this.expiredIds.size < this.maxSilences) this.expiredIds.add(id);
    });
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
  }

  start() {
    this.timer ??= setInterval(() => void this.expire(), 1000);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** @returns {[string, LocalSilence][]} live silences, oldest write first */
  silences() {
    return /** @type {[string, LocalSilence][]} */ (this.table.entries());
  }

  /**
   * @param {{ alertId: string, state: 'silenced' | 'acknowledged', by: string, durationMs: number, comment: string }} request
   * @returns {Promise<{ silence: import('./alert-board.js').SilenceInfo | null }>}
   */
  async create(request) {
    await this.table.ready;
    const live = this.silences();
    if (live.length >= this.maxSilences) {
      // The oldest-ending one goes: a full table must not refuse the operator during an incident.
      const [firstId] = live.reduce((a, b) => (b[1].until < a[1].until ? b : a));
      await this.table.delete(firstId);
    }
    const id = randomUUID();
    /** @type {LocalSilence} */
    const silence = { alertId: request.alertId, state: request.state, by: request.by, until: this.now() + request.durationMs, comment: request.comment };
    await this.table.set(id, silence, { ttlMs: request.durationMs });
    // set() resolves once this node's copy has it; counted in explicitly all the same, in case
    // the copy was slower than set()'s patience (a busy reader).
    const mine = this.silences().filter(([sid, s]) => s.alertId === request.alertId && sid !== id);
    return { silence: await this.announce(request.alertId, [...mine, [id, silence]]) };
  }

  /**
   * Ends every silence and ack of an alert.
   * @param {{ alertId: string }} request
   * @returns {Promise<{ silence: import('./alert-board.js').SilenceInfo | null }>}
   */
  async remove(request) {
    await this.table.ready;
    for (const [id, s] of this.silences()) {
      if (s.alertId !== request.alertId) continue;
      await this.table.delete(id);
      this.expiredIds.delete(id);
    }
    return { silence: await this.announce(request.alertId, []) };
  }

  /** Silences whose time is up leave; the lease holder publishes their alerts again. */
  async expire() {
    this.silences(); // reading drops what expired (the table tells onChange above)
    if (this.expired.size === 0 || !this.runs()) return;
    const touched = [...this.expired];
    this.expired.clear();
    for (const alertId of touched) {
      try {
        await this.announce(alertId, this.silences().filter(([, s]) => s.alertId === alertId));
      } catch {
        this.expired.add(alertId); // Redis down: the next sweep tries again
      }
    }
    // The shared copy (a Redis hash in a cluster) forgets them too.
    for (const id of [...this.expiredIds]) {
      this.expiredIds.delete(id);
      await this.table.delete(id).catch(() => this.expiredIds.add(id));
    }
  }

  /**
   * The alert's combined state (a silence outranks an ack; the latest end wins), published with it.
   * @param {string} alertId
   * @param {[string, LocalSilence][]} silences the alert's live silences
   */
  async announce(alertId, silences) {
    const info = summarize(silences.map(([id, s]) => ({ id, ...s })));
    await this.board.setSilence(alertId, info);
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
