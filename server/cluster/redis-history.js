// GET /history in cluster mode: a topic's events read back from the Redis Stream, within what it
// retains (docs/cluster.md). Stream ids start with their publish time in ms, so a time range is
// an id range; entries of other topics are skipped, at most MAX_SCAN per request (then `next`
// says where to continue). Raw events only: `step` buckets are a single-node (--data) feature.
import { HttpError } from '../http-util.js';
import { HEARTBEAT_TOPIC } from '../fleet/agent-items.js';

/** Entries looked at per request at most, whatever their topics. */
const MAX_SCAN = 50_000;
const PAGE = 1000;
/** Payload bytes per response at most (as with --data). */
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * @param {{ redis: import('ioredis').Redis, streamKey: string }} deps
 */
export function createRedisHistory({ redis, streamKey }) {
  return {
    /**
     * @param {{ topic: string, since: number, until: number, limit: number, step: number | null, cursor: string | null, order: 'asc' | 'desc' }} q
     * @returns {Promise<{ items: { id: string, ts: number, data: unknown }[], next: string | null }>}
     */
    async query(q) {
      if (q.step !== null) throw new HttpError(400, 'step is not available with --redis: history comes raw from the stream (use --data on one node, or Prometheus)', { field: 'step' });
      if (q.cursor !== null && !/^\d{1,16}-\d{1,16}$/.test(q.cursor)) throw new HttpError(400, 'cursor must be the next of the previous page', { field: 'cursor' });
      const asc = q.order === 'asc';
      // Ids are `<ms>-<seq>`: `since` is inclusive, `until` exclusive, a cursor is exclusive.
      let lo = q.cursor !== null && asc ? `(${q.cursor}` : String(Math.max(0, Math.floor(q.since)));
      let hi = q.cursor !== null && !asc ? `(${q.cursor}` : `(${Math.max(0, Math.floor(q.until))}`;
      /** @type {{ id: string, ts: number, data: unknown }[]} */
      const items = [];
      let scanned = 0;
      let bytes = 0;
      let last = /** @type {string | null} */ (null);
      let exhausted = false;
      while (items.length < q.limit && scanned < MAX_SCAN && bytes < MAX_BYTES) {
        const entries = /** @type {[string, string[]][]} */ (asc ? await redis.xrange(streamKey, lo, hi, 'COUNT', PAGE) : await redis.xrevrange(streamKey, hi, lo, 'COUNT', PAGE));
        if (entries.length === 0) {
          exhausted = true;
          break;
        }
        for (const [id, fields] of entries) {
          scanned++;
          last = id;
          const t = fields[fields.indexOf('t') + 1];
          if (t !== q.topic || t === HEARTBEAT_TOPIC) continue;
          const json = fields[fields.indexOf('d') + 1] ?? 'null';
          let data;
          try {
            data = JSON.parse(json);
          } catch {
            continue;
          }
          const ts = payloadTs(data) ?? Number(id.slice(0, id.indexOf('-')));
          items.push({ id, ts, data });
          bytes += json.length;
          if (items.length >= q.limit || bytes >= MAX_BYTES) break;
        }
        if (last === null) break;
        if (asc) lo = `(${last}`;
        else hi = `(${last}`;
        if (entries.length < PAGE && items.length < q.limit) {
          exhausted = true;
          break;
        }
      }
      return { items, next: exhausted || last === null ? null : last };
    },
  };
}

/** @param {unknown} data */
function payloadTs(data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const ts = /** @type {Record<string, unknown>} */ (data).ts;
  if (typeof ts === 'number' && Number.isFinite(ts)) return ts;
  if (typeof ts === 'string') {
    const t = Date.parse(ts);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}
