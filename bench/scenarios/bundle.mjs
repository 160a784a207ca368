// Scenario 6: bytes and gzip bytes of what a user downloads.
//  - dist/pulseboard.bundle.js: the one-file script-tag build (lit, uPlot, @lit/context,
//    eventsource-parser inlined, minified).
//  - each per-element ESM entry with the local chunks it imports (as shipped in dist/: not
//    minified, dependencies left as bare imports for the app's bundler).
//  - each per-element entry bundled standalone with its dependencies and minified (esbuild): what
//    an app that imports only that element pays.
//  - baselines: lit alone, lit + @lit/context, uPlot alone, minified the same way.
//  - the lazy loader's budgets (issue 18): the gzip bytes of exactly the files a page fetches
//    (the loader, then each tag's loader/<tag>.js and the chunks it imports), budget beside figure.
//    test/browser/loader.test.ts measures the same pages in a real browser. Then what the
//    one-gauge page's core and gauge chunks are made of, module by module (their source maps).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chunkModules } from '../lib/chunk-modules.mjs';
import { fmt, table } from '../lib/util.mjs';

export const title = 'Scenario 6: bundle size (bytes and gzip -9 bytes)';

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);

/** The entry and every local chunk it reaches through static imports. */
function closure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) visit(resolve(dirname(file), m[1]));
  };
  visit(resolve(entry));
  return [...seen];
}

async function minified(contents, resolveDir) {
  const { build } = await import('esbuild');
  const out = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  return Buffer.from(out.outputFiles[0].contents);
}

/**
 * Where the minified bytes of the whole library come from: esbuild's metafile attributes output
 * bytes to inputs (minified, before gzip), grouped by package or by src/ folder.
 */
async function breakdown(print) {
  const { build } = await import('esbuild');
  const { cssInlineEsbuildPlugin } = await import('../lib/css-inline-esbuild.mjs');
  const out = await build({
    entryPoints: ['src/pulseboard.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    write: false,
    metafile: true,
    outfile: 'breakdown.js',
    logLevel: 'silent',
    plugins: [cssInlineEsbuildPlugin()],
  });
  const inputs = Object.values(out.metafile.outputs)[0].inputs;
  const groups = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? m[1] : path.replace(/^css-inline:/, '').replace(/^src\/(elements\/[^/]+|[^/]+)\/.*$/, 'src/$1/').replace(/^.*node_modules.*$/, 'other');
    groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
  }
  const total = [...groups.values()].reduce((a, b) => a + b, 0);
  const sorted = [...groups].sort((a, b) => b[1] - a[1]);
  print(`minified bytes by origin (esbuild metafile of src/pulseboard.ts, ${fmt(total)} bytes before gzip):`);
  print(table(['origin', 'minified bytes', 'share'], sorted.map(([k, v]) => [k, fmt(v), `${((v / total) * 100).toFixed(1)}%`])));
  const files = Object.entries(inputs).filter(([p]) => !p.includes('node_modules')).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 10);
  print('largest own source files (minified bytes):');
  print(table(['file', 'minified bytes'], files.map(([p, { bytesInOutput }]) => [p.replace(/^css-inline:/, ''), fmt(bytesInOutput)])));
  return Object.fromEntries(sorted);
}

/** Issue 18's budgets for pages that use only dist/pulseboard.loader.js, gzip bytes transferred. */
const LOADER_BUDGETS = [
  { page: 'the loader alone', tags: [], budget: 3 * 1024 },
  { page: 'one <metric-gauge> (in its <pulse-source>)', tags: ['pulse-source', 'metric-gauge'], budget: 20 * 1024 },
  { page: 'every element', tags: ['pulse-source', 'metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'], budget: 60 * 1024 },
];

function loaderBudgets(print) {
  if (!existsSync('dist/pulseboard.loader.js')) throw new Error('dist/pulseboard.loader.js missing: npm run build');
  const result = {};
  const rows = LOADER_BUDGETS.map(({ page, tags, budget }) => {
    const files = new Set([resolve('dist/pulseboard.loader.js')]);
    for (const tag of tags) for (const f of closure(`dist/loader/${tag}.js`)) files.add(f);
    const gzip = [...files].reduce((n, f) => n + gz(readFileSync(f)), 0);
    result[page] = { gzip, budget, files: files.size, met: gzip <= budget };
    return [page, `${fmt(budget)} (${kb(budget)} KB)`, `${fmt(gzip)} (${kb(gzip)} KB)`, String(files.size), gzip <= budget ? 'met' : `MISSED by ${kb(gzip - budget)} KB`];
  });
  print('lazy loader budgets (gzip -9 of each file the page fetches; dist/pulseboard.loader.js + dist/loader/):');
  print(table(['page', 'budget', 'figure', 'files', ''], rows));
  const chunks = readdirSync('dist/loader').filter((f) => f.endsWith('.js')).sort();
  print(table(['dist/loader chunk', 'bytes', 'gzip'], chunks.map((f) => {
    const buf = readFileSync(join('dist/loader', f));
    return [f, fmt(buf.length), fmt(gz(buf))];
  })));
  result.contents = oneGaugeContents(print);
  return result;
}

