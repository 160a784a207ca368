// Generates custom-elements.json from the elements' JSDoc (the API reference never drifts from
// the code). test/node/manifest.test.js fails when the committed file is stale.
export default {
  globs: ['src/elements/**/*.ts', 'src/render/pulse-element.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/*.test.ts'],
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  dependencies: false,
  // package.json's `customElements` field is fixed; never let a generation run rewrite it.
  packagejson: false,
};
