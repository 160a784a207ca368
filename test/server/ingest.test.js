import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, openSse, postJson, request } from './helpers.js';

test('ingest: an envelope, an array, an inline payload and ?topic= are published in order', async (t) => {
  const { base } = await startServer(t);
  const s = await openSse(`${base}/events`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');

  const one = await postJson(`${base}/ingest`, { topic: 'cpu', data: { ts: 1, value: 42.5 } });
  assert.equal(one.status, 202);
  assert.deepEqual(one.json, { accepted: 1, ids: ['1'] });
  const many = await postJson(`${base}/ingest`, [
    { topic: 'mem', data: 40 },
    { topic: 'logs', level: 'warn', message: 'disk slow', source: 'script' },
    { topic: 'cpu', data: [{ ts: 1, value: 1 }, { ts: 2, value: 2 }] },
  ]);
  assert.equal(many.status, 202);
  assert.deepEqual(many.json, { accepted: 3, ids: ['2', '3', '4'] });
  const dflt = await postJson(`${base}/ingest?topic=load`, { ts: 5, load1: 0.5 });
  assert.deepEqual(dflt.json, { accepted: 1, ids: ['5'] });

  const got = await s.waitForData(5);
  assert.deepEqual(got.map((e) => [e.id, e.event, e.json]), [
    ['1', 'cpu', { ts: 1, value: 42.5 }],
    ['2', 'mem', 40],
    ['3', 'logs', { level: 'warn', message: 'disk slow', source: 'script' }],
    ['4', 'cpu', [{ ts: 1, value: 1 }, { ts: 2, value: 2 }]],
    ['5', 'load', { ts: 5, load1: 0.5 }],
  ]);
});

test('ingest: a body over the limit is 413 and nothing is published (declared or streamed)', async (t) => {
  const { base, hub } = await startServer(t, { maxBody: 1024 });
  const big = JSON.stringify({ topic: 'logs', data: 'x'.repeat(2000) });
  const r = await postJson(`${base}/ingest`, big);
  assert.equal(r.status, 413);
  assert.match(r.json.error, /exceeds 1024 bytes/);

  // Chunked upload without Content-Length: refused while streaming.
  const streamed = await new Promise((resolve, reject) => {
    const u = new URL(`${base}/ingest`);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'Content-Type': 'application/json' }, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.write('[');
    for (let i = 0; i < 20; i++) req.write(JSON.stringify({ topic: 'cpu', data: i }) + ',');
    req.write('{"topic":"logs","data":"' + 'y'.repeat(1200) + '"}]');
    req.end();
  });
  assert.equal(streamed, 413);
  assert.equal(hub.lastId, 0, 'nothing published');
  const health = await request(`${base}/health`);
  assert.equal(health.json.rejected.bodyTooLarge, 2);
  // The limit is a limit, not an off-by-one: exactly 1024 bytes is fine.
  const exact = JSON.stringify({ topic: 'logs', data: '' });
  const padded = JSON.stringify({ topic: 'logs', data: 'z'.repeat(1024 - exact.length) });
  assert.equal(Buffer.byteLength(padded), 1024);
  assert.equal((await postJson(`${base}/ingest`, padded)).status, 202);
});