/** Where the one-gauge page's bytes go: its shared core and the gauge chunk, module by module (source maps). */
function oneGaugeContents(print) {
  const contents = {};
  const core = readdirSync('dist/loader').find((f) => /^core-[\w-]+\.js$/.test(f));
  for (const chunk of [core, 'metric-gauge.js']) {
    const file = join('dist/loader', chunk);
    if (!chunk || !existsSync(`${file}.map`)) continue;
    const modules = chunkModules(file);
    const total = modules.reduce((n, m) => n + m.minified, 0);
    const groups = new Map();
    for (const m of modules) {
      const group = /^(lit-html|lit-element|lit|@lit\/[^/]+)\//.test(m.module) ? 'Lit (lit-html, reactive-element, lit-element, @lit/context)' : m.module.startsWith('(') ? m.module : m.module.replace(/^(src\/(?:elements\/[^/]+|[^/]+)|[^/]+)\/.*$/, '$1/');
      groups.set(group, (groups.get(group) ?? 0) + m.minified);
    }
    contents[chunk] = { gzip: gz(readFileSync(file)), modules };
    print(`loader/${chunk} (${fmt(gz(readFileSync(file)))} B gzip) by origin, minified bytes (share of the chunk's gzip, pro rata):`);
    print(table(['origin', 'minified', '~gzip'], [...groups].sort((a, b) => b[1] - a[1]).map(([g, n]) => [g, fmt(n), fmt(Math.round((n / total) * gz(readFileSync(file))))])));
    print(table(['module', 'minified', 'gzip alone'], modules.slice(0, 20).map((m) => [m.module, fmt(m.minified), fmt(m.gzip)])));
  }
  return contents;
}

export async function run({ print }) {
  const rows = [];
  const data = {};
  const add = (name, buf, note = '') => {
    const entry = { bytes: buf.length, gzip: gz(buf) };
    data[name] = entry;
    rows.push([name, fmt(entry.bytes), `${kb(entry.bytes)} KB`, fmt(entry.gzip), `${kb(entry.gzip)} KB`, note]);
    return entry;
  };
  if (!existsSync('dist/pulseboard.bundle.js')) throw new Error('dist/pulseboard.bundle.js missing: npm run build');
  const whole = add('dist/pulseboard.bundle.js', readFileSync('dist/pulseboard.bundle.js'), 'script-tag build, all elements');

  const entries = readdirSync('dist').filter((f) => f.endsWith('.js') && f !== 'pulseboard.bundle.js' && f !== 'pulseboard.loader.js').sort((a, b) => (a === 'pulseboard.js' ? -1 : b === 'pulseboard.js' ? 1 : a.localeCompare(b)));
  for (const file of entries) {
    const files = closure(join('dist', file));
    const buf = Buffer.concat(files.map((f) => readFileSync(f)));
    add(`dist/${file} + ${files.length - 1} chunk(s)`, buf, 'ESM as shipped, deps external');
  }
  for (const file of entries) {
    const buf = await minified(`export * from './${file}';`, resolve('dist'));
    add(`${file.replace(/\.js$/, '')} standalone`, buf, 'entry + deps, esbuild --minify');
  }
  const baselines = {
    'baseline: lit': `export * from 'lit';`,
    'baseline: lit + @lit/context': `export * from 'lit'; export * from '@lit/context';`,
    'baseline: uPlot': `export { default } from 'uplot';`,
  };
  // The dependencies the whole bundle actually inlines (uPlot only once <time-series> exists).
  const withUplot = existsSync('src/elements/time-series/time-series.ts');
  const withAnser = existsSync('src/elements/log-firehose/log-firehose.ts');
  baselines[`baseline: deps of the bundle (lit, @lit/context, eventsource-parser${withUplot ? ', uPlot' : ''}${withAnser ? ', anser' : ''})`] =
    `export * from 'lit'; export * from '@lit/context'; export * from 'eventsource-parser';${withUplot ? ` export { default as uPlot } from 'uplot';` : ''}${withAnser ? ` export { default as Anser } from 'anser';` : ''}`;
  let deps;
  for (const [name, code] of Object.entries(baselines)) {
    const entry = add(name, await minified(code, process.cwd()), 'esbuild --minify');
    if (name.includes('deps of the bundle')) deps = entry;
  }
  print(table(['file', 'bytes', '', 'gzip', '', 'what'], rows));
  print();
  data.loader = loaderBudgets(print);
  print();
  data.breakdown = await breakdown(print);
  print();
  print(`whole bundle: ${kb(whole.gzip)} KB gzip (target < 45 KB: ${whole.gzip < 45 * 1024 ? 'met' : 'MISSED'}); ` + `its dependencies alone: ${kb(deps.gzip)} KB gzip, so Pulseboard's own code adds about ${kb(whole.gzip - deps.gzip)} KB gzip ` + `(bundle / deps-only = ${(whole.gzip / deps.gzip).toFixed(2)}x)`);
  return data;
}
