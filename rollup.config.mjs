// Two builds from the same sources:
//  - dist/*.js: ESM for bundlers, one entry per element plus the whole library, dependencies
//    left as bare imports so an app pays only for what it imports and dedupes lit. The small SSE
//    parser (eventsource-parser) is inlined instead: it is browser code our transport owns, and
//    as a dependency its `engines` (Node >= 22.12) would misstate what the package needs.
// Source maps are written without a sourceMappingURL comment and left out of the package: they
// map to src/, which is not shipped (a map pointing nowhere only makes bundlers warn).
//  - dist/pulseboard.bundle.js: one self-contained minified file for a <script type="module">.
//  - dist/pulseboard.loader.js + dist/loader/: the lazy loader and its self-contained, minified
//    chunks, one per element plus ONE shared core (see loaderChunk), and loader/integrity.json.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { cssInlineRollupPlugin } from './scripts/css-inline.mjs';
import { cssMinifyRollupPlugin } from './scripts/css-minify.mjs';

const elements = readdirSync('src/elements').filter((name) => existsSync(`src/elements/${name}/${name}.ts`));
const input = {
  pulseboard: 'src/pulseboard.ts',
  data: 'src/data/index.ts',
  locales: 'src/i18n/index.ts',
  ...Object.fromEntries(elements.map((name) => [name, `src/elements/${name}/${name}.ts`])),
  // Each class without registering it (`pulseboard/metric-gauge.component.js`), for a host that
  // registers it under its own tag; `<name>.js` imports it and registers the tag.
  ...Object.fromEntries(elements.map((name) => [`${name}.component`, `src/elements/${name}/${name}.component.ts`])),
};

// anser (ANSI colours) ships CommonJS only.
const cjs = () => commonjs({ include: /node_modules\/anser\// });
const ts = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true });
const isDependency = (id) => /^(lit|@lit\/|uplot|anser)/.test(id);

/**
 * `src/elements/<name>/<name>.ts` exists for its side effect (it registers the tag) and exports
 * only what it re-exports from `<name>.component.ts`. node-resolve marks every module of this
 * package side-effect free (package.json "sideEffects" lists dist files only), so rollup traced
 * `export { MetricGauge }` straight to the component chunk and dropped the registering module:
 * `import 'pulseboard'` (dist/pulseboard.js) defined no tag at all. A later hook's
 * moduleSideEffects wins over resolveId's, so this says the truth about these modules.
 */
const registeringModules = () => ({
  name: 'registering-modules',
  transform(code, id) {
    const match = /[\\/]src[\\/]elements[\\/]([^\\/]+)[\\/]([^\\/]+)\.ts$/.exec(id);
    return match && match[1] === match[2] ? { code, map: null, moduleSideEffects: true } : null;
  },
});

/** The MIT notice of the inlined SSE parser, at the top of the chunk that holds it. */
const parserNotice = readFileSync('node_modules/eventsource-parser/LICENSE', 'utf8').match(/^Copyright .*$/m)?.[0] ?? '';
const inlinedNotice = (chunk) =>
  chunk.moduleIds.some((id) => id.includes('/node_modules/eventsource-parser/')) ? `/*! eventsource-parser, MIT License, ${parserNotice} */` : '';

/**
 * The loader build's chunks. A module that two or more element chunks need goes into a shared
 * chunk, so no page ever loads it twice: into `core` when the smallest page (`<pulse-source>` with
 * a `<metric-gauge>`) needs it (Lit, the hub, the SSE transport, the scheduler, the render base),
 * else into `shared` (what only the richer elements share: roving focus, icons, `repeat`, the
 * history client), so the one-gauge page pays for neither. A module only one element needs
 * (uPlot, anser) stays in that element's chunk. `<pulse-source>` itself is in `core` (its
 * `loader/pulse-source.js` is a one-line facade): nearly every page has one, and one gzip stream
 * instead of two is ~0.5 KB less for it (a page whose elements take `src` themselves pays ~0.7 KB
 * more). Modules reached only by a dynamic import (the WebSocket transport, the German and
 * Japanese tables) keep chunks of their own.
 */
