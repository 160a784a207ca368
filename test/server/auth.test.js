import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, openSse, openWs, postJson, request, wsRefusal } from './helpers.js';

const TOKEN = 's3cret-token_with.chars';

/** @param {import('node:test').TestContext} t */
async function setup(t) {
  const root = await mkdtemp(join(tmpdir(), 'pulseboard-auth-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'demo'));
  await mkdir(join(root, 'dist'));
  await writeFile(join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
  await writeFile(join(root, 'dist', 'pulseboard.js'), 'export {};');
  return startServer(t, { token: TOKEN, root });
}

test('auth: every route answers 401 without the token, and nothing is published', async (t) => {
  const { base, hub } = await setup(t);
  const before = hub.lastId;
  const replies = [
    await request(`${base}/events`),
    await request(`${base}/health`),
    await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }),
    await postJson(`${base}/alertmanager`, { version: '4', alerts: [] }),
    await request(`${base}/`),
    await request(`${base}/demo/index.html`),
    await request(`${base}/dist/pulseboard.js`),
    await request(`${base}/no-such-route`),
  ];
  for (const r of replies) {
    assert.equal(r.status, 401, r.text);
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="pulseboard"');
    assert.match(r.json.error, /unauthorized/);
  }
  // A browser never sees the status of a refused upgrade: the refusal is a close code it can read.
  const ws = await wsRefusal(`${base.replace('http', 'ws')}/ws`);
  assert.equal(ws.code, 4401);
  assert.match(String(ws.reason), /unauthorized/);
  assert.deepEqual(ws.messages, []);
  assert.equal(hub.lastId, before, 'unauthenticated ingest published nothing');
  const wrong = await request(`${base}/health`, { headers: { Authorization: `Bearer ${TOKEN}x` } });
  assert.equal(wrong.status, 401);
  const wrongQuery = await request(`${base}/health?token=nope`);
  assert.equal(wrongQuery.status, 401);
  const basic = await request(`${base}/health`, { headers: { Authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` } });
  assert.equal(basic.status, 401);
});

test('auth: the Authorization header opens every route', async (t) => {
  const { base, hub } = await setup(t);
  const auth = { Authorization: `Bearer ${TOKEN}` };
  assert.equal((await request(`${base}/health`, { headers: auth })).status, 200);
  assert.equal((await request(`${base}/`, { headers: auth })).status, 200);
  assert.equal((await request(`${base}/dist/pulseboard.js`, { headers: { authorization: `bearer ${TOKEN}` } })).status, 200);
  const ingest = await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }, auth);
  assert.equal(ingest.status, 202);
  assert.equal(hub.lastId, 1);
  const s = await openSse(`${base}/events`, auth);
  t.after(() => s.close());
  assert.equal(s.status, 200);
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`, auth);
  t.after(() => ws.close());
  await ws.waitFor((m) => m.topic === 'pulse.hello');
});

test('auth: ?token= is accepted too (the weaker choice, for EventSource and browser WebSockets)', async (t) => {
  const { base } = await setup(t);
  const q = `token=${encodeURIComponent(TOKEN)}`;
  assert.equal((await request(`${base}/health?${q}`)).status, 200);
  assert.equal((await request(`${base}/?${q}`)).status, 200);
  assert.equal((await postJson(`${base}/ingest?${q}`, { topic: 'cpu', data: 1 })).status, 202);
  const s = await openSse(`${base}/events?${q}`);
  t.after(() => s.close());
  assert.equal(s.status, 200);
  const ws = await openWs(`${base.replace('http', 'ws')}/ws?${q}`);
  t.after(() => ws.close());
  await ws.waitFor((m) => m.topic === 'pulse.hello');
});

test('auth: CORS preflights are answered without the token (browsers never send it on OPTIONS)', async (t) => {
  const { base } = await startServer(t, { token: TOKEN, cors: ['https://dash.example.com'] });
  const r = await request(`${base}/ingest`, {
    method: 'OPTIONS',
    headers: { Origin: 'https://dash.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
  });
  assert.equal(r.status, 204);
  assert.equal(r.headers['access-control-allow-origin'], 'https://dash.example.com');
});
