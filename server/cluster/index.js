// `--redis URL`: every node of a cluster publishes into ONE Redis Stream and reads it back with
// ONE blocking reader, fanning out in-process to its own clients (docs/cluster.md).
//
// - Ids are the stream's ids (`<ms>-<seq>`), the same on every node, so a client resumes on any
//   node from its Last-Event-ID: from the node's local history when it holds the point, else
//   from Redis (a paged catch-up, then the local history). A point older than what Redis still
//   holds (trimmed by MAXLEN ~ / MINID ~) gets `pulse.gap`: it lies before XINFO's first entry.
// - Writes (`/ingest`, webhooks) go through one Lua script (scripts.js): all items of a request
//   or none, once per Idempotency-Key, plus the keyed state fresh clients are sent. 202 only once
//   Redis answered; while it is down, UnavailableError (503 + Retry-After) and nothing accepted.
// - Every node derives the same state from the same stream: the state snapshot (alerts, agents,
//   last log lines), agent heartbeats (fleet/registry.js). What must happen once per stream
//   (threshold alerts, the agent-events aggregator) runs on the node holding a lease.
// - Redis down: nodes keep serving their clients what they have, /health says `redis: down`,
//   and the reader and writer reconnect by themselves (ioredis), without a restart.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { ClusterHub } from './redis-hub.js';
import { APPEND, LEASE } from './scripts.js';
import { createRedisHistory } from './redis-history.js';
import { RedisSharedState, STATE_TOPIC } from './redis-state.js';
import { byteChunks } from '../byte-chunks.js';
import { KEYED_TOPICS, StateSnapshot } from '../state-snapshot.js';
import { UnavailableError } from '../http-util.js';
import { compareIds, compareStreamKeys, parseStreamId } from '../event-id.js';
import { HEARTBEAT_TOPIC } from '../fleet/agent-items.js';
import { ALERTS_TOPIC } from '../alert-board.js';

/**
 * @typedef {object} RedisOptions
 * @property {string} url `redis://[user:password@]host:port[/db]` (or `rediss://`)
 * @property {string} [prefix] key prefix: the stream is `<prefix>:stream` (default `pulseboard`)
 * @property {number} [retainMs] trim entries older than this (XTRIM MINID ~; default 1 h)
 * @property {number} [maxLen] and keep at most about this many (XADD MAXLEN ~; default 1,000,000)
 * @property {number} [idempotencyTtlMs] how long an Idempotency-Key is remembered (default 15 min)
 * @property {string} [node] this node's name in /health and the lease (default host:pid:random)
 */

/** Entries one XREAD returns at most. */
const READ_COUNT = 512;
/** How long one XREAD blocks (the reader's connection times out well after it). */
const BLOCK_MS = 2000;
/** Entries per catch-up page for a client resuming from before the local history. */
const CATCH_UP_PAGE = 500;
/** Internal publishes queued while a write is under way (demo sources, request log, alerts). */
const MAX_PENDING = 10_000;
const LEASE_MS = 10_000;

/** @param {unknown} err */
const message = (err) => /** @type {Error} */ (err)?.message ?? String(err);

/**
 * Fields of a stream entry (`t` topic, `d` JSON).
 * @param {string[]} fields
 */
function entryFields(fields) {
  let topic = '';
  let json = '';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 't') topic = fields[i + 1];
    else if (fields[i] === 'd') json = fields[i + 1];
  }
  return { topic, json };
}

/**
 * @param {import('../options.js').ResolvedOptions} options
 */
