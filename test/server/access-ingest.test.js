// What enters the server is what the token may publish: /ingest by topic, /alertmanager with
// the webhook token, the audit topic by nobody; per-subject ingest rate; actions are checked
// and audited (topic `audit`, the log, storage with --data).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, openSse, postJson, request } from './helpers.js';
import { jwtOptions, mint } from './access-helpers.js';

/** @param {string} token */
const bearer = (token) => ({ Authorization: `Bearer ${token}` });
const WEBHOOK = { version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'DiskFull', severity: 'critical' }, annotations: { summary: 'disk full' }, startsAt: '2026-01-01T00:00:00Z' }] };

test('access: /ingest publishes only to topics the token may publish; a batch with one refused item publishes nothing', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions() });
  const deployer = await mint({ sub: 'ci', pulse: { publish: ['deploys', 'build@*'] } });
  assert.equal((await postJson(`${base}/ingest`, [{ topic: 'deploys', data: { v: 1 } }, { topic: 'build@web', data: 2 }], bearer(deployer))).status, 202);
  assert.equal(hub.lastId, 2);
  const mixed = await postJson(`${base}/ingest`, [{ topic: 'deploys', data: 1 }, { topic: 'cpu', data: 99 }], bearer(deployer));
  assert.equal(mixed.status, 403);
  assert.deepEqual(mixed.json, { error: 'not allowed to publish to cpu', index: 1, field: 'topic' });
  assert.equal((await postJson(`${base}/ingest?topic=builds`, { data: 1 }, bearer(deployer))).status, 403, 'build@* is not builds');
  assert.equal(hub.lastId, 2, 'nothing of a refused batch was published');
  const reader = await mint({ pulse: { subscribe: ['*'] } });
  const r = await postJson(`${base}/ingest`, { topic: 'deploys', data: 1 }, bearer(reader));
  assert.equal(r.status, 403, 'no pulse.publish: nothing');
});

test('access: nobody publishes to the audit topic, not even the shared token or an open server', async (t) => {
  const open = await startServer(t);
  const shared = await startServer(t, { token: 'shared-token' });
  const jwt = await startServer(t, { access: jwtOptions() });
  const all = await mint({ pulse: { publish: ['*'] } });
  for (const [base, headers] of /** @type {const} */ ([[open.base, {}], [shared.base, bearer('shared-token')], [jwt.base, bearer(all)]])) {
    const r = await postJson(`${base}/ingest`, { topic: 'audit', data: { sub: 'ana', action: 'alerts:ack', result: 'ok' } }, headers);
    assert.equal(r.status, 403);
    assert.match(r.json.error, /written by the server only/);
  }
  assert.equal(open.hub.lastId + shared.hub.lastId + jwt.hub.lastId, 0);
});

test('access: --ingest-rate: over the bucket is 429 with Retry-After and publishes nothing; each subject has its own bucket', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions({ ingestRate: '5/s' }) });
  const ana = await mint({ sub: 'ana', pulse: { publish: ['*'] } });
  const ben = await mint({ sub: 'ben', pulse: { publish: ['*'] } });
  const batch = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => ({ topic: 'load', data: i }));
  assert.equal((await postJson(`${base}/ingest`, batch(5), bearer(ana))).status, 202);
  const over = await postJson(`${base}/ingest`, batch(2), bearer(ana));
  assert.equal(over.status, 429);
  assert.ok(Number(over.headers['retry-after']) >= 1);
  assert.match(over.json.error, /ingest rate over 5\/s/);
  assert.equal(hub.lastId, 5, 'the refused request published nothing');
  assert.equal((await postJson(`${base}/ingest`, batch(5), bearer(ben))).status, 202, "ben's bucket is his own");
  const health = await request(`${base}/health`, { headers: bearer(ana) });
  assert.equal(health.json.rejected.rateLimited, 1);
  // The bucket refills at 5/s: within about a second one more fits.
  let status = 0;
  for (let i = 0; i < 40 && status !== 202; i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await postJson(`${base}/ingest`, batch(1), bearer(ana))).status;
  }
  assert.equal(status, 202);
});

test('access: /alertmanager takes the webhook token (Alertmanager http_config) or a token that may publish alerts', async (t) => {
  const { base, hub } = await startServer(t, { access: jwtOptions({ webhookToken: 'am-webhook-token-123' }) });
  assert.equal((await postJson(`${base}/alertmanager`, WEBHOOK, bearer('am-webhook-token-123'))).status, 202);
  assert.equal(hub.lastId, 1);
  assert.equal((await postJson(`${base}/alertmanager`, WEBHOOK)).status, 401);
  assert.equal((await postJson(`${base}/alertmanager`, WEBHOOK, bearer('am-webhook-token-12'))).status, 401);
  assert.equal((await postJson(`${base}/ingest`, { topic: 'alerts', data: {} }, bearer('am-webhook-token-123'))).status, 401, 'the webhook token opens nothing else');
  assert.equal((await request(`${base}/events`, { headers: bearer('am-webhook-token-123') })).status, 401);
  const viewer = await mint({ pulse: { subscribe: ['alerts'] } });
  assert.equal((await postJson(`${base}/alertmanager`, WEBHOOK, bearer(viewer))).status, 403);
  const relay = await mint({ pulse: { publish: ['alerts'] } });
  assert.equal((await postJson(`${base}/alertmanager`, WEBHOOK, bearer(relay))).status, 202);
  assert.equal(hub.lastId, 2);
});

