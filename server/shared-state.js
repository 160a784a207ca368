// Shared state: small keyed tables every node of a deployment answers the same from (acks and
// silences of alerts, and the like). `ctx.sharedState.table(name)` is the one interface:
//
//   const silences = ctx.sharedState.table('silences');
//   await silences.set(id, { by, until, comment }, { ttlMs });   // resolves once stored
//   silences.get(id); silences.entries();                         // synchronous, local copy
//   silences.onChange((key, value) => ...);                       // value null: removed/expired
//
// One node: this in-memory store. A cluster (--redis): server/cluster/redis-state.js, where a
// write goes to a Redis hash and through the shared stream, so every node applies it in stream
// order and a node that starts later seeds from the hash. Values are JSON; entries expire at
// `ttlMs`. Bounded: at most `maxKeys` keys per table (the oldest write goes first).

/**
 * @typedef {{ value: unknown, expiresAt: number | null }} SharedEntry
 * @typedef {(key: string, value: unknown) => void} ChangeListener
 */

export const MAX_SHARED_KEYS = 10_000;

/** The per-table part both implementations share: the local copy, expiry and listeners. */
export class SharedTable {
  /**
   * @param {string} name
   * @param {(table: SharedTable, key: string, value: unknown, expiresAt: number | null) => Promise<void>} write
   * @param {() => number} now
   */
  constructor(name, write, now) {
    this.name = name;
    this.write = write;
    this.now = now;
    /** @type {Map<string, SharedEntry>} */
    this.entriesByKey = new Map();
    /** @type {Set<ChangeListener>} */
    this.listeners = new Set();
    /** Resolves once the table holds what the deployment holds (cluster: seeded from Redis). */
    this.ready = Promise.resolve();
    /** @type {Map<string, () => void>} writes of this node waiting to be applied here (by write id) */
    this.pending = new Map();
  }

  /**
   * Resolves once the write `writeId` was applied to this copy (or after `timeoutMs`): a cluster
   * node reads its own writes back from the stream, and a caller that set something expects to
   * find it when it reads next.
   * @param {string} writeId
   * @param {number} timeoutMs
   * @returns {{ applied: Promise<void>, cancel: () => void }}
   */
  expect(writeId, timeoutMs) {
    /** @type {() => void} */
    let done = () => {};
    const applied = new Promise((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      timer.unref();
      done = () => {
        clearTimeout(timer);
        this.pending.delete(writeId);
        resolve(undefined);
      };
    });
    this.pending.set(writeId, done);
    return { applied, cancel: done };
  }

  /** @param {string} key */
  get(key) {
    const e = this.entriesByKey.get(key);
    if (!e) return undefined;
    if (e.expiresAt !== null && e.expiresAt <= this.now()) {
      this.apply(key, null, null);
      return undefined;
    }
    return e.value;
  }

  /** @returns {[string, unknown][]} live entries, oldest write first */
  entries() {
    const out = [];
    for (const key of [...this.entriesByKey.keys()]) {
      const v = this.get(key);
      if (v !== undefined) out.push(/** @type {[string, unknown]} */ ([key, v]));
    }
    return out;
  }

  /**
   * @param {string} key
   * @param {unknown} value any JSON value but null
   * @param {{ ttlMs?: number }} [options]
   */
  set(key, value, options = {}) {
    if (typeof key !== 'string' || key.length === 0 || key.length > 256) return Promise.reject(new RangeError('key must be a string of 1-256 characters'));
    if (value === null || value === undefined || JSON.stringify(value) === undefined) return Promise.reject(new TypeError('value must be JSON (not null)'));
    const expiresAt = options.ttlMs ? this.now() + options.ttlMs : null;
    return this.write(this, key, value, expiresAt);
  }

  /** @param {string} key */
  delete(key) {
    return this.write(this, key, null, null);
  }

  /** @param {ChangeListener} listener */
  onChange(listener) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Applies a write (local, or read back from the stream) and tells the listeners.
   * @param {string} key
   * @param {unknown} value null removes
   * @param {number | null} expiresAt
   * @param {string} [writeId] the write this is (cluster: a write of this node waits for it, see expect)
   */
  apply(key, value, expiresAt, writeId) {
    this.entriesByKey.delete(key);
    if (value !== null) {
      this.entriesByKey.set(key, { value, expiresAt });
      while (this.entriesByKey.size > MAX_SHARED_KEYS) this.entriesByKey.delete(/** @type {string} */ (this.entriesByKey.keys().next().value));
    }
    for (const listener of this.listeners) {
      try {
        listener(key, value);
      } catch (err) {
        process.emitWarning(`pulseboard: shared-state listener failed: ${/** @type {Error} */ (err).message}`);
      }
    }
    if (writeId !== undefined) this.pending.get(writeId)?.();
  }
}

/** One node: writes apply at once. */
export class LocalSharedState {
  /** @param {{ now?: () => number }} [options] */
  constructor(options = {}) {
    this.now = options.now ?? Date.now;
    /** @type {Map<string, SharedTable>} */
    this.tables = new Map();
  }

  /** @param {string} name */
  table(name) {
    let t = this.tables.get(name);
    if (!t) {
      t = new SharedTable(name, async (table, key, value, expiresAt) => table.apply(key, value, expiresAt), this.now);
      this.tables.set(name, t);
    }
    return t;
  }
}
