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
    margin-right: auto;
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
    display: inline-block;
    width: 1.1em;
    text-align: center;
    font-weight: 700;
  }
  .list,
  .groups {
    display: flex;
    flex-direction: column;
  }
  .alert {
    display: grid;
    grid-template-columns: 6.5rem 1fr auto;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    border-left: 4px solid var(--_border);
  }
  .alert[data-severity='critical'] {
    border-left-color: var(--_sev-critical);
  }
  .alert[data-severity='error'] {
    border-left-color: var(--_sev-error);
  }
  .alert[data-severity='warning'] {
    border-left-color: var(--_sev-warning);
  }
  .alert[data-severity='info'] {
    border-left-color: var(--_sev-info);
  }
  .alert[data-status='resolved'],
  .alert[data-silenced] {
    opacity: 0.65;
  }
  .alert[data-status='resolved'] .title {
    text-decoration: line-through;
  }
  .severity {
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
  .badge.flapping {
    color: var(--_sev-warning);
  }
  .badge.acked,
  .badge.silenced {
    color: var(--_fg);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.25rem;
    align-items: flex-start;
    max-width: 22rem;
  }
  .actions button[aria-busy='true'] {
    cursor: progress;
  }
  .action-error {
    flex-basis: 100%;
    text-align: end;
    font-size: 0.75rem;
    color: var(--_crit);
    overflow-wrap: anywhere;
  }
  .action-error::before {
    content: '⚠ ';
  }
  .silence-form {
    flex-basis: 100%;
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    align-items: center;
    justify-content: flex-end;
    font-size: 0.8125rem;
  }
  .silence-form input,
  .silence-form select {
    font: inherit;
    max-width: 12rem;
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
    text-align: left;
  }
  .chevron {
    display: inline-block;
    transition: transform 0.15s;
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
    padding: 0 0.75rem 0.4rem 2rem;
    margin: 0;
    background: var(--_surface);
  }
  .empty {
    padding: 1.5rem 0.75rem;
    text-align: center;
    color: var(--_muted);
  }
`;
