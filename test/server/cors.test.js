import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openSse, openWs, postJson, request } from './helpers.js';

const ALLOWED = 'https://dash.example.com';
const OTHER = 'https://evil.example.net';

test('CORS: an allowed origin gets Access-Control-Allow-Origin, another origin does not', async (t) => {
  const { base } = await startServer(t, { cors: [ALLOWED, 'http://localhost:6006'] });
  const ok = await request(`${base}/health`, { headers: { Origin: ALLOWED } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], ALLOWED);
  assert.equal(ok.headers['access-control-allow-credentials'], 'true');
  assert.match(String(ok.headers.vary), /Origin/);
  const other = await request(`${base}/health`, { headers: { Origin: OTHER } });
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  assert.equal(other.headers['access-control-allow-credentials'], undefined);
  const sse = await openSse(`${base}/events`, { Origin: ALLOWED });
  t.after(() => sse.close());
  assert.equal(sse.headers['access-control-allow-origin'], ALLOWED);
  assert.equal(sse.headers['content-type'], 'text/event-stream');
});

test('CORS: preflight for an allowed origin lists methods and the Authorization, Last-Event-ID, Content-Type headers', async (t) => {
  const { base } = await startServer(t, { cors: [ALLOWED] });
  const r = await request(`${base}/events`, {
    method: 'OPTIONS',
    headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'last-event-id,authorization' },
  });
  assert.equal(r.status, 204);
  assert.equal(r.headers['access-control-allow-origin'], ALLOWED);
  assert.match(String(r.headers['access-control-allow-methods']), /\bPOST\b/);
  const allowed = String(r.headers['access-control-allow-headers']).split(/,\s*/).map((h) => h.toLowerCase());
  for (const h of ['authorization', 'last-event-id', 'content-type']) assert.ok(allowed.includes(h), `${h} allowed`);
  assert.ok(Number(r.headers['access-control-max-age']) > 0);

  const denied = await request(`${base}/ingest`, { method: 'OPTIONS', headers: { Origin: OTHER, 'Access-Control-Request-Method': 'POST' } });
  assert.equal(denied.status, 403);
  assert.equal(denied.headers['access-control-allow-origin'], undefined);
  assert.equal(denied.headers['access-control-allow-headers'], undefined);
});

test('CORS: default is same-origin only; cross-origin POSTs are refused before they publish', async (t) => {
  const { base, hub } = await startServer(t);
  const cross = await request(`${base}/health`, { headers: { Origin: OTHER } });
  assert.equal(cross.status, 200);
  assert.equal(cross.headers['access-control-allow-origin'], undefined);
  const post = await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }, { Origin: OTHER });
  assert.equal(post.status, 403);
  assert.equal(hub.lastId, 0, 'nothing published');
  const same = await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }, { Origin: base });
  assert.equal(same.status, 202);
  const noOrigin = await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 });
  assert.equal(noOrigin.status, 202, 'curl and scripts send no Origin');
  const preflight = await request(`${base}/ingest`, { method: 'OPTIONS', headers: { Origin: OTHER, 'Access-Control-Request-Method': 'POST' } });
  assert.equal(preflight.status, 403);
  await assert.rejects(openWs(`${base.replace('http', 'ws')}/ws`, { Origin: OTHER }), (err) => /** @type {any} */ (err).status === 403);
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`, { Origin: base });
  ws.close();
});

test("CORS: '*' must be asked for and then allows any origin (without credentials)", async (t) => {
  const { base } = await startServer(t, { cors: ['*'] });
  const r = await request(`${base}/health`, { headers: { Origin: OTHER } });
  assert.equal(r.headers['access-control-allow-origin'], '*');
  assert.equal(r.headers['access-control-allow-credentials'], undefined);
  const post = await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }, { Origin: OTHER });
  assert.equal(post.status, 202);
  assert.equal(post.headers['access-control-allow-origin'], '*');
});

test('CORS: invalid allow-list entries are refused at start-up', async () => {
  await assert.rejects(startServer(null, { cors: ['dash.example.com'] }), /not an origin/);
  await assert.rejects(startServer(null, { cors: ['file:///tmp'] }), /not an http\(s\) origin/);
});

test('DNS rebinding: bound to loopback, requests naming another Host are refused unless allowed', async (t) => {
  const { base, hub } = await startServer(t);
  const port = new URL(base).port;
  const evil = await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` });
  assert.equal(evil.status, 403);
  assert.match(evil.json.error, /host not allowed/);
  assert.equal((await request(`${base}/events`, { headers: { Host: `evil.example:${port}` } })).status, 403);
  await assert.rejects(openWs(`${base.replace('http', 'ws')}/ws`, { Host: `evil.example:${port}` }), (err) => /** @type {any} */ (err).status === 403);
  assert.equal(hub.lastId, 0);
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`]) {
    assert.equal((await request(`${base}/health`, { headers: { Host: host } })).status, 200, host);
  }
  const { base: base2 } = await startServer(t, { allowedHosts: ['dash.internal'] });
  assert.equal((await request(`${base2}/health`, { headers: { Host: 'dash.internal:8080' } })).status, 200);
  assert.equal((await request(`${base2}/health`, { headers: { Host: 'other.internal' } })).status, 403);
});

test('CORS: the refusals of /events (503 too many clients, 400 bad topics) carry the CORS headers, so a cross-origin page can read their status and Retry-After', async (t) => {
  const { base } = await startServer(t, { cors: [ALLOWED], maxClients: 1, retryAfterSec: 4 });
  const taken = await openSse(`${base}/events`);
  t.after(() => taken.close());
  const full = await request(`${base}/events`, { headers: { Origin: ALLOWED } });
  assert.equal(full.status, 503);
  assert.equal(full.headers['access-control-allow-origin'], ALLOWED);
  assert.match(String(full.headers['access-control-expose-headers']), /Retry-After/i);
  assert.equal(full.headers['retry-after'], '4');
  const bad = await request(`${base}/events?topics=${'x'.repeat(300)}`, { headers: { Origin: ALLOWED } });
  assert.equal(bad.status, 400);
  assert.equal(bad.headers['access-control-allow-origin'], ALLOWED);
});
