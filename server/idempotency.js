// Idempotency keys for POST /ingest (the `Idempotency-Key` request header): a sender that retries
// a batch after a timeout or a 5xx sends the same key, and a batch already accepted is answered
// again with its first answer instead of being published twice. Single-node memory store; in
// cluster mode the check and the publish are one Redis script (server/cluster/redis-hub.js).
//
// Bounded: at most `maxKeys` keys, each kept `ttlMs` (a sender that retries for longer than that
// may be published twice, which docs/fleet.md says); the oldest key goes first.

/** What an idempotency key may look like: the header value, 1-128 characters. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:@-]{1,128}$/;

export class IdempotencyStore {
  /** @param {{ maxKeys?: number, ttlMs?: number, now?: () => number }} [options] */
  constructor(options = {}) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
    /** @type {Map<string, { ids: string[], at: number }>} insertion order = age */
    this.keys = new Map();
    this.duplicates = 0;
  }

  /**
   * The ids a key's batch got, if it was accepted within the TTL.
   * @param {string} key
   * @returns {string[] | undefined}
   */
  get(key) {
    const hit = this.keys.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at > this.ttlMs) {
      this.keys.delete(key);
      return undefined;
    }
    this.duplicates++;
    return hit.ids;
  }

  /**
   * @param {string} key
   * @param {string[]} ids
   */
  set(key, ids) {
    this.keys.delete(key);
    this.keys.set(key, { ids, at: this.now() });
    while (this.keys.size > this.maxKeys) this.keys.delete(/** @type {string} */ (this.keys.keys().next().value));
  }

  stats() {
    return { keys: this.keys.size, maxKeys: this.maxKeys, duplicates: this.duplicates };
  }
}
