// `import css from 'x.css?inline'` for the bench's fallback esbuild bundle (same meaning as
// scripts/css-inline.mjs gives it in rollup: the stylesheet's text as a string).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

export function cssInlineEsbuildPlugin() {
  return {
    name: 'css-inline',
    setup(build) {
      build.onResolve({ filter: /\.css\?inline$/ }, (args) => {
        const spec = args.path.slice(0, -'?inline'.length);
        let path;
        if (spec.startsWith('.')) path = resolve(args.resolveDir, spec);
        else {
          try {
            path = createRequire(resolve(args.resolveDir, 'x.js')).resolve(spec);
          } catch {
            path = resolve('node_modules', spec); // a package whose "exports" hide its CSS
          }
        }
        return { path, namespace: 'css-inline' };
      });
      build.onLoad({ filter: /.*/, namespace: 'css-inline' }, async (args) => ({
        contents: `export default ${JSON.stringify(await readFile(args.path, 'utf8'))};`,
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}
