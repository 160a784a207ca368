// The React and Vue typings are generated from custom-elements.json; stale typings would lie to
// users' editors. Regenerate into a scratch directory and compare, then type-check the examples
// (valid props compile, wrong types are rejected via @ts-expect-error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

test('src/jsx/*.ts match custom-elements.json (run `npm run types:jsx` if this fails)', () => {
  execFileSync(process.execPath, ['scripts/generate-jsx-types.mjs', '--out', 'test-results/jsx'], { stdio: 'pipe' });
  for (const file of readdirSync('test-results/jsx')) {
    assert.equal(readFileSync(`src/jsx/${file}`, 'utf8'), readFileSync(`test-results/jsx/${file}`, 'utf8'), `src/jsx/${file} is stale`);
  }
});

test('every tag in the manifest has React and Vue typings', () => {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => d.tagName)).filter(Boolean);
  const react = readFileSync('src/jsx/react.ts', 'utf8');
  const vue = readFileSync('src/jsx/vue.ts', 'utf8');
  for (const tag of tags) {
    assert.match(react, new RegExp(`'${tag}': PulseElementProps<`), `${tag} missing from React typings`);
    assert.match(vue, new RegExp(`'${tag}': PulseVueElement<`), `${tag} missing from Vue typings`);
  }
});

test('the React, Vue and Angular examples type-check (React and Vue against the generated typings)', () => {
  try {
    execFileSync('npx', ['tsc', '-p', 'examples/tsconfig.json'], { stdio: 'pipe' });
  } catch (err) {
    assert.fail(`tsc -p examples/tsconfig.json failed:\n${err.stdout}${err.stderr}`);
  }
});
