import { css } from 'lit';

/**
 * Design tokens shared by every element. Colours use `light-dark()`, so an element follows the
 * user's colour scheme by default; `theme="dark"`/`theme="light"` on the element, or
 * `--pulse-color-scheme: dark` on any ancestor (e.g. `<pulse-source>`), forces one.
 */
export const themeStyles = css`
  :host {
    color-scheme: var(--pulse-color-scheme, light dark);
    --_bg: var(--pulse-bg, light-dark(#ffffff, #111418));
    --_fg: var(--pulse-fg, light-dark(#1d2125, #e3e6ea));
    --_muted: var(--pulse-muted, light-dark(#5c6670, #9aa4ae));
    --_border: var(--pulse-border, light-dark(#d7dce1, #2c333a));
    --_surface: var(--pulse-surface, light-dark(#f5f7f9, #191e24));
    --_ok: var(--pulse-ok, light-dark(#1a7f37, #3fb950));
    --_info: var(--pulse-info, light-dark(#0969da, #58a6ff));
    --_warn: var(--pulse-warn, light-dark(#9a6700, #d29922));
    --_crit: var(--pulse-crit, light-dark(#cf222e, #f85149));
    --_font: var(--pulse-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_mono: var(--pulse-mono-font, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    --_radius: var(--pulse-radius, 6px);
    font-family: var(--_font);
    color: var(--_fg);
    box-sizing: border-box;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0s !important;
      transition-duration: 0s !important;
    }
  }
  /* Inline SVG icons (render/icons.ts): sized like a glyph, never a font's missing box. */
  .icon-svg {
    display: inline-block;
    width: 1em;
    height: 1em;
    flex: none;
    vertical-align: -0.125em;
    overflow: visible;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** The connection/staleness indicator every data element shows. */
export const statusStyles = css`
  .status {
    display: inline-flex;
    align-items: baseline;
    gap: 0.35em;
    max-width: 100%;
    min-width: 0;
    font-size: 0.75rem;
    line-height: 1.25;
    color: var(--_muted);
    white-space: nowrap;
  }
  /* A reason ("Disconnected: HTTP 404 Not Found") wraps inside the element instead of being cut. */
  .status .word {
    min-width: 0;
    white-space: normal;
    overflow-wrap: anywhere;
  }
  /*
   * Text runs take their direction from their own content (like dir="auto"): under dir="rtl" an
   * English or German phrase keeps its word order and punctuation, a number its unit on the right
   * side, and Arabic or Hebrew text reads right to left in an LTR page. Each element lists its text
   * leaves with this too.
   */
  .status .word,
  .status .extra {
    unicode-bidi: plaintext;
  }
  .status .dot {
    width: 0.55em;
    height: 0.55em;
    border-radius: 50%;
    background: var(--_muted);
    flex: none;
    align-self: center;
  }
  .status[data-status='live'] .dot {
    background: var(--_ok);
  }
  .status[data-status='stale'] .dot,
  .status[data-status='reconnecting'] .dot,
  .status[data-status='connecting'] .dot {
    background: var(--_warn);
  }
  .status[data-status='disconnected'] .dot {
    background: var(--_crit);
  }
  .status[data-status='stale'],
  .status[data-status='reconnecting'],
  .status[data-status='disconnected'] {
    color: var(--_fg);
  }
  .status .extra {
    color: var(--_warn);
  }
`;
