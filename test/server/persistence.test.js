// Persistence (--data): real SQLite files in a temp folder, real servers, real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, openSse, openWs, publishMany, request } from './helpers.js';
import { HistoryStore, metricFields, payloadTime } from '../../server/history-store.js';
import { parseCli } from '../../server/cli-args.js';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

/** @param {import('node:test').TestContext} t */
function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-db-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Fetches every page of a /history query by following `next`.
 * @param {string} base
 * @param {string} query
 */
async function allPages(base, query) {
  const items = [];
  let pages = 0;
  let cursor = null;
  do {
    const res = await request(`${base}/history?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200, res.text);
    items.push(...res.json.items);
    cursor = res.json.next;
    pages++;
    assert.ok(pages < 100, 'pagination ends');
  } while (cursor);
  return { items, pages };
}

test('metric payloads: numbers and flat objects of numbers; anything with text is not a metric', () => {
  assert.deepEqual({ ...metricFields(42) }, { value: 42 });
  assert.deepEqual({ ...metricFields({ ts: 1, value: 3, core0: 2, gone: null }) }, { value: 3, core0: 2 });
  assert.equal(metricFields({ ts: 1, level: 'info', message: 'x' }), null);
  assert.equal(metricFields({ id: 'a', latencyMs: { p50: 1 } }), null);
  assert.equal(metricFields({ ts: 1 }), null);
  assert.equal(metricFields([1, 2]), null);
  assert.equal(metricFields(Number.NaN), null);
  assert.equal(payloadTime({ ts: 1700000000000 }, 5), 1700000000000);
  assert.equal(payloadTime({ ts: '2025-01-01T00:00:00Z' }, 5), Date.parse('2025-01-01T00:00:00Z'));
  assert.equal(payloadTime({ ts: 'soon' }, 5), 5);
  assert.equal(payloadTime(7, 5), 5);
});

test('CLI: --data, --retain and --max-db-size; the last two need --data', () => {
  const p = parseCli(['--data', '.data', '--retain', '7d', '--max-db-size', '200mb'], {});
  assert.deepEqual(p.options.data, { dir: '.data', retainMs: 7 * 86_400_000, maxBytes: 200 * 1024 * 1024 });
  assert.equal(parseCli([], {}).options.data, null);
  assert.throws(() => parseCli(['--retain', '7d'], {}), /need --data/);
  assert.throws(() => parseCli(['--data', 'x', '--retain', 'soon'], {}), /--retain/);
});

test('persistence: hello announces historyUrl; events survive a restart and ids continue', async (t) => {
  const dir = tempDir(t);
  const a = await startServer(t, { data: dir });
  const s = await openSse(`${a.base}/events`);
  const hello = await s.waitForEvent((e) => e.event === 'pulse.hello');
  assert.equal(hello.json.historyUrl, 'history');
  s.close();
  const ids = publishMany(a.hub, 'cpu', 10);
  await a.app.close();

  const b = await startServer(t, { data: dir });
  const next = b.hub.publish('cpu', { n: 10 });
  assert.equal(next, Number(ids.at(-1)) + 1, 'the sequence continues after a clean stop');
  const res = await request(`${b.base}/history?topic=cpu&since=0`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  assert.deepEqual(res.json.items.map((i) => i.data.n), Array.from({ length: 11 }, (_, i) => i));
  assert.deepEqual(res.json.items.map((i) => Number(i.id)), [...ids, next]);
  assert.equal(res.json.next, null);

  const health = await request(`${b.base}/health`);
  assert.equal(health.json.persistence.events, 11);
  assert.equal(health.json.persistence.recovered, false);
});

test('persistence: a Last-Event-ID older than the in-memory history is replayed from the database, no gap', async (t) => {
  const dir = tempDir(t);
  const { base, hub } = await startServer(t, { data: dir, history: 5 });
  const ids = publishMany(hub, 'cpu', 60);
  for (const proto of ['sse', 'ws']) {
    if (proto === 'sse') {
      const s = await openSse(`${base}/events`, { 'Last-Event-ID': String(ids[9]) });
      t.after(() => s.close());
      const got = await s.waitForData(50);
      assert.deepEqual(got.map((e) => Number(e.id)), ids.slice(10));
      assert.equal(s.events.some((e) => e.event === 'pulse.gap'), false);
    } else {
      const w = await openWs(`${base.replace('http', 'ws')}/ws?lastEventId=${ids[29]}&topics=cpu`);
      t.after(() => w.close());
      const got = await w.waitForData(30);
      assert.deepEqual(got.map((m) => Number(m.id)), ids.slice(30));
      assert.equal(w.messages.some((m) => m.topic === 'pulse.gap'), false);
    }
  }
});

test('persistence: a filtered client resumed from far back gets its few events out of many, in bounded reads', async (t) => {
  const dir = tempDir(t);
  const { base, hub } = await startServer(t, { data: dir, history: 5 });
  const start = hub.publish('noise', {}); // (Last-Event-ID 0 would mean "what memory holds")
  const rare = [];
  for (let i = 0; i < 12_000; i++) {
    if (i % 4000 === 1) rare.push(hub.publish('rare', { i }));
    else hub.publish('noise', { i });
  }
  const s = await openSse(`${base}/events?topics=rare`, { 'Last-Event-ID': String(start) });
  t.after(() => s.close());
  const live = hub.publish('rare', { live: true });
  const got = await s.waitForData(4);
  assert.deepEqual(got.map((e) => Number(e.id)), [...rare, live]);
});

test('persistence: restart mid-stream, the client resumes from the database with no gap and no duplicate', async (t) => {
  const dir = tempDir(t);
  const a = await startServer(t, { data: dir });
  const s1 = await openSse(`${a.base}/events?topics=cpu`);
  await s1.waitForEvent((e) => e.event === 'pulse.hello');
  publishMany(a.hub, 'cpu', 20, 0);
  const seen = await s1.waitForData(20);
  s1.close();
  await s1.waitForEnd();
  publishMany(a.hub, 'cpu', 5, 20); // the client missed these: the server went down right after
  await a.app.close();

  const b = await startServer(t, { data: dir });
  publishMany(b.hub, 'cpu', 5, 25);
  const s2 = await openSse(`${b.base}/events?topics=cpu`, { 'Last-Event-ID': String(seen.at(-1)?.id) });
  t.after(() => s2.close());
  const rest = await s2.waitForData(10);
  const all = [...seen, ...rest];
  assert.deepEqual(all.map((e) => e.json.n), Array.from({ length: 30 }, (_, i) => i), 'every payload once, in order');
  const numeric = all.map((e) => Number(e.id));
  assert.deepEqual(numeric, [...numeric].sort((x, y) => x - y), 'ids only increase');
  assert.equal(new Set(numeric).size, 30);
  assert.equal(s2.events.some((e) => e.event === 'pulse.gap'), false);
});

test('persistence: a fresh client gets the current alerts, agents and last log lines; a resuming one does not', async (t) => {
  const dir = tempDir(t);
  const a = await startServer(t, { data: dir });
  a.hub.publish('alerts', { id: 'a1', status: 'firing', severity: 'critical', title: 'disk full' });
  a.hub.publish('alerts', { id: 'a2', status: 'firing', severity: 'warning', title: 'slow' });
  a.hub.publish('alerts', { id: 'a2', status: 'resolved', severity: 'warning', title: 'slow' });
  a.hub.publish('agents', { id: 'coder', state: 'running', ts: Date.now() });
  a.hub.publish('agents', { id: 'coder', state: 'idle', ts: Date.now() });
  for (let i = 0; i < 5; i++) a.hub.publish('logs', { ts: Date.now(), level: 'info', message: `line ${i}` });
  a.hub.publish('cpu', { ts: Date.now(), value: 1 });
  await a.app.close();

  const b = await startServer(t, { data: dir, history: 100 });
  const s = await openSse(`${b.base}/events`);
  t.after(() => s.close());
  const marker = b.hub.publish('done', {});
  await s.waitForEvent((e) => e.event === 'done');
  const snapshot = s.data.filter((e) => e.event !== 'done');
  assert.deepEqual(
    snapshot.map((e) => [e.event, e.json.id ?? e.json.message, e.json.status ?? e.json.state ?? null]),
    [
      ['alerts', 'a1', 'firing'],
      ['alerts', 'a2', 'resolved'],
      ['agents', 'coder', 'idle'],
      ['logs', 'line 0', null],
      ['logs', 'line 1', null],
      ['logs', 'line 2', null],
      ['logs', 'line 3', null],
      ['logs', 'line 4', null],
    ],
  );
  const snapIds = snapshot.map((e) => Number(e.id));
  assert.deepEqual(snapIds, [...snapIds].sort((x, y) => x - y), 'the events keep their ids, in order');
  assert.ok(snapIds.every((id) => id < marker));

  const filtered = await openSse(`${b.base}/events?topics=alerts`);
  t.after(() => filtered.close());
  b.hub.publish('alerts', { id: 'a3', status: 'firing' });
  const got = await filtered.waitForData(3);
  assert.deepEqual(got.map((e) => e.json.id), ['a1', 'a2', 'a3']);

  const resumed = await openSse(`${b.base}/events`, { 'Last-Event-ID': String(marker) });
  t.after(() => resumed.close());
  b.hub.publish('done', { again: true });
  await resumed.waitForEvent((e) => e.event === 'done');
  assert.deepEqual(resumed.data.map((e) => e.event), ['alerts', 'done'], 'only what followed its id');

  const w = await openWs(`${b.base.replace('http', 'ws')}/ws?topics=agents`);
  t.after(() => w.close());
  const agents = await w.waitForData(1);
  assert.equal(agents[0].data.state, 'idle');
  assert.match(String(agents[0].id), /^\d+$/);

  // A batch of keyed states stays one event (one id) in the snapshot.
  b.hub.publish('agents', [{ id: 'x', state: 'running' }, { id: 'y', state: 'waiting' }]);
  const again = await openSse(`${b.base}/events?topics=agents`);
  t.after(() => again.close());
  const batch = await again.waitForData(2);
  assert.deepEqual(batch[1].json, [{ id: 'x', state: 'running' }, { id: 'y', state: 'waiting' }]);
  assert.notEqual(batch[0].id, batch[1].id);
});

test('a fresh client of a server that keeps its alerts is told when nothing fires; a memory-only one says nothing', async (t) => {
  const mem = await startServer(t, {});
  const m = await openSse(`${mem.base}/events?topics=alerts,done`);
  t.after(() => m.close());
  mem.hub.publish('done', {});
  await m.waitForEvent((e) => e.event === 'done');
  assert.deepEqual(m.data.map((e) => e.event), ['done'], 'memory-only: it may have missed webhooks sent before it started');

  const b = await startServer(t, { data: tempDir(t) });
  b.hub.publish('cpu', { ts: Date.now(), value: 1 });
  const s = await openSse(`${b.base}/events?topics=alerts,cpu,done`);
  t.after(() => s.close());
  b.hub.publish('done', {});
  await s.waitForEvent((e) => e.event === 'done');
  const [first, ...rest] = s.data;
  assert.equal(first.event, 'alerts');
  assert.deepEqual(first.json, { alerts: [] });
  assert.equal(first.id, undefined, 'no id: it moves no resume point');
  assert.equal(s.lastEventId, rest.at(-1)?.id, 'the resume point is the last real event');
  assert.deepEqual(rest.map((e) => e.event), ['done']);

  const w = await openWs(`${b.base.replace('http', 'ws')}/ws?topics=alerts`);
  t.after(() => w.close());
  const [empty] = await w.waitForData(1);
  assert.deepEqual(empty, { topic: 'alerts', data: { alerts: [] } });

  // Not to a client that did not ask for alerts, nor to one resuming (it has the state).
  const cpu = await openSse(`${b.base}/events?topics=cpu`, { 'Last-Event-ID': '0' });
  t.after(() => cpu.close());
  const resumed = await openSse(`${b.base}/events?topics=alerts,done`, { 'Last-Event-ID': '1' });
  t.after(() => resumed.close());
  b.hub.publish('cpu', { ts: Date.now(), value: 2 });
  b.hub.publish('done', { again: true });
  await cpu.waitForData(2);
  await resumed.waitForEvent((e) => e.event === 'done' && e.json.again === true);
  assert.ok(cpu.data.every((e) => e.event === 'cpu'));
  assert.deepEqual(resumed.data.map((e) => e.event), ['done', 'done']);

  // Once something fired, that is the state, not "nothing".
  b.hub.publish('alerts', { id: 'a1', status: 'firing', severity: 'warning', title: 'slow' });
  const after = await openSse(`${b.base}/events?topics=alerts`);
  t.after(() => after.close());
  const [alert] = await after.waitForData(1);
  assert.equal(alert.json.id, 'a1');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(after.data.length, 1);
});

test('/history: pagination with a cursor returns every event once, forwards and backwards', async (t) => {
  const dir = tempDir(t);
  const { base, hub } = await startServer(t, { data: dir });
  const t0 = 1_700_000_000_000;
  for (let i = 0; i < 25; i++) hub.publish('logs', { ts: t0 + Math.floor(i / 2) * 1000, level: 'info', message: `m${i}` }); // ties on ts
  hub.publish('other', { ts: t0 });
  const fwd = await allPages(base, `topic=logs&since=${t0}&until=${t0 + 60_000}&limit=4`);
  assert.equal(fwd.pages, 7);
  assert.deepEqual(fwd.items.map((i) => i.data.message), Array.from({ length: 25 }, (_, i) => `m${i}`));
  const back = await allPages(base, `topic=logs&since=${t0}&until=${t0 + 60_000}&limit=7&order=desc`);
  assert.deepEqual(back.items.map((i) => i.data.message), Array.from({ length: 25 }, (_, i) => `m${24 - i}`));
  const last3 = await request(`${base}/history?topic=logs&since=0&limit=3&order=desc`);
  assert.deepEqual(last3.json.items.map((i) => i.data.message), ['m24', 'm23', 'm22'], 'the last N lines');
  const window = await request(`${base}/history?topic=logs&since=${t0 + 2000}&until=${t0 + 4000}`);
  assert.deepEqual(window.json.items.map((i) => i.data.message), ['m4', 'm5', 'm6', 'm7'], 'since inclusive, until exclusive');
});

test('/history: validation, 404 without --data, same auth and CORS as the other routes', async (t) => {
  const off = await startServer(t);
  const none = await request(`${off.base}/history?topic=cpu`);
  assert.equal(none.status, 404);
  assert.match(none.json.error, /--data/);

  const dir = tempDir(t);
  const { base } = await startServer(t, { data: dir, token: 'sekrit', cors: ['https://dash.example'] });
  const auth = { Authorization: 'Bearer sekrit' };
  assert.equal((await request(`${base}/history?topic=cpu`)).status, 401);
  const ok = await request(`${base}/history?topic=cpu&since=-1h`, { headers: { ...auth, Origin: 'https://dash.example' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], 'https://dash.example');
  assert.ok(Math.abs(ok.json.until - ok.json.since - 3_600_000) < 5);
  for (const [q, field] of [
    ['', 'topic'],
    ['topic=a%20b', 'topic'],
    ['topic=cpu&since=yesterday', 'since'],
    ['topic=cpu&since=10&until=5', 'since'],
    ['topic=cpu&limit=0', 'limit'],
    ['topic=cpu&step=10ms', 'step'],
    ['topic=cpu&order=up', 'order'],
    ['topic=cpu&cursor=zzz', 'cursor'],
  ]) {
    const res = await request(`${base}/history?${q}`, { headers: auth });
    assert.equal(res.status, 400, q);
    assert.equal(res.json.field, field, q);
  }
  assert.equal((await request(`${base}/history?topic=cpu`, { method: 'POST', headers: auth })).status, 405);
});

test('downsampling: metric points older than the raw window become per-minute min/avg/max; text events stay raw', async (t) => {
  const dir = tempDir(t);
  const { base, hub, app } = await startServer(t, { data: { dir, rawMetricsMs: 3_600_000 }, history: 5 });
  const now = Date.now();
  const old = Math.floor((now - 3 * 3_600_000) / 60_000) * 60_000; // a minute boundary 3 h ago
  for (let s = 0; s < 120; s++) hub.publish('cpu', { ts: old + s * 1000, value: s % 60, core0: 100 - (s % 60) });
  hub.publish('logs', { ts: old + 5000, level: 'warn', message: 'kept raw' });
  const recentIds = publishMany(hub, 'cpu', 3).map(String);
  const store = /** @type {HistoryStore} */ (app.context.store);
  const result = store.maintain();
  assert.equal(result.folded, 120);

  const res = await request(`${base}/history?topic=cpu&since=${old}&until=${now + 60_000}`);
  const [m1, m2, ...rest] = res.json.items;
  assert.deepEqual(m1, { id: null, ts: old, data: { ts: old, value: 29.5, core0: 70.5 }, min: { value: 0, core0: 41 }, max: { value: 59, core0: 100 }, count: 60 });
  assert.equal(m2.ts, old + 60_000);
  assert.deepEqual(rest.map((i) => i.id), recentIds, 'recent points stay raw');
  const logs = await request(`${base}/history?topic=logs&since=${old}`);
  assert.deepEqual(logs.json.items.map((i) => i.data.message), ['kept raw']);

  // Resuming from an id that was folded away is a gap now.
  const s = await openSse(`${base}/events?topics=cpu`, { 'Last-Event-ID': '5' });
  t.after(() => s.close());
  const gap = await s.waitForEvent((e) => e.event === 'pulse.gap');
  assert.deepEqual(gap.json, { lastEventId: '5', oldestId: String(store.intactFrom) });
  assert.equal(store.intactFrom, 121);
});

test('/history with step: buckets from rollups and raw points together', async (t) => {
  const dir = tempDir(t);
  const { base, hub, app } = await startServer(t, { data: { dir, rawMetricsMs: 3_600_000 } });
  const now = Date.now();
  const start = Math.floor((now - 2 * 3_600_000) / 600_000) * 600_000;
  // 2 h of one point per 10 s: the first hour or so becomes rollups, the rest stays raw.
  for (let ts = start; ts < start + 2 * 3_600_000; ts += 10_000) hub.publish('mem', { ts, value: ((ts - start) / 10_000) % 6 });
  /** @type {HistoryStore} */ (app.context.store).maintain();
  const { items, pages } = await allPages(base, `topic=mem&since=${start}&until=${start + 2 * 3_600_000}&step=10m&limit=5`);
  assert.equal(pages, 3);
  assert.equal(items.length, 12);
  for (const [k, item] of items.entries()) {
    assert.equal(item.ts, start + k * 600_000);
    assert.deepEqual({ ...item.data }, { ts: item.ts, value: 2.5 });
    assert.deepEqual({ ...item.min }, { value: 0 });
    assert.deepEqual({ ...item.max }, { value: 5 });
    assert.equal(item.count, 60);
  }
});

test('retention: by age, and by size (oldest first)', async (t) => {
  const dir = tempDir(t);
  const store = new HistoryStore({ dir, retainMs: 86_400_000, maxBytes: 256 * 1024, flushMs: 60_000, maintenanceMs: 3_600_000 });
  t.after(() => store.close());
  const now = Date.now();
  let id = 1;
  const put = (/** @type {number} */ ts, /** @type {string} */ message) => {
    const data = { ts, level: 'info', message };
    store.append({ id: id++, topic: 'logs', json: JSON.stringify(data), ts: now }, data);
  };
  put(now - 2 * 86_400_000, 'too old');
  put(now - 1000, 'fresh');
  assert.deepEqual(store.maintain(), { folded: 0, expired: 1, trimmed: 0 });
  assert.deepEqual(store.lastEvents('logs', 10).map((r) => JSON.parse(r.json).message), ['fresh']);

  const filler = 'x'.repeat(1000);
  for (let i = 0; i < 2000; i++) put(now - 3_600_000 + i * 1000, `${i} ${filler}`);
  store.flush();
  assert.ok(store.usedBytes() > 256 * 1024);
  const r = store.maintain();
  assert.ok(r.trimmed > 0);
  assert.ok(store.usedBytes() <= 256 * 1024, `under the cap: ${store.usedBytes()}`);
  const kept = store.lastEvents('logs', 5000).map((row) => JSON.parse(row.json).message);
  assert.ok(kept.includes(`1999 ${filler}`) && kept.includes('fresh'), 'the newest are kept');
  assert.ok(!kept.includes(`0 ${filler}`), 'the oldest went first');
});

test('the database file is WAL, and a clean stop leaves it intact and checkpointed', async (t) => {
  const dir = tempDir(t);
  const a = await startServer(t, { data: dir });
  publishMany(a.hub, 'cpu', 100);
  await a.app.close();
  const db = new Database(join(dir, 'pulseboard.db'), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(db.prepare('SELECT count(*) FROM events').pluck().get(), 100);
});

test('kill -9 mid-stream: the file is intact, at most the last second is lost, ids never repeat', async (t) => {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const dir = tempDir(t);
  const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/persistence-child.mjs', import.meta.url)), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  /** @type {{ id: number, at: number }[]} */
  const reports = [];
  let out = '';
  const killed = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal)));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      for (const m of out.matchAll(/^published (\d+) (\d+)$/gm)) reports.push({ id: Number(m[1]), at: Number(m[2]) });
      out = out.slice(out.lastIndexOf('\n') + 1);
      if (reports.length > 0 && Number(reports.at(-1)?.at) - reports[0].at >= 2000) resolve(undefined);
    });
    child.once('exit', () => reject(new Error('child exited early')));
  });
  child.kill('SIGKILL');
  assert.equal(await killed, 'SIGKILL');
  const last = /** @type {{ id: number, at: number }} */ (reports.at(-1));
  const secondBefore = reports.filter((r) => r.at <= last.at - 1000).at(-1);
  assert.ok(secondBefore && secondBefore.id > 1000, 'the child published for a while');

  const db = new Database(join(dir, 'pulseboard.db'));
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  const { max, count } = /** @type {{ max: number, count: number }} */ (db.prepare('SELECT max(id) AS max, count(*) AS count FROM events').get());
  db.close();
  assert.ok(max >= /** @type {{ id: number }} */ (secondBefore).id, `everything published a second before the kill is stored (stored up to ${max}, needed ${secondBefore?.id})`);
  assert.equal(count, max, 'no holes: every id up to the newest stored one is there');

  const again = await startServer(t, { data: dir });
  const health = await request(`${again.base}/health`);
  assert.equal(health.json.persistence.recovered, true);
  const id = again.hub.publish('cpu', { value: 1 });
  assert.ok(id > last.id, `new ids (${id}) start above every id handed out before the kill (${last.id})`);
  const s = await openSse(`${again.base}/events?topics=cpu`, { 'Last-Event-ID': String(max - 10) });
  t.after(() => s.close());
  const resumed = await s.waitForData(5);
  assert.ok(Number(resumed[0].id) > max - 10 && Number(resumed[0].id) <= max, 'resumed from the stored events');
  assert.ok(resumed.every((e, i) => i === 0 || Number(e.id) > Number(resumed[i - 1].id)), 'in order');
  assert.equal(s.events.some((e) => e.event === 'pulse.gap'), false);
});
