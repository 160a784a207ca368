// JWT verification on the real server: every way a token can be wrong is a 401 that names the
// problem and repeats nothing of the token; algorithms follow the configured key only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK } from 'jose';
import { startServer, openSse, request, postJson } from './helpers.js';
import { ISSUER, SECRET, claims, craft, jwtOptions, keyPair, leaks, mint, nowSec } from './access-helpers.js';

const everything = { pulse: { subscribe: ['*'], publish: ['*'] } };

/**
 * GET /health with a bearer token.
 * @param {string} base
 * @param {string} token
 */
const health = (base, token) => request(`${base}/health`, { headers: { Authorization: `Bearer ${token}` } });

test('access: a valid HS256 token opens the routes; each broken one is a 401 naming why, echoing nothing', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const good = await mint(everything);
  assert.equal((await health(base, good)).status, 200);
  const stream = await openSse(`${base}/events`, { Authorization: `Bearer ${good}` });
  t.after(() => stream.close());
  assert.equal(stream.status, 200);

  const [h, p] = good.split('.');
  /** @type {[string, string, RegExp][]} */
  const cases = [
    ['forged signature (another secret)', await mint(everything, { key: new TextEncoder().encode(`${SECRET}-not-it`) }), /signature invalid/],
    ['payload changed under a valid signature', `${h}.${Buffer.from(JSON.stringify({ ...claims(), pulse: { subscribe: ['*'], publish: ['*'], actions: ['alerts:ack'] } })).toString('base64url')}.${good.split('.')[2]}`, /signature invalid/],
    ['alg: none', craft({ alg: 'none', typ: 'JWT' }, claims(everything), null), /algorithm not accepted/],
    ['alg: NONE with a signature', craft({ alg: 'NONE', typ: 'JWT' }, claims(everything), SECRET), /algorithm not accepted/],
    ['HS512 with the right secret', await mint(everything, { alg: 'HS512', key: new TextEncoder().encode(SECRET) }), /algorithm not accepted \(this server accepts HS256\)/],
    ['expired', await mint(everything, { exp: nowSec() - 10 }), /token expired/],
    ['nbf in the future', craft({ alg: 'HS256', typ: 'JWT' }, claims({ ...everything, nbf: nowSec() + 3600 }), SECRET), /not valid yet/],
    ['wrong issuer', await mint(everything, { iss: 'https://evil.example.com' }), /issuer not accepted/],
    ['no issuer', await mint(everything, { iss: null }), /issuer not accepted/],
    ['wrong audience', await mint(everything, { aud: 'someone-else' }), /audience not accepted/],
    ['missing exp', await mint(everything, { exp: null }), /no exp/],
    ['exp as a string', craft({ alg: 'HS256', typ: 'JWT' }, claims({ ...everything, exp: String(nowSec() + 3600) }), SECRET), /exp is not a number/],
    ['not a JWT', 'not-a-jwt', /malformed/],
    ['two parts', `${h}.${p}`, /malformed/],
    ['payload not JSON', `${h}.${Buffer.from('{nope').toString('base64url')}.${good.split('.')[2]}`, /malformed|signature invalid/],
    ['12 KB token', craft({ alg: 'HS256', typ: 'JWT' }, claims({ pad: 'x'.repeat(12_000) }), SECRET), /too large/],
    ['pulse claim of the wrong shape', await mint({ pulse: { subscribe: 'cpu' } }), /pulse\.subscribe must be an array/],
    ['a pattern with regex syntax', await mint({ pulse: { subscribe: ['cpu|secret'] } }), /topic names or \* patterns/],
  ];
  for (const [what, token, why] of cases) {
    const r = await health(base, token);
    assert.equal(r.status, 401, `${what}: ${r.text}`);
    assert.match(r.json.error, why, what);
    assert.match(String(r.headers['www-authenticate']), /^Bearer realm="pulseboard", error="invalid_token"/, what);
    assert.ok(!leaks(r, token), `${what}: the reply repeats part of the token`);
    const ingest = await postJson(`${base}/ingest`, { topic: 'cpu', data: 1 }, { Authorization: `Bearer ${token}` });
    assert.equal(ingest.status, 401, what);
  }
  assert.equal(hub.lastId, 0, 'no refused token published anything');
});

