import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openSse, request, waitUntil } from './helpers.js';
import { resolveOptions } from '../../server/options.js';

test('defaults: with nothing configured the stream carries host metrics, simulated logs and agents, and the request log', async (t) => {
  const { base } = await startServer(t, { hostMetrics: { intervalMs: 50 }, simulate: true, requestLog: true, thresholdAlerts: true, agentIntervalMs: 50 });
  const s = await openSse(`${base}/events?topics=cpu,mem,logs,agents`);
  t.after(() => s.close());
  await request(`${base}/health?token=should-not-be-logged`);
  await waitUntil(s, 'event', () => {
    const topics = new Set(s.data.map((e) => e.event));
    const sources = new Set(s.data.filter((e) => e.event === 'logs').map((e) => e.json.source));
    return ['cpu', 'mem', 'logs', 'agents'].every((x) => topics.has(x)) && sources.has('http') && [...sources].some((x) => ['api', 'worker', 'db'].includes(x));
  }, 8000, 'metrics, agents, simulated logs and the request log');
  const http = s.data.find((e) => e.event === 'logs' && e.json.source === 'http' && e.json.path === '/health');
  assert.ok(http, 'the /health request was logged');
  assert.equal(http.json.method, 'GET');
  assert.equal(http.json.status, 200);
  assert.equal(http.json.level, 'info');
  assert.match(http.json.message, /^GET \/health 200 \d+ms$/);
  assert.ok(!JSON.stringify(s.data).includes('should-not-be-logged'), 'query strings (tokens) are never logged');
  for (const e of s.data.filter((x) => x.event === 'logs')) {
    assert.equal(typeof e.json.ts, 'number');
    assert.ok(['error', 'warn', 'info', 'debug'].includes(e.json.level));
    assert.equal(typeof e.json.message, 'string');
  }
});

test('defaults: --tail replaces the simulated log and the request log', () => {
  const plain = resolveOptions({});
  assert.equal(plain.requestLog, true);
  assert.equal(plain.logSimulation, true);
  assert.equal(plain.port, 8080);
  assert.equal(plain.host, '127.0.0.1');
  assert.equal(plain.heartbeatMs, 15000);
  assert.equal(plain.history, 5000);
  assert.equal(plain.maxBody, 1024 * 1024);
  assert.equal(plain.wsMaxPayload, 64 * 1024);
  assert.equal(plain.agents, 6);
  const tailing = resolveOptions({ tail: ['/var/log/app.log'] });
  assert.equal(tailing.requestLog, false);
  assert.equal(tailing.logSimulation, false);
  assert.equal(resolveOptions({ tail: ['/var/log/app.log'], requestLog: true }).requestLog, true);
  assert.equal(resolveOptions({ simulate: false }).logSimulation, false);
});
