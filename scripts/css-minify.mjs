// Minifies the CSS inside Lit `css` tagged templates for the loader build (issue 18): terser
// leaves template text alone, so every comment and indent of our styles was shipped. Comments go,
// whitespace runs collapse to one space, and the space around `{ } ; ,` goes; quoted strings and
// `${…}` interpolations are kept as written. Deliberately conservative: no space is removed
// around `:` (`a :hover` and `a:hover` differ) or operators (`calc(1px - 2px)` needs them).
// An escaped backtick (`\``, e.g. in a comment) does not end the template.
const TEMPLATE = /\bcss`((?:[^`\\]|\\.)*)`/g;

/** The minified text of one static CSS segment. */
export function minifyCss(text) {
  // Comments first (they hold apostrophes); then strings stay as written, the rest is squeezed.
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 ? part : part.replace(/\s+/g, ' ').replace(/\s*([{};,])\s*/g, '$1').replace(/:\s+/g, ':')))
    .join('')
    .replace(/;}/g, '}')
    .trim();
}

/** Rollup plugin: minifies `css\`…\`` in our TypeScript sources before esbuild compiles them. */
export function cssMinifyRollupPlugin() {
  return {
    name: 'css-template-minify',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      // Interpolations split the template; each static piece is minified on its own.
      const out = code.replace(TEMPLATE, (_, body) => `css\`${body.split(/(\$\{[^}]*\})/).map((p, i) => (i % 2 ? p : minifyCss(p))).join('')}\``);
      return { code: out, map: null };
    },
  };
}
