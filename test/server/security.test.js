// Security of the reference server, beyond auth/cors/static/ingest tests: near-miss tokens on
// every route and method (static and WebSocket included), look-alike origins against the CORS
// allow-list (HTTP and WebSocket upgrades), body limits on both POST routes, a bounded flood of
// connections that must not starve existing clients, and a list of nasty static paths.
// Everything runs on loopback against an in-process server; every socket opened is closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, openSse, openWs, postJson, request, eventually, publishMany, wsRefusal } from './helpers.js';

const TOKEN = 'tok-3c1b9e_Sec.ret';
const SECRET = 'SECRET-FILE-CONTENT-7f3a';
const BUNDLE = 'export const bundleBody = 42;\n';

/** A package root with a demo page, a bundle and a secret next to them. */
async function makeRoot(t) {
  const root = await mkdtemp(join(tmpdir(), 'pulseboard-sec-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'demo'));
  await mkdir(join(root, 'dist'));
  await writeFile(join(root, 'demo', 'index.html'), '<!doctype html><title>demo page</title>');
  await writeFile(join(root, 'dist', 'pulseboard.bundle.js'), BUNDLE);
  await writeFile(join(root, 'secret.txt'), SECRET);
  await writeFile(join(root, 'package.json'), `{"secret":"${SECRET}"}`);
  return root;
}

/** Writes raw bytes to the server and collects the answer until the socket closes or `ms` pass. */
function rawExchange(base, bytes, ms = 1500) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes);
  });
}

