import { css } from 'lit';

export const styles = css`
  /*
   * Sizing: as tall as its cards unless the page gives the host a height (by any means: a
   * height, grid, flex, absolute + inset, a percentage); then the frame fills it exactly and the
   * cards scroll under the header.
   */
  :host {
    display: block;
    font-size: 0.875rem;
    --_state-running: var(--pulse-agent-running, var(--_ok));
    --_state-waiting: var(--pulse-agent-waiting, var(--_warn));
    --_state-idle: var(--pulse-agent-idle, var(--_muted));
    --_state-error: var(--pulse-agent-error, var(--_crit));
    --_state-offline: var(--pulse-agent-offline, var(--_muted));
    --_spark: var(--pulse-agent-sparkline, var(--_info));
  }
  .body {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
    /* Room for the cards' focus rings, which the scroll box would otherwise clip. */
    padding: 3px;
    margin: -3px;
  }
  .header {
    flex: none;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    margin-bottom: 0.5rem;
  }
  .summary {
    font-weight: 600;
    margin: 0;
    margin-inline-end: auto;
  }
  /* Text takes its direction from its content (see theme.styles.ts). */
  .summary,
  .empty,
  .name,
  .task,
  .tool,
  .seen,
  .state,
  dt,
  dd .n,
  td.num {
    unicode-bidi: plaintext;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--pulse-agent-card-width, 16rem), 1fr));
    gap: 0.5rem;
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: 0.3rem;
    height: 100%;
    padding: 0.6rem 0.75rem;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_state-idle);
    border-radius: var(--_radius);
    cursor: pointer;
    contain: content;
    /* A board of hundreds: cards out of view are neither laid out nor painted when their values
       change; \`auto\` remembers each card's last rendered size so the scrollbar stays true. */
    content-visibility: auto;
    contain-intrinsic-size: auto 10rem;
  }
  .card:focus {
    outline: none;
  }
  .card:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: 1px;
  }
  th:focus,
  td:focus {
    outline: none;
  }
  th:focus-visible,
  td:focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: -2px;
  }
  .card[aria-current='true'] {
    box-shadow: 0 0 0 2px var(--_info);
  }
  [data-state='running'] {
    --_state: var(--_state-running);
  }
  [data-state='waiting'] {
    --_state: var(--_state-waiting);
  }
  [data-state='idle'] {
    --_state: var(--_state-idle);
  }
  [data-state='error'] {
    --_state: var(--_state-error);
  }
  [data-state='offline'] {
    --_state: var(--_state-offline);
  }
  .card[data-state] {
    border-inline-start-color: var(--_state);
  }
  .card[data-state='offline'],
  tr[data-state='offline'] {
    opacity: 0.7;
  }
  .head {
    display: flex;
    align-items: baseline;
    gap: 0.5rem;
  }
  /* Names break between words, and inside a word only when that word alone does not fit. */
  .name {
    font-weight: 600;
    overflow-wrap: break-word;
    min-width: 0;
    margin-inline-end: auto;
  }
  .state {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
    white-space: nowrap;
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .state .icon {
    display: inline-flex;
    color: var(--_state);
  }
  /* Words break only when one alone does not fit ("anywhere" would also shrink table columns
     until every word breaks). */
  .task,
  .tool {
    overflow-wrap: break-word;
  }
  .tool {
    font-family: var(--_mono);
    font-size: 0.8125rem;
  }
  .none,
  .k,
  .seen,
  dt {
    color: var(--_muted);
  }
  .metrics {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.15rem 0.75rem;
    margin: 0.2rem 0 0;
  }
  .metrics div {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
  }
  dt {
    font-size: 0.75rem;
  }
  dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
    text-align: end;
  }
  /* A value never breaks from its unit ("1,800 ms"); between values (p50 / p99) it may, after the slash. */
  dd .n {
    white-space: nowrap;
  }
  .foot {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-top: auto;
    font-size: 0.75rem;
  }
  .spark {
    width: 5rem;
    height: 1.25rem;
    flex: none;
  }
  .spark polyline {
    fill: none;
    stroke: var(--_spark);
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
  /* Positioned, so the visually hidden header texts stay inside it instead of widening the page. */
  .table-scroll {
    position: relative;
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: start;
    padding: 0.3rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: middle;
  }
  thead th {
    font-size: 0.75rem;
    color: var(--_muted);
    font-weight: 600;
    white-space: nowrap;
  }
  td.num {
    text-align: end;
    white-space: nowrap;
  }
  th .name {
    display: block;
    min-width: 6em;
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr[aria-current='true'] {
    background: var(--_surface);
  }
  .empty {
    padding: 1.5rem 0.75rem;
    text-align: center;
    color: var(--_muted);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
`;