test('ingest: non-JSON content types are 415', async (t) => {
  const { base, hub } = await startServer(t);
  const body = JSON.stringify({ topic: 'cpu', data: 1 });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) {
    const r = await request(`${base}/ingest`, { method: 'POST', headers: { 'Content-Type': type }, body });
    assert.equal(r.status, 415, type);
  }
  const none = await request(`${base}/ingest`, { method: 'POST', body });
  assert.equal(none.status, 415);
  assert.equal(hub.lastId, 0);
  const vendor = await request(`${base}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/vnd.pulse+json; charset=utf-8' }, body });
  assert.equal(vendor.status, 202);
  const get = await request(`${base}/ingest`);
  assert.equal(get.status, 405);
  assert.equal(get.headers.allow, 'POST');
});

test('ingest: malformed JSON, bad topics and bad items are 400 naming the problem, and nothing is published', async (t) => {
  const { base, hub } = await startServer(t);
  /** @type {[unknown, { index?: number, field?: string | null, error: RegExp }][]} */
  const cases = [
    ['{"topic": "cpu", "data": ', { field: null, error: /invalid JSON/ }],
    ['', { field: null, error: /empty body/ }],
    [[], { field: null, error: /empty array/ }],
    [42, { index: 0, field: null, error: /must be an object/ }],
    [{ data: 1 }, { index: 0, field: 'topic', error: /missing topic/ }],
    [{ topic: 'bad topic', data: 1 }, { index: 0, field: 'topic', error: /must match/ }],
    [{ topic: 'x'.repeat(65), data: 1 }, { index: 0, field: 'topic', error: /must match/ }],
    [{ topic: 7, data: 1 }, { index: 0, field: 'topic', error: /must be a string/ }],
    [{ topic: 'pulse.source', data: {} }, { index: 0, field: 'topic', error: /reserved/ }],
    // pulse.gap / pulse.heartbeat are the agent's control items (docs/fleet.md): shape-checked.
    [{ topic: 'pulse.gap', data: {} }, { index: 0, field: 'data.host', error: /host must match/ }],
    [{ topic: 'pulse.gap', level: 'x' }, { index: 0, field: null, error: /must be an envelope/ }],
    [{ topic: 'cpu', data: null }, { index: 0, field: 'data', error: /null/ }],
    [{ topic: 'cpu' }, { index: 0, field: 'data', error: /missing data/ }],
    [[{ topic: 'cpu', data: 1 }, { topic: 'mem', data: 2 }, { topic: 'cpu/../x', data: 3 }, { topic: 'cpu', data: 4 }], { index: 2, field: 'topic', error: /must match/ }],
    [[{ topic: 'cpu', data: 1 }, null], { index: 1, field: null, error: /must be an object/ }],
  ];
  for (const [body, expected] of cases) {
    const r = await postJson(`${base}/ingest`, typeof body === 'string' ? body : JSON.stringify(body));
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.json.error, expected.error, JSON.stringify(body));
    assert.equal(r.json.field, expected.field, JSON.stringify(body));
    assert.equal(r.json.index, expected.index, JSON.stringify(body));
  }
  const badDefault = await postJson(`${base}/ingest?topic=pulse.hello`, { value: 1 });
  assert.equal(badDefault.status, 400);
  assert.equal(badDefault.json.field, 'topic');
  assert.equal(hub.lastId, 0, 'nothing was published by any rejected request');
});

test('ingest: agent-events items are validated field by field', async (t) => {
  const { base, hub } = await startServer(t);
  const cases = [
    [{ topic: 'agent-events', data: { agent: 'a', latencyMs: -1 } }, 0, 'data.latencyMs'],
    [{ topic: 'agent-events', agent: 'a', tokens: 'many' }, 0, 'tokens'],
    [{ topic: 'agent-events', data: [{ agent: 'a' }, { latencyMs: 3 }] }, 0, 'data[1].agent'],
    [[{ topic: 'cpu', data: 1 }, { topic: 'agent-events', data: { agent: 'a', error: 'yes' } }], 1, 'data.error'],
    [{ topic: 'agent-events', data: { agent: 'a', state: 'sleeping' } }, 0, 'data.state'],
  ];
  for (const [body, index, field] of cases) {
    const r = await postJson(`${base}/ingest`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.index, index);
    assert.equal(r.json.field, field);
  }
  assert.equal(hub.lastId, 0);
});

test('ingest: agent-events are aggregated into agents payloads (p50/p99, error rate, tokens/s, cost)', async (t) => {
  const { base } = await startServer(t);
  const s = await openSse(`${base}/events?topics=agents`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  const events = Array.from({ length: 100 }, (_, i) => ({
    agent: 'billing-bot', name: 'Billing bot', latencyMs: i + 1, tokens: 10, error: i % 10 === 0, costUsd: 0.001, task: 'reconcile invoices', tool: i === 99 ? 'sql_query' : 'http_get',
  }));
  const r = await postJson(`${base}/ingest`, { topic: 'agent-events', data: events });
  assert.equal(r.status, 202);
  assert.equal(r.json.accepted, 1);
  const agg = await s.waitForEvent((e) => e.event === 'agents' && e.json.calls === 100, 3000);
  const a = agg.json;
  assert.equal(a.id, 'billing-bot');
  assert.equal(a.name, 'Billing bot');
  assert.equal(a.state, 'running');
  assert.equal(a.task, 'reconcile invoices');
  assert.equal(a.tool, 'sql_query');
  assert.deepEqual(a.latencyMs, { p50: 50, p99: 99 });
  assert.equal(a.errorRate, 0.1);
  assert.equal(a.costUsd, 0.1);
  assert.ok(a.tokensPerSec >= 900 && a.tokensPerSec <= 1000, `tokensPerSec ${a.tokensPerSec}`);
  assert.equal(typeof a.ts, 'number');

  // An explicit state and an error flag show through.
  await postJson(`${base}/ingest`, { topic: 'agent-events', agent: 'billing-bot', error: true, latencyMs: 5000 });
  const failed = await s.waitForEvent((e) => e.event === 'agents' && e.json.calls === 101, 3000);
  assert.equal(failed.json.state, 'error');
  await postJson(`${base}/ingest`, { topic: 'agent-events', agent: 'billing-bot', state: 'waiting' });
  const waiting = await s.waitForEvent((e) => e.event === 'agents' && e.json.state === 'waiting', 3000);
  assert.equal(waiting.json.calls, 101, 'a state-only event is not a call');
});
