// Two builds from the same sources:
//  - dist/*.js: ESM for bundlers, one entry per element plus the whole library, dependencies
//    left as bare imports so an app pays only for what it imports and dedupes lit. The small SSE
//    parser (eventsource-parser) is inlined instead: it is browser code our transport owns, and
//    as a dependency its `engines` (Node >= 22.12) would misstate what the package needs.
// Source maps are written without a sourceMappingURL comment and left out of the package: they
// map to src/, which is not shipped (a map pointing nowhere only makes bundlers warn).
//  - dist/pulseboard.bundle.js: one self-contained minified file for a <script type="module">.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { cssInlineRollupPlugin } from './scripts/css-inline.mjs';

const elements = readdirSync('src/elements').filter((name) => existsSync(`src/elements/${name}/${name}.ts`));
const input = {
  pulseboard: 'src/pulseboard.ts',
  data: 'src/data/index.ts',
  locales: 'src/i18n/index.ts',
  ...Object.fromEntries(elements.map((name) => [name, `src/elements/${name}/${name}.ts`])),
};

// anser (ANSI colours) ships CommonJS only.
const cjs = () => commonjs({ include: /node_modules\/anser\// });
const ts = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true });
const isDependency = (id) => /^(lit|@lit\/|uplot|anser)/.test(id);

/** The MIT notice of the inlined SSE parser, at the top of the chunk that holds it. */
const parserNotice = readFileSync('node_modules/eventsource-parser/LICENSE', 'utf8').match(/^Copyright .*$/m)?.[0] ?? '';
const inlinedNotice = (chunk) =>
  chunk.moduleIds.some((id) => id.includes('/node_modules/eventsource-parser/')) ? `/*! eventsource-parser, MIT License, ${parserNotice} */` : '';

export default [
  {
    input,
    external: (id) => isDependency(id) && !id.endsWith('?inline') && !id.endsWith('.css'), // CSS is inlined, never external
    plugins: [cssInlineRollupPlugin(), nodeResolve({ browser: true }), cjs(), ts()],
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
    plugins: [cssInlineRollupPlugin(), nodeResolve({ browser: true }), cjs(), ts()],
    output: {
      file: 'dist/pulseboard.bundle.js',
      format: 'es',
      // One file: the locale tables loaded on first use (dynamic imports) are inlined.
      inlineDynamicImports: true,
      sourcemap: 'hidden',
      plugins: [terser({ ecma: 2022, module: true, format: { comments: false } })],
    },
  },
];
