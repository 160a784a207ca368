// The benchmark harness works: `npm run bench -- --quick` starts its servers, drives Chromium and
// the fan-out child processes, and prints side-by-side tables. Only that figures are printed is
// asserted, never their values (performance is measured by `npm run bench`, not by tests).
// A subset of scenarios keeps this under 30 s on a shared 2-core machine: bundle (no browser),
// fanout (server + client child processes), gauges (browser pages + CDP metrics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

test('npm run bench -- --quick prints side-by-side figures for every scenario it runs', { timeout: 60_000 }, () => {
  const json = `bench/results/smoke-${process.pid}.json`;
  const run = spawnSync('node', ['bench/run.mjs', '--quick', '--scenario', 'bundle,fanout,gauges', '--json', json], { encoding: 'utf8', timeout: 55_000 });
  const out = run.stdout ?? '';
  assert.equal(run.status, 0, `bench exited with ${run.status}: ${(run.stderr ?? '').slice(-500)}`);
  for (const heading of ['Scenario 6: bundle size', 'Scenario 5: server fan-out', 'Scenario 3a: many gauges']) {
    assert.ok(out.includes(heading), `no "${heading}" section in:\n${out.slice(0, 2000)}`);
  }
  assert.match(out, /\| dist\/pulseboard\.bundle\.js\s*\|\s*[\d,]+ \|/, 'bundle bytes not printed');
  assert.match(out, /\| the loader alone\s*\|\s*3,072 \(3\.0 KB\)\s*\|\s*[\d,]+ \(/, 'the loader budget beside its figure not printed');
  assert.match(out, /\| delivered events\/s \(all clients\)\s*\|\s*[\d,.]+ \|\s*[\d,.]+ \|\s*[\d.]+x \|/, 'fan-out figures and ratio not printed');
  assert.match(out, /\| frame interval p95 ms\s*\|\s*[\d,.]+ \|\s*[\d,.]+ \|\s*[\d.]+x \|/, 'page figures and ratio not printed');
  assert.ok(!/scenario failed|failed:/.test(out), `a scenario failed:\n${out.slice(0, 3000)}`);
  assert.ok(existsSync(json), 'results JSON not written');
  const results = JSON.parse(readFileSync(json, 'utf8'));
  assert.ok(results.machine?.nproc >= 1 && results.scenarios.gauges, 'results JSON incomplete');
  rmSync(json, { force: true });
});
