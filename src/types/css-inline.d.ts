/** `import css from 'x.css?inline'` gives the stylesheet's text (see scripts/css-inline.mjs). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
