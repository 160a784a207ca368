// Persistence: every published event in an embedded SQLite file (better-sqlite3, WAL).
//
// - Writes are buffered and committed in one transaction every `flushMs` (default 250 ms), so a
//   kill -9 loses at most that much; WAL with synchronous=FULL means a commit is on disk when it
//   returns and the file is never corrupt, whatever kills the process.
// - Ids: the hub is seeded with the next id after the newest one stored. Every commit also
//   stores an id "ceiling" far above the newest id; after an unclean stop the sequence restarts
//   above that ceiling, so ids the lost (unflushed) events had are never handed out again.
// - Metric payloads (a number, or an object whose fields other than `ts` are all numbers or
//   null) older than `rawMetricsMs` (1 h) are folded into per-minute rollups (count, min, max,
//   sum per field) and their raw rows deleted. Everything else is kept raw.
// - Retention by age (`retainMs`, default 7 days) and by size (`maxBytes`): the oldest data goes.
// - `intactFrom`: every event with an id at or above it is still stored raw, so a client can be
//   resumed from the database without a gap from any Last-Event-ID >= intactFrom - 1.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

/** Ids skipped after an unclean stop (far above anything one flush can hold). */
export const ID_RESERVE = 1_000_000;
const MINUTE = 60_000;
/** Pending writes that force an immediate commit (bounds memory and the id ceiling). */
const MAX_PENDING = 10_000;
/** Rows folded or deleted per transaction, and transactions per maintenance step (keeps each step short). */
const MAINTENANCE_BATCH = 20_000;
const MAINTENANCE_ROUNDS = 2;

/**
 * @typedef {object} HistoryStoreOptions
 * @property {string} dir folder of the database file (created if missing)
 * @property {number} [retainMs] keep this long (default 7 days)
 * @property {number} [maxBytes] keep the database's used pages under this (default 1 GiB)
 * @property {number} [flushMs] commit interval (default 250)
 * @property {number} [rawMetricsMs] metric points older than this become per-minute rollups (default 1 h)
 * @property {number} [maintenanceMs] downsampling and retention interval (default 60 s)
 * @property {() => number} [now] clock (tests)
 */

/** How to get persistence, in one line: the driver is an optional peer, so a web app's install skips it. */
export const ENABLE_DATA_HINT =
  'run `npm install better-sqlite3` (an optional peer dependency; it compiles SQLite with python3, make and a C++ compiler, and npm 11 must be allowed to run its install script), then start with --data DIR again';

/**
 * Loads the driver; a clear one-line error when it is missing or was not built.
 * @returns {any}
 */
export function loadDriver() {
  try {
    return require('better-sqlite3');
  } catch (err) {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    const missing = e.code === 'MODULE_NOT_FOUND' && /better-sqlite3/.test(e.message.split('\n')[0]);
    throw new Error(
      missing
        ? `--data needs the SQLite driver better-sqlite3, which is not installed: ${ENABLE_DATA_HINT}.`
        : `--data needs the SQLite driver better-sqlite3, which could not be loaded (${e.message.split('\n')[0]}): run \`npm rebuild better-sqlite3\`, or run without --data.`,
    );
  }
}

/** True when `--data` would work (the SQLite driver loads). */
export function driverAvailable() {
  try {
    loadDriver();
    return true;
  } catch {
    return false;
  }
}

/**
 * A payload is a metric point when it is a finite number or a flat object whose fields other
 * than `ts` are all numbers (or null) with at least one finite number. Returns the numeric
 * fields, or null.
 * @param {unknown} data
 * @returns {Record<string, number> | null}
 */
export function metricFields(data) {
  if (typeof data === 'number') return Number.isFinite(data) ? { value: data } : null;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  /** @type {Record<string, number>} */
  const out = Object.create(null);
  let n = 0;
  for (const [key, v] of Object.entries(data)) {
    if (key === 'ts') continue;
    if (v === null) continue;
    if (typeof v !== 'number') return null;
    if (Number.isFinite(v)) {
      out[key] = v;
      n++;
    }
  }
  return n > 0 ? out : null;
}