const CORE_ENTRIES = ['pulse-source', 'metric-gauge'].map((name) => `/src/elements/${name}/${name}.ts`);
function loaderChunk(id, { getModuleInfo }) {
  const memo = new Map();
  const entriesReaching = (mid) => {
    if (memo.has(mid)) return memo.get(mid);
    memo.set(mid, new Set()); // cycles
    const info = getModuleInfo(mid);
    const found = new Set(info?.isEntry ? [mid] : []);
    for (const importer of info?.importers ?? []) for (const e of entriesReaching(importer)) found.add(e);
    memo.set(mid, found);
    return found;
  };
  const entries = entriesReaching(id);
  if (entries.size && [...entries].every((e) => e.endsWith(CORE_ENTRIES[0]))) return 'core';
  if (entries.size < 2) return undefined;
  return [...entries].some((e) => CORE_ENTRIES.some((core) => e.endsWith(core))) ? 'core' : 'shared';
}

/** Writes loader/integrity.json: the SRI hash (sha384) of the loader and of every chunk it can fetch. */
const integrityManifest = () => ({
  name: 'integrity-manifest',
  generateBundle(_options, bundle) {
    const files = Object.values(bundle)
      .filter((file) => file.type === 'chunk')
      .map((file) => [file.fileName.replace(/^loader\//, ''), `sha384-${createHash('sha384').update(file.code).digest('base64')}`])
      .sort(([a], [b]) => a.localeCompare(b));
    // Paths relative to loader/, the loader itself as ../pulseboard.loader.js.
    const manifest = Object.fromEntries(files.map(([name, hash]) => [name === 'pulseboard.loader.js' ? '../pulseboard.loader.js' : name, hash]));
    this.emitFile({ type: 'asset', fileName: 'loader/integrity.json', source: JSON.stringify(manifest, null, 2) + '\n' });
  },
});

export default [
  {
    input,
    external: (id) => isDependency(id) && !id.endsWith('?inline') && !id.endsWith('.css'), // CSS is inlined, never external
    plugins: [cssInlineRollupPlugin(), nodeResolve({ browser: true }), cjs(), ts(), registeringModules()],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      banner: inlinedNotice,
      // Its own chunk, so it is imported (and runs) before the external uplot, whose module code
      // it repairs the locale for; inlined, it would run after every import.
      manualChunks: (id) => (id.endsWith('/render/navigator-language.ts') ? 'navigator-language' : undefined),
      sourcemap: 'hidden',
    },
  },
  {
    input: 'src/pulseboard.ts',
    plugins: [cssInlineRollupPlugin(), nodeResolve({ browser: true }), cjs(), ts(), registeringModules()],
    output: {
      file: 'dist/pulseboard.bundle.js',
      format: 'es',
      // One file: the locale tables loaded on first use (dynamic imports) are inlined.
      inlineDynamicImports: true,
      sourcemap: 'hidden',
      plugins: [terser({ ecma: 2022, module: true, format: { comments: false } })],
    },
  },
  {
    input: { 'pulseboard.loader': 'src/loader/pulseboard.loader.ts', ...Object.fromEntries(elements.map((name) => [name, `src/elements/${name}/${name}.ts`])) },
    // Our styles' comments and indents minified away (terser leaves template text alone).
    plugins: [cssInlineRollupPlugin(), cssMinifyRollupPlugin(), nodeResolve({ browser: true }), cjs(), ts(), registeringModules()],
    output: {
      dir: 'dist',
      format: 'es',
      // Stable names: the loader asks for loader/<tag>.js; the shared chunks are hashed.
      entryFileNames: (chunk) => (chunk.name === 'pulseboard.loader' ? '[name].js' : 'loader/[name].js'),
      chunkFileNames: 'loader/[name]-[hash].js',
      manualChunks: loaderChunk,
      banner: inlinedNotice,
      sourcemap: 'hidden',
      // Three compress passes: about 0.15 KB gzip off the core over one pass (the third 54 B) for
      // a few seconds of build time. The `unsafe*` and `pure_getters` options save under 0.1 KB
      // more and assume things about uPlot's and Lit's code we cannot check: not used.
      plugins: [terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: /^!/ } }), integrityManifest()],
    },
  },
];
