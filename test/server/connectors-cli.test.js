// The connector flags and --config FILE: what they become, and clear refusals of what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCli } from '../../server/cli-args.js';
import { createServer } from '../../server/app.js';

test('cli: --prometheus/--query/--scrape/--alertmanager and --config merge into server options', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'pulse.json');
  writeFileSync(file, JSON.stringify({ queries: { load1: 'node_load1' }, scrape: ['app=http://127.0.0.1:8000/metrics'], queryInterval: '10s', prices: { 'gpt-4o': { input: 2.5, output: 10 } } }));
  const { options } = parseCli(['serve', '--config', file, '--prometheus', 'http://127.0.0.1:9090', '--query', 'cpu=sum by (instance) (rate(x{a="b"}[1m]))', '--alertmanager', 'http://127.0.0.1:9093', '--ack-duration', '5m'], {});
  assert.equal(options.prometheus, 'http://127.0.0.1:9090');
  assert.deepEqual(options.queries, [{ name: 'load1', query: 'node_load1' }, { name: 'cpu', query: 'sum by (instance) (rate(x{a="b"}[1m]))' }], 'file first, then flags; the first = splits');
  assert.equal(options.queryIntervalMs, 10_000);
  assert.deepEqual(options.scrape, ['app=http://127.0.0.1:8000/metrics']);
  assert.equal(options.ackDurationMs, 300_000);
  const app = createServer({ ...options, port: 0, hostMetrics: false, simulate: false });
  assert.equal(app.context.options.scrape[0].name, 'app');
  assert.equal(app.context.options.prices['gpt-4o'].output, 10);
});

test('cli: wrong connector settings are refused, naming what is wrong', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (/** @type {unknown} */ body) => {
    const f = join(dir, `c${Math.random()}.json`);
    writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
    return f;
  };
  /** @type {[string[], RegExp][]} */
  const cases = [
    [['--query', 'load1=node_load1'], /--query needs --prometheus/],
    [['--prometheus', 'http://p:9090'], /needs at least one --query/],
    [['--prometheus', 'http://p:9090', '--query', 'noequals'], /NAME=PROMQL/],
    [['--query-interval', 'soon'], /--query-interval/],
    [['--config', join(dir, 'missing.json')], /cannot read/],
    [['--config', write('{not json')], /is not JSON/],
    [['--config', write({ querys: {} })], /querys: unknown key/],
    [['--config', write({ queries: { a: 1 } })], /queries\.a: must be a PromQL string/],
    [['--config', write({ alertmanager: 'ftp://x' })], /alertmanager: must be an http\(s\) URL/],
  ];
  for (const [argv, message] of cases) assert.throws(() => parseCli(['serve', ...argv], {}), message, argv.join(' '));
  const server = (/** @type {Record<string, unknown>} */ o) => () => createServer({ hostMetrics: false, simulate: false, ...o });
  assert.throws(server({ prometheus: 'http://p', queries: [{ name: 'pulse.x', query: 'up' }] }), /reserved/);
  assert.throws(server({ prometheus: 'http://p', queries: [{ name: 'a', query: 'up' }, { name: 'a', query: 'up' }] }), /defined twice/);
  assert.throws(server({ scrape: ['not a url'] }), /--scrape: not a URL/);
  assert.throws(server({ prices: { m: { input: -1 } } }), /prices\.m\.input/);
  assert.throws(server({ ackDurationMs: 1000 }), /at least one minute/);
});
