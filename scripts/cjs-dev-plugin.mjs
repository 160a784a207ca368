// The dev server (web-test-runner) serves node_modules as-is, and a CommonJS-only package such as
// anser has no `export default`. This serves the named packages' files as ES modules, bundled by
// esbuild (which the build already uses), so tests import exactly what rollup bundles.
import { build } from 'esbuild';

export function cjsToEsmDevPlugin(packages) {
  const pattern = new RegExp(`/node_modules/(${packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})/.*\\.c?js$`);
  return {
    name: 'cjs-to-esm',
    async transform(context) {
      if (!pattern.test(context.path)) return undefined;
      const result = await build({
        stdin: { contents: context.body, resolveDir: '.', sourcefile: context.path, loader: 'js' },
        bundle: true,
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      return { body: result.outputFiles[0].text };
    },
  };
}
