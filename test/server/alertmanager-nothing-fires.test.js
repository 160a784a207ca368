// A memory-only server with --alertmanager knows what fires once it has read Alertmanager's API:
// when nothing does, a fresh page is told so ({"alerts": []}), and not before the first read.
// Against the real prometheus-alertmanager from Debian, with no alerting rules at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../../scripts/free-port.mjs';
import { startDaemons, pollUntil } from '../fixtures/daemons.mjs';
import { openSse, startServer } from './helpers.js';

/** @type {Awaited<ReturnType<typeof startDaemons>>} */
let d;
before(async () => {
  d = await startDaemons({ rules: 'groups: []\n' });
});
after(() => d?.stop());

/** The data events a fresh page gets in its first half second. */
async function firstEvents(/** @type {string} */ base) {
  const s = await openSse(`${base}/events?topics=alerts`);
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  await new Promise((r) => setTimeout(r, 500));
  s.close();
  return s.data;
}

test('alertmanager with nothing firing: a fresh page is told nothing fires, once the API was read', async (t) => {
  const { base, app } = await startServer(t, { alertmanager: d.urls.alertmanager });
  await pollUntil(() => (app.context.alertmanager?.stats.refreshes ?? 0) > 0, 10_000, 'the first read of the API');
  const events = await firstEvents(base);
  assert.deepEqual(events.map((e) => [e.event, e.id, e.json]), [['alerts', undefined, { alerts: [] }]]);
});

test('alertmanager unreachable: nothing is said about what fires (unknown, not "none")', async (t) => {
  const { base, app } = await startServer(t, { alertmanager: `http://127.0.0.1:${await freePort()}` });
  await pollUntil(() => (app.context.alertmanager?.stats.failures ?? 0) > 0, 10_000, 'a failed read');
  assert.deepEqual(await firstEvents(base), []);
});
