// Two builds from the same sources:
//  - dist/*.js: ESM for bundlers, one entry per element plus the whole library, dependencies
//    left as bare imports so an app pays only for what it imports and dedupes lit.
//  - dist/pulseboard.bundle.js: one self-contained minified file for a <script type="module">.
import { readdirSync, existsSync } from 'node:fs';
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
const isDependency = (id) => /^(lit|@lit\/|uplot|eventsource-parser|anser)/.test(id);

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
      sourcemap: true,
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
      sourcemap: true,
      plugins: [terser({ ecma: 2022, module: true, format: { comments: false } })],
    },
  },
];
