import { css } from 'lit';

export const styles = css`
  /*
   * The gauge scales with its width (container query units), and paint containment keeps each
   * gauge's repaint inside its own box: a wall of 200 gauges repaints only the ones that changed.
   */
  :host {
    display: inline-block;
    width: var(--pulse-gauge-size, 10rem);
    --_level: var(--_ok);
    container-type: inline-size;
    contain: layout paint style;
    font-variant-numeric: tabular-nums;
  }
  :host([variant='bar']) {
    display: block;
    width: auto;
  }
  :host([level='warn']) {
    --_level: var(--_warn);
  }
  :host([level='crit']) {
    --_level: var(--_crit);
  }
  .gauge {
    display: grid;
    grid-template-areas: 'dial' 'caption' 'spark';
    justify-items: center;
    width: 100%;
  }
  :host([variant='bar']) .gauge {
    width: 100%;
    grid-template-columns: 1fr auto;
    grid-template-areas: 'caption readout' 'dial dial' 'spark spark';
    justify-items: stretch;
    align-items: baseline;
    row-gap: 0.25rem;
  }
  .dial {
    grid-area: dial;
    width: 100%;
    overflow: visible;
  }
  .dial.bar {
    height: 0.75rem;
  }
  .track {
    fill: none;
    stroke: var(--_border);
    stroke-width: var(--pulse-gauge-thickness, 10);
  }
  .indicator {
    fill: none;
    stroke: var(--_level);
    stroke-width: var(--pulse-gauge-thickness, 10);
    transition: stroke 0.3s linear;
  }
  .bar .track {
    fill: var(--_border);
    stroke: none;
  }
  .bar .indicator {
    fill: var(--_level);
    stroke: none;
    transition: fill 0.3s linear;
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
  .readout {
    grid-area: dial;
    align-self: center;
    display: flex;
    align-items: baseline;
    gap: 0.25rem;
    padding-top: 12%;
    line-height: 1;
  }
  :host([variant='bar']) .readout {
    grid-area: readout;
    padding-top: 0;
    justify-self: end;
  }
  .value {
    font-size: 17cqi;
    font-weight: 600;
    color: var(--_level);
    white-space: nowrap;
  }
  :host(:not([level='warn']):not([level='crit'])) .value {
    color: var(--_fg);
  }
  :host([variant='bar']) .value {
    font-size: 1.25rem;
  }
  :host([variant='bar']) .trend {
    font-size: 0.9rem;
  }
  .unit {
    font-size: 0.6em;
    font-weight: 400;
    color: var(--_muted);
  }
  :host([status='stale']) .value,
  :host([status='disconnected']) .value,
  :host([status='stale']) .indicator,
  :host([status='disconnected']) .indicator {
    opacity: 0.5;
  }
  .trend {
    font-size: 9cqi;
    color: var(--_muted);
  }
  .caption {
    grid-area: caption;
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 0 0.4rem;
    font-size: clamp(0.6rem, 9cqi, 0.9rem);
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
    display: flex;
    justify-content: center;
    margin-top: 0.25rem;
  }
  :host([variant='bar']) .footer {
    justify-content: flex-start;
  }
`;
