import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openSse } from './helpers.js';

const T0 = Date.parse('2025-11-22T10:00:00.000Z');

test('threshold alerts: CPU above 75% for 10 s is a warning, above 90% critical, then resolved (time from payload ts)', async (t) => {
  const { base, hub } = await startServer(t, { thresholdAlerts: true });
  const s = await openSse(`${base}/events?topics=alerts`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  const alerts = () => s.data.map((e) => e.json);
  /** @param {number} dt @param {number} value */
  const cpu = (dt, value) => hub.publish('cpu', { ts: T0 + dt, value, core0: value });

  cpu(0, 80);
  cpu(5_000, 85);
  cpu(9_999, 99);
  const marker1 = hub.publish('alerts', { marker: 1 });
  await s.waitForEvent((e) => e.id === String(marker1));
  assert.deepEqual(alerts(), [{ marker: 1 }], 'not sustained for 10 s yet');

  cpu(10_000, 82);
  const warning = (await s.waitForData(2))[1].json;
  assert.deepEqual(warning, {
    id: 'threshold:HighCpu:value',
    status: 'firing',
    severity: 'warning',
    title: 'CPU above 75%',
    description: 'CPU is 82.0%: above the warning threshold of 75% for at least 10s.',
    startsAt: new Date(T0).toISOString(),
    endsAt: null,
    labels: { alertname: 'HighCpu', severity: 'warning', topic: 'cpu', field: 'value', source: 'pulseboard' },
  });

  cpu(11_000, 95);
  cpu(21_000, 96);
  const critical = (await s.waitForData(3))[2].json;
  assert.equal(critical.id, warning.id, 'same alert, escalated');
  assert.equal(critical.severity, 'critical');
  assert.equal(critical.title, 'CPU above 90%');
  assert.equal(critical.startsAt, warning.startsAt);

  cpu(22_000, 80);
  const downgraded = (await s.waitForData(4))[3].json;
  assert.equal(downgraded.severity, 'warning');
  assert.equal(downgraded.status, 'firing');

  cpu(23_000, 50);
  cpu(27_000, 40);
  cpu(27_500, 76); // a blip above resets the resolve timer
  cpu(28_000, 40);
  cpu(32_999, 40);
  const marker2 = hub.publish('alerts', { marker: 2 });
  await s.waitForEvent((e) => e.id === String(marker2));
  assert.equal(s.data.length, 5, 'not resolved before 5 s below');
  cpu(33_000, 40);
  const resolved = (await s.waitForData(6))[5].json;
  assert.equal(resolved.status, 'resolved');
  assert.equal(resolved.id, warning.id);
  assert.equal(resolved.endsAt, new Date(T0 + 33_000).toISOString());
  // Resolved under the title it fired with, never a new one that reads as another alert.
  assert.equal(resolved.title, downgraded.title);
  assert.equal(resolved.title, 'CPU above 75%');
  assert.match(resolved.description, /^Resolved: CPU is 40\.0%, back at or below 75%\.$/);
});

test('threshold alerts: per-mount disk alerts, ISO timestamps, and injected rules', async (t) => {
  const { base, hub } = await startServer(t, {
    thresholdAlerts: { rules: [
      { name: 'DiskFull', topic: 'disk', field: '*', label: 'Disk', warning: 90, critical: 97, forMs: 10_000 },
      { name: 'HotGpu', topic: 'gpu', field: 'tempC', label: 'GPU temperature', warning: 80, forMs: 0, unit: '°C' },
    ] },
  });
  const s = await openSse(`${base}/events?topics=alerts`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  hub.publish('disk', { ts: new Date(T0).toISOString(), '/': 40, '/data': 93 });
  hub.publish('disk', { ts: new Date(T0 + 10_000).toISOString(), '/': 41, '/data': 94 });
  const [disk] = await s.waitForData(1);
  assert.equal(disk.json.id, 'threshold:DiskFull:/data');
  assert.equal(disk.json.title, 'Disk /data above 90%');
  assert.equal(disk.json.labels.field, '/data');
  hub.publish('gpu', { tempC: 85 });
  const [, gpu] = await s.waitForData(2);
  assert.equal(gpu.json.title, 'GPU temperature above 80°C');
  assert.equal(gpu.json.severity, 'warning');
});

test('threshold alerts can be switched off', async (t) => {
  const { base, hub } = await startServer(t, { thresholdAlerts: false });
  const s = await openSse(`${base}/events?topics=alerts`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  hub.publish('cpu', { ts: T0, value: 99 });
  hub.publish('cpu', { ts: T0 + 60_000, value: 99 });
  const marker = hub.publish('alerts', { marker: true });
  const [first] = await s.waitForData(1);
  assert.equal(first.id, String(marker));
});

test('threshold alerts on per-host topics: cpu@web-2 above 75% fires its own alert, named by host; cpu@web-1 stays quiet', async (t) => {
  const { base, hub } = await startServer(t, { thresholdAlerts: true });
  const s = await openSse(`${base}/events?topics=alerts`);
  t.after(() => s.close());
  await s.waitForEvent((e) => e.event === 'pulse.hello');
  for (const dt of [0, 5_000, 10_000]) {
    hub.publish('cpu@web-1', { ts: T0 + dt, value: 30 });
    hub.publish('cpu@web-2', { ts: T0 + dt, value: 88, simulated: true });
  }
  const [alert] = await s.waitForData(1);
  assert.equal(alert.json.id, 'threshold:HighCpu:value@web-2');
  assert.equal(alert.json.title, 'CPU on web-2 above 75%');
  assert.deepEqual(alert.json.labels, { alertname: 'HighCpu', severity: 'warning', topic: 'cpu@web-2', field: 'value', source: 'pulseboard', host: 'web-2' });
  const marker = hub.publish('alerts', { marker: 1 });
  await s.waitForEvent((e) => e.id === String(marker));
  assert.equal(s.data.length, 2, 'nothing for web-1');
});
