import { css } from 'lit';

export const styles = css`
  /*
   * Sizing: as tall as its alerts unless the page gives the host a height (by any means: a
   * height, grid, flex, absolute + inset, a percentage); then the frame fills it exactly and the
   * list scrolls under the header. Border and background are on the frame, in the element's own
   * colour scheme.
   */
  :host {
    display: block;
    font-size: 0.875rem;
    --_sev-critical: var(--pulse-alert-critical, var(--_crit));
    --_sev-error: var(--pulse-alert-error, light-dark(#bc4c00, #f0883e));
    --_sev-warning: var(--pulse-alert-warning, var(--_warn));
    --_sev-info: var(--pulse-alert-info, var(--_info));
  }
  .frame {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .body {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
    /* The rows' layout follows the list's width (below), the same for every row. */
    container: alerts / inline-size;
  }
  .header {
    flex: none;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
    border-radius: var(--_radius) var(--_radius) 0 0;
  }
  .summary {
    font-weight: 600;
    margin-inline-end: auto;
  }
  /* Text takes its direction from its content (see theme.styles.ts). */
  .summary,
  .empty,
  .title,
  .description,
  .resolution,
  .since,
  .badge,
  .label,
  .group-name,
  .group-counts,
  .severity {
    unicode-bidi: plaintext;
  }
  .summary[data-known='false'] {
    color: var(--_muted);
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: 1px;
  }
  .content:focus {
    outline: none;
  }
  .content:focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: -2px;
    border-radius: 2px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.15em 0.55em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    font-size: 0.8125rem;
  }
  .chip[aria-pressed='false'] {
    color: var(--_muted);
    text-decoration: line-through;
    background: transparent;
  }
  .chip .count {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .filter {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.2em 0.5em;
    min-width: 10em;
  }
  [data-severity='critical'] .icon,
  .chip[data-severity='critical'] .icon {
    color: var(--_sev-critical);
  }
  [data-severity='error'] .icon {
    color: var(--_sev-error);
  }
  [data-severity='warning'] .icon {
    color: var(--_sev-warning);
  }
  [data-severity='info'] .icon {
    color: var(--_sev-info);
  }
  .icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.1em;
    --_icon-knockout: var(--_bg);
  }
  .list,
  .groups {
    display: flex;
    flex-direction: column;
  }
  /*
   * One alert is a grid row: [severity | title, meta, description, labels] [Ack] [Silence], then
   * (when there is one) the action's error and the Silence form under the whole row. Decided by
   * the list's width, never per row, so every row of a list has the same shape: wide, the
   * severity has its own column; narrower, it sits above the title and the buttons take at most
   * 40% (stacking when their words are long); very narrow, the buttons go under the alert.
   */
  .alert {
    display: grid;
    grid-template-columns: minmax(0, 1fr) fit-content(40%);
    align-items: start;
    gap: 0.25rem 0.5rem;
    padding: 0.25rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_border);
  }
  .content {
    min-width: 0;
    display: grid;
    grid-template-columns: 6.5rem minmax(0, 1fr);
    align-items: start;
    gap: 0.25rem 0.75rem;
    padding: 0.25rem;
  }
  @container alerts (max-width: 34rem) {
    .content {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @container alerts (max-width: 20rem) {
    .alert {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .alert[data-severity='critical'] {
    border-inline-start-color: var(--_sev-critical);
  }
  .alert[data-severity='error'] {
    border-inline-start-color: var(--_sev-error);
  }
  .alert[data-severity='warning'] {
    border-inline-start-color: var(--_sev-warning);
  }
  .alert[data-severity='info'] {
    border-inline-start-color: var(--_sev-info);
  }
  /* Resolved and silenced alerts step back; the title stays readable (a strike-through would read as "not"). */
  .alert[data-status='resolved'] .content,
  .alert[data-silenced] .content {
    opacity: 0.72;
  }
  .severity {
    display: flex;
    align-items: center;
    gap: 0.3em;
    font-weight: 600;
    white-space: nowrap;
  }
  .main {
    min-width: 0;
  }
  .title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
    align-items: center;
    color: var(--_muted);
    font-size: 0.8125rem;
  }
  .description {
    margin-top: 0.2rem;
    overflow-wrap: anywhere;
    white-space: pre-line;
  }
  .labels {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin-top: 0.3rem;
  }
  .label {
    font-family: var(--_mono);
    font-size: 0.75rem;
    padding: 0.05em 0.4em;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--_surface);
    overflow-wrap: anywhere;
  }
  .label .k {
    color: var(--_muted);
  }
  .badge {
    font-size: 0.75rem;
    font-weight: 600;
    padding: 0.05em 0.45em;
    border-radius: 4px;
    border: 1px solid currentColor;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
  }
  .badge.flapping {
    color: var(--_sev-warning);
  }
  .badge.resolved {
    color: var(--_ok);
  }
  .resolution {
    margin-top: 0.2rem;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .badge.acked,
  .badge.silenced {
    color: var(--_fg);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    /* At the row's inline end, also under the alert (a phone). */
    justify-self: end;
    gap: 0.25rem;
    align-items: flex-start;
    padding-block: 0.25rem;
    max-width: 22rem;
  }
  .actions button[aria-busy='true'] {
    cursor: progress;
  }
  /* Why the last action failed, and the Silence form: a cell of their own under the buttons. */
  .action-detail {
    grid-column: 1 / -1;
    justify-self: end;
    max-width: 100%;
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 0.35rem;
  }
  .action-error {
    display: inline-flex;
    align-items: baseline;
    gap: 0.3em;
    font-size: 0.75rem;
    color: var(--_crit);
    overflow-wrap: anywhere;
    unicode-bidi: plaintext;
  }
  .action-error .icon {
    align-self: center;
  }
  /* One field per line, the label before it; the two buttons last: the same shape at any width. */
  .silence-form {
    display: flex;
    flex-direction: column;
    align-items: stretch;
    gap: 0.35rem;
    width: min(100%, 18rem);
    font-size: 0.8125rem;
  }
  .silence-form label {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .silence-form input,
  .silence-form select {
    font: inherit;
    width: 11rem;
    max-width: 65%;
    min-width: 0;
  }
  .form-buttons {
    display: flex;
    justify-content: flex-end;
    gap: 0.25rem;
  }
  .silence-form select:focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: 1px;
  }
  .actions button {
    padding: 0.15em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .actions button[aria-disabled='true'] {
    cursor: default;
    color: var(--_muted);
  }
  .group {
    border-bottom: 1px solid var(--_border);
  }
  .group-heading {
    margin: 0;
    font-size: inherit;
  }
  .group-toggle {
    display: flex;
    width: 100%;
    gap: 0.5rem;
    align-items: center;
    padding: 0.4rem 0.75rem;
    border: 0;
    background: var(--_surface);
    text-align: start;
  }
  .chevron {
    display: inline-flex;
    transition: transform 0.15s;
  }
  :host(:dir(rtl)) .group-toggle[aria-expanded='false'] .chevron {
    transform: scaleX(-1);
  }
  .group-toggle[aria-expanded='true'] .chevron {
    transform: rotate(90deg);
  }
  .group-name {
    font-weight: 600;
  }
  .group-counts {
    color: var(--_muted);
    font-size: 0.8125rem;
  }
  .shared-labels {
    padding-block: 0 0.4rem;
    padding-inline: 2rem 0.75rem;
    margin: 0;
    background: var(--_surface);
  }
  .empty {
    padding: 1.5rem 0.75rem;
    text-align: center;
    color: var(--_muted);
  }
  .empty.unknown strong {
    display: block;
    color: var(--_fg);
  }
`;
