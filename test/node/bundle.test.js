// The script-tag bundle must be ONE self-contained file: no bare imports left for an import map
// the user does not have, every element registered, and the per-element entries present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const bundle = () => readFileSync('dist/pulseboard.bundle.js', 'utf8');

test('dist/pulseboard.bundle.js has no imports at all (lit, uPlot, @lit/context, eventsource-parser inlined)', () => {
  const code = bundle();
  // (assert.ok, not doesNotMatch: a failure must not print a 50 KB bundle)
  const staticImport = /(^|[;}\s])import\s*(["'{*]|[\w$]+\s*,?\s*\{?[^;]*?\bfrom\s*["'])/.exec(code);
  assert.ok(!staticImport, `static import left in the bundle: ${staticImport?.[0].slice(0, 80)}`);
  assert.ok(!/\bimport\s*\(/.test(code), 'dynamic import left in the bundle');
});

test('the bundle registers every element it ships, guarded against double registration', () => {
  const code = bundle();
  const elements = readdirSync('src/elements').filter((name) => existsSync(`src/elements/${name}/${name}.ts`));
  for (const tag of elements) assert.ok(code.includes(`"${tag}"`), `${tag} not registered in the bundle`);
  assert.ok(!/customElements\.define\(/.test(code) || /customElements\.get\(/.test(code), 'defines without a guard');
});

test('the ESM build leaves dependencies as bare imports and has an entry per element', () => {
  const esm = readFileSync('dist/pulseboard.js', 'utf8');
  assert.match(esm, /from\s*["']lit["']|from\s*["']\.\/chunks\//);
  const elements = readdirSync('src/elements').filter((name) => existsSync(`src/elements/${name}/${name}.ts`));
  for (const tag of elements) assert.ok(existsSync(`dist/${tag}.js`), `dist/${tag}.js missing`);
  assert.ok(existsSync('dist/types/pulseboard.d.ts'), 'type declarations missing');
});

test('import \'pulseboard\' registers every tag: dist/pulseboard.js imports each registering entry, <pulse-source> first', () => {
  // The classes come from dist/<name>.component.js; the tags are registered by dist/<name>.js.
  // Once rollup dropped those imports (it took the registering modules for side-effect free)
  // and the React and Vue examples showed nothing. <pulse-source> first: elements already in
  // the page upgrade in definition order, and a child's context request made before its
  // provider exists is lost.
  const esm = readFileSync('dist/pulseboard.js', 'utf8');
  const elements = readdirSync('src/elements').filter((name) => existsSync(`src/elements/${name}/${name}.ts`));
  const imported = [...esm.matchAll(/^import ['"]\.\/([\w-]+)\.js['"];?$/gm)].map((m) => m[1]);
  assert.deepEqual([...imported].sort(), [...elements].sort(), 'every element entry imported for its registration');
  assert.equal(imported[0], 'pulse-source');
});

test('no stream data path writes HTML: the sources never use innerHTML or unsafeHTML', () => {
  const files = readdirSync('src', { recursive: true }).filter((f) => String(f).endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(`src/${file}`, 'utf8');
    const hit = /\.innerHTML\s*=|unsafeHTML|insertAdjacentHTML|outerHTML\s*=|document\.write/.exec(text);
    assert.ok(!hit, `src/${file} uses ${hit?.[0]}`);
  }
});

// uPlot's module code formats with navigator.language, which is "C" in a WebKitGTK run with
// LANG=C; src/render/navigator-language.ts repairs that and must run first in both builds
// (test/browser/navigator-language.test.ts shows what breaks otherwise).
test('both builds repair navigator.language before uPlot\'s module code runs', () => {
  // The class (and its uPlot import) lives in time-series.component.js; time-series.js registers it.
  for (const file of ['dist/time-series.component.js', 'dist/time-series.js']) {
    const esm = readFileSync(file, 'utf8');
    const repair = esm.search(/import\s*['"]\.\/chunks\/navigator-language-[\w-]+\.js['"]/);
    const uplot = esm.search(/import\s+(\w+\s+from\s*)?['"]uplot['"]/);
    assert.ok(repair >= 0 && uplot >= 0, `${file} imports neither the repair chunk nor uplot`);
    assert.ok(repair < uplot, `${file} imports uplot before the navigator.language repair`);
  }
  const code = bundle();
  const repaired = code.indexOf('is not a BCP 47 language tag');
  const formatter = code.search(/new Intl\.NumberFormat\([\w$]+\?[\w$]+\.language/);
  assert.ok(repaired >= 0 && formatter >= 0, 'the bundle lacks the repair or uPlot\'s formatter');
  assert.ok(repaired < formatter, 'the bundle runs uPlot\'s formatter before the repair');
  const lazy = readFileSync('dist/loader/time-series.js', 'utf8');
  const lazyRepair = lazy.indexOf('is not a BCP 47 language tag');
  const lazyFormatter = lazy.search(/new Intl\.NumberFormat\([\w$]+\?[\w$]+\.language/);
  assert.ok(lazyRepair >= 0 && lazyRepair < lazyFormatter, 'dist/loader/time-series.js runs uPlot\'s formatter before the repair');
});

// The lazy loader (issue 18): self-contained chunks (no bare import a page could not resolve),
// one per element next to the loader, one shared core, and an SRI manifest that matches them.
test('the loader build: one chunk per element, one core, no bare imports, uPlot only in time-series', () => {
  const elements = readdirSync('src/elements').filter((name) => existsSync(`src/elements/${name}/${name}.ts`));
  const loader = readFileSync('dist/pulseboard.loader.js', 'utf8');
  assert.ok(!/\bimport\s*[{*"']|\bfrom\s*["']/.test(loader), 'the loader imports something up front');
  const chunks = readdirSync('dist/loader').filter((f) => f.endsWith('.js'));
  for (const tag of elements) {
    assert.ok(chunks.includes(`${tag}.js`), `dist/loader/${tag}.js missing`);
    assert.ok(loader.includes(`"${tag}"`), `the loader does not know <${tag}>`);
  }
  assert.equal(chunks.filter((f) => /^core-[\w-]+\.js$/.test(f)).length, 1, 'exactly one core chunk');
  for (const file of chunks) {
    const code = readFileSync(`dist/loader/${file}`, 'utf8');
    const bare = /\bfrom\s*["']([^."'][^"']*)["']/.exec(code);
    assert.ok(!bare, `dist/loader/${file} imports ${bare?.[1]}`);
    const hasUplot = code.includes('u-cursor-pt'); // uPlot's own class name
    assert.equal(hasUplot, file === 'time-series.js', `uPlot ${hasUplot ? 'in' : 'missing from'} ${file}`);
  }
});

test('dist/loader/integrity.json holds the sha384 of the loader and of every chunk', () => {
  const manifest = JSON.parse(readFileSync('dist/loader/integrity.json', 'utf8'));
  const files = ['../pulseboard.loader.js', ...readdirSync('dist/loader').filter((f) => f.endsWith('.js'))].sort();
  assert.deepEqual(Object.keys(manifest).sort(), files);
  for (const [file, sri] of Object.entries(manifest)) {
    const digest = createHash('sha384').update(readFileSync(`dist/loader/${file}`)).digest('base64');
    assert.equal(sri, `sha384-${digest}`, `${file}: stale hash`);
  }
});

test('the loader build ships our styles minified whole: no CSS comment of ours left in any chunk', () => {
  // An escaped backtick in a comment once ended the minifier's match early, so the rest of the
  // gauge's and agent list's styles shipped with every comment and indent (0.5 KB gzip each).
  const uplotCss = readFileSync('node_modules/uplot/dist/uPlot.min.css', 'utf8'); // inlined as uPlot ships it
  for (const file of readdirSync('dist/loader').filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(`dist/loader/${file}`, 'utf8');
    const ours = [...code.matchAll(/\/\*(?!!)[\s\S]*?\*\//g)].map((m) => m[0]).filter((c) => !uplotCss.includes(c));
    assert.deepEqual(ours.map((c) => c.slice(0, 60)), [], `dist/loader/${file}: CSS comments left`);
  }
});

test('src/version.ts says the version package.json does (the clash warning names it)', () => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.match(readFileSync('src/version.ts', 'utf8'), new RegExp(`VERSION = '${version.replaceAll('.', '\\.')}'`));
});
