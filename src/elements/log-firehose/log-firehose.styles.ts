import { css } from 'lit';

export const styles = css`
  /*
   * Sizing: the host is a plain block the page sizes by any means; the frame fills it
   * (theme.styles.ts) and is --pulse-log-height tall when the page gives no height. Everything painted (border, background) is on the frame, in the
   * element's own colour scheme.
   */
  :host {
    display: block;
    --_row-h: var(--pulse-log-row-height, 1.25rem);
    --_trace: var(--pulse-log-trace, var(--_muted));
    --_debug: var(--pulse-log-debug, var(--_muted));
    --_info-l: var(--pulse-log-info, var(--_info));
    --_warn-l: var(--pulse-log-warn, var(--_warn));
    --_error: var(--pulse-log-error, var(--_crit));
    --_fatal: var(--pulse-log-fatal, var(--_crit));
    --_mark: var(--pulse-log-match, light-dark(#fff3a3, #6b5a00));
  }
  .frame {
    height: var(--pulse-log-height, 24rem);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    position: relative;
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem 0.5rem;
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
    font-size: 0.8125rem;
  }
  .toolbar button,
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    border: 1px solid var(--_border);
    background: var(--_bg);
    border-radius: 999px;
    padding: 0.1rem 0.55rem;
    cursor: pointer;
    line-height: 1.4;
  }
  .toolbar button[aria-pressed='true'],
  .chip[aria-pressed='true'] {
    background: var(--_fg);
    color: var(--_bg);
    border-color: var(--_fg);
  }
  .chip[aria-pressed='false'] {
    text-decoration: line-through;
    color: var(--_muted);
  }
  button:focus-visible,
  input:focus-visible,
  .viewport:focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: 1px;
  }
  /* Inside a row the ring is drawn inside the cell: a row clips what sticks out of it. */
  .row .line:focus-visible,
  .row button:focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: -2px;
  }
  .chips {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .search {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }
  .search input {
    width: 14rem;
    max-width: 40vw;
    padding: 0.15rem 0.4rem;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--_bg);
  }
  .search input[aria-invalid='true'] {
    border-color: var(--_crit);
  }
  .error {
    color: var(--_crit);
  }
  .spacer-flex {
    flex: 1;
  }
  .viewport {
    position: relative;
    flex: 1 1 0;
    min-height: var(--_row-h);
    overflow: auto;
    overflow-anchor: none;
    font-family: var(--_mono);
    font-size: var(--pulse-log-font-size, 0.8125rem);
    contain: strict;
  }
  .canvas {
    position: relative;
    min-width: 100%;
    height: 0;
  }
  .rows {
    position: absolute;
    top: 0;
    inset-inline-start: 0;
    min-width: 100%;
    will-change: transform;
  }
  .rows.tail {
    top: auto;
    bottom: 0;
  }
  :host([wrap]) .rows {
    inset-inline-end: 0;
  }
  /*
   * A row: [details toggle][the line: time, level, source, message][copy]. Only the message keeps
   * its spaces (white-space: pre); everything else is laid out as boxes, so the row is exactly
   * one line (--_row-h) tall and starts at its edge. The level stripe is on the inline start.
   */
  .row {
    display: flex;
    align-items: stretch;
    height: var(--_row-h);
    line-height: var(--_row-h);
    white-space: nowrap;
    overflow: hidden;
    border-inline-start: 3px solid transparent;
    padding-inline-end: 0.25rem;
  }
  :host([wrap]) .row {
    height: auto;
    min-height: var(--_row-h);
  }
  .row:hover,
  .row:focus-within {
    background: var(--_surface);
  }
  .line {
    display: flex;
    align-items: baseline;
    gap: 0.5rem;
    flex: 1 1 auto;
    min-width: 0;
    padding-inline: 0.15rem;
  }
  .line > * {
    unicode-bidi: plaintext;
    flex: none;
  }
  .footer > span,
  .notice,
  .jump span,
  .error,
  .detail .title {
    unicode-bidi: plaintext;
  }
  .msg {
    white-space: pre;
  }
  :host([wrap]) .line .msg {
    flex: 1 1 auto;
    min-width: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .cell-button {
    display: flex;
    flex: none;
  }
  .row button {
    display: grid;
    place-items: center;
    width: var(--_row-h);
    height: var(--_row-h);
    border: none;
    border-radius: 3px;
    background: none;
    padding: 0;
    cursor: pointer;
    color: var(--_muted);
    user-select: none;
  }
  .row button:hover {
    color: var(--_fg);
  }
  .row button .icon-svg {
    width: 0.85em;
    height: 0.85em;
  }
  .expand .icon-svg {
    transition: transform 0.12s;
  }
  /* The disclosure points to where the line continues: the inline end. */
  :host(:dir(rtl)) .expand[aria-expanded='false'] .icon-svg {
    transform: scaleX(-1);
  }
  .expand[aria-expanded='true'] .icon-svg {
    transform: rotate(90deg);
  }
  .row .copy {
    opacity: 0;
  }
  .row:hover .copy,
  .row:focus-within .copy {
    opacity: 1;
  }
  .ts {
    color: var(--_muted);
  }
  .lvl {
    display: inline-block;
    min-width: 5ch;
    font-weight: 600;
  }
  .lvl-trace .lvl {
    color: var(--_trace);
  }
  .lvl-debug .lvl {
    color: var(--_debug);
  }
  .lvl-info .lvl {
    color: var(--_info-l);
  }
  .lvl-warn .lvl {
    color: var(--_warn-l);
  }
  .lvl-error .lvl,
  .lvl-fatal .lvl {
    color: var(--_error);
  }
  .lvl-fatal .lvl {
    text-decoration: underline;
  }
  .row.lvl-error,
  .row.lvl-fatal {
    border-inline-start-color: var(--_error);
  }
  .row.lvl-warn {
    border-inline-start-color: var(--_warn-l);
  }
  .src {
    font-weight: 600;
  }
  .src-c0 { color: var(--pulse-log-source-0, light-dark(#0b6bcb, #6cb6ff)); }
  .src-c1 { color: var(--pulse-log-source-1, light-dark(#8a3ffc, #c297ff)); }
  .src-c2 { color: var(--pulse-log-source-2, light-dark(#00796b, #4dd0c0)); }
  .src-c3 { color: var(--pulse-log-source-3, light-dark(#b45309, #f0a35e)); }
  .src-c4 { color: var(--pulse-log-source-4, light-dark(#be185d, #f472b6)); }
  .src-c5 { color: var(--pulse-log-source-5, light-dark(#3f6212, #a3d977)); }
  .src-c6 { color: var(--pulse-log-source-6, light-dark(#1e40af, #93b4ff)); }
  .src-c7 { color: var(--pulse-log-source-7, light-dark(#7c2d12, #fdba74)); }
  .gap {
    color: var(--_warn);
    font-style: italic;
    border-top: 1px dashed var(--_warn);
    border-bottom: 1px dashed var(--_warn);
  }
  mark {
    background: var(--_mark);
    color: inherit;
    border-radius: 2px;
  }
  .more {
    color: var(--_muted);
    font-style: italic;
  }
  /* ANSI: the 16 terminal colours as a fixed, themable class set; others come as --a-fg/--a-bg. */
  .a {
    color: var(--a-fg, inherit);
    background: var(--a-bg, none);
  }
  .f-black { --a-fg: var(--pulse-log-ansi-black, var(--pulse-ansi-black, light-dark(#1d2125, #6e7681))); }
  .f-red { --a-fg: var(--pulse-log-ansi-red, var(--pulse-ansi-red, light-dark(#c0262d, #ff7b72))); }
  .f-green { --a-fg: var(--pulse-log-ansi-green, var(--pulse-ansi-green, light-dark(#1a7f37, #56d364))); }
  .f-yellow { --a-fg: var(--pulse-log-ansi-yellow, var(--pulse-ansi-yellow, light-dark(#8a6100, #e3b341))); }
  .f-blue { --a-fg: var(--pulse-log-ansi-blue, var(--pulse-ansi-blue, light-dark(#0b5cbe, #79c0ff))); }
  .f-magenta { --a-fg: var(--pulse-log-ansi-magenta, var(--pulse-ansi-magenta, light-dark(#8a3ffc, #d2a8ff))); }
  .f-cyan { --a-fg: var(--pulse-log-ansi-cyan, var(--pulse-ansi-cyan, light-dark(#0a7480, #56d4dd))); }
  .f-white { --a-fg: var(--pulse-log-ansi-white, var(--pulse-ansi-white, light-dark(#5c6670, #e3e6ea))); }
  .f-bright-black { --a-fg: var(--pulse-log-ansi-bright-black, var(--pulse-ansi-bright-black, light-dark(#5c6670, #8b949e))); }
  .f-bright-red { --a-fg: var(--pulse-log-ansi-bright-red, var(--pulse-ansi-bright-red, light-dark(#d1242f, #ffa198))); }
  .f-bright-green { --a-fg: var(--pulse-log-ansi-bright-green, var(--pulse-ansi-bright-green, light-dark(#2d8f46, #7ee787))); }
  .f-bright-yellow { --a-fg: var(--pulse-log-ansi-bright-yellow, var(--pulse-ansi-bright-yellow, light-dark(#9a6700, #f2cc60))); }
  .f-bright-blue { --a-fg: var(--pulse-log-ansi-bright-blue, var(--pulse-ansi-bright-blue, light-dark(#0969da, #a5d6ff))); }
  .f-bright-magenta { --a-fg: var(--pulse-log-ansi-bright-magenta, var(--pulse-ansi-bright-magenta, light-dark(#a040c0, #e2c5ff))); }
  .f-bright-cyan { --a-fg: var(--pulse-log-ansi-bright-cyan, var(--pulse-ansi-bright-cyan, light-dark(#1b7c83, #b3f0ff))); }
  .f-bright-white { --a-fg: var(--pulse-log-ansi-bright-white, var(--pulse-ansi-bright-white, light-dark(#1d2125, #ffffff))); }
  .b-black { --a-bg: #1d2125; }
  .b-red { --a-bg: #bb0000; }
  .b-green { --a-bg: #00a000; }
  .b-yellow { --a-bg: #bbbb00; }
  .b-blue { --a-bg: #0000bb; }
  .b-magenta { --a-bg: #bb00bb; }
  .b-cyan { --a-bg: #00bbbb; }
  .b-white { --a-bg: #e5e5e5; }
  .b-bright-black { --a-bg: #555555; }
  .b-bright-red { --a-bg: #ff5555; }
  .b-bright-green { --a-bg: #55ff55; }
  .b-bright-yellow { --a-bg: #ffff55; }
  .b-bright-blue { --a-bg: #5555ff; }
  .b-bright-magenta { --a-bg: #ff55ff; }
  .b-bright-cyan { --a-bg: #55ffff; }
  .b-bright-white { --a-bg: #ffffff; }
  .bold { font-weight: 700; }
  .dim { opacity: 0.7; }
  .italic { font-style: italic; }
  .underline { text-decoration: underline; }
  .strikethrough { text-decoration: line-through; }
  .reverse {
    color: var(--a-bg, var(--_bg));
    background: var(--a-fg, var(--_fg));
  }
  .empty {
    padding: 1rem;
    color: var(--_muted);
    font-family: var(--_font);
  }
  .gap .line {
    justify-content: center;
    align-items: center;
    gap: 0.35rem;
  }
  .jump {
    position: absolute;
    inset-inline-end: 1rem;
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    bottom: 2.25rem;
    z-index: 2;
    border: 1px solid var(--_info);
    background: var(--_info);
    color: var(--_bg);
    border-radius: 999px;
    padding: 0.25rem 0.8rem;
    cursor: pointer;
    font-size: 0.8125rem;
    box-shadow: 0 2px 6px rgb(0 0 0 / 0.25);
  }
  .notice {
    padding: 0.25rem 0.5rem;
    font-size: 0.8125rem;
    color: var(--_fg);
    background: color-mix(in srgb, var(--_warn) 18%, var(--_bg));
    border-bottom: 1px solid var(--_border);
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    padding: 0.2rem 0.5rem;
    border-top: 1px solid var(--_border);
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .detail {
    max-height: 45%;
    overflow: auto;
    border-top: 2px solid var(--_border);
    background: var(--_surface);
    padding: 0.35rem 0.5rem;
    font-size: 0.8125rem;
  }
  .detail header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .detail header .title {
    flex: 1;
    font-weight: 600;
  }
  .detail header button {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    min-height: 1.6em;
    border: 1px solid var(--_border);
    background: var(--_bg);
    border-radius: 4px;
    cursor: pointer;
  }
  .detail pre {
    margin: 0.35rem 0;
    font-family: var(--_mono);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .clip {
    position: fixed;
    top: 0;
    left: 0;
    width: 1px;
    height: 1px;
    opacity: 0;
  }
`;
