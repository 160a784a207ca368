import { css } from 'lit';

/**
 * Design tokens shared by every element. Colours use `light-dark()`; which scheme they resolve in
 * is decided here, in order: the `theme` attribute, then `--pulse-color-scheme` on an ancestor,
 * then the page's own `color-scheme` (inherited), then, when the page declares none (custom state
 * `page-scheme-none`, set by render/color-scheme.ts), the user's `prefers-color-scheme`.
 *
 * The host itself never sets a scheme of its own unless told to (theme attribute or
 * `--pulse-color-scheme`): it inherits the page's, so its scheme probe can notice a page switch.
 * The scheme and the text colour are set on the shadow root's top-level children instead, and
 * everything an element paints lives inside them (its `frame`), never on the host.
 */
export const themeStyles = css`
  :host {
    color-scheme: var(--pulse-color-scheme, inherit);
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
    box-sizing: border-box;
  }
  :host > :where(:not(.scheme-probe)) {
    color: var(--_fg);
  }
  :host(:state(page-scheme-none)) > :where(:not(.scheme-probe)) {
    color-scheme: var(--pulse-color-scheme, light dark);
  }
  :host([theme='dark']),
  :host([theme='dark']) > :where(:not(.scheme-probe)) {
    color-scheme: dark;
  }
  :host([theme='light']),
  :host([theme='light']) > :where(:not(.scheme-probe)) {
    color-scheme: light;
  }
  /*
   * Sizing: an element's frame (its one top-level box) is exactly as tall as the host whenever
   * the host's height is known, which is how a page gives an element a box by any ordinary means
   * (a height, a grid cell, a flex item, absolute + inset, a percentage): min = max = 100%. When
   * the host's height is not known those percentages do nothing, and the frame's own height (a
   * default such as --pulse-log-height) or its content decides.
   */
  .frame {
    display: flex;
    flex-direction: column;
    min-height: 100%;
    max-height: 100%;
  }
  /* Probes: rendered, so their transitions run (display:none runs none), but invisible. */
  .scheme-probe,
  .probes {
    position: absolute;
    width: 0;
    height: 0;
    overflow: hidden;
    visibility: hidden;
    pointer-events: none;
  }
  /* Follows the page's scheme (inherited from the host): a change of it (also from none to
     light, which changes no colour) runs a transition, whose transitionrun tells
     render/color-scheme.ts to look again. */
  .scheme-probe {
    color: light-dark(#000, #fff);
    transition:
      color 1ms step-start,
      color-scheme 1ms allow-discrete;
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
    /* Not motion: an invisible probe's colour flip is how a theme change is noticed. */
    .scheme-probe {
      transition-duration: 1ms !important;
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
  .status[data-status='disconnected'] .dot,
  .status[data-status='unauthorized'] .dot,
  .status[data-status='source-error'] .dot,
  .status[data-status='offline'] .dot {
    background: var(--_crit);
  }
  .status[data-status='offline'],
  .status[data-status='stale'],
  .status[data-status='reconnecting'],
  .status[data-status='disconnected'],
  .status[data-status='unauthorized'],
  .status[data-status='source-error'] {
    color: var(--_fg);
  }
  .status .extra {
    color: var(--_warn);
  }
`;
