#!/usr/bin/env node
// Bundles the React, Vue and Angular examples with esbuild (as any app bundler would), resolving
// `pulseboard` to this repository's build: run `npm run build` first.
//   node examples/build.mjs [--out DIR]   → DIR/{react,vue,angular}/{index.html,app.js}
// Then serve DIR (and open react/ or vue/), or add `?src=/events` against the reference server.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

export async function buildExamples(out = join(root, 'examples', 'dist')) {
  const common = {
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    // dist/*.js import shared chunks bare (rollup keeps module order that way) and package.json's
    // "sideEffects" does not list dist/chunks/, so bundlers drop those imports. Harmless today
    // (the chunks only declare things); silenced here, reported to the lead.
    logOverride: { 'ignored-bare-import': 'silent' },
    // What `import 'pulseboard'` gives an app installed from npm: the ESM build in dist/.
    alias: { pulseboard: join(root, 'dist', 'pulseboard.js') },
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const names = ['react', 'vue', 'angular'];
  for (const name of names) mkdirSync(join(out, name), { recursive: true });
  await build({ ...common, entryPoints: [join(here, 'react', 'main.tsx')], outfile: join(out, 'react', 'app.js'), jsx: 'automatic' });
  await build({
    ...common,
    entryPoints: [join(here, 'vue', 'main.ts')],
    outfile: join(out, 'vue', 'app.js'),
    // The full build includes the template compiler (the example's template is a string).
    alias: { ...common.alias, vue: 'vue/dist/vue.esm-bundler.js' },
    define: { ...common.define, __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  });
  await build({
    ...common,
    entryPoints: [join(here, 'angular', 'main.ts')],
    outfile: join(out, 'angular', 'app.js'),
    // Angular's decorators as its compiler reads them in JIT mode, with fields assigned (not
    // defined) as the Angular CLI compiles them.
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
  });
  for (const name of names) copyFileSync(join(here, name, 'index.html'), join(out, name, 'index.html'));
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  console.log(`built ${await buildExamples(values.out ? resolve(values.out) : undefined)}`);
}
