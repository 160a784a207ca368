// Generates custom-elements.json from the elements' JSDoc (the API reference never drifts from
// the code). test/node/manifest.test.js fails when the committed file is stale.
import { readFileSync } from 'node:fs';

export default {
  globs: ['src/elements/**/*.ts', 'src/render/pulse-element.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/*.test.ts'],
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  dependencies: false,
  // package.json's `customElements` field is fixed; never let a generation run rewrite it.
  packagejson: false,
  // The analyzer's async glob returns files in whatever order the file system gives, and that
  // order changes the output (module order, inherited attribute order): a fresh clone on another
  // machine then disagrees with the committed manifest. Read the files in sorted order instead.
  overrideModuleCreation: ({ ts, globs }) =>
    [...globs]
      .sort()
      .map((file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2015, true)),
};