test('access: a 70 KB token is refused at the header limit (431) and the server goes on', async (t) => {
  const { base } = await startServer(t, { access: jwtOptions() });
  const huge = craft({ alg: 'HS256', typ: 'JWT' }, claims({ pad: 'x'.repeat(70_000) }), SECRET);
  assert.ok(huge.length > 70_000);
  const r = await request(`${base}/health`, { headers: { Authorization: `Bearer ${huge}` } });
  assert.equal(r.status, 431);
  assert.ok(!leaks(r, huge));
  const cookie = await request(`${base}/events`, { headers: { Cookie: `pulseboard_token=${huge}` } });
  assert.equal(cookie.status, 431);
  assert.equal((await health(base, await mint(everything))).status, 200, 'still serving');
});

test('access: --jwt-allow-no-exp accepts tokens without exp (and still refuses expired ones)', async (t) => {
  const { base } = await startServer(t, { access: jwtOptions({ jwtAllowNoExp: true }) });
  assert.equal((await health(base, await mint(everything, { exp: null }))).status, 200);
  assert.equal((await health(base, await mint(everything, { exp: nowSec() - 5 }))).status, 401);
});

test('access: ?token= is refused with JWTs unless --allow-query-token; the shared --token still works alongside', async (t) => {
  const good = await mint(everything);
  const strict = await startServer(t, { token: 'shared-token-for-scripts', access: jwtOptions() });
  const r = await request(`${strict.base}/health?token=${good}`);
  assert.equal(r.status, 401);
  assert.match(r.json.error, /tokens in URLs are refused/);
  assert.ok(!leaks(r, good));
  const sse = await request(`${strict.base}/events?token=${good}`);
  assert.equal(sse.status, 401);
  assert.equal((await request(`${strict.base}/health?token=shared-token-for-scripts`)).status, 401, 'not even the shared token in a URL');
  assert.equal((await health(strict.base, 'shared-token-for-scripts')).status, 200, '--token stays the all-access case');
  const lax = await startServer(t, { access: jwtOptions({ allowQueryToken: true }) });
  assert.equal((await request(`${lax.base}/health?token=${good}`)).status, 200);
});

test('access: claims with __proto__ grant nothing and pollute nothing', async (t) => {
  const { base } = await startServer(t, { access: jwtOptions() });
  const header = { alg: 'HS256', typ: 'JWT' };
  const base64 = (/** @type {object} */ c) => JSON.stringify(claims()).slice(0, -1) + ',' + JSON.stringify(c).slice(1);
  const tokens = [
    craft(header, base64({ pulse: JSON.parse('{"__proto__": {"subscribe": ["*"], "publish": ["*"]}}') }), SECRET),
    craft(header, base64(JSON.parse('{"__proto__": {"pulse": {"subscribe": ["*"]}}}')), SECRET),
    craft(header, base64({ pulse: { subscribe: ['cpu'], __proto__: { subscribe: ['*'] } } }), SECRET),
  ];
  for (const token of tokens) {
    assert.match(Buffer.from(token.split('.')[1], 'base64url').toString(), /__proto__|"subscribe":\["cpu"\]/);
    const all = await request(`${base}/events?topics=secret`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(all.status, 403, all.text);
    const ingest = await postJson(`${base}/ingest`, { topic: 'secret', data: 1 }, { Authorization: `Bearer ${token}` });
    assert.equal(ingest.status, 403);
  }
  assert.equal(/** @type {any} */ ({}).subscribe, undefined, 'Object.prototype untouched');
  assert.equal(/** @type {any} */ ({}).pulse, undefined);
});

test('access: an RSA public key accepts RS256 only: HS256 signed with the public key (the HS/RS confusion) is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-jwt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rsa = keyPair('rsa');
  const file = join(dir, 'public.pem');
  writeFileSync(file, rsa.publicPem);
  const { base } = await startServer(t, { access: jwtOptions({ jwtSecret: undefined, jwtPublicKeyFile: file }) });
  assert.equal((await health(base, await mint(everything, { alg: 'RS256', key: rsa.privateKey }))).status, 200);
  const confused = craft({ alg: 'HS256', typ: 'JWT' }, claims(everything), rsa.publicPem);
  const r = await health(base, confused);
  assert.equal(r.status, 401);
  assert.match(r.json.error, /algorithm not accepted \(this server accepts RS256\)/);
  const other = keyPair('rsa');
  assert.equal((await health(base, await mint(everything, { alg: 'RS256', key: other.privateKey }))).status, 401, 'another key pair');
  assert.equal((await health(base, craft({ alg: 'none' }, claims(everything), null))).status, 401);
});