export function createCluster(options) {
  // ioredis is an optional peer (a web app that installs Pulseboard for its elements needs no
  // Redis client): say what to install before anything starts, in one line.
  try {
    createRequire(import.meta.url).resolve('ioredis');
  } catch {
    throw new Error('--redis needs the Redis client ioredis, which is not installed: run `npm install ioredis` (an optional peer dependency)');
  }
  const cfg = /** @type {Required<RedisOptions>} */ ({
    prefix: 'pulseboard',
    retainMs: 3_600_000,
    maxLen: 1_000_000,
    idempotencyTtlMs: 15 * 60_000,
    node: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    ...options.redis,
  });
  const streamKey = `${cfg.prefix}:stream`;
  const statePrefix = `${cfg.prefix}:state:`;
  const leaseKey = `${cfg.prefix}:lease`;
  const hub = new ClusterHub({ historySize: options.history, historyBytes: options.historyBytes });
  // Alerts are kept by the server's alert board (alert-board.js, fed through `onAlerts`); this
  // snapshot keeps agents and the last log lines.
  const snapshot = new StateSnapshot({ ...options.data?.snapshot, keyedTopics: KEYED_TOPICS.filter((t) => t !== ALERTS_TOPIC) });
  /** @type {import('ioredis').Redis | null} */
  let writer = null;
  /** @type {import('ioredis').Redis | null} */
  let reader = null;
  let stopped = false;
  let writerReady = false;
  let readerOk = false;
  let downSince = /** @type {number | null} */ (Date.now());
  /** Position the reader continues after; null until the history was loaded. */
  let lastRead = /** @type {string | null} */ (null);
  let leaseHeldAt = 0;
  /** @type {NodeJS.Timeout[]} */
  const timers = [];
  /** @type {{ key: [number, number], resolve: () => void }[]} */
  let waiters = [];
  /** @type {{ topic: string, data: unknown }[]} */
  const pending = [];
  let flushing = false;
  const counters = { entriesRead: 0, unreadable: 0, internalDropped: 0, writeFailures: 0, dataLoss: 0, catchUps: 0 };
  /** @type {Promise<void> | null} */
  let readLoop = null;
  // What Redis adds to an event's way to clients, measured on this node with one clock: from the
  // moment /ingest hands the event to Redis to the moment this node's reader fans it out.
  /** @type {Map<string, number>} stream id -> performance.now() at ingest (bounded) */
  const sentAt = new Map();
  /** @type {Map<string, number>} stream id -> fan-out time, for entries read before their write was answered */
  const readEarly = new Map();
  let measuring = false;
  const addedMs = new Float64Array(4096);
  let addedCount = 0;

  const cluster = {
    hub,
    /** Keyed tables every node answers the same from (server/shared-state.js). */
    sharedState: new RedisSharedState({ redis: () => writer, up: () => writerReady, prefix: cfg.prefix, streamKey, maxLen: cfg.maxLen }),
    /** Set by the server: where heartbeats read from the stream go (fleet/registry.js). */
    onHeartbeat: /** @type {(hb: any) => void} */ (() => {}),
    /** Set by the server: every `alerts` entry, from the history loaded at start on (alert-board.js). */
    onAlerts: /** @type {(record: import('../state-snapshot.js').SnapshotRecord, data: unknown, at: number) => void} */ (() => {}),
    /**
     * Set by the server: whether anything on this node reads the payload of `topic` (keyed state,
     * derived alerts...). Others are passed on as the JSON text they arrived as, never parsed:
     * fan-out then costs what it costs on one node.
     */
    needsData: /** @type {(topic: string) => boolean} */ (() => true),
    /** Set by the server: a control frame to every client (a `pulse.gap` when Redis lost data). */
    broadcast: /** @type {(topic: string, data: unknown) => void} */ (() => {}),
    history: /** @type {ReturnType<typeof createRedisHistory> | null} */ (null),
    /**
     * Single-use WebSocket tickets (access/tickets.js): issued on one node, taken on any (the
     * ticket request and the upgrade may reach different nodes). SET with a TTL, GETDEL to take.
     * @type {import('../access/tickets.js').SharedTickets}
     */
    tickets: {
      async put(key, json, ttlMs) {
        if (!writer || !writerReady) throw new UnavailableError('redis unavailable');
        await writer.set(`${cfg.prefix}:ticket:${key}`, json, 'PX', Math.ceil(ttlMs), 'NX');
      },
      async take(key) {
        if (!writer || !writerReady) throw new UnavailableError('redis unavailable');
        return writer.getdel(`${cfg.prefix}:ticket:${key}`);
      },
    },

    /** True while this node holds the lease for what runs once per stream. */
    isLeader() {
      return Date.now() - leaseHeldAt < LEASE_MS - 1000;
    },

    /** Redis reachable for writes and the reader running. */
    get up() {
      return writerReady && readerOk;
    },

    /**
     * Internal sources (host metrics, simulators, threshold alerts, request log): queued and
     * written in batches; dropped and counted while Redis is down (nothing was promised to anyone).
     * @param {string} topic
     * @param {unknown} data
     */
    publish(topic, data) {
      if (!writerReady || pending.length >= MAX_PENDING) {
        counters.internalDropped++;
        return;
      }
      pending.push({ topic, data });
      if (!flushing) {
        flushing = true;
        setImmediate(flush);
      }
    },

    /**
     * Validated /ingest items into the stream, all or none, once per key.
     * @param {import('../ingest-items.js').IngestItem[]} items
     * @param {string | null} key
     * @returns {Promise<{ ids: string[], duplicate: boolean }>}
     */
    async ingest(items, key) {
      const started = performance.now();
      measuring = true;
      const { ids, duplicate } = await append(items, key);
      if (!duplicate) {
        if (sentAt.size > 10_000) sentAt.clear();
        for (const id of ids) {
          const early = readEarly.get(id);
          if (early === undefined) sentAt.set(id, started);
          else {
            readEarly.delete(id);
            addedMs[addedCount++ % addedMs.length] = early - started;
          }
        }
      }
      // Ids of heartbeats are not data ids: answer like a single node does.
      const dataIds = duplicate && ids.length !== items.length ? ids : ids.filter((_, i) => items[i].topic !== HEARTBEAT_TOPIC);
      return { ids: dataIds, duplicate };
    },

    /**
     * Where a (re)connecting client starts, from its Last-Event-ID (see the file comment).
     * @param {string | null | undefined} lastEventId
     * @param {((topic: string) => boolean) | null} [visible] what the client's token may see: it is
     *   told of a gap only when it lost events of those topics (as on one node, see app.js)
     * @returns {import('../stream-hub.js').ResumePoint | Promise<import('../stream-hub.js').ResumePoint>}
     */
    resume(lastEventId, visible = null) {
      const raw = typeof lastEventId === 'string' ? lastEventId.trim() : '';
      const live = { cursor: hub.lastId, gap: null, helloId: lastRead === null ? null : hub.lastWireId };
      if (raw === '') return live;
      if (raw === '0') return { cursor: hub.oldestId - 1, gap: null, helloId: '0' };
      const key = parseStreamId(raw);
      if (!key) return live;
      return locate(raw, key, visible);
    },

    /**
     * Current state for a client connecting without Last-Event-ID (as with --data on one node).
     * @param {string | null | undefined} lastEventId
     * @param {import('../topics.js').TopicSet | null} topics
     */
    snapshotFor(lastEventId, topics) {
      if (typeof lastEventId === 'string' && lastEventId.trim() !== '') return [];
      return snapshot.records(topics);
    },

    /** Connects, loads the newest history, starts the reader and the timers. Never throws. */
    async start() {
      const { Redis } = await import('ioredis');
      const common = { lazyConnect: true, enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 1, retryStrategy: (/** @type {number} */ n) => Math.min(100 * 2 ** Math.min(n, 5), 2000) };
      writer = new Redis(cfg.url, { ...common, commandTimeout: 3000, connectionName: `pulseboard-writer:${cfg.node}` });
      reader = new Redis(cfg.url, { ...common, commandTimeout: BLOCK_MS + 5000, connectionName: `pulseboard-reader:${cfg.node}` });
      writer.defineCommand('pulseAppend', { numberOfKeys: 2, lua: APPEND });
      writer.defineCommand('pulseLease', { numberOfKeys: 1, lua: LEASE });
      writer.on('ready', () => {
        writerReady = true;
        if (readerOk) downSince = null;
      });
      writer.on('close', () => {
        writerReady = false;
        downSince ??= Date.now();
      });
      writer.on('error', () => {}); // reported through /health; ioredis reconnects by itself
      reader.on('error', () => {});
      cluster.history = createRedisHistory({ redis: writer, streamKey });
      await Promise.allSettled([writer.connect(), reader.connect()]);
      readLoop = runReader();
      const every = (/** @type {number} */ ms, /** @type {() => Promise<unknown>} */ fn) => {
        const t = setInterval(() => void fn().catch(() => {}), ms);
        t.unref();
        timers.push(t);
      };
      every(3000, renewLease);
      every(10_000, trim);
      every(60_000, pruneState);
      void renewLease().catch(() => {});
      // Wait (briefly) for the history to load so the first clients find it; a node that starts
      // while Redis is down serves what it has and catches up once Redis is back.
      const loaded = Date.now();
      while (lastRead === null && Date.now() - loaded < 3000) await sleep(20);
    },

    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      for (const w of waiters) w.resolve();
      waiters = [];
      reader?.disconnect();
      // A blocked XREAD on a connection Redis dropped only fails at its command timeout (7 s):
      // the loop sees `stopped` and ends by itself, nothing needs waiting for that long.
      await Promise.race([readLoop?.catch(() => {}), sleep(500)]);
      if (writer && cluster.isLeader()) await writer.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, leaseKey, cfg.node).catch(() => {});
      writer?.disconnect();
    },

    /** For /health. */
    stats() {
      return {
        redis: cluster.up ? 'up' : 'down',
        downSince,
        node: cfg.node,
        leader: cluster.isLeader(),
        stream: streamKey,
        lastReadId: lastRead,
        retainMs: cfg.retainMs,
        maxLen: cfg.maxLen,
        ...counters,
        redisLatencyMs: latencySummary(),
      };
    },
  };

  /**
   * One script call: items into the stream, keyed state into hashes, the key remembered.
   * @param {{ topic: string, data: unknown }[]} items
   * @param {string | null} key
   * @returns {Promise<{ ids: string[], duplicate: boolean }>}
   */
  async function append(items, key) {
    if (!writer || !writerReady) throw new UnavailableError('redis unavailable: nothing was accepted; retry later');
    /** @type {(string | number)[]} */
    const args = [streamKey, key === null ? '' : `${cfg.prefix}:idem:${key}`, cfg.idempotencyTtlMs, cfg.maxLen, statePrefix, items.length];
    for (const { topic, data } of items) {
      const json = JSON.stringify(data);
      const states = KEYED_TOPICS.includes(topic) ? keyedStates(topic, data) : [];
      args.push(topic, json, states.length);
      for (const s of states) args.push(topic, s.key, s.json);
    }
    let reply;
    try {
      reply = /** @type {[number, string]} */ (await /** @type {any} */ (writer).pulseAppend(...args));
    } catch (err) {
      counters.writeFailures++;
      // Unknown whether Redis applied it: the sender retries; with an Idempotency-Key it is
      // then answered as a duplicate, without one it may be stored twice (docs/cluster.md).
      throw new UnavailableError(`redis unavailable: ${message(err)}; nothing acknowledged, retry later`);
    }
    const ids = reply[1] === '' ? [] : String(reply[1]).split(',');
    return { ids, duplicate: Number(reply[0]) === 1 };
  }

  /** p50/p99/max of the last 4096 ingest -> fan-out delays measured on this node. */
  function latencySummary() {
    const n = Math.min(addedCount, addedMs.length);
    if (n === 0) return { samples: 0, p50: null, p99: null, max: null };
    const sorted = Array.from(addedMs.subarray(0, n)).sort((a, b) => a - b);
    const at = (/** @type {number} */ p) => Math.round(sorted[Math.min(n - 1, Math.ceil(p * n) - 1)] * 100) / 100;
    return { samples: n, p50: at(0.5), p99: at(0.99), max: at(1) };
  }

  async function flush() {
    while (pending.length > 0) {
      const batch = pending.splice(0, 256);
      try {
        await append(batch, null);
      } catch {
        counters.internalDropped += batch.length;
      }
    }
    flushing = false;
  }

  /**
   * The keyed-state entries of an alerts/agents payload (the latest per id), as stored in Redis.
   * @param {string} topic
   * @param {unknown} data
   */
  function keyedStates(topic, data) {
    /** @type {{ key: string, json: string }[]} */
    const out = [];
    for (const item of Array.isArray(data) ? data : [data]) {
      if (item === null || typeof item !== 'object') continue;
      const id = /** @type {Record<string, unknown>} */ (item).id;
      if (typeof id === 'string' || typeof id === 'number') out.push({ key: String(id), json: JSON.stringify(item) });
    }
    return out.slice(0, 1000);
  }

  /** The reader: loads the newest history once, then follows the stream; reconnects forever. */
  async function runReader() {
    while (!stopped) {
      try {
        if (lastRead === null) await loadHistory();
        else await checkDataLoss();
        readerOk = true;
        if (writerReady) downSince = null;
        for (;;) {
          if (stopped) return;
          const res = /** @type {[string, [string, string[]][]][] | null} */ (
            await /** @type {import('ioredis').Redis} */ (reader).xread('COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', streamKey, /** @type {string} */ (lastRead))
          );
          if (res) for (const [, entries] of res) for (const [id, fields] of entries) dispatch(id, fields, false);
        }
      } catch {
        if (stopped) return;
        readerOk = false;
        downSince ??= Date.now();
        await sleep(250);
      }
    }
  }

  /** At start: the newest `history` entries into the local history, and the keyed state. */
  async function loadHistory() {
    const r = /** @type {import('ioredis').Redis} */ (reader);
    const newest = /** @type {[string, string[]][]} */ (await r.xrevrange(streamKey, '+', '-', 'COUNT', hub.historySize));
    for (const table of KEYED_TOPICS) {
      const all = /** @type {Record<string, string>} */ (await r.hgetall(statePrefix + table));
      for (const value of Object.values(all)) {
        const nl = value.indexOf('\n');
        const id = value.slice(0, nl);
        const json = value.slice(nl + 1);
        try {
          const record = { id, topic: table, json };
          const at = parseStreamId(id)?.[0] ?? Date.now();
          if (table === ALERTS_TOPIC) cluster.onAlerts(record, JSON.parse(json), at);
          else snapshot.observe(record, JSON.parse(json), at);
        } catch {
          counters.unreadable++;
        }
      }
    }
    for (let i = newest.length - 1; i >= 0; i--) dispatch(newest[i][0], newest[i][1], true);
    lastRead ??= newest.length > 0 ? newest[0][0] : '0-0';
    if (newest.length === 0) hub.lastWireId = '0-0';
    // From here on this node sees every entry: what it evicts from its own history it knows the
    // topics of (StreamHub.lostAfter). Before: the oldest entry it loaded, or, for a stream that is
    // empty now, the last id Redis generated (what was trimmed before is unknown).
    hub.seenFrom = newest.length > 0 ? newest[newest.length - 1][0] : await lastGeneratedId(r);
  }

  /**
   * XINFO's last-generated-id of the stream, or `0-0` when there is no stream yet.
   * @param {import('ioredis').Redis} r
   */
  async function lastGeneratedId(r) {
    try {
      const info = /** @type {unknown[]} */ (await r.xinfo('STREAM', streamKey));
      return String(info[info.indexOf('last-generated-id') + 1]);
    } catch (err) {
      if (/no such key/i.test(message(err))) return '0-0';
      throw err;
    }
  }

  /**
   * After the reader lost Redis: did Redis lose entries we had read (restarted without them)?
   * Then events published around its crash may be gone: every client is told `pulse.gap`.
   */
  async function checkDataLoss() {
    if (lastRead === null || lastRead === '0-0') return;
    const r = /** @type {import('ioredis').Redis} */ (reader);
    /** @type {string | null} */
    let lastGenerated = null;
    try {
      const info = /** @type {unknown[]} */ (await r.xinfo('STREAM', streamKey));
      lastGenerated = String(info[info.indexOf('last-generated-id') + 1]);
    } catch (err) {
      if (!/no such key/i.test(message(err))) throw err;
    }
    const had = /** @type {[number, number]} */ (parseStreamId(lastRead));
    const now = lastGenerated === null ? null : parseStreamId(lastGenerated);
    if (now && compareStreamKeys(now, had) >= 0) return;
    counters.dataLoss++;
    cluster.broadcast('pulse.gap', { lastEventId: lastRead, oldestId: null, reason: 'redis lost data' });
  }

  /**
   * @param {string} id
   * @param {string[]} fields
   * @param {boolean} initial loading the history at start (no listeners, old heartbeats ignored)
   */
  function dispatch(id, fields, initial) {
    lastRead = id;
    counters.entriesRead++;
    if (measuring) {
      const t = sentAt.get(id);
      if (t !== undefined) {
        sentAt.delete(id);
        addedMs[addedCount++ % addedMs.length] = performance.now() - t;
      } else {
        if (readEarly.size > 10_000) readEarly.clear();
        readEarly.set(id, performance.now());
      }
    }
    const { topic, json } = entryFields(fields);
    let data;
    if (topic.startsWith('pulse.') || KEYED_TOPICS.includes(topic) || cluster.needsData(topic)) {
      try {
        data = JSON.parse(json);
      } catch {
        counters.unreadable++;
        return;
      }
    }
    if (topic === HEARTBEAT_TOPIC) {
      if (!initial) cluster.onHeartbeat(data);
    } else if (topic === STATE_TOPIC) {
      if (!initial) cluster.sharedState.applyEntry(data); // at start, tables seed from their hashes
    } else if (topic !== '') {
      hub.appendEntry(id, topic, json, data, initial);
      const at = /** @type {number} */ (hub.at(hub.lastId)?.ts);
      if (topic === ALERTS_TOPIC) cluster.onAlerts({ id, topic, json }, data, at);
      else snapshot.observe({ id, topic, json }, data, at);
    }
    if (waiters.length > 0) {
      const key = /** @type {[number, number]} */ (parseStreamId(id));
      waiters = waiters.filter((w) => (compareStreamKeys(w.key, key) <= 0 ? (w.resolve(), false) : true));
    }
  }

  /**
   * Resume point for a stream id: in the local history, or (asynchronously) from Redis.
   * @param {string} raw
   * @param {[number, number]} key
   * @param {((topic: string) => boolean) | null} visible
   * @returns {import('../stream-hub.js').ResumePoint | Promise<import('../stream-hub.js').ResumePoint>}
   */
  function locate(raw, key, visible) {
    const newest = parseStreamId(hub.lastWireId);
    if (lastRead === null || (newest && compareStreamKeys(key, newest) > 0)) return ahead(raw, key, visible);
    const oldest = hub.oldestWireId === null ? null : parseStreamId(hub.oldestWireId);
    if (oldest && compareStreamKeys(key, oldest) >= 0) return { cursor: hub.positionOf(key), gap: null, helloId: raw };
    return fromRedis(raw, key, visible);
  }

  /**
   * The client is ahead of this node's reader: another node read further (usually by a few
   * milliseconds). Wait for our reader; an id still ahead of the stream itself is from a stream
   * that is gone (Redis lost it): the whole local history, no gap, no hello id, so the client
   * sees ids at or below its own and reports the restart itself (as on one node).
   * @param {string} raw
   * @param {[number, number]} key
   * @param {((topic: string) => boolean) | null} visible
   * @returns {Promise<import('../stream-hub.js').ResumePoint>}
   */
  async function ahead(raw, key, visible) {
    await new Promise((resolve) => {
      const w = { key, resolve: () => resolve(undefined) };
      waiters.push(w);
      setTimeout(() => {
        waiters = waiters.filter((x) => x !== w);
        resolve(undefined);
      }, 3000).unref();
    });
    const newest = parseStreamId(hub.lastWireId);
    if (lastRead !== null && newest && compareStreamKeys(key, newest) <= 0) return locate(raw, key, visible);
    return { cursor: hub.oldestId - 1, gap: null, helloId: null };
  }

  /**
   * Before the local history: read from Redis. A gap when Redis trimmed entries after the point,
   * except for a client that may see only some topics (`visible`) when this node read every entry
   * since the point and none of those it lost from its own history was of a visible topic: the
   * trimmed ones were then not this client's to miss (entries trimmed before the node read them
   * have unknown topics, so such a client gets the conservative gap).
   * @param {string} raw
   * @param {[number, number]} key
   * @param {((topic: string) => boolean) | null} visible
   * @returns {Promise<import('../stream-hub.js').ResumePoint>}
   */
  async function fromRedis(raw, key, visible) {
    if (!writer || !writerReady) throw new UnavailableError('redis unavailable');
    const info = /** @type {unknown[]} */ (await writer.xinfo('STREAM', streamKey).catch((err) => (/no such key/i.test(message(err)) ? [] : Promise.reject(err))));
    const field = (/** @type {string} */ name) => {
      const i = info.indexOf(name);
      return i >= 0 ? info[i + 1] : undefined;
    };
    // Trimming removes a prefix of the stream (XTRIM leaves max-deleted-entry-id alone; XDEL
    // sets it): a point before the first entry still present lost what followed it. (When the
    // trim boundary fell exactly after the point nothing was lost, and the gap is a false alarm.)
    const maxDeleted = parseStreamId(String(field('max-deleted-entry-id') ?? '0-0'));
    const lastGenerated = parseStreamId(String(field('last-generated-id') ?? '0-0'));
    const first = /** @type {[string, string[]] | null | undefined} */ (field('first-entry'));
    const firstKey = first ? parseStreamId(first[0]) : null;
    const trimmed =
      (maxDeleted !== null && compareStreamKeys(key, maxDeleted) < 0) ||
      (firstKey !== null ? compareStreamKeys(key, firstKey) < 0 : lastGenerated !== null && compareStreamKeys(key, lastGenerated) < 0);
    const seenSince = hub.seenFrom !== null && compareIds(raw, hub.seenFrom) >= 0;
    const lostVisible = !visible || !seenSince || hub.lostAfter(raw, visible);
    const gap = trimmed && lostVisible ? { lastEventId: raw, oldestId: first ? first[0] : hub.oldestWireId ?? hub.lastWireId } : null;
    counters.catchUps++;
    return { cursor: Number.MAX_SAFE_INTEGER, gap, helloId: raw, catchUp: (client) => void catchUp(client, trimmed ? null : raw) };
  }

  /**
   * Sends a client the entries after `after` that precede the local history, page by page at
   * the pace its socket takes them, then attaches it to the local history. Until then its cursor
   * is parked past the end, so nothing else writes to it.
   * @param {import('../stream-client.js').StreamClient} client
   * @param {string | null} after exclusive start; null: from the first entry
   */
  async function catchUp(client, after) {
    try {
      for (;;) {
        if (client.closed) return;
        const oldest = hub.oldestWireId;
        const afterKey = after === null ? null : parseStreamId(after);
        const oldestKey = oldest === null ? null : parseStreamId(oldest);
        if (afterKey && oldestKey && compareStreamKeys(afterKey, oldestKey) >= 0) break;
        if (!writer || !writerReady) throw new UnavailableError('redis unavailable');
        const entries = /** @type {[string, string[]][]} */ (await writer.xrange(streamKey, after === null ? '-' : `(${after}`, oldest === null ? '+' : `(${oldest}`, 'COUNT', CATCH_UP_PAGE));
        // Nothing between us and where the local history started when we asked, but it may have
        // moved on while Redis answered (a short --history on a busy node): read up to its new
        // start, or the client would attach behind it and be dropped as lagging.
        if (entries.length === 0 && hub.oldestWireId !== oldest) continue;
        if (entries.length === 0) break;
        /** @type {{ id: string, topic: string, json: string, ts: number, size: number }[]} */
        const records = [];
        for (const [id, fields] of entries) {
          after = id;
          const { topic, json } = entryFields(fields);
          // The client's own filter: ?topics= (names, patterns) AND what its token may see.
          if (topic === '' || topic === HEARTBEAT_TOPIC || topic === STATE_TOPIC || !client.wants(topic, json)) continue;
          records.push({ id, topic, json, ts: 0, size: 0 });
        }
        // In writes of about chunkBytes, as the live stream: a page of 500 events in one
        // WebSocket message can be megabytes, more than a client takes (4 MiB), refused whole.
        for (const part of byteChunks(records, client.chunkBytes, (r) => r.json.length)) {
          if (client.closed) return;
          client.sent += part.length;
          if (!client.writeEvents(part)) await drained(client);
        }
      }
    } catch {
      // Redis went away (or the socket stalled) mid-way: the client resumes from what it got.
      client.drop('catch-up from redis failed');
      return;
    }
    if (client.closed) return;
    const afterKey = after === null ? null : parseStreamId(after);
    client.cursor = afterKey ? hub.positionOf(afterKey) : hub.oldestId - 1;
    client.attach();
  }

  /**
   * Resolves when the client's socket took what was written (or rejects after its stall timeout).
   * @param {import('../stream-client.js').StreamClient} client
   */
  function drained(client) {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        if (client.closed) return resolve(undefined);
        const c = /** @type {any} */ (client);
        // SSE events go to the socket itself (sse-client.js writeRaw): its buffer is the one that fills.
        const full = c.res ? c.res.writableNeedDrain || (c.res.socket?.writableNeedDrain ?? false) : c.ws.bufferedAmount >= c.highWaterBytes;
        if (!full) return resolve(undefined);
        if (Date.now() - started > client.stallTimeoutMs) return reject(new Error('stalled'));
        setTimeout(check, 10);
      };
      check();
    });
  }

  async function renewLease() {
    if (!writer || !writerReady) return;
    const held = await /** @type {any} */ (writer).pulseLease(leaseKey, cfg.node, LEASE_MS);
    if (Number(held) === 1) leaseHeldAt = Date.now();
  }

  /** Retention: entries older than retainMs go (approximately: whole macro nodes at a time). */
  async function trim() {
    if (!writer || !writerReady) return;
    await writer.xtrim(streamKey, 'MINID', '~', String(Date.now() - cfg.retainMs));
  }

  /** Keyed state the snapshot would no longer send (resolved alerts, silent agents) leaves Redis too. */
  async function pruneState() {
    if (!writer || !writerReady || !cluster.isLeader()) return;
    const now = Date.now();
    for (const table of KEYED_TOPICS) {
      const all = /** @type {Record<string, string>} */ (await writer.hgetall(statePrefix + table));
      const stale = [];
      for (const [k, value] of Object.entries(all)) {
        const ms = parseStreamId(value.slice(0, value.indexOf('\n')))?.[0] ?? 0;
        const age = now - ms;
        const resolved = value.includes('"status":"resolved"');
        if (age > cfg.retainMs || (table === 'agents' && age > snapshot.agentKeepMs) || (resolved && age > snapshot.alertKeepMs)) stale.push(k);
      }
      if (stale.length > 0) await writer.hdel(statePrefix + table, ...stale);
    }
  }

  return cluster;
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