/**
 * The time of a payload: its `ts` (epoch ms or ISO-8601) when usable, else the publish time.
 * @param {unknown} data
 * @param {number} published
 */
export function payloadTime(data, published) {
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && Object.prototype.hasOwnProperty.call(data, 'ts')) {
    const ts = /** @type {Record<string, unknown>} */ (data).ts;
    if (typeof ts === 'number' && Number.isFinite(ts)) return Math.round(ts);
    if (typeof ts === 'string') {
      const parsed = Date.parse(ts);
      if (Number.isFinite(parsed)) return parsed;
    }
  }
  return published;
}

/**
 * @typedef {{ id: number, topic: string, json: string, ts?: number }} StoredRecord
 * @typedef {{ id: string | null, ts: number, data: unknown, min?: Record<string, number>, max?: Record<string, number>, count?: number }} HistoryItem
 */

export class HistoryStore {
  /** @param {HistoryStoreOptions} options */
  constructor(options) {
    const Database = loadDriver();
    this.dir = resolve(options.dir);
    this.retainMs = options.retainMs ?? 7 * 86_400_000;
    this.maxBytes = options.maxBytes ?? 1024 ** 3;
    this.flushMs = options.flushMs ?? 250;
    this.rawMetricsMs = options.rawMetricsMs ?? 3_600_000;
    this.maintenanceMs = options.maintenanceMs ?? 60_000;
    this.now = options.now ?? Date.now;
    mkdirSync(this.dir, { recursive: true });
    this.file = join(this.dir, 'pulseboard.db');
    const db = new Database(this.file);
    this.db = db;
    // Before the first table exists: lets maintenance hand freed pages back to the file system.
    if (db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() === 0) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('journal_size_limit = 67108864');
    db.pragma('busy_timeout = 2000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY, topic TEXT NOT NULL, ts INTEGER NOT NULL, metric INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS events_topic_ts ON events (topic, ts, id);
      CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
      CREATE TABLE IF NOT EXISTS rollups (
        topic TEXT NOT NULL, minute INTEGER NOT NULL, n INTEGER NOT NULL, agg TEXT NOT NULL, PRIMARY KEY (topic, minute)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
    `);
    this.stmt = {
      insert: db.prepare('INSERT OR REPLACE INTO events (id, topic, ts, metric, data) VALUES (?, ?, ?, ?, ?)'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      maxId: db.prepare('SELECT max(id) FROM events').pluck(),
      after: db.prepare('SELECT id, topic, data AS json FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?'),
      rawAsc: db.prepare('SELECT id, ts, data FROM events WHERE topic = ? AND (ts > ? OR (ts = ? AND id > ?)) AND ts < ? ORDER BY ts, id LIMIT ?'),
      rawDesc: db.prepare('SELECT id, ts, data FROM events WHERE topic = ? AND (ts < ? OR (ts = ? AND id < ?)) AND ts >= ? ORDER BY ts DESC, id DESC LIMIT ?'),
      rollAsc: db.prepare('SELECT minute, n, agg FROM rollups WHERE topic = ? AND minute >= ? AND minute < ? ORDER BY minute LIMIT ?'),
      rollDesc: db.prepare('SELECT minute, n, agg FROM rollups WHERE topic = ? AND minute >= ? AND minute < ? ORDER BY minute DESC LIMIT ?'),
      rawRange: db.prepare('SELECT ts, data FROM events WHERE topic = ? AND metric = 1 AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?'),
      oldMetrics: db.prepare('SELECT id, topic, ts, data FROM events WHERE ts < ? AND metric = 1 ORDER BY ts LIMIT ?'),
      getRollup: db.prepare('SELECT n, agg FROM rollups WHERE topic = ? AND minute = ?'),
      putRollup: db.prepare('INSERT OR REPLACE INTO rollups (topic, minute, n, agg) VALUES (?, ?, ?, ?)'),
      deleteId: db.prepare('DELETE FROM events WHERE id = ?'),
      expired: db.prepare('SELECT id FROM events WHERE ts < ? ORDER BY ts LIMIT ?').pluck(),
      expireRollups: db.prepare('DELETE FROM rollups WHERE minute < ?'),
      oldestEvent: db.prepare('SELECT min(ts) FROM events').pluck(),
      countEvents: db.prepare('SELECT count(*) FROM events').pluck(),
      tsAtOffset: db.prepare('SELECT ts FROM events ORDER BY ts LIMIT 1 OFFSET ?').pluck(),
      oldestRollup: db.prepare('SELECT min(minute) FROM rollups').pluck(),
      latestOf: db.prepare('SELECT id, topic, ts, data AS json FROM events WHERE topic = ? AND ts >= ? ORDER BY ts, id'),
      lastOf: db.prepare('SELECT id, topic, ts, data AS json FROM events WHERE topic = ? ORDER BY ts DESC, id DESC LIMIT ?'),
      counts: db.prepare('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM rollups) AS rollups'),
    };
    const stored = Number(this.stmt.maxId.get() ?? 0);
    const metaLast = Number(this.stmt.getMeta.get('lastId') ?? 0);
    const ceiling = Number(this.stmt.getMeta.get('idCeiling') ?? 0);
    const clean = Number(this.stmt.getMeta.get('clean') ?? 1) === 1;
    const last = Math.max(stored, metaLast);
    /** Was the previous run stopped without close() (crash, kill -9)? */
    this.recovered = !clean;
    /** The first id this run may hand out. */
    this.startId = (clean ? last : Math.max(last, ceiling)) + 1;
    /** Every id at or above this is still stored raw. */
    this.intactFrom = Math.max(1, Number(this.stmt.getMeta.get('intactFrom') ?? 1));
    this.lastFlushedId = this.startId - 1;
    this.stmt.setMeta.run('clean', 0);
    this.stmt.setMeta.run('idCeiling', this.startId - 1 + ID_RESERVE);
    /** @type {[number, string, number, number, string][]} */
    this.pending = [];
    this.written = 0;
    this.flushes = 0;
    this.lastFlushMs = 0;
    this.closed = false;
    this.writeBatch = db.transaction((/** @type {[number, string, number, number, string][]} */ rows) => {
      for (const row of rows) this.stmt.insert.run(row);
      const last = rows[rows.length - 1][0];
      this.stmt.setMeta.run('lastId', last);
      this.stmt.setMeta.run('idCeiling', last + ID_RESERVE);
    });
    this.flushTimer = setInterval(() => this.flush(), this.flushMs);
    this.flushTimer.unref();
    this.maintenanceTimer = setInterval(() => this.maintain(), this.maintenanceMs);
    this.maintenanceTimer.unref();
    // Once soon after start too: a server that was down for a while has work waiting.
    this.startupTimer = setTimeout(() => this.maintain(), Math.min(5000, this.maintenanceMs));
    this.startupTimer.unref();
    /** @type {NodeJS.Timeout | undefined} */
    this.moreTimer = undefined;
  }

  /**
   * Queues one published event (called for every publish).
   * @param {{ id: number, topic: string, json: string, ts: number }} record
   * @param {unknown} data the payload as published
   */
  append(record, data) {
    if (this.closed) return;
    const metric = metricFields(data) ? 1 : 0;
    this.pending.push([record.id, record.topic, payloadTime(data, record.ts), metric, record.json]);
    if (this.pending.length >= MAX_PENDING) this.flush();
  }

  /** Commits the queued events in one transaction. */
  flush() {
    if (this.pending.length === 0 || this.closed) return;
    const rows = this.pending;
    this.pending = [];
    const started = performance.now();
    try {
      this.writeBatch(rows);
      this.written += rows.length;
      this.flushes++;
      this.lastFlushedId = rows[rows.length - 1][0];
    } catch (err) {
      process.emitWarning(`pulseboard: writing ${rows.length} events to ${this.file} failed: ${/** @type {Error} */ (err).message}`);
    }
    this.lastFlushMs = performance.now() - started;
  }

  /**
   * Stored events with ids in (afterId, beforeId], oldest first, at most about `maxBytes` of
   * payload. `last` is the id the caller has now seen everything up to.
   * @param {number} afterId
   * @param {number} beforeId
   * @param {number} maxBytes
   * @param {import('./topics.js').TopicSet | null} topics
   * @returns {{ records: StoredRecord[], last: number }}
   */
  read(afterId, beforeId, maxBytes, topics) {
    if (this.pending.length > 0 && this.pending[0][0] <= beforeId) this.flush();
    /** @type {StoredRecord[]} */
    const records = [];
    let bytes = 0;
    let cursor = afterId;
    const pageRows = 500;
    // At most 10 pages scanned per call (a topic filter may skip most rows): the caller calls again.
    for (let page = 0; page < 10; page++) {
      const rows = /** @type {StoredRecord[]} */ (this.stmt.after.all(cursor, beforeId, pageRows));
      for (const row of rows) {
        cursor = row.id;
        if (topics !== null && !topics.has(row.topic)) continue;
        records.push(row);
        bytes += row.json.length;
        if (bytes >= maxBytes) return { records, last: cursor };
      }
      if (rows.length < pageRows) return { records, last: beforeId };
    }
    return { records, last: cursor };
  }

  /**
   * The latest events of `topic` with a time at or after `since`, oldest first.
   * @param {string} topic
   * @param {number} since
   * @returns {StoredRecord[]}
   */
  eventsSince(topic, since) {
    return /** @type {StoredRecord[]} */ (this.stmt.latestOf.all(topic, since));
  }

  /**
   * The newest `n` events of `topic`, oldest first.
   * @param {string} topic
   * @param {number} n
   * @returns {StoredRecord[]}
   */
  lastEvents(topic, n) {
    return /** @type {StoredRecord[]} */ (this.stmt.lastOf.all(topic, n)).reverse();
  }

  /**
   * One page of a topic's history. Raw events, plus per-minute rollups where metric points were
   * downsampled; with `step`, metric points aggregated into buckets of that many ms.
   * @param {{ topic: string, since: number, until: number, limit: number, step?: number | null, cursor?: string | null, order?: 'asc' | 'desc', maxBytes?: number }} q
   * @returns {{ items: HistoryItem[], next: string | null }}
   */
  query(q) {
    this.flush();
    if (q.step) return this.queryBuckets(q);
    const desc = q.order === 'desc';
    const maxBytes = q.maxBytes ?? 4 * 1024 * 1024;
    // Position: (ts, id); rollups sort before raw events of the same ms (id 0).
    let cts = desc ? q.until : q.since;
    let cid = desc ? 0 : -1;
    if (q.cursor) {
      const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(q.cursor);
      if (!m) throw new RangeError('cursor is not one this server gave');
      cts = Number(m[1]);
      cid = Number(m[2]);
    }
    const limit = q.limit;
    /** @type {{ id: number, ts: number, data: string }[]} */
    const raw = desc
      ? this.stmt.rawDesc.all(q.topic, cts, cts, cid, q.since, limit + 1)
      : this.stmt.rawAsc.all(q.topic, cts, cts, cid, q.until, limit + 1);
    // Rollup minutes in the remaining range (a rollup at exactly cts sorts before every raw id).
    const rollFrom = desc ? q.since : cid < 0 ? cts : cts + 1;
    const rollTo = desc ? (cid > 0 ? cts + 1 : cts) : q.until;
    /** @type {{ minute: number, n: number, agg: string }[]} */
    const rolls = rollFrom < rollTo ? (desc ? this.stmt.rollDesc : this.stmt.rollAsc).all(q.topic, rollFrom, rollTo, limit + 1) : [];
    /** @type {{ ts: number, id: number, item: () => HistoryItem, size: number }[]} */
    const merged = [];
    let i = 0;
    let j = 0;
    while (merged.length < limit + 1 && (i < raw.length || j < rolls.length)) {
      const r = raw[i];
      const u = rolls[j];
      // Ascending: rollup first on ties; descending: raw first on ties.
      const takeRoll = u && (!r || (desc ? u.minute > r.ts : u.minute <= r.ts));
      if (takeRoll) {
        j++;
        merged.push({ ts: u.minute, id: 0, size: u.agg.length, item: () => rollupItem(u.minute, u.n, u.agg) });
      } else {
        i++;
        merged.push({ ts: r.ts, id: r.id, size: r.data.length, item: () => ({ id: String(r.id), ts: r.ts, data: JSON.parse(r.data) }) });
      }
    }
    /** @type {HistoryItem[]} */
    const items = [];
    let bytes = 0;
    let next = null;
    for (let k = 0; k < merged.length; k++) {
      const m = merged[k];
      if (k === limit || (items.length > 0 && bytes + m.size > maxBytes)) {
        const prev = merged[k - 1];
        next = `${prev.ts}:${prev.id}`;
        break;
      }
      items.push(m.item());
      bytes += m.size;
    }
    return { items, next };
  }

  /**
   * @param {{ topic: string, since: number, until: number, limit: number, step?: number | null, cursor?: string | null }} q
   * @returns {{ items: HistoryItem[], next: string | null }}
   */
  queryBuckets(q) {
    const step = /** @type {number} */ (q.step);
    let start = Math.floor(q.since / step) * step;
    if (q.cursor) {
      const m = /^b(-?\d{1,16})$/.exec(q.cursor);
      if (!m) throw new RangeError('cursor is not one this server gave');
      start = Number(m[1]);
    }
    const end = Math.min(q.until, start + q.limit * step);
    /** @type {Map<number, Record<string, [number, number, number, number]>>} */
    const buckets = new Map();
    const add = (/** @type {number} */ ts, /** @type {string} */ field, /** @type {number} */ n, /** @type {number} */ min, /** @type {number} */ max, /** @type {number} */ sum) => {
      const b = Math.floor(ts / step) * step;
      let agg = buckets.get(b);
      if (!agg) buckets.set(b, (agg = Object.create(null)));
      const a = /** @type {Record<string, [number, number, number, number]>} */ (agg)[field];
      if (a) {
        a[0] += n;
        a[1] = Math.min(a[1], min);
        a[2] = Math.max(a[2], max);
        a[3] += sum;
      } else /** @type {Record<string, [number, number, number, number]>} */ (agg)[field] = [n, min, max, sum];
    };
    const from = Math.max(start, q.since);
    for (const row of /** @type {{ minute: number, n: number, agg: string }[]} */ (this.stmt.rollAsc.all(q.topic, from, end, 1_000_000))) {
      const agg = JSON.parse(row.agg);
      for (const field of Object.keys(agg)) {
        const [n, min, max, sum] = agg[field];
        add(row.minute, field, n, min, max, sum);
      }
    }
    for (const row of /** @type {{ ts: number, data: string }[]} */ (this.stmt.rawRange.all(q.topic, from, end, 2_000_000))) {
      const fields = metricFields(JSON.parse(row.data));
      if (!fields) continue;
      for (const field of Object.keys(fields)) add(row.ts, field, 1, fields[field], fields[field], fields[field]);
    }
    const items = [...buckets.keys()].sort((a, b) => a - b).map((b) => bucketItem(b, /** @type {Record<string, [number, number, number, number]>} */ (buckets.get(b))));
    return { items, next: end < q.until ? `b${end}` : null };
  }

  /**
   * Downsampling, retention by age, then by size. Each call does a bounded amount of work.
   * @returns {{ folded: number, expired: number, trimmed: number }}
   */
  maintain() {
    if (this.closed) return { folded: 0, expired: 0, trimmed: 0 };
    this.flush();
    const now = this.now();
    const folded = this.downsample(Math.floor((now - this.rawMetricsMs) / MINUTE) * MINUTE);
    const expired = this.expire(now - this.retainMs);
    let trimmed = 0;
    for (let round = 0, used = this.usedBytes(); round < 5 && used > this.maxBytes; round++, used = this.usedBytes()) {
      const oldest = Math.min(Number(this.stmt.oldestEvent.get() ?? now), Number(this.stmt.oldestRollup.get() ?? now));
      if (oldest >= now) break;
      // Drop the oldest events in proportion to the excess (plus 5 %), and rollups older than them.
      const share = Math.min(1, 1 - this.maxBytes / used + 0.05);
      const count = Number(this.stmt.countEvents.get());
      const at = count > 0 ? Number(this.stmt.tsAtOffset.get(Math.min(count - 1, Math.floor(count * share)))) : NaN;
      const cut = Number.isFinite(at) ? at + 1 : oldest + Math.max(MINUTE, Math.ceil((now - oldest) * share));
      trimmed += this.expire(cut);
    }
    if (folded + expired + trimmed > 0) {
      // Shrink the file when more than a quarter of it is free pages (after a backlog or a trim);
      // below that, SQLite reuses them for new events.
      const free = Number(this.db.pragma('freelist_count', { simple: true }));
      const pages = Number(this.db.pragma('page_count', { simple: true }));
      if (free > pages / 4) this.db.pragma(`incremental_vacuum(${Math.min(free, 25_000)})`);
      this.db.pragma('wal_checkpoint(PASSIVE)');
    }
    // More waiting (a backlog after downtime): continue in a moment, letting events through between steps.
    if (folded + expired >= MAINTENANCE_BATCH * MAINTENANCE_ROUNDS) {
      clearTimeout(this.moreTimer);
      this.moreTimer = setTimeout(() => this.maintain(), 20);
      this.moreTimer.unref();
    }
    return { folded, expired, trimmed };
  }

  /**
   * Folds raw metric points older than `cutoff` into per-minute rollups.
   * @param {number} cutoff
   */
  downsample(cutoff) {
    let folded = 0;
    const run = this.db.transaction(() => {
      /** @type {{ id: number, topic: string, ts: number, data: string }[]} */
      const rows = this.stmt.oldMetrics.all(cutoff, MAINTENANCE_BATCH);
      /** @type {Map<string, { topic: string, minute: number, n: number, agg: Record<string, [number, number, number, number]> }>} */
      const groups = new Map();
      let maxId = 0;
      for (const row of rows) {
        const minute = Math.floor(row.ts / MINUTE) * MINUTE;
        const key = `${minute}\u0000${row.topic}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { topic: row.topic, minute, n: 0, agg: Object.create(null) }));
        const fields = metricFields(JSON.parse(row.data));
        g.n++;
        if (fields) for (const f of Object.keys(fields)) mergeAgg(g.agg, f, [1, fields[f], fields[f], fields[f]]);
        this.stmt.deleteId.run(row.id);
        maxId = Math.max(maxId, row.id);
      }
      for (const g of groups.values()) {
        const existing = /** @type {{ n: number, agg: string } | undefined} */ (this.stmt.getRollup.get(g.topic, g.minute));
        if (existing) {
          const old = JSON.parse(existing.agg);
          for (const f of Object.keys(old)) mergeAgg(g.agg, f, old[f]);
          g.n += existing.n;
        }
        this.stmt.putRollup.run(g.topic, g.minute, g.n, JSON.stringify(g.agg));
      }
      if (maxId >= this.intactFrom) this.setIntactFrom(maxId + 1);
      return rows.length;
    });
    for (let round = 0; round < MAINTENANCE_ROUNDS; round++) {
      const n = run();
      folded += n;
      if (n < MAINTENANCE_BATCH) break;
    }
    return folded;
  }

  /**
   * Deletes events and rollups older than `cutoff`.
   * @param {number} cutoff
   */
  expire(cutoff) {
    let deleted = 0;
    const run = this.db.transaction(() => {
      const ids = /** @type {number[]} */ (this.stmt.expired.all(cutoff, MAINTENANCE_BATCH));
      let maxId = 0;
      for (const id of ids) {
        this.stmt.deleteId.run(id);
        if (id > maxId) maxId = id;
      }
      if (maxId >= this.intactFrom) this.setIntactFrom(maxId + 1);
      return ids.length;
    });
    for (let round = 0; round < MAINTENANCE_ROUNDS; round++) {
      const n = run();
      deleted += n;
      if (n < MAINTENANCE_BATCH) break;
    }
    deleted += this.stmt.expireRollups.run(cutoff).changes;
    return deleted;
  }

  /** @param {number} id */
  setIntactFrom(id) {
    this.intactFrom = id;
    this.stmt.setMeta.run('intactFrom', id);
  }

  /** Bytes of the database's pages in use (free pages excluded: SQLite reuses them). */
  usedBytes() {
    const pageSize = Number(this.db.pragma('page_size', { simple: true }));
    const pages = Number(this.db.pragma('page_count', { simple: true }));
    const free = Number(this.db.pragma('freelist_count', { simple: true }));
    return (pages - free) * pageSize;
  }

  /** For /health. */
  stats() {
    const counts = /** @type {{ events: number, rollups: number }} */ (this.stmt.counts.get());
    return {
      file: this.file,
      events: counts.events,
      rollups: counts.rollups,
      usedBytes: this.usedBytes(),
      maxBytes: this.maxBytes,
      retainMs: this.retainMs,
      written: this.written,
      pending: this.pending.length,
      lastFlushMs: Math.round(this.lastFlushMs * 10) / 10,
      intactFrom: String(this.intactFrom),
      recovered: this.recovered,
    };
  }

  /** Commits what is pending, marks a clean stop and closes the file. */
  close() {
    if (this.closed) return;
    clearInterval(this.flushTimer);
    clearInterval(this.maintenanceTimer);
    clearTimeout(this.startupTimer);
    clearTimeout(this.moreTimer);
    this.flush();
    this.closed = true;
    try {
      this.stmt.setMeta.run('clean', 1);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}

/**
 * @param {Record<string, [number, number, number, number]>} agg
 * @param {string} field
 * @param {[number, number, number, number]} v count, min, max, sum
 */
function mergeAgg(agg, field, v) {
  const a = agg[field];
  if (!a) {
    agg[field] = [v[0], v[1], v[2], v[3]];
    return;
  }
  a[0] += v[0];
  a[1] = Math.min(a[1], v[1]);
  a[2] = Math.max(a[2], v[2]);
  a[3] += v[3];
}

/**
 * @param {number} ts
 * @param {Record<string, [number, number, number, number]>} agg
 * @param {number} [count]
 * @returns {HistoryItem}
 */
function bucketItem(ts, agg, count) {
  // Null-prototype records: field names come from payloads.
  /** @type {Record<string, number>} */
  const data = Object.create(null);
  data.ts = ts;
  /** @type {Record<string, number>} */
  const min = Object.create(null);
  /** @type {Record<string, number>} */
  const max = Object.create(null);
  let n = 0;
  for (const field of Object.keys(agg)) {
    const [c, lo, hi, sum] = agg[field];
    data[field] = sum / c;
    min[field] = lo;
    max[field] = hi;
    n = Math.max(n, c);
  }
  return { id: null, ts, data, min, max, count: count ?? n };
}

/**
 * @param {number} minute
 * @param {number} n
 * @param {string} agg
 */
function rollupItem(minute, n, agg) {
  return bucketItem(minute, JSON.parse(agg), n);
}