test('security: with a token set, near-miss credentials open nothing on any route or method, and 401s leak nothing', async (t) => {
  const root = await makeRoot(t);
  const { base, hub, app } = await startServer(t, { token: TOKEN, root });
  /** @type {Record<string, string>[]} */
  const nearMisses = [
    {},
    { Authorization: '' },
    { Authorization: 'Bearer' },
    { Authorization: 'Bearer ' },
    { Authorization: `Bearer ${TOKEN.slice(0, -1)}` },
    { Authorization: `Bearer ${TOKEN}x` },
    { Authorization: `Bearer ${TOKEN.toUpperCase()}` },
    { Authorization: `Bearer ${TOKEN} ${TOKEN}` },
    { Authorization: `Token ${TOKEN}` },
    { Authorization: TOKEN },
    { Authorization: `Bearer "${TOKEN}"` },
    { Authorization: `Bearer ${encodeURIComponent(TOKEN)}%00` },
    { Cookie: `token=${TOKEN}` },
    { 'X-Token': TOKEN },
  ];
  const queries = ['', '?token=', `?token=${TOKEN}x`, `?access_token=${TOKEN}`, `?TOKEN=${TOKEN}`, `?token=${TOKEN.slice(1)}`];
  const routes = ['/', '/index.html', '/demo/index.html', '/dist/pulseboard.bundle.js', '/events', '/events?topics=cpu', '/health', '/ws', '/ingest', '/alertmanager', '/history', '/history?topic=cpu', '/secret.txt', '/dist/../secret.txt', '/nope'];
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'];
  let checked = 0;
  for (const path of routes) {
    for (const method of methods) {
      for (const headers of nearMisses) {
        const r = await request(`${base}${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: ['POST', 'PUT', 'PATCH'].includes(method) ? '{"topic":"cpu","data":1}' : undefined });
        assert.ok(r.status === 401 || r.status === 400, `${method} ${path} ${JSON.stringify(headers)} -> ${r.status}`);
        assert.ok(!r.text.includes(SECRET) && !r.text.includes('bundleBody') && !r.text.includes('demo page'), `${method} ${path} leaked content`);
        assert.ok(!r.text.includes(TOKEN), 'the 401 does not echo a token');
        checked++;
      }
    }
    for (const q of queries) {
      const sep = path.includes('?') ? q.replace('?', '&') : q;
      const r = await request(`${base}${path}${sep}`);
      assert.ok(r.status === 401 || r.status === 400, `GET ${path}${sep} -> ${r.status}`);
      checked++;
    }
  }
  assert.ok(checked > 1000);
  // WebSocket upgrades with every near miss, header or query: closed with 4401 (a browser never
  // sees the HTTP status of a refused upgrade), having received nothing.
  for (const headers of nearMisses) {
    const r = await wsRefusal(`${base.replace('http', 'ws')}/ws`, headers);
    assert.equal(r.code, 4401, JSON.stringify(headers));
    assert.deepEqual(r.messages, []);
    assert.ok(!String(r.reason).includes(TOKEN));
  }
  for (const q of queries) {
    const r = await wsRefusal(`${base.replace('http', 'ws')}/ws${q}`);
    assert.equal(r.code, 4401, q);
    assert.deepEqual(r.messages, []);
  }
  assert.equal(hub.lastId, 0, 'nothing was published without the token');
  assert.equal(app.context.clientCount(), 0, 'no stream was opened without the token');
  // The right token still works (so the refusals above are about the token, not a broken server).
  const ok = await request(`${base}/dist/pulseboard.bundle.js`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(ok.status, 200);
  assert.equal(ok.text, BUNDLE);
});

test('security: look-alike origins are not on the CORS allow-list (HTTP, preflight and WebSocket upgrade)', async (t) => {
  const allowed = 'https://dash.example.com';
  const { base, hub } = await startServer(t, { cors: [allowed] });
  const lookalikes = [
    'https://dash.example.com.evil.com',
    'https://evil-dash.example.com',
    'https://evil.com',
    'http://dash.example.com',
    'https://dash.example.com:8443',
    'https://sub.dash.example.com',
    'https://dash.example.co',
    'https://dash.example.com@evil.com',
    'https://dash.example.com/',
    'https://dash.example.com%2f.evil.com',
    'null',
    'file://',
    'HTTPS://DASH.EXAMPLE.COM.evil.com',
  ];
  for (const origin of lookalikes) {
    const get = await request(`${base}/health`, { headers: { Origin: origin } });
    assert.notEqual(get.headers['access-control-allow-origin'], origin, `${origin}: GET readable`);
    assert.equal(get.headers['access-control-allow-origin'], undefined, `${origin}: no ACAO at all`);
    assert.equal(get.headers['access-control-allow-credentials'], undefined, `${origin}: no credentials`);
    const post = await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }, { Origin: origin });
    assert.equal(post.status, 403, `${origin}: POST refused`);
    const pre = await request(`${base}/ingest`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(pre.status, 403, `${origin}: preflight refused`);
    // Browsers do not apply CORS to WebSockets: the server must check Origin on the upgrade.
    await assert.rejects(openWs(`${base.replace('http', 'ws')}/ws`, { Origin: origin }), (err) => /** @type {any} */ (err).status === 403, `${origin}: WS upgrade refused`);
  }
  assert.equal(hub.lastId, 0, 'no cross-origin POST was published');
  // The allowed origin works everywhere (the refusals are about the origin).
  const get = await request(`${base}/health`, { headers: { Origin: allowed } });
  assert.equal(get.headers['access-control-allow-origin'], allowed);
  assert.equal((await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }, { Origin: allowed })).status, 202);
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`, { Origin: allowed });
  ws.close();
});

test('security: body limits on /ingest and /alertmanager, at the byte; smuggling and deep nesting are refused without harm', async (t) => {
  const maxBody = 2048;
  const { base, hub } = await startServer(t, { maxBody });
  /** @type {{ topic: string, data: unknown }[]} */
  const published = [];
  hub.onPublish((topic, data) => published.push({ topic, data }));
  const envelope = (size) => {
    const head = '{"topic":"t","data":"';
    const tail = '"}';
    return head + 'x'.repeat(size - head.length - tail.length) + tail;
  };
  const exact = await request(`${base}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: envelope(maxBody) });
  assert.equal(exact.status, 202, 'a body of exactly maxBody bytes is accepted');
  const lastAfterExact = hub.lastId;
  const over = await request(`${base}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: envelope(maxBody + 1) });
  assert.equal(over.status, 413, 'one byte over is 413');
  const chunked = await request(`${base}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, body: envelope(maxBody * 50) });
  assert.equal(chunked.status, 413, 'a chunked body over the limit is 413');
  const lying = await rawExchange(base, `POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n${envelope(maxBody * 4)}`);
  assert.doesNotMatch(lying, /^HTTP\/1\.1 202/, 'a body longer than its Content-Length is not published as a whole');
  const alerts = { version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'x'.repeat(maxBody) }, annotations: {} }] };
  const am = await postJson(`${base}/alertmanager`, alerts);
  assert.equal(am.status, 413, '/alertmanager has the same limit');
  // Request smuggling: Content-Length together with Transfer-Encoding is refused by the parser.
  const smuggle = await rawExchange(
    base,
    'POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nPOST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{"topic":"t","data":666}',
  );
  assert.match(smuggle, /^HTTP\/1\.1 400/, 'ambiguous framing is a 400');
  // Deep nesting under the limit: answered (published or 400), never a crash or a hang.
  const deep = '{"topic":"t","data":' + '['.repeat(900) + ']'.repeat(900) + '}';
  const nested = await request(`${base}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deep });
  assert.ok(nested.status === 202 || nested.status === 400, `deep nesting -> ${nested.status}`);
  assert.equal((await request(`${base}/health`)).status, 200, 'the server is fine');
  assert.ok(hub.lastId <= lastAfterExact + 1, 'nothing over the limit was published');
  assert.ok(!JSON.stringify(published).includes('666'), 'the smuggled request published nothing');
});

test('security: a bounded flood of connections does not starve existing clients, and every slot comes back', async (t) => {
  const maxClients = 20;
  const { base, hub, app } = await startServer(t, { maxClients, retryAfterSec: 1 });
  const sse = await openSse(`${base}/events`);
  const ws = await openWs(`${base.replace('http', 'ws')}/ws`);
  t.after(() => {
    sse.close();
    ws.close();
  });
  const { hostname, port } = new URL(base);
  /** @type {net.Socket[]} */
  const sockets = [];
  t.after(() => sockets.forEach((s) => s.destroy()));
  const connect = () =>
    new Promise((resolve) => {
      const s = net.connect(Number(port), hostname, () => resolve(s));
      s.on('error', () => resolve(s));
      s.on('data', () => {});
      sockets.push(s);
    });
  // 1. Idle sockets that never send a byte, and sockets stuck half-way through their headers.
  const idle = await Promise.all(Array.from({ length: 150 }, connect));
  const partial = await Promise.all(Array.from({ length: 150 }, connect));
  for (const s of partial) s.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  // 2. Far more stream clients than allowed, opened at once: the surplus gets 503 at once.
  const attempts = await Promise.allSettled(Array.from({ length: 60 }, () => openSse(`${base}/events`)));
  const streams = attempts.filter((a) => a.status === 'fulfilled').map((a) => /** @type {any} */ (a).value);
  t.after(() => streams.forEach((s) => s.close()));
  const accepted = streams.filter((s) => s.status === 200);
  const refused = streams.filter((s) => s.status === 503);
  assert.equal(accepted.length, maxClients - 2, 'exactly the free slots were filled');
  assert.equal(refused.length, 60 - (maxClients - 2), 'every other attempt was refused, not left hanging');
  assert.ok(app.context.clientCount() <= maxClients, 'never more clients than the limit');
  // 3. While all that is open, publish and check the existing clients get everything, in order.
  const ids = publishMany(hub, 'flood', 300);
  const got = await sse.waitForData(300, 10_000);
  assert.deepEqual(got.map((e) => Number(e.id)), ids);
  const gotWs = await ws.waitForData(300, 10_000);
  assert.deepEqual(gotWs.map((m) => Number(m.id)), ids);
  const health = await request(`${base}/health`);
  assert.equal(health.status, 200, 'the server still answers new requests');
  // 4. The flood ends: abruptly destroyed sockets and streams free their slots.
  for (const s of [...idle, ...partial]) s.destroy();
  for (const s of streams) s.res.destroy();
  await eventually(() => app.context.clientCount() === 2, 5000, 'only the two original clients left');
  const fresh = await openSse(`${base}/events`);
  t.after(() => fresh.close());
  assert.equal(fresh.status, 200, 'a new client is accepted again');
  hub.publish('flood', { n: 'after' });
  await sse.waitForData(301, 5000);
});

test('security: nasty paths never leave the static root', async (t) => {
  const root = await makeRoot(t);
  const { base } = await startServer(t, { root });
  const nasty = [
    '/dist/....//secret.txt',
    '/dist/..;/secret.txt',
    '/dist/%2e%2e%5c%2e%2e%5csecret.txt',
    '/dist/%252e%252e%252fsecret.txt',
    '/dist/%c0%ae%c0%ae%c0%afsecret.txt',
    '/dist/%e0%80%ae%e0%80%ae/secret.txt',
    '/dist/%ef%bc%8e%ef%bc%8e/secret.txt',
    '/dist/\u2025/secret.txt',
    '/dist/%uff0e%uff0e/secret.txt',
    '/dist/..%00/secret.txt',
    '/dist/%00../secret.txt',
    '/dist/pulseboard.bundle.js/../../secret.txt',
    '/dist/./../secret.txt',
    '/dist/.../secret.txt',
    '/dist/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/dist/..%252f..%252f..%252fetc%252fpasswd',
    '/dist/%2e%2e%2f%2e%2e%2f%2e%2e%2fproc%2fself%2fenviron',
    '/dist/..\\..\\..\\windows\\win.ini',
    '/dist/C:%5csecret.txt',
    '/dist/%5c%5c?%5cC:%5csecret.txt',
    '/dist/~/secret.txt',
    '/demo/..%2f..%2fpackage.json',
    '/package.json',
    '/dist/' + '../'.repeat(50) + 'etc/passwd',
    '/dist/' + 'a/'.repeat(2000) + 'x.js',
    '/dist/%',
    '/dist/%zz',
    '/dist/%e0%a4%a',
    '//secret.txt',
    '///etc/passwd',
    '/.//secret.txt',
    'http://127.0.0.1/../secret.txt',
    'secret.txt',
    '*',
    '/dist/pulseboard.bundle.js%00.txt',
    '/dist/pulseboard.bundle.js::$DATA',
    '/dist/.git/config',
    '/.env',
    '/dist/.%2e/.%2e/secret.txt',
  ];
  // Sent through a raw socket, byte for byte: no client-side normalisation or escaping at all.
  for (const path of nasty) {
    const text = await rawExchange(base, Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 'utf8'));
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
    assert.ok([400, 403, 404, 414, 431].includes(status), `${JSON.stringify(path)} -> ${status || text.slice(0, 60)}`);
    assert.ok(!text.includes(SECRET), `${path} leaked the secret`);
    assert.ok(!text.includes('root:x:'), `${path} leaked /etc/passwd`);
    assert.ok(!/\[fonts\]|PATH=/.test(text), `${path} leaked a system file`);
  }
  assert.equal((await request(`${base}/dist/pulseboard.bundle.js`)).text, BUNDLE, 'the real file is still served');
});
