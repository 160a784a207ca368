// custom-elements.json is generated from the elements' JSDoc; editors, Storybook controls and the
// typed framework wrappers read it. A stale manifest lies to users, so regenerate and compare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TAGS = ['pulse-source', 'metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'];

test('custom-elements.json is in sync with the sources (run `npm run analyze` if this fails)', () => {
  execFileSync('npx', ['cem', 'analyze', '--quiet'], { env: { ...process.env, CEM_OUTDIR: 'test-results/cem' }, stdio: 'pipe' });
  const fresh = JSON.parse(readFileSync('test-results/cem/custom-elements.json', 'utf8'));
  const committed = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  assert.deepEqual(committed, fresh);
});

test('the manifest describes every shipped tag that has a source folder', () => {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => d.tagName)).filter(Boolean);
  const shipped = TAGS.filter((tag) => {
    try {
      readFileSync(`src/elements/${tag}/${tag}.ts`);
      return true;
    } catch {
      return false;
    }
  });
  assert.ok(shipped.includes('pulse-source'));
  for (const tag of shipped) assert.ok(tags.includes(tag), `${tag} missing from custom-elements.json`);
});
