// The webhook token end to end with the REAL Alertmanager (Debian's prometheus-alertmanager):
// its receiver sends `http_config.authorization.credentials` as a bearer token, which opens
// POST /alertmanager and nothing else; a receiver with a wrong token publishes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, eventually } from './helpers.js';
import { jwtOptions } from './access-helpers.js';
import { freePort } from '../../scripts/free-port.mjs';

const BINARY = '/usr/bin/prometheus-alertmanager';
const WEBHOOK_TOKEN = 'am-webhook-3f9a1c7e5b2d';

test('access: Alertmanager delivers with its http_config bearer token; a wrong one publishes nothing', { skip: !existsSync(BINARY) && `${BINARY} missing (.ci/run installs prometheus-alertmanager)` }, async (t) => {
  const { base, hub, app } = await startServer(t, { access: jwtOptions({ webhookToken: WEBHOOK_TOKEN }) });
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-am-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    `route:
  receiver: good
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 4h
  routes:
    - receiver: bad
      matchers: ['via="bad"']
receivers:
  - name: good
    webhook_configs:
      - url: ${base}/alertmanager
        http_config:
          authorization:
            credentials: ${WEBHOOK_TOKEN}
  - name: bad
    webhook_configs:
      - url: ${base}/alertmanager
        http_config:
          authorization:
            credentials: not-the-token
`,
  );
  const proc = spawn(BINARY, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d) => (log = (log + d).slice(-4000)));
  t.after(async () => {
    if (proc.exitCode === null) await new Promise((r) => (proc.once('exit', r), proc.kill('SIGTERM')));
    rmSync(dir, { recursive: true, force: true });
  });
  const am = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 20_000; !(await readyNow(am)); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > deadline) throw new Error(`alertmanager not ready after 20 s: ${log}`);
  }
  const startsAt = new Date().toISOString();
  const post = await fetch(`${am}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      { labels: { alertname: 'DiskFull', severity: 'critical', via: 'good' }, annotations: { summary: 'disk full on db-1' }, startsAt },
      { labels: { alertname: 'Forged', severity: 'critical', via: 'bad' }, annotations: { summary: 'should never show' }, startsAt },
    ]),
  });
  assert.equal(post.status, 200, await post.text());

  /** @type {any[]} */
  const published = [];
  hub.onPublish((topic, data) => {
    if (topic === 'alerts') published.push(data);
  });
  await eventually(() => published.some((a) => a.title === 'disk full on db-1'), 15_000, `the alert through the webhook (${log})`);
  await eventually(() => app.context.rejected.unauthorized >= 1, 15_000, 'the wrong token refused');
  assert.ok(!published.some((a) => a.title === 'should never show'), 'nothing from the receiver with the wrong token');
});

/** @param {string} am */
async function readyNow(am) {
  try {
    const r = await fetch(`${am}/-/ready`, { signal: AbortSignal.timeout(500) });
    return r.ok;
  } catch {
    return false;
  }
}
