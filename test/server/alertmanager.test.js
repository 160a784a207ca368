import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, openSse, postJson } from './helpers.js';
import { labelHash } from '../../server/alertmanager.js';

const fixture = await readFile(new URL('./fixtures/alertmanager-v4.json', import.meta.url), 'utf8');

test('alertmanager: a v4 webhook body as-is becomes alerts on the stream', async (t) => {
  const { base } = await startServer(t);
  const s = await openSse(`${base}/events?topics=alerts`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  const r = await postJson(`${base}/alertmanager`, fixture);
  assert.equal(r.status, 202);
  assert.deepEqual(r.json, { accepted: 3, ids: ['1', '2', '3'] });
  const [latency, disk, watchdog] = (await s.waitForData(3)).map((e) => e.json);
  assert.deepEqual(latency, {
    id: '3c0a2c1b8f6d9e41',
    status: 'firing',
    severity: 'critical',
    title: 'p99 latency above 2s on api-7f9c4d',
    description: 'The 99th percentile request latency of job api has been above 2 s for 10 minutes.',
    startsAt: '2025-11-22T08:14:03.512Z',
    endsAt: null,
    labels: { alertname: 'HighRequestLatency', instance: 'api-7f9c4d:8080', job: 'api', severity: 'critical', team: 'payments' },
    generatorURL: JSON.parse(fixture).alerts[0].generatorURL,
  });
  assert.equal(disk.status, 'resolved');
  assert.equal(disk.severity, 'warning');
  assert.equal(disk.title, 'DiskWillFillIn4Hours', 'no summary: the alertname is the title');
  assert.equal(disk.endsAt, '2025-11-22T08:10:11.000Z');
  assert.equal(watchdog.id, labelHash({ alertname: 'Watchdog', severity: 'none' }), 'no fingerprint: a hash of the labels');
  assert.match(watchdog.id, /^[0-9a-f]{16}$/);
  assert.equal(watchdog.description, '');
});

test('alertmanager: invalid bodies are 400 naming the alert and field; nothing is published', async (t) => {
  const { base, hub } = await startServer(t);
  const good = JSON.parse(fixture);
  /** @type {[unknown, number | undefined, string | null][]} */
  const cases = [
    [[], undefined, null],
    [{ ...good, version: '3' }, undefined, 'version'],
    [{ ...good, alerts: 'nope' }, undefined, 'alerts'],
    [{ ...good, alerts: [] }, undefined, 'alerts'],
    [{ ...good, alerts: [good.alerts[0], { ...good.alerts[1], labels: { severity: 3 } }] }, 1, 'alerts[1].labels'],
    [{ ...good, alerts: [good.alerts[0], good.alerts[1], { ...good.alerts[2], status: 'pending' }] }, 2, 'alerts[2].status'],
    [{ ...good, alerts: [{ ...good.alerts[0], startsAt: 'yesterday' }] }, 0, 'alerts[0].startsAt'],
    [{ ...good, alerts: [null] }, 0, 'alerts[0]'],
  ];
  for (const [body, index, field] of cases) {
    const r = await postJson(`${base}/alertmanager`, body);
    assert.equal(r.status, 400, JSON.stringify(r.json));
    assert.equal(r.json.index, index);
    assert.equal(r.json.field, field);
  }
  const notJson = await postJson(`${base}/alertmanager`, '{"version": "4", ');
  assert.equal(notJson.status, 400);
  assert.equal(hub.lastId, 0);
});
