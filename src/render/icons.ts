import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

/**
 * Icons for controls and state cues, drawn as inline SVG in `currentColor`: a font without the
 * glyph ("⧉", "❚❚", "✖" in many fonts) would show an empty box or nothing, and the shape is what
 * tells states apart without colour. Each is 1em square (`.icon-svg` in theme.styles.ts), hidden from screen readers (the control or
 * the word next to it carries the name), and laid out as a box, so it never adds line height.
 */
const icon = (body: SVGTemplateResult, name: string): TemplateResult =>
  html`<svg class="icon-svg" data-icon=${name} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${body}</svg>`;

// Paths as attribute values (static text, never stream data).
const P = {
  chevron: 'M6 3.5 10.5 8 6 12.5',
  copy: 'M5.5 5.5h7v7h-7z M3.5 10.5v-7h7',
  close: 'M4 4l8 8M12 4l-8 8',
  play: 'M4.5 3v10l8.5-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  down: 'M8 2.5v10M3.5 8.5 8 13l4.5-4.5',
  check: 'M3 8.5 6.5 12 13 4.5',
  cross: 'M4 4l8 8M12 4l-8 8',
  triangle: 'M8 1.8 15 14H1z',
  octagon: 'M5.2 1h5.6L15 5.2v5.6L10.8 15H5.2L1 10.8V5.2z',
};

const stroke = (d: string, width = 1.6) =>
  svg`<path d=${d} fill="none" stroke="currentColor" stroke-width=${width} stroke-linecap="round" stroke-linejoin="round"></path>`;
const fill = (d: string) => svg`<path d=${d} fill="currentColor"></path>`;

export const icons = {
  /** Disclosure: points to the inline end (mirrored under `dir="rtl"` by the element's CSS). */
  chevron: () => icon(stroke(P.chevron, 2), 'chevron'),
  copy: () => icon(stroke(P.copy, 1.4), 'copy'),
  close: () => icon(stroke(P.close, 1.8), 'close'),
  play: () => icon(fill(P.play), 'play'),
  pause: () => icon(fill(P.pause), 'pause'),
  arrowDown: () => icon(stroke(P.down, 1.8), 'arrow-down'),
  check: () => icon(stroke(P.check, 2), 'check'),
  /** Critical: an octagon with an exclamation mark (a stop sign). */
  critical: () =>
    icon(
      svg`${fill(P.octagon)}<path d="M8 4v5" stroke="var(--_icon-knockout, #fff)" stroke-width="2" stroke-linecap="round"></path
        ><circle cx="8" cy="11.6" r="1.1" fill="var(--_icon-knockout, #fff)"></circle>`,
      'critical',
    ),
  /** Error: a cross in a circle. */
  error: () =>
    icon(
      svg`<circle cx="8" cy="8" r="6.6" fill="none" stroke="currentColor" stroke-width="1.6"></circle>${stroke('M5.5 5.5l5 5M10.5 5.5l-5 5', 1.6)}`,
      'error',
    ),
  /** Warning: a triangle with an exclamation mark. */
  warning: () =>
    icon(
      svg`<path d=${P.triangle} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"></path
        ><path d="M8 6v4" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"></path><circle cx="8" cy="12" r="0.9" fill="currentColor"></circle>`,
      'warning',
    ),
  /** Info: an "i" in a circle. */
  info: () =>
    icon(
      svg`<circle cx="8" cy="8" r="6.6" fill="none" stroke="currentColor" stroke-width="1.5"></circle
        ><path d="M8 7v4.5" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"></path><circle cx="8" cy="4.8" r="0.95" fill="currentColor"></circle>`,
      'info',
    ),
  /** Idle: a ring. */
  ring: () => icon(svg`<circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" stroke-width="1.8"></circle>`, 'ring'),
  /** Offline: a slashed circle. */
  offline: () =>
    icon(svg`<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.6"></circle>${stroke('M3.8 12.2 12.2 3.8', 1.6)}`, 'offline'),
  /** Error (agent): a cross. */
  cross: () => icon(stroke(P.cross, 2.2), 'cross'),
};
