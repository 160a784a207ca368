import { css } from 'lit';

export const styles = css`
  /*
   * Sizing. Alone on a line the radial gauge is --pulse-gauge-size wide and scales with any CSS
   * width. Given a box by the page in any other way (display:block and a height, a grid cell,
   * flex, absolute + inset, a percentage) the frame fills that box exactly (min = max = 100%)
   * and the dial is as large as fits in it, centred: the value and caption follow the dial.
   * Paint containment keeps each gauge's repaint inside its own box: a wall of 200 gauges
   * repaints only the ones that changed.
   */
  :host {
    display: inline-block;
    vertical-align: top;
    --_level: var(--_ok);
    contain: layout paint style;
    font-variant-numeric: tabular-nums;
  }
  :host([variant='bar']) {
    display: block;
  }
  .frame {
    justify-content: center;
    /* The same trick across: the box's width when the page gives one, else this. */
    width: var(--pulse-gauge-size, 10rem);
    min-width: 100%;
    max-width: 100%;
  }
  :host([variant='bar']) .frame {
    width: auto;
  }
  :host([level='warn']) {
    --_level: var(--_warn);
  }
  :host([level='crit']) {
    --_level: var(--_crit);
  }
  /* --_w (on .gauge): the dial's width in px, set by a shared ResizeObserver; the value and the
     caption size from it (no container queries: their style recalculation on every value change
     costs more than the whole rest of the gauge). */
  /* The radial gauge: dial, caption, sparkline in a column whose dial gives way first when the
     box is short. Items stretch to the column's width, so a caption such as "▲ critical" wider
     than a small gauge wraps instead of widening the dial. */
  .gauge {
    display: flex;
    flex-direction: column;
    flex: 0 1 auto;
    min-height: 0;
    width: 100%;
  }
  :host([variant='bar']) .gauge {
    display: grid;
    flex: none;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-areas: 'caption readout' 'dial dial' 'spark spark';
    justify-items: stretch;
    align-items: baseline;
    row-gap: 0.25rem;
  }
  /*
   * The radial dial: a box of fixed proportions (100 x 80 dial units) with strict containment, so
   * a new value lays out only inside it. The arc and ticks are SVG; the value is HTML text on top.
   */
  .dial {
    grid-area: dial;
    position: relative;
    flex: 0 1 auto;
    min-height: 0;
    width: 100%;
    aspect-ratio: 100 / 80;
    contain: strict;
  }
  .arcs {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    overflow: visible;
  }
  .track,
  .indicator {
    fill: none;
    stroke-width: var(--pulse-gauge-thickness, 10);
  }
  .track {
    stroke: var(--_border);
  }
  /* No colour transition when the level changes: on a wall every crossing animated its arc for
     0.3 s, restyled and repainted every frame (issue 19: a fifth of the wall's frame time). */
  .indicator {
    stroke: var(--_level);
  }
  /*
   * The value: one line of inline text over the arc, centred with text-align and line-height
   * (a flex box here measured its items twice for every new value).
   */
  .dial .readout {
    position: absolute;
    inset: 0;
    /* Browsers now honour self-alignment on absolutely positioned boxes: without this the bar's
       \`justify-self: end\` below shrinks the dial's readout and pushes it onto the arc. */
    justify-self: stretch;
    display: block;
    /* From the dial's fitted width, not the box's (a short, wide box letterboxes the arc). */
    padding-top: calc(var(--_w, 160px) * 0.1);
    text-align: center;
    white-space: nowrap;
    line-height: calc(var(--_w, 160px) * 0.7);
  }
  .dial .value {
    font-size: calc(var(--_w, 160px) * 0.17);
  }
  .dial .trend {
    margin-inline-start: calc(var(--_w, 160px) * 0.02);
    vertical-align: middle;
    font-size: calc(var(--_w, 160px) * 0.09);
  }
  /* The bar: track and fill; the fill scales with transform (no layout per value). */
  .dial.bar {
    aspect-ratio: auto;
    height: 0.75rem;
  }
  .bar .track,
  .bar .indicator {
    position: absolute;
    inset: 20% 0;
    border-radius: 2px;
  }
  .bar .track {
    background: var(--_border);
  }
  .bar .indicator {
    background: var(--_level);
    transform-origin: left center;
    transform: scaleX(var(--f, 0));
  }
  /* Under dir="rtl" a bar fills from the right, like any progress bar (ticks mirror with it). */
  :host(:dir(rtl)) .bar {
    transform: scaleX(-1);
  }
  .tick {
    stroke: var(--_fg);
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
  .tick.warn {
    stroke: var(--_warn);
    stroke-dasharray: 2 1;
  }
  .tick.crit {
    stroke: var(--_crit);
  }
  .value {
    font-weight: 600;
    color: var(--_fg);
    white-space: nowrap;
    /* "8,1 %" keeps its unit after the number under dir="rtl" (direction from content). */
    unicode-bidi: plaintext;
  }
  :host([level='warn']) .value,
  :host([level='crit']) .value {
    color: var(--_level);
  }
  .unit {
    font-size: 0.55em;
    font-weight: 400;
    color: var(--_muted);
  }
  .trend {
    color: var(--_muted);
  }
  /* Bar: an HTML readout beside the label. */
  .readout {
    grid-area: readout;
    justify-self: end;
    display: flex;
    align-items: baseline;
    gap: 0.25rem;
    line-height: 1;
  }
  :host([variant='bar']) .readout .value {
    font-size: 1.25rem;
  }
  :host([status='stale']) .value,
  :host([status='disconnected']) .value,
  :host([status='stale']) .unit,
  :host([status='disconnected']) .unit,
  :host([status='stale']) .indicator,
  :host([status='disconnected']) .indicator,
  :host([status='unauthorized']) .value,
  :host([status='unauthorized']) .unit,
  :host([status='unauthorized']) .indicator,
  :host([status='offline']) .value,
  :host([status='offline']) .unit,
  :host([status='offline']) .indicator {
    opacity: 0.5;
  }
  :host([variant='bar']) .readout .trend {
    font-size: 0.9rem;
  }
  .caption {
    grid-area: caption;
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 0 0.4rem;
    /* Follows the dial on small gauges, never below a readable size. A fixed line height: the
       caption's height never depends on the dial's, so fitting the dial cannot loop. */
    font-size: clamp(0.7rem, calc(var(--_w, 160px) * 0.1), 0.85rem);
    line-height: 1.1rem;
    flex: none;
    text-align: center;
    color: var(--_fg);
  }
  :host([variant='bar']) .caption {
    justify-content: flex-start;
  }
  .level {
    font-weight: 600;
    color: var(--_level);
    white-space: nowrap;
  }
  .level[hidden] {
    display: none;
  }
  .sparkline {
    grid-area: spark;
    flex: none;
    width: 100%;
    height: 1.5rem;
    margin-top: 0.25rem;
  }
  .sparkline polyline {
    fill: none;
    stroke: var(--_level);
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
  .footer {
    flex: none;
    display: flex;
    justify-content: center;
    margin-top: 0.25rem;
  }
  :host([variant='bar']) .footer {
    justify-content: flex-start;
  }
`;
