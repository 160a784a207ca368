// Shared state in cluster mode (the interface is server/shared-state.js). A write is one Lua call:
// HSET (or HDEL) in `<prefix>:shared:<table>` plus a `pulse.state` entry in the shared stream.
// Every node's reader applies `pulse.state` entries in stream order (they never reach clients),
// so all nodes converge on the same table; a node that starts later seeds from the hash.
// `set()` resolves once Redis has the write (and rejects with UnavailableError when it is down)
// and this node's copy applied it (it comes back through the stream a few ms later): a node reads
// its own writes.
import { randomBytes } from 'node:crypto';
import { SharedTable } from '../shared-state.js';
import { UnavailableError } from '../http-util.js';

export const STATE_TOPIC = 'pulse.state';

/**
 * KEYS[1] hash, KEYS[2] stream; ARGV[1] field, ARGV[2] stored value ('' deletes),
 * ARGV[3] stream payload, ARGV[4] approximate max stream length.
 */
const WRITE = `
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 't', 'pulse.state', 'd', ARGV[3])
`;

export class RedisSharedState {
  /**
   * @param {{ redis: () => import('ioredis').Redis | null, up: () => boolean, prefix: string, streamKey: string, maxLen: number, now?: () => number }} deps
   */
  constructor(deps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    /** @type {Map<string, SharedTable>} */
    this.tables = new Map();
  }

  /** @param {string} name */
  table(name) {
    let t = this.tables.get(name);
    if (t) return t;
    const table = new SharedTable(name, (tbl, key, value, expiresAt) => this.write(tbl, key, value, expiresAt), this.now);
    table.ready = this.seed(table);
    this.tables.set(name, table);
    return table;
  }

  /** @param {string} name */
  hashKey(name) {
    return `${this.deps.prefix}:shared:${name}`;
  }

  /**
   * @param {SharedTable} table
   * @param {string} key
   * @param {unknown} value
   * @param {number | null} expiresAt
   */
  async write(table, key, value, expiresAt) {
    const redis = this.deps.redis();
    if (!redis || !this.deps.up()) throw new UnavailableError('redis unavailable: the change was not stored; retry later');
    const stored = value === null ? '' : JSON.stringify({ value, expiresAt });
    const w = randomBytes(8).toString('hex');
    const entry = JSON.stringify({ table: table.name, key, value, expiresAt, w });
    // Registered before the write: the reader may apply it before Redis's answer arrives.
    const wait = table.expect(w, 3000);
    try {
      await redis.eval(WRITE, 2, this.hashKey(table.name), this.deps.streamKey, key, stored, entry, this.deps.maxLen);
    } catch (err) {
      wait.cancel();
      throw new UnavailableError(`redis unavailable: ${/** @type {Error} */ (err).message}`);
    }
    await wait.applied;
  }

  /**
   * A `pulse.state` entry read from the stream.
   * @param {unknown} data
   */
  applyEntry(data) {
    if (data === null || typeof data !== 'object') return;
    const d = /** @type {{ table?: unknown, key?: unknown, value?: unknown, expiresAt?: unknown, w?: unknown }} */ (data);
    if (typeof d.table !== 'string' || typeof d.key !== 'string') return;
    const table = this.tables.get(d.table);
    if (!table) return; // nobody on this node uses it; it seeds from the hash when someone does
    table.apply(d.key, d.value ?? null, typeof d.expiresAt === 'number' ? d.expiresAt : null, typeof d.w === 'string' ? d.w : undefined);
  }

  /** @param {SharedTable} table */
  async seed(table) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const redis = this.deps.redis();
      if (redis && this.deps.up()) {
        try {
          const all = /** @type {Record<string, string>} */ (await redis.hgetall(this.hashKey(table.name)));
          for (const [key, raw] of Object.entries(all)) {
            try {
              const { value, expiresAt } = JSON.parse(raw);
              // Entries that came through the stream meanwhile are newer than the hash read.
              if (!table.entriesByKey.has(key)) table.apply(key, value, expiresAt ?? null);
            } catch {
              /* an unreadable entry is skipped */
            }
          }
          return;
        } catch {
          /* Redis went away: try again */
        }
      }
      await new Promise((r) => setTimeout(r, 200).unref());
    }
  }
}
