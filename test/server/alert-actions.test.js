// What fires, on a memory-only server without Alertmanager: alert state from webhooks and /ingest
// goes to every new connection; Silence/Ack/Unsilence are kept by the server (with expiry) and
// shared with every viewer; the action routes refuse bad input with clear errors and change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSse, postJson, request, startServer } from './helpers.js';
import { AlertBoard } from '../../server/alert-board.js';
import { LocalSilences } from '../../server/local-silences.js';
import { LocalSharedState } from '../../server/shared-state.js';

const webhook = await readFile(new URL('./fixtures/alertmanager-v4.json', import.meta.url), 'utf8');
const FIRING_ID = '3c0a2c1b8f6d9e41'; // HighRequestLatency in the fixture

/** @param {import('node:test').TestContext} t @param {Record<string, unknown>} [options] */
async function server(t, options = {}) {
  /** @type {string[]} */
  const log = [];
  const s = await startServer(t, { access: { auditLog: (entry) => log.push(JSON.stringify(entry)) }, ...options });
  return { ...s, log };
}

test('memory-only: a page opened between two webhooks still gets what fires, in its first bytes', async (t) => {
  const { base } = await server(t);
  assert.equal((await postJson(`${base}/alertmanager`, webhook)).status, 202);
  await postJson(`${base}/ingest`, { topic: 'alerts', data: { id: 'own', status: 'firing', severity: 'warning', title: 'queue deep' } });
  const s = await openSse(`${base}/events?topics=alerts`);
  t.after(() => s.close());
  const got = await s.waitForData(4, 2000);
  const byId = new Map(got.map((e) => [e.json.id, e.json]));
  assert.equal(byId.get(FIRING_ID)?.status, 'firing');
  assert.equal(byId.get('own')?.title, 'queue deep');
  assert.equal(s.events[0].event, 'pulse.hello');
  // A client resuming with Last-Event-ID gets exactly the events after it, not the state again.
  const resumed = await openSse(`${base}/events?topics=alerts`, { 'Last-Event-ID': String(got.at(-1)?.id) });
  t.after(() => resumed.close());
  await resumed.waitForEvent((e) => e.event === 'pulse.hello');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(resumed.data.length, 0);
});

