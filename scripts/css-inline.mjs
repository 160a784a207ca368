// `import css from 'x.css?inline'` gives the stylesheet's text, the way Vite does, so uPlot's CSS
// can be adopted into shadow roots in the browser tests (dev server), the build (rollup) and
// Storybook (Vite, natively) alike.
import { readFile } from 'node:fs/promises';

const SUFFIX = '?inline';

/** Rollup plugin. */
export function cssInlineRollupPlugin() {
  return {
    name: 'css-inline',
    async resolveId(source, importer) {
      if (!source.endsWith('.css' + SUFFIX)) return null;
      const resolved = await this.resolve(source.slice(0, -SUFFIX.length), importer, { skipSelf: true });
      return resolved ? resolved.id + SUFFIX : null;
    },
    async load(id) {
      if (!id.endsWith('.css' + SUFFIX)) return null;
      const text = await readFile(id.slice(0, -SUFFIX.length), 'utf8');
      return `export default ${JSON.stringify(text)};`;
    },
  };
}

/** @web/dev-server plugin: serves `*.css?inline` as a JS module exporting the text. */
export function cssInlineDevPlugin() {
  return {
    name: 'css-inline',
    resolveMimeType(context) {
      if (context.path.endsWith('.css') && context.URL.searchParams.has('inline')) return 'js';
    },
    transform(context) {
      if (context.path.endsWith('.css') && context.URL.searchParams.has('inline')) {
        return { body: `export default ${JSON.stringify(context.body)};` };
      }
    },
  };
}