test('access: EC P-256 and Ed25519 public keys accept their own algorithm only', async (t) => {
  for (const [type, alg] of /** @type {const} */ ([['ec', 'ES256'], ['ed25519', 'EdDSA']])) {
    const pair = keyPair(type);
    const { base } = await startServer(t, { access: jwtOptions({ jwtSecret: undefined, jwtPublicKey: pair.publicPem }) });
    assert.equal((await health(base, await mint(everything, { alg, key: pair.privateKey }))).status, 200, alg);
    assert.equal((await health(base, await mint(everything, { alg, key: keyPair(type).privateKey }))).status, 401, `${alg} from another key`);
    assert.equal((await health(base, craft({ alg: 'HS256' }, claims(everything), pair.publicPem))).status, 401, `HS256 with the ${alg} public key`);
  }
});

test('access: bad key configuration is refused at start with a message naming it', async () => {
  const rsa = keyPair('rsa');
  const pem = /** @type {string} */ (rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await Promise.all([
    assert.rejects(startServer(null, { access: { jwtSecret: 'short' } }), /at least 32 bytes/),
    assert.rejects(startServer(null, { access: { jwtSecret: SECRET, jwksUrl: 'https://id.example.com/jwks' } }), /one of --jwt-secret/),
    assert.rejects(startServer(null, { access: { jwtPublicKey: pem } }), /private key/),
    assert.rejects(startServer(null, { access: { jwtPublicKey: 'not a pem' } }), /not a PEM public key/),
    assert.rejects(startServer(null, { access: { jwtPublicKeyFile: '/nonexistent/key.pem' } }), /cannot read/),
    assert.rejects(startServer(null, { access: { jwtIssuer: ISSUER } }), /needs a JWT key/),
    assert.rejects(startServer(null, { access: { publicTopics: ['cpu'] } }), /needs --token or a JWT key/),
    assert.rejects(startServer(null, { access: { jwtSecret: SECRET, publicTopics: ['cpu|mem'] } }), /--public-topics must hold/),
    assert.rejects(startServer(null, { access: { jwtSecret: SECRET, ingestRate: 'fast' } }), /--ingest-rate/),
  ]);
});

test('access: --jwks keys are fetched once, cached, and refetched for an unknown kid (key rotation); an unreachable key set is 503', async (t) => {
  const k1 = keyPair('rsa');
  const k2 = keyPair('ec');
  /** @type {object[]} */
  let keys = [{ ...(await exportJWK(k1.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }];
  let fetches = 0;
  const jwks = http.createServer((req, res) => {
    fetches++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise((r) => jwks.listen(0, '127.0.0.1', () => r(undefined)));
  t.after(() => new Promise((r) => jwks.close(() => r(undefined))));
  const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (jwks.address()).port}/.well-known/jwks.json`;
  const { base } = await startServer(t, { access: jwtOptions({ jwtSecret: undefined, jwksUrl: url, jwksCooldownMs: 0 }) });

  const t1 = await mint(everything, { alg: 'RS256', key: k1.privateKey, kid: 'k1' });
  assert.equal((await health(base, t1)).status, 200);
  assert.equal((await health(base, t1)).status, 200);
  assert.equal(fetches, 1, 'cached after the first fetch');

  keys = [...keys, { ...(await exportJWK(k2.publicKey)), kid: 'k2', alg: 'ES256', use: 'sig' }];
  const t2 = await mint(everything, { alg: 'ES256', key: k2.privateKey, kid: 'k2' });
  assert.equal((await health(base, t2)).status, 200, 'the rotated-in key is found by refetching');
  assert.equal(fetches, 2);

  const t3 = await mint(everything, { alg: 'RS256', key: keyPair('rsa').privateKey, kid: 'k3' });
  const r3 = await health(base, t3);
  assert.equal(r3.status, 401);
  assert.match(r3.json.error, /kid/);
  const hs = craft({ alg: 'HS256', kid: 'k1' }, claims(everything), k1.publicPem);
  assert.equal((await health(base, hs)).status, 401, 'no symmetric algorithm through a JWKS');

  const down = await startServer(t, { access: jwtOptions({ jwtSecret: undefined, jwksUrl: 'http://127.0.0.1:9/jwks.json' }) });
  const r = await health(down.base, t1);
  assert.equal(r.status, 503);
  assert.ok(Number(r.headers['retry-after']) > 0);
  assert.match(r.json.error, /key set/);
});

test('access: the token from the HttpOnly cookie works for same-origin pages; a bad cookie is a 401', async (t) => {
  const { base } = await startServer(t, { access: jwtOptions() });
  const good = await mint({ pulse: { subscribe: ['cpu'] } });
  const ok = await request(`${base}/health`, { headers: { Cookie: `theme=dark; pulseboard_token=${good}; other=1` } });
  assert.equal(ok.status, 200);
  const bad = await request(`${base}/health`, { headers: { Cookie: `pulseboard_token=${good}x` } });
  assert.equal(bad.status, 401);
  assert.ok(!leaks(bad, good));
  assert.equal((await request(`${base}/health`, { headers: { Cookie: `token=${good}` } })).status, 401, 'only the named cookie');
});

test('access: no token reaches a log line: request log (path only), audit log, warnings', async (t) => {
  /** @type {string[]} */
  const lines = [];
  const onWarning = (/** @type {Error} */ w) => lines.push(String(w.message));
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  const { base } = await startServer(t, { requestLog: true, access: jwtOptions({ allowQueryToken: true, auditLog: (/** @type {object} */ e) => lines.push(JSON.stringify(e)) }) });
  const reader = await mint({ sub: 'ops', pulse: { subscribe: ['logs'] } });
  const logs = await openSse(`${base}/events?topics=logs`, { Authorization: `Bearer ${reader}` });
  t.after(() => logs.close());
  const tokens = [await mint(everything), await mint(everything, { exp: nowSec() - 5 }), craft({ alg: 'none' }, claims(everything), null)];
  for (const token of tokens) {
    await health(base, token);
    await request(`${base}/health?token=${token}`);
    await request(`${base}/health`, { headers: { Cookie: `pulseboard_token=${token}` } });
    await postJson(`${base}/ingest?token=${token}`, { topic: 'x', data: 1 });
  }
  const ticket = await postJson(`${base}/auth/ticket`, '', { Authorization: `Bearer ${tokens[0]}` });
  await request(`${base}/health?ticket=${ticket.json.ticket}`);
  await logs.waitForData(14); // one request log line per request above
  const all = [...lines, ...logs.data.map((e) => e.data)].join('\n');
  for (const token of [...tokens, ticket.json.ticket]) assert.ok(!leaks({ text: all }, token), 'a log line holds part of a token');
});
