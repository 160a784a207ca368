import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

/** uPlot's own stylesheet, adopted into each chart's shadow root (it is a constant from the package, not stream data). */
export const uplotStyles = unsafeCSS(uplotCss);

export const styles = css`
  /*
   * Sizing: the host is a plain block, so whatever the page does (display:block and a height, a
   * grid cell, flex: 1, position:absolute + inset, a percentage) sizes it; the figure (the
   * frame, theme.styles.ts) fills it, and is --pulse-series-height tall when the page gives none.
   */
  :host {
    display: block;
    min-width: 10rem;
    --_legend-line: 1.25rem;
    /* Series palette: 3:1 contrast or more against the light and the dark background. */
    --_s1: var(--pulse-series-1, light-dark(#1f6feb, #58a6ff));
    --_s2: var(--pulse-series-2, light-dark(#c2410c, #fb923c));
    --_s3: var(--pulse-series-3, light-dark(#1a7f37, #3fb950));
    --_s4: var(--pulse-series-4, light-dark(#8250df, #bc8cff));
    --_s5: var(--pulse-series-5, light-dark(#bf3989, #f778ba));
    --_s6: var(--pulse-series-6, light-dark(#0e7490, #2dd4bf));
    --_s7: var(--pulse-series-7, light-dark(#7d4e00, #e3b341));
    --_s8: var(--pulse-series-8, light-dark(#57606a, #8b949e));
  }
  figure {
    margin: 0;
    height: var(--pulse-series-height, var(--pulse-chart-height, 16rem)); /* --pulse-chart-height: deprecated, until 0.3.0 */
    gap: 0.25rem;
  }
  .header {
    display: flex;
    flex: none;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem;
    font-size: 0.85rem;
  }
  figcaption {
    font-weight: 600;
    margin-inline-end: auto;
  }
  .mode {
    color: var(--_warn);
    font-size: 0.75rem;
    font-weight: 600;
  }
  button {
    font: inherit;
    font-size: 0.75rem;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.15rem 0.5rem;
    cursor: pointer;
  }
  button:focus-visible,
  .plot:focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: 1px;
  }
  .plot {
    /* Time runs left to right in every language, as in every charting library; the header and
       legend around the plot mirror under dir="rtl". */
    direction: ltr;
    position: relative;
    flex: 1 1 0;
    min-height: 3rem;
    overflow: hidden;
    border-radius: var(--_radius);
  }
  /* A short box: the legend keeps the whole lines that fit beside a plot of at least 60% of the
     height (--_legend-lines, set from the box's size) and scrolls the rest; none fit, it goes. */
  figure[data-legend-lines] .legend {
    max-height: calc(var(--_legend-lines) * var(--_legend-line));
    overflow-y: auto;
  }
  figure[data-legend-lines='0'] .legend {
    display: none;
  }
  .plot .uplot {
    position: absolute;
    inset: 0;
    font-family: var(--_font);
    color: var(--_fg);
  }
  .u-select {
    background: color-mix(in srgb, var(--_info) 20%, transparent);
  }
  .legend {
    display: flex;
    flex: none;
    flex-wrap: wrap;
    gap: 0 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.8rem;
    font-variant-numeric: tabular-nums;
  }
  .legend > li {
    display: flex;
    align-items: center;
    min-height: var(--_legend-line);
  }
  .legend button {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    background: none;
    border: none;
    padding: 0.1rem 0.2rem;
    font-size: inherit;
  }
  .legend button[aria-pressed='false'] {
    opacity: 0.5;
    text-decoration: line-through;
  }
  .legend .value {
    color: var(--_muted);
  }
  /* Text takes its direction from its content under dir="rtl" (see theme.styles.ts). */
  figcaption,
  .legend .name,
  .legend .value,
  .threshold {
    unicode-bidi: plaintext;
  }
  .threshold {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    color: var(--_muted);
  }
  .threshold .line {
    width: 1rem;
    border-top: 2px dashed var(--_warn);
  }
  .threshold.crit .line {
    border-top: 2px solid var(--_crit);
  }
  .swatch {
    display: inline-block;
    width: 0.8rem;
    height: 0.25rem;
    border-radius: 1px;
    background: var(--_s1);
    flex: none;
  }
  .swatch[data-c='1'] {
    background: var(--_s2);
  }
  .swatch[data-c='2'] {
    background: var(--_s3);
  }
  .swatch[data-c='3'] {
    background: var(--_s4);
  }
  .swatch[data-c='4'] {
    background: var(--_s5);
  }
  .swatch[data-c='5'] {
    background: var(--_s6);
  }
  .swatch[data-c='6'] {
    background: var(--_s7);
  }
  .swatch[data-c='7'] {
    background: var(--_s8);
  }
  .tooltip {
    position: absolute;
    top: 0;
    left: 0;
    z-index: 10;
    pointer-events: none;
    padding: 0.3rem 0.5rem;
    font-size: 0.75rem;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 2px 6px rgb(0 0 0 / 0.15);
  }
  .tooltip[hidden],
  .tooltip-row[hidden] {
    display: none;
  }
  .tooltip-time {
    color: var(--_muted);
    margin-bottom: 0.15rem;
  }
  .tooltip-row {
    display: flex;
    align-items: center;
    gap: 0.35rem;
  }
  .tooltip-value {
    margin-left: auto;
    padding-left: 0.75rem;
    font-weight: 600;
  }
  /* Probes: resolve theme tokens (light-dark(), custom properties) to colours the canvas can use.
     Each has a 1 ms colour transition whose transitionrun says a token changed, so the canvas
     is redrawn before the next paint (theme.styles.ts keeps them invisible). */
  .probes > span {
    transition: color 1ms step-start;
  }
  @media (prefers-reduced-motion: reduce) {
    .probes > span {
      transition-duration: 1ms !important;
    }
  }
  [data-token='bg'] {
    color: var(--_bg);
  }
  [data-token='fg'] {
    color: var(--_fg);
  }
  [data-token='muted'] {
    color: var(--_muted);
  }
  [data-token='border'] {
    color: var(--_border);
  }
  [data-token='warn'] {
    color: var(--_warn);
  }
  [data-token='crit'] {
    color: var(--_crit);
  }
  [data-token='s1'] {
    color: var(--_s1);
  }
  [data-token='s2'] {
    color: var(--_s2);
  }
  [data-token='s3'] {
    color: var(--_s3);
  }
  [data-token='s4'] {
    color: var(--_s4);
  }
  [data-token='s5'] {
    color: var(--_s5);
  }
  [data-token='s6'] {
    color: var(--_s6);
  }
  [data-token='s7'] {
    color: var(--_s7);
  }
  [data-token='s8'] {
    color: var(--_s8);
  }
`;