test('memory-only: Silence and Ack are kept by the server and reach every viewer; Unsilence ends them', async (t) => {
  const { base, log } = await server(t);
  await postJson(`${base}/alertmanager`, webhook);
  const viewer = await openSse(`${base}/events?topics=alerts`);
  t.after(() => viewer.close());
  await viewer.waitForData(3, 2000);
  const hello = viewer.events[0].json;
  assert.equal(hello.alertActionsUrl, 'alerts', 'pulse.hello says where actions go');
  const r = await postJson(`${base}/alerts/silence`, { id: FIRING_ID, duration: '30m', comment: 'known issue' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.silence.state, 'silenced');
  const ev = await viewer.waitForEvent((e) => e.json?.id === FIRING_ID && e.json.silence?.state === 'silenced', 1000);
  assert.equal(ev.json.silence.by, 'pulseboard');
  assert.equal(ev.json.silence.comment, 'known issue');
  const until = Date.parse(ev.json.silence.until) - Date.now();
  assert.ok(until > 29 * 60_000 && until <= 30 * 60_000, `30 minutes (${until})`);
  assert.equal(ev.json.title, 'p99 latency above 2s on api-7f9c4d', 'the whole alert, not a fragment');
  assert.ok(log.some((l) => l.includes('"action":"alerts:silence"') && l.includes(`"target":"${FIRING_ID}"`) && l.includes('"sub":null')));

  // A webhook repeat (no `silence` key) does not undo it for pages opened later.
  await postJson(`${base}/alertmanager`, webhook);
  const fresh = await openSse(`${base}/events?topics=alerts`);
  t.after(() => fresh.close());
  const snap = await fresh.waitForEvent((e) => e.json?.id === FIRING_ID, 2000);
  assert.equal(snap.json.silence.state, 'silenced');

  const ack = await postJson(`${base}/alerts/ack`, { id: FIRING_ID });
  assert.equal(ack.status, 200);
  assert.equal(ack.json.silence.state, 'silenced', 'a silence outranks an ack');
  const un = await postJson(`${base}/alerts/unsilence`, { id: FIRING_ID });
  assert.equal(un.json.silence, null);
  await viewer.waitForEvent((e) => e.json?.id === FIRING_ID && e.json.silence === null, 1000);
  const acked = await postJson(`${base}/alerts/ack`, { id: FIRING_ID });
  assert.equal(acked.json.silence.state, 'acknowledged');
  const ackUntil = Date.parse(acked.json.silence.until) - Date.now();
  assert.ok(ackUntil > 14 * 60_000 && ackUntil <= 15 * 60_000, 'ack: 15 minutes by default');
});

test('local silences expire on their own and the alert is published again without them, by the node that runs once per stream', async () => {
  let now = 1_000_000;
  /** @type {any[]} */
  const published = [];
  const board = new AlertBoard({ publish: (topic, data) => published.push([topic, data]), now: () => now });
  board.observe({ id: 1, topic: 'alerts', json: JSON.stringify({ id: 'a', status: 'firing', title: 'x' }) }, { id: 'a', status: 'firing', title: 'x' }, now);
  const table = new LocalSharedState({ now: () => now }).table('silences');
  let leader = false;
  const silences = new LocalSilences({ board, table, runs: () => leader, now: () => now });
  await silences.create({ alertId: 'a', state: 'acknowledged', by: 'me', durationMs: 60_000, comment: '' });
  assert.equal(published.at(-1)[1].silence.state, 'acknowledged');
  now += 59_000;
  await silences.expire();
  assert.equal(published.length, 1, 'not yet');
  now += 1000;
  await silences.expire();
  assert.equal(published.length, 1, 'a node without the lease does not publish the expiry');
  assert.equal(silences.silences().length, 0, 'but no longer counts the silence');
  leader = true;
  await silences.expire();
  assert.deepEqual(published.at(-1), ['alerts', { id: 'a', status: 'firing', title: 'x', silence: null }]);
  await silences.expire();
  assert.equal(published.length, 2, 'once');
});

test('action routes: malformed, oversized, unknown, unauthorised requests get clear errors and change nothing', async (t) => {
  const { base, hub } = await server(t, { token: 's3cret', maxBody: 8192 });
  const auth = { Authorization: 'Bearer s3cret' };
  await postJson(`${base}/alertmanager`, webhook, auth);
  // Attempts are audited (topic `audit`); nothing else may be published by a refused request.
  /** @type {string[]} */
  const published = [];
  hub.onPublish((topic) => published.push(topic));
  /** @type {[string, unknown, Record<string, string>, number, RegExp, string | null | undefined][]} */
  const cases = [
    ['silence', { id: FIRING_ID }, {}, 401, /unauthorized/, undefined],
    ['silence', '{"id": ', auth, 400, /invalid JSON/, null],
    ['silence', [FIRING_ID], auth, 400, /body must be an object/, null],
    ['silence', { id: 7 }, auth, 400, /id must be/, 'id'],
    ['silence', { id: FIRING_ID, duration: 'forever' }, auth, 400, /duration must be/, 'duration'],
    ['silence', { id: FIRING_ID, duration: '10s' }, auth, 400, /between 1m and 90d/, 'duration'],
    ['ack', { id: FIRING_ID, comment: 'x'.repeat(1001) }, auth, 400, /comment must be/, 'comment'],
    ['silence', { id: 'no-such-alert' }, auth, 404, /no alert with id/, 'id'],
    ['silence', { id: FIRING_ID, comment: 'y'.repeat(9000) }, auth, 413, /exceeds 8192 bytes/, undefined],
  ];
  for (const [action, body, headers, status, message, field] of cases) {
    const r = await postJson(`${base}/alerts/${action}`, body, headers);
    assert.equal(r.status, status, `${action} ${JSON.stringify(body).slice(0, 60)}: ${r.text}`);
    assert.match(r.json.error, message);
    assert.equal(r.json.field, field);
  }
  const wrongType = await request(`${base}/alerts/silence`, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
  assert.equal(wrongType.status, 415);
  assert.equal((await request(`${base}/alerts/silence`, { headers: auth })).status, 405);
  assert.deepEqual(published.filter((topic) => topic !== 'audit'), [], 'nothing but audit entries was published');
  assert.ok(published.includes('audit'), 'the attempt on an unknown alert was audited');
  const ok = await postJson(`${base}/alerts/silence`, { id: FIRING_ID }, auth);
  assert.equal(ok.status, 200, 'and the route works with the token');
});

test('action routes with JWT access: an ack without the action claim is 403 and audited, changes nothing; with the claim the silence names the token subject', async (t) => {
  const { mint, jwtOptions } = await import('./access-helpers.js');
  /** @type {Record<string, unknown>[]} */
  const logged = [];
  const { base, hub } = await startServer(t, { access: jwtOptions({ publicTopics: [], auditLog: (/** @type {any} */ e) => logged.push(e) }) });
  const publisher = await mint({ sub: 'am', pulse: { publish: ['alerts'] } });
  assert.equal((await postJson(`${base}/alertmanager`, webhook, { Authorization: `Bearer ${publisher}` })).status, 202);
  /** @type {[string, unknown][]} */
  const published = [];
  hub.onPublish((topic, data) => published.push([topic, data]));

  const viewer = await mint({ sub: 'viewer@example.com', pulse: { subscribe: ['alerts'] } });
  const denied = await postJson(`${base}/alerts/ack`, { id: FIRING_ID }, { Authorization: `Bearer ${viewer}` });
  assert.equal(denied.status, 403, denied.text);
  assert.match(denied.json.error, /alerts:ack/);
  assert.deepEqual(published.map(([topic]) => topic), ['audit'], 'only the refusal is published, on the audit topic');
  assert.deepEqual(
    { sub: logged.at(-1)?.sub, action: logged.at(-1)?.action, target: logged.at(-1)?.target, result: logged.at(-1)?.result },
    { sub: 'viewer@example.com', action: 'alerts:ack', target: FIRING_ID, result: 'denied' },
  );
  assert.equal((await postJson(`${base}/alerts/ack`, { id: FIRING_ID })).status, 401, 'no token at all: 401');

  const oncall = await mint({ sub: 'ana@example.com', pulse: { subscribe: ['alerts'], actions: ['alerts:ack'] } });
  const acked = await postJson(`${base}/alerts/ack`, { id: FIRING_ID }, { Authorization: `Bearer ${oncall}` });
  assert.equal(acked.status, 200, acked.text);
  assert.equal(acked.json.silence.by, 'ana@example.com', 'the silence is created by the token subject');
  assert.equal(logged.at(-1)?.result, 'ok');
  const lift = await postJson(`${base}/alerts/unsilence`, { id: FIRING_ID }, { Authorization: `Bearer ${oncall}` });
  assert.equal(lift.status, 403, 'lifting a silence needs alerts:silence');
});