test('access: an action without its claim is 403 and audited; with it, the actor is the token subject; audit reaches only who may see it and is stored with --data', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-audit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  /** @type {object[]} */
  const logged = [];
  const { base, app } = await startServer(t, { access: jwtOptions({ auditLog: (/** @type {object} */ e) => logged.push(e) }), data: { dir, flushMs: 10 } });
  const ctx = app.context;
  const auditor = await openSse(`${base}/events`, bearer(await mint({ sub: 'sec', pulse: { subscribe: ['audit'] } })));
  t.after(() => auditor.close());
  const other = await openSse(`${base}/events`, bearer(await mint({ pulse: { subscribe: ['cpu', 'alerts'] } })));
  t.after(() => other.close());
  await auditor.waitForEvent((e) => e.event === 'pulse.hello');

  // The guard on a real authenticated request (as issue-15's ack route calls it).
  /** @param {string} token */
  const asRequest = async (token) => {
    const req = /** @type {any} */ ({ headers: { authorization: `Bearer ${token}` }, socket: { remoteAddress: '127.0.0.1' } });
    ctx.setPrincipal(req, await ctx.access.authenticate(req, new URLSearchParams(), { path: '/alerts/ack' }));
    return req;
  };
  const viewer = await asRequest(await mint({ sub: 'viewer@example.com', pulse: { subscribe: ['alerts'] } }));
  assert.throws(() => ctx.authorizeAction(viewer, 'alerts:ack', 'a1'), (/** @type {any} */ err) => err.status === 403 && /alerts:ack/.test(err.message));
  const oncall = await asRequest(await mint({ sub: 'ana@example.com', pulse: { subscribe: ['alerts'], actions: ['alerts:ack', 'alerts:silence'] } }));
  assert.deepEqual(ctx.authorizeAction(oncall, 'alerts:ack', 'a1'), { sub: 'ana@example.com' });
  assert.deepEqual(ctx.actorOf(oncall), { sub: 'ana@example.com' });
  ctx.audit({ ...ctx.actorOf(oncall), action: 'alerts:ack', target: 'a1', result: 'ok' });
  const acker = await asRequest(await mint({ sub: 'ben', pulse: { actions: ['alerts:ack'] } }));
  assert.throws(() => ctx.authorizeAction(acker, 'alerts:silence', 'a2'), (/** @type {any} */ err) => err.status === 403);
  assert.throws(() => ctx.authorizeAction(acker, 'alerts:unsilence', 'a2'), (/** @type {any} */ err) => err.status === 403 && /needs "alerts:silence"/.test(err.message));
  assert.deepEqual(ctx.authorizeAction(oncall, 'alerts:unsilence', 'a2'), { sub: 'ana@example.com' }, 'lifting a silence is part of alerts:silence');

  const entries = await auditor.waitForData(4);
  const seen = entries.map((e) => ({ sub: e.json.sub, action: e.json.action, target: e.json.target, result: e.json.result }));
  assert.deepEqual(seen, [
    { sub: 'viewer@example.com', action: 'alerts:ack', target: 'a1', result: 'denied' },
    { sub: 'ana@example.com', action: 'alerts:ack', target: 'a1', result: 'ok' },
    { sub: 'ben', action: 'alerts:silence', target: 'a2', result: 'denied' },
    { sub: 'ben', action: 'alerts:unsilence', target: 'a2', result: 'denied' },
  ]);
  for (const e of entries) assert.ok(Math.abs(e.json.ts - Date.now()) < 10_000, 'when');
  assert.deepEqual(logged.map((e) => /** @type {any} */ (e).result), ['denied', 'ok', 'denied', 'denied'], 'the server log has every entry');
  assert.equal(other.data.filter((e) => e.event === 'audit').length, 0, 'a token without the audit topic never sees it');

  const reader = bearer(await mint({ pulse: { subscribe: ['audit'] } }));
  let stored;
  for (let i = 0; i < 100 && stored?.json?.items?.length !== 4; i++) {
    if (i) await new Promise((r) => setTimeout(r, 30));
    stored = await request(`${base}/history?topic=audit&since=-1h`, { headers: reader });
  }
  assert.equal(stored?.json.items.length, 4, 'audit rows in the database');
  assert.equal(stored?.json.items[1].data.sub, 'ana@example.com');
});

test('access: with only --token, or none, every action is allowed and the actor has no subject', async (t) => {
  const { app } = await startServer(t, { token: 'shared-token' });
  const ctx = app.context;
  const req = /** @type {any} */ ({ headers: { authorization: 'Bearer shared-token' }, socket: {} });
  ctx.setPrincipal(req, await ctx.access.authenticate(req, new URLSearchParams()));
  assert.deepEqual(ctx.authorizeAction(req, 'alerts:silence', 'a1'), { sub: null });
  const unauthenticated = /** @type {any} */ ({ headers: {} });
  assert.throws(() => ctx.authorizeAction(unauthenticated, 'alerts:ack', 'a1'), (/** @type {any} */ err) => err.status === 401, 'a request never authenticated is allowed nothing');
});
