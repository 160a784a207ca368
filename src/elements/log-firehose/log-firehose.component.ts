import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { LOG_LEVELS, readLog, type LogFieldMap, type LogLevel, type LogRecord } from '../../data/log-payload.js';
import { cleanLogText, truncateForDisplay } from '../../data/log-text.js';
import type { GapInfo } from '../../data/stream-hub.js';
import type { MessageMeta } from '../../data/types.js';
import { AnnounceController } from '../../render/announce-controller.js';
import { formatDateTime } from '../../render/format.js';
import { formatAge, formatLogTime } from '../../render/format-time.js';
import { icons } from '../../render/icons.js';
import { PulseElement } from '../../render/pulse-element.js';
import { isRtl, navigationOf, type Navigation } from '../../render/roving-focus.js';
import { ansiSegments } from './ansi.js';
import { writeClipboard } from './clipboard.js';
import { FollowController } from './follow-controller.js';
import { styles } from './log-firehose.styles.js';
import '../../i18n/en/log-firehose.js'; // this element's English strings, out of the shared core
import { matchRanges, renderMessage, sourceHue } from './log-row.js';
import { cleanOf, lineText, LogView, type Line } from './log-view.js';
import { VirtualWindow, type Pin } from './virtual-window.js';

/** Detail of `pulse-log-copy`. */
export interface PulseLogCopyDetail {
  /** What was put on the clipboard (no escape codes). */
  readonly text: string;
  /** How many lines it holds. */
  readonly lines: number;
  /** Whether the clipboard accepted it (the Clipboard API or the `execCommand` fallback). */
  readonly ok: boolean;
}

/** Detail of `pulse-log-pause`. */
export interface PulseLogPauseDetail {
  readonly paused: boolean;
}

/** Characters of a message shown in a row; the rest is marked "…(N more chars)" and stays copyable. */
export const MAX_ROW_CHARS = 2000;
/** Characters shown in the details pane (message and fields each). */
export const MAX_DETAIL_CHARS = 20_000;
/** Characters of a line a filter looks at: bounds the cost of any pattern, catastrophic ones included. */
export { MAX_FILTER_CHARS } from './log-view.js';
/** Narrower than this (px of content), lines wrap unless the page or the user chose otherwise: a phone shows whole messages. */
const NARROW_PX = 480;

/** The cells of a row, in order: the details toggle, the line itself, the copy button. */
const COL_EXPAND = 0;
const COL_LINE = 1;
const COL_COPY = 2;

/** The words every row repeats, in the element's language. */
interface RowWords {
  /** The locale key (language, page-defined locales) they were looked up for. */
  readonly key: string;
  readonly level: Record<LogLevel, string>;
  readonly details: string;
  readonly copyLine: string;
  readonly unusableTs: string;
}

/**
 * A live log tail that never freezes the page: a bounded ring buffer of lines (`max-lines`) shown
 * through a virtualised viewport (only the visible rows exist in the DOM), rendered at most once
 * per frame. Follows the newest line; scrolling up 5 px or more pauses, and a "N new lines" button
 * jumps back. Level chips, text or regex filter with highlighting, timestamps, wrap, copy, and a
 * details pane showing a line's other fields as JSON.
 *
 * Messages are shown as text only: ANSI SGR colours become spans with fixed classes (or colours
 * built from parsed numbers), every other escape sequence (OSC hyperlinks included) is removed,
 * control characters become visible control pictures, and bidi controls become U+FFFD.
 *
 * Lines from other backends: `source-field`, `level-field`, `message-field` and `time-field`
 * point at the parts of a line by dot path (`source-field="agent_id"`), when the stream's keys are
 * not the usual `source`/`service`, `level`, `message`/`msg`, `ts`/`timestamp`.
 *
 * Keyboard (a grid, WAI-ARIA APG): the lines are ONE Tab stop. ArrowUp/ArrowDown move to the
 * previous/next line, PageUp/PageDown by a page, Home/End to the oldest/newest line;
 * ArrowLeft/ArrowRight (mirrored under `dir="rtl"`) move between a line's details toggle, the
 * line and its copy button. Enter on a line opens its details, Escape closes them, Space or `p`
 * pause/resume. While a line has keyboard focus the log holds still, so the focused line stays
 * the same line however fast new ones arrive; leaving the log follows the newest line again.
 * Lines narrower than 30rem wrap unless `wrap` was set or toggled (a phone shows whole messages).
 *
 * @summary Live log tail: virtualised, filterable, ANSI-aware, pausable.
 * @tagname log-firehose
 * @fires pulse-log-copy - Lines were copied; `detail` is `{text, lines, ok}`.
 * @fires pulse-log-pause - Following paused or resumed; `detail` is `{paused}`.
 * @csspart frame - The bordered box holding everything; it fills the element's box.
 * @csspart toolbar - The bar with pause, level chips, filter and toggles.
 * @csspart pause-button - Pauses and resumes following (WCAG 2.2.2).
 * @csspart chip - One level filter chip (`aria-pressed`), as `<alert-list>`'s severity chips.
 * @csspart level-chip - Deprecated old name of `chip` (still on the chips until 0.3.0).
 * @csspart filter - The filter text input.
 * @csspart filter-error - The message shown for an invalid regular expression.
 * @csspart viewport - The scrolling area holding the rows.
 * @csspart row - One log line.
 * @csspart timestamp - A row's time.
 * @csspart level - A row's level word.
 * @csspart source - A row's source name.
 * @csspart message - A row's message.
 * @csspart match - A highlighted filter match.
 * @csspart truncated - The "…(N more chars)" marker of a long line.
 * @csspart gap - A marker row where lines were lost.
 * @csspart new-lines-button - The "N new lines" button shown while paused.
 * @csspart notice - Says how many lines the buffer dropped while paused.
 * @csspart detail - The details pane of an expanded line.
 * @csspart detail-message - The full message in the details pane.
 * @csspart detail-fields - The line's other fields, as JSON, in the details pane.
 * @csspart footer - Line counts and "last line received X ago".
 * @csspart status - The connection/staleness indicator.
 * @cssprop --pulse-log-height - Height of the element when the page gives it none (default 24rem); any CSS height, grid cell, flex item, absolute inset or percentage sizes it too.
 * @cssprop --pulse-log-row-height - Height of a row (default 1.25rem).
 * @cssprop --pulse-log-font-size - Font size of the rows.
 * @cssprop --pulse-log-trace - Colour of the TRACE level word (also debug, info, warn, error, fatal).
 * @cssprop --pulse-log-match - Background of highlighted matches.
 * @cssprop --pulse-log-source-0 - Colours of sources, 0 to 7, picked by a hash of the source name.
 * @cssprop --pulse-log-ansi-red - Colours of the 16 ANSI colours (black, red, ..., bright-white); `--pulse-ansi-*`, their deprecated names, work until 0.3.0.
 */
export class LogFirehose extends PulseElement {
  static override styles = [...PulseElement.styles, styles];

  /** Lines kept; the oldest fall out beyond it. */
  @property({ type: Number, attribute: 'max-lines' }) maxLines = 20_000;

  /** Least time between two screen-reader summaries of new lines, in ms. */
  announceIntervalMs = 5000;

  /**
   * Wrap long lines. Off by default: fixed-height rows keep layout O(1) per frame at any rate;
   * wrapped rows are measured as they appear. Long lines are always readable in the details pane.
   */
  @property({ type: Boolean, reflect: true }) wrap = false;

  /** `time` (default), `datetime` (with the date) or `off`. */
  @property() timestamps: 'time' | 'datetime' | 'off' = 'time';

  /** Levels shown, comma-separated (`"warn,error,fatal"`); empty shows all. `unknown` is "OTHER". */
  @property() levels = '';

  /** Text filter (case-insensitive), or a regular expression with `regex`. */
  @property() filter = '';

  /** Treat `filter` as a regular expression. */
  @property({ type: Boolean }) regex = false;

  /** Accessible name of the log; "Log" in the element's language when empty. */
  @property() label = '';

  /** Dot path of a line's source name, when it is not `source`, `service` or `logger` (`agent_id`). */
  @property({ attribute: 'source-field' }) sourceField?: string;

  /** Dot path of a line's level, when it is not `level`, `severityText` or `severity`. */
  @property({ attribute: 'level-field' }) levelField?: string;

  /** Dot path of a line's message, when it is not `message`, `msg` or `body`. */
  @property({ attribute: 'message-field' }) messageField?: string;

  /** Dot path of a line's time (epoch ms or s, or ISO-8601), when it is not `ts`, `timestamp`, `time` or `@timestamp`. */
  @property({ attribute: 'time-field' }) timeField?: string;

  /** True while not following the newest line. Set it to pause or resume. */
  @property({ type: Boolean, reflect: true }) paused = false;

  /** Lines whose `ts` was unusable and that show arrival time instead (kept, not dropped). */
  timestampFallbacks = 0;

  /** The lines and the filtered view of them. */
  private readonly view = new LogView();
  /** Which rows are drawn, and where. */
  private readonly virtualWindow = new VirtualWindow<Line>();
  /** Follow the newest line, or hold one still. */
  private readonly follow = new FollowController(this, {
    newestSeq: () => this.view.seqAhead - 1,
    anchorHere: (top) => {
      if (!this.anchorFromDom()) this.anchorFromTop(top ?? this.viewport?.scrollTop ?? this.layout.top);
    },
    changed: (paused) => this.followChanged(paused),
    requestFrame: () => this.stream.requestFrame(),
  });
  private expanded: Line | undefined;

  private pendingLines = 0;
  private pendingErrors = 0;
  /** The screen-reader summaries; each new one replaces the node (an addition to the log region), so the same words repeat. */
  private readonly announcer = new AnnounceController(this, { intervalMs: () => this.announceIntervalMs, repeat: true });
  private copiedText = '';

  /** Scroll position, canvas height, and the rows' offset (-1: anchored to the bottom). */
  private layout = { top: 0, total: 0, y0: 0 };
  private needsMeasure = true;
  private resizeObserver: ResizeObserver | undefined;

  /** Roving focus: the line (by seq) and cell that hold the one Tab stop of the grid. */
  private activeSeq: number | undefined;
  private activeCol = COL_LINE;
  /** Move DOM focus to the active cell after the next render (arrow keys, or a recycled row). */
  private focusPending = false;
  /** `wrap` was set by the page or the user, so a narrow box does not change it. */
  private wrapChosen = false;
  private wrapByWidth = false;
  private fieldMap: LogFieldMap = {};
  private words: RowWords | undefined;
  /** The canvas height and rows offset last written, so an unchanged frame writes no style. */
  private drawn = { total: -1, y0: NaN };

  // ------------------------------------------------------------------ public API

  /** Lines held in the buffer (gap markers included). */
  get lineCount(): number {
    return this.view.lineCount;
  }

  /** Lines that pass the current filters. */
  get matchCount(): number {
    this.view.sync();
    return this.view.length;
  }

  /** Stop following the newest line (new lines keep buffering). */
  pause(): void {
    this.follow.set(false, 'user');
  }

  /** Follow the newest line again. */
  resume(): void {
    this.follow.set(true);
  }

  /** Forget every line. */
  clear(): void {
    this.view.clear();
    this.expanded = undefined;
    this.follow.evictedWhilePaused = 0;
    this.stream.requestFrame();
  }

  // ------------------------------------------------------------------ data

  protected override onPayload(payload: unknown, meta: MessageMeta): void {
    this.onBatch([payload], meta);
  }

  /**
   * The lines of one event (a batch of N, or one) in one call: the hub's and the controller's
   * per-event work is done once for all of them. Each line is still read, kept and counted on
   * its own; one that cannot be read (or throws) is counted as skipped and the rest go on.
   */
  protected override onBatch(payloads: readonly unknown[], meta: MessageMeta): void {
    const { field, fieldMap, view } = this;
    const now = meta.receivedAt;
    const counted = !meta.replay && !this.paused;
    let lines = 0;
    let errors = 0;
    for (let i = 0; i < payloads.length; i++) {
      let rec: LogRecord | string;
      try {
        rec = readLog(payloads[i], field, now, fieldMap);
      } catch {
        rec = 'unreadable log line';
      }
      if (typeof rec === 'string') {
        this.stream.reject(meta.topic, rec);
        continue;
      }
      if (rec.tsUnusable) this.timestampFallbacks++;
      if (view.push(false, rec)) this.follow.evicted();
      lines++;
      if (rec.level === 'error' || rec.level === 'fatal') errors++;
    }
    if (counted) {
      this.pendingLines += lines;
      this.pendingErrors += errors;
    }
  }

  protected override onReset(): void {
    this.clear();
    this.timestampFallbacks = 0;
    this.pendingLines = this.pendingErrors = 0;
  }

  /** "12 new lines, 2 errors" since the last summary; composed when spoken, nothing while paused. */
  private pendingSummary(): string | undefined {
    if (this.paused || this.pendingLines === 0) return undefined;
    const lines = this.pendingLines;
    const errors = this.pendingErrors;
    this.pendingLines = this.pendingErrors = 0;
    return [this.t('log.announceLines', { count: lines }), errors ? this.t('log.announceErrors', { count: errors }) : ''].filter(Boolean).join(', ');
  }

  protected override onGap(gap: GapInfo): void {
    const message =
      gap.reason === 'restart' ? this.t('log.gapRestart') : this.t('log.gapLost', { after: gap.lastEventId ?? '?', oldest: gap.oldestId ?? '?' });
    this.addLine(true, { ts: Date.now(), tsFromPayload: false, tsUnusable: false, level: 'unknown', levelText: '', source: '', message, cutChars: 0, fields: undefined });
  }

  private addLine(gap: boolean, rec: LogRecord): void {
    if (this.view.push(gap, rec)) this.follow.evicted();
  }

  // ------------------------------------------------------------------ lifecycle

  constructor() {
    super();
    this.addEventListener('focusout', this.onHostFocusOut);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const viewport = this.hasUpdated ? this.viewport : null;
    if (viewport) this.resizeObserver?.observe(viewport); // moved in the DOM: watch the size again
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  protected override onSecond(now: number): void {
    if (!this.paused && this.pendingLines > 0) this.announcer.announce(() => this.pendingSummary(), now);
    if (this.stream.lastDataAt) this.stream.requestFrame(); // "last line received X ago"
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // This render may remove or recycle the row node that has focus: remember to put it back.
    const active = this.hasUpdated ? (this.renderRoot as ShadowRoot).activeElement : null;
    if (active && active.closest('.rows')) this.focusPending = true;
    if (changed.has('maxLines')) this.view.resize(this.maxLines);
    if (changed.has('filter') || changed.has('regex') || changed.has('levels')) this.view.setFilter({ levels: this.levels, text: this.filter, regex: this.regex });
    // `paused` set from outside is taken up by the follow controller's hostUpdate, right after this.
    this.virtualWindow.wrap = this.wrap;
    if (changed.has('wrap')) {
      this.needsMeasure = true;
      // Set by the page (attribute, property) rather than by the width: the page's choice stands.
      if (!this.wrapByWidth && (this.hasUpdated || this.wrap)) this.wrapChosen = true;
      this.wrapByWidth = false;
    }
    if (changed.has('sourceField') || changed.has('levelField') || changed.has('messageField') || changed.has('timeField')) {
      this.fieldMap = { source: this.sourceField, level: this.levelField, message: this.messageField, time: this.timeField };
    }
  }

  /** A narrow box wraps lines (a phone shows whole messages) unless `wrap` was chosen. */
  private wrapForWidth(width: number): void {
    if (this.wrapChosen || width <= 0) return;
    const narrow = width < NARROW_PX;
    if (narrow === this.wrap) return;
    this.wrapByWidth = true;
    this.wrap = narrow;
  }

  // ------------------------------------------------------------------ the view and its window

  /** Where a paused log holds still, in the view as it is now; undefined while following. */
  private pin(): Pin | undefined {
    if (!this.paused) return undefined;
    const { anchorSeq, anchorOffset, anchorBottom } = this.follow;
    const index = this.view.indexOfSeq(anchorSeq);
    return { index, exact: this.view.at(index)?.seq === anchorSeq, offset: anchorOffset, bottom: anchorBottom };
  }

  /** Following paused or resumed: the page hears of it, and announcements count afresh. */
  private followChanged(paused: boolean): void {
    this.pendingLines = this.pendingErrors = 0;
    if (!paused) this.announcer.quiet();
    this.emit('pulse-log-pause', { paused });
  }

  private get viewport(): HTMLElement | null {
    return this.renderRoot.querySelector('.viewport');
  }

  private anchorFromTop(top: number): void {
    this.view.sync();
    if (this.view.length === 0) {
      this.follow.hold(this.view.seqAhead, 0, false);
      return;
    }
    const { index, top: rowTop } = this.virtualWindow.indexAt(this.view, Math.max(0, top));
    this.follow.hold(this.view.at(index)!.seq, Math.max(0, top - rowTop), false);
  }

  /**
   * Anchors on what the user sees: the drawn row across the viewport's top edge. Exact even while
   * wrapped rows are still estimated; false when no drawn row is there (a long scrollbar drag).
   */
  private anchorFromDom(): boolean {
    const viewport = this.viewport;
    if (!viewport) return false;
    const edge = viewport.getBoundingClientRect().top;
    for (const row of viewport.querySelectorAll<HTMLElement>('.rows > .row')) {
      const box = row.getBoundingClientRect();
      if (box.top <= edge + 0.5 && box.bottom > edge + 0.5) {
        const line = this.view.lineBySeq(Number(row.dataset['seq']));
        if (!line) return false;
        this.follow.hold(line.seq, edge - box.top, false);
        return true;
      }
    }
    return false;
  }

  private readonly onScroll = (): void => {
    const viewport = this.viewport;
    if (viewport) this.follow.scrolled(viewport.scrollTop, viewport.scrollHeight - viewport.clientHeight);
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.metaKey) return;
    const target = event.composedPath()[0];
    if (target instanceof HTMLInputElement) return;
    const nav = navigationOf(event, isRtl(this));
    if (nav) {
      event.preventDefault();
      this.navigate(nav, target instanceof Element ? target : undefined);
      return;
    }
    if (event.ctrlKey) return;
    switch (event.key) {
      case 'Enter': {
        // On the line cell: open or close its details (the buttons handle Enter themselves).
        if (!(target instanceof Element) || !target.matches('.line')) return;
        const line = this.lineOfNode(target);
        if (!line || line.gap) return;
        this.expanded = this.expanded === line ? undefined : line;
        this.stream.requestFrame();
        break;
      }
      case ' ':
      case 'p':
      case 'P':
        if (target instanceof HTMLButtonElement && event.key === ' ') return;
        this.togglePause();
        break;
      case 'Escape':
        if (!this.expanded) return;
        this.expanded = undefined;
        this.stream.requestFrame();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  /**
   * Arrow keys, Home/End and PageUp/PageDown: move the grid's focus by lines (or between a line's
   * cells), scrolling the line into view. With no line focused yet (the empty grid) they scroll.
   */
  private navigate(nav: Navigation, from: Element | undefined): void {
    this.view.sync();
    const n = this.view.length;
    if (n === 0) return;
    // A move not drawn yet (keys faster than frames: key repeat, a busy machine) counts from where
    // it goes, not from the node that still has DOM focus; else presses would be lost.
    const current = from && !(this.focusPending && this.activeSeq !== undefined) ? this.lineOfNode(from) : undefined;
    let index = current ? this.view.indexOfSeq(current.seq) : this.activeSeq !== undefined ? this.view.indexOfSeq(this.activeSeq) : n - 1;
    index = Math.min(index, n - 1);
    const page = Math.max(1, Math.floor((this.virtualWindow.viewportH || 300) / this.virtualWindow.rowH) - 1);
    let col = this.activeCol;
    switch (nav) {
      case 'up':
        index--;
        break;
      case 'down':
        index++;
        break;
      case 'pageUp':
        index -= page;
        break;
      case 'pageDown':
        index += page;
        break;
      case 'first':
      case 'rowStart':
        index = 0;
        break;
      case 'last':
      case 'rowEnd':
        index = n - 1;
        break;
      case 'prev':
        col = Math.max(COL_EXPAND, col - 1);
        break;
      case 'next':
        col = Math.min(COL_COPY, col + 1);
        break;
    }
    index = Math.max(0, Math.min(n - 1, index));
    const line = this.view.at(index)!;
    this.activeSeq = line.seq;
    this.activeCol = col;
    this.focusPending = true;
    if (!this.paused) this.follow.set(false, 'focus');
    this.scrollLineIntoView(index);
    this.stream.requestFrame();
  }

  /** Scrolls just enough that line `index` is fully in view (the log is held: no following). */
  private scrollLineIntoView(index: number): void {
    const vh = this.virtualWindow.viewportH || this.viewport?.clientHeight || 300;
    const to = this.virtualWindow.scrollToShow(this.view, index, this.layout.top, vh);
    // Below the view: hold the line's bottom at the view's bottom. Measured on the frame, so
    // wrapped lines whose height is still estimated end up in view too.
    if (to === 'below') this.follow.hold(this.view.at(index)!.seq, 0, true);
    else if (to !== undefined) this.anchorFromTop(to);
  }

  private readonly togglePause = (): void => {
    if (this.paused) this.resume();
    else this.pause();
  };

  private readonly onPointerDown = (event: PointerEvent): void => {
    // Pressing on a row starts a selection or a read: hold the rows still (scrolling to the
    // bottom, End or the button follows again).
    const target = event.composedPath()[0];
    if (event.button !== 0 || this.paused || !(target instanceof Element) || target.closest('button') || !target.closest('.row')) return;
    this.follow.set(false, 'scroll');
  };

  /**
   * A line (or its button) got focus: it becomes the grid's Tab stop. Keyboard focus holds the
   * log still, or the focused line would move away (or its row be recycled) under the user.
   */
  private readonly onFocusIn = (event: FocusEvent): void => {
    const target = event.composedPath()[0];
    if (!(target instanceof HTMLElement)) return;
    const line = this.lineOfNode(target);
    if (!line) return;
    this.activeSeq = line.seq;
    const col = Number(target.dataset['col']);
    if (Number.isInteger(col) && !line.gap) this.activeCol = col;
    if (!this.paused && target.matches(':focus-visible')) this.follow.set(false, 'focus');
  };

  /**
   * Focus left the element (not just the lines: the "new lines" button and the toolbar keep the
   * hold, or the button would vanish under the Tab key): a hold that focus made ends.
   */
  private readonly onHostFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget;
    // Inside the shadow root, relatedTarget is retargeted to this element.
    if (next instanceof Node && (next === this || this.contains(next))) return;
    this.follow.focusLeft();
  };

  private lineOfNode(node: Element): Line | undefined {
    const row = node.closest<HTMLElement>('.row');
    return row ? this.view.lineBySeq(Number(row.dataset['seq'])) : undefined;
  }

  // ------------------------------------------------------------------ rendering

  protected override firstUpdated(): void {
    const viewport = this.viewport!;
    viewport.addEventListener('scroll', this.onScroll, { passive: true });
    this.resizeObserver = new ResizeObserver(() => {
      const height = viewport.clientHeight;
      const width = viewport.clientWidth;
      this.wrapForWidth(width);
      if (height !== this.virtualWindow.viewportH || width !== this.virtualWindow.width) {
        this.virtualWindow.viewportH = height;
        if (width !== this.virtualWindow.width) this.virtualWindow.width = width;
        this.needsMeasure = true;
        this.stream.requestFrame();
      }
    });
    this.resizeObserver.observe(viewport);
    this.virtualWindow.viewportH = viewport.clientHeight;
    this.virtualWindow.width = viewport.clientWidth;
    this.wrapForWidth(this.virtualWindow.width);
  }

  override render(): TemplateResult {
    this.view.sync();
    const n = this.view.length;
    const { top, total, y0, first, rows } = this.virtualWindow.place(this.view, this.pin());
    this.layout = { top, total, y0 };

    const newLines = this.paused ? n - this.view.indexOfSeq(this.follow.lastSeenSeq + 1) : 0;
    const flatten = !this.wrap;
    const withDate = this.timestamps === 'datetime';
    const showTs = this.timestamps !== 'off';
    const highlight = this.view.highlight;
    const label = this.label || this.t('log.label');
    const lang = this.i18n.lang;
    // The grid's one Tab stop: the active line when it is drawn, else the newest drawn line
    // (following) or the first one in view (paused).
    let tabSeq = this.activeSeq;
    if (rows.length && (tabSeq === undefined || !rows.some((line) => line.seq === tabSeq))) {
      tabSeq = this.paused ? (this.view.at(this.virtualWindow.indexAt(this.view, top).index) ?? rows[0]!).seq : rows[rows.length - 1]!.seq;
    }
    const tab = { seq: tabSeq, col: this.activeCol };
    const words = this.rowWords();

    // The frame fills the host (styles: sizing); its content is not re-indented to keep diffs small.
    return html`<div class="frame" part="frame">
      ${this.renderToolbar(showTs)}
      ${this.paused && this.follow.evictedWhilePaused > 0
        ? html`<div class="notice" part="notice" role="status">
            ${this.t('log.droppedWhilePaused', { count: this.follow.evictedWhilePaused, capacity: this.view.capacity })}
          </div>`
        : nothing}
      <div
        class="viewport"
        part="viewport"
        role="grid"
        aria-label=${this.paused ? this.t('log.pausedLabel', { label }) : label}
        aria-rowcount=${n}
        aria-colcount="3"
        aria-readonly="true"
        tabindex=${rows.length ? '-1' : '0'}
        @keydown=${this.onKeyDown}
        @focusin=${this.onFocusIn}
        @pointerdown=${this.onPointerDown}
      >
        <div class="canvas">
          <div class="rows ${this.paused ? '' : 'tail'}" role="rowgroup">${rows.map((line, i) => this.renderRow(line, first + i, showTs, withDate, highlight, flatten, tab, lang, words))}</div>
        </div>
        ${n === 0 ? html`<div class="empty">${this.view.lineCount ? this.t('log.noMatch') : this.t('log.waiting')}</div>` : nothing}
      </div>
      ${this.paused
        ? html`<button class="jump" part="new-lines-button" @click=${this.resume}
            >${icons.arrowDown()}<span>${newLines > 0 ? this.t('log.newLines', { count: newLines }) : this.t('log.followNewest')}</span></button
          >`
        : nothing}
      ${this.expanded ? this.renderDetail(this.expanded) : nothing}
      <div class="footer" part="footer">
        <span>${this.t('log.lines', { count: this.view.lineCount })}${this.view.filtering ? html` · ${this.t('log.shown', { count: n })}` : nothing}</span>
        ${this.stream.lastDataAt ? html`<span class="age">${this.t('log.lastLine', { age: formatAge(this.stream.lastDataAt, Date.now(), lang) })}</span>` : nothing}
        ${this.timestampFallbacks
          ? html`<span title=${this.t('log.unusableTsTitle')}>${this.t('log.unusableTs', { count: this.timestampFallbacks })}</span>`
          : nothing}
        ${this.copiedText ? html`<span role="status">${this.copiedText}</span>` : nothing}
      </div>
      <div class="visually-hidden" role="log" aria-live="polite" aria-relevant="additions" aria-label=${this.t('log.summaryLabel', { label })}>
        ${this.announcer.serial ? keyed(this.announcer.serial, html`<p>${this.announcer.text}</p>`) : nothing}
      </div>
    </div>`;
  }

  /** Pause, level chips, filter (and its error), wrap, time, copy, and the connection status. */
  private renderToolbar(showTs: boolean): TemplateResult {
    return html`<div class="toolbar" part="toolbar">
      <button part="pause-button" class="pause" aria-pressed=${this.paused ? 'true' : 'false'} @click=${this.togglePause}
        >${this.paused ? icons.play() : icons.pause()}<span>${this.paused ? this.t('log.resume') : this.t('log.pause')}</span></button
      >
      <span class="chips" role="group" aria-label=${this.t('log.levels')}>
        ${LOG_LEVELS.map(
          (level) => html`<button
            class="chip lvl-${level}"
            part="chip level-chip"
            data-level=${level}
            aria-pressed=${!this.view.shownLevels || this.view.shownLevels.has(level) ? 'true' : 'false'}
            aria-disabled=${this.view.shownLevels?.size === 1 && this.view.shownLevels.has(level) ? 'true' : nothing}
            @click=${this.onLevelChip}
          >${this.t(`log.level.${level}`)}</button>`,
        )}
      </span>
      <span class="search">
        <input
          type="search"
          part="filter"
          placeholder=${this.t('log.filter')}
          aria-label=${this.t('log.filterLabel')}
          aria-invalid=${this.view.regexError ? 'true' : 'false'}
          aria-describedby=${this.view.regexError ? 'filter-error' : nothing}
          .value=${this.filter}
          @input=${this.onFilterInput}
        />
        <button aria-pressed=${this.regex ? 'true' : 'false'} aria-label=${this.t('log.regex')} title=${this.t('log.regex')} @click=${this.onRegexToggle}>.*</button>
      </span>
      ${this.view.regexError
        ? html`<span id="filter-error" class="error" part="filter-error" role="alert">${this.t('log.regexInvalid', { detail: this.view.regexError })}</span>`
        : nothing}
      <span class="spacer-flex"></span>
      <button aria-pressed=${this.wrap ? 'true' : 'false'} @click=${this.onWrapToggle}>${this.t('log.wrap')}</button>
      <button aria-pressed=${showTs ? 'true' : 'false'} @click=${this.onTimeToggle}>${this.t('log.time')}</button>
      <button @click=${this.onCopyVisible}>${this.t('log.copyVisible')}</button>
      ${this.renderStatus()}
    </div>`;
  }

  /**
   * One line as a grid row: the details toggle, the line (time, level, source, message) and the
   * copy button, each a cell. No whitespace between tags inside a row: the message keeps its
   * spaces (`white-space: pre`), so template whitespace would become visible gaps.
   */
  private renderRow(
    line: Line,
    index: number,
    showTs: boolean,
    withDate: boolean,
    highlight: RegExp | undefined,
    flatten: boolean,
    tab: { seq: number | undefined; col: number },
    lang: string,
    words: RowWords,
  ): TemplateResult {
    const { rec } = line;
    const stop = (col: number) => (line.seq === tab.seq && (col === tab.col || line.gap) ? '0' : '-1');
    if (line.gap) {
      return html`<div class="row gap" part="row gap" role="row" aria-rowindex=${index + 1} data-seq=${line.seq}
        ><span class="line" role="gridcell" data-col="1" tabindex=${stop(COL_LINE)}>${icons.warning()}<span class="msg">${rec.message}</span></span
      ></div>`;
    }
    const { plain, sgr } = cleanOf(line);
    if (line.segments === undefined) line.segments = sgr ? ansiSegments(sgr) : null;
    const { shown, omitted } = truncateForDisplay(plain, MAX_ROW_CHARS);
    const ranges = matchRanges(shown, highlight);
    const label = rec.levelText || words.level[rec.level];
    const open = this.expanded === line;
    return html`<div class="row lvl-${rec.level}" part="row" role="row" aria-rowindex=${index + 1} data-seq=${line.seq}
      ><span class="cell-button" role="gridcell"
        ><button class="expand" data-col="0" tabindex=${stop(COL_EXPAND)} aria-label=${words.details} aria-expanded=${open ? 'true' : 'false'} @click=${this.onExpandClick}
          >${icons.chevron()}</button
        ></span
      ><span class="line" role="gridcell" data-col="1" tabindex=${stop(COL_LINE)}
        >${showTs
          ? html`<span class="ts" part="timestamp" title=${rec.tsUnusable ? words.unusableTs : nothing}>${this.timeText(line, withDate, lang)}</span>`
          : nothing}<span class="lvl" part="level">${label}</span>${rec.source
          ? html`<span class="src src-c${sourceHue(rec.source)}" part="source">${rec.source}</span>`
          : nothing}<span class="msg" part="message"
          >${renderMessage(shown, line.segments ?? undefined, ranges, flatten)}${omitted
            ? html`<span class="more" part="truncated"> ${this.t('log.moreChars', { count: omitted })}</span>`
            : nothing}</span
        ></span
      ><span class="cell-button" role="gridcell"
        ><button class="copy" data-col="2" tabindex=${stop(COL_COPY)} aria-label=${words.copyLine} title=${words.copyLine} @click=${this.onCopyClick}
          >${icons.copy()}</button
        ></span
      ></div>`;
  }

  /** The words every row repeats, looked up once per render rather than once per row. */
  private rowWords(): RowWords {
    const key = this.i18n.key;
    if (this.words?.key !== key) {
      const level = Object.fromEntries(LOG_LEVELS.map((l) => [l, l === 'unknown' ? '' : this.t(`log.level.${l}`)])) as Record<LogLevel, string>;
      this.words = { key, level, details: this.t('log.details'), copyLine: this.t('log.copyLine'), unusableTs: this.t('log.unusableTsRow') };
    }
    return this.words;
  }

  private timeText(line: Line, withDate: boolean, lang: string): string {
    const mode = `${withDate ? 1 : 0}|${lang}`;
    if (line.time === undefined || line.timeMode !== mode) {
      line.time = formatLogTime(line.rec.ts, withDate, lang) + (line.rec.tsUnusable ? '*' : '');
      line.timeMode = mode;
    }
    return line.time;
  }

  private renderDetail(line: Line): TemplateResult {
    const { rec } = line;
    const { shown, omitted } = truncateForDisplay(cleanOf(line).plain, MAX_DETAIL_CHARS);
    let json = '';
    if (rec.fields) {
      try {
        json = JSON.stringify(rec.fields, null, 2);
      } catch {
        json = this.t('log.fieldsUnshowable');
      }
      json = cleanLogText(truncateForDisplay(json, MAX_DETAIL_CHARS).shown).plain;
    }
    const level = rec.levelText || this.t(`log.level.${rec.level}`);
    return html`<section class="detail" part="detail" aria-label=${this.t('log.lineDetails')}>
      <header>
        <span class="title">${formatDateTime(rec.ts, this.i18n.lang)} · ${level}${rec.source ? html` · ${rec.source}` : nothing}</span>
        <button @click=${this.onCopyExpanded}>${this.t('log.copyLine')}</button>
        <button class="close" aria-label=${this.t('log.closeDetails')} title=${this.t('log.closeDetails')} @click=${this.onCloseDetail}>${icons.close()}</button>
      </header>
      ${rec.tsUnusable ? html`<p>${this.t('log.tsUnreadable')}</p>` : nothing}
      <pre class="full" part="detail-message">${shown}${omitted ? html`<span class="more"> ${this.t('log.moreCharsCopy', { count: omitted })}</span>` : nothing}${rec.cutChars
        ? html`<span class="more"> ${this.t('log.cutOnArrival', { count: rec.cutChars })}</span>`
        : nothing}</pre>
      ${json ? html`<pre class="fields" part="detail-fields">${json}</pre>` : nothing}
    </section>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const viewport = this.viewport;
    if (!viewport) return;
    const rowsBox = viewport.querySelector<HTMLElement>('.rows')!;
    if (this.needsMeasure) {
      this.needsMeasure = false;
      const probe = rowsBox.querySelector<HTMLElement>('.row:not(.gap)');
      if (!this.wrap && probe) {
        const h = probe.getBoundingClientRect().height;
        if (h > 0 && h !== this.virtualWindow.rowH) {
          this.virtualWindow.rowH = h;
          this.stream.requestFrame();
        }
      }
      this.virtualWindow.width = viewport.clientWidth;
    }
    // Geometry first, then (wrap) measuring: one layout per frame, which the frame then reuses.
    const { total, y0 } = this.layout;
    if (total !== this.drawn.total) viewport.querySelector<HTMLElement>('.canvas')!.style.height = `${total}px`;
    if (y0 !== this.drawn.y0) rowsBox.style.transform = y0 < 0 ? '' : `translateY(${y0}px)`;
    this.drawn = { total, y0 };
    if (Math.abs(viewport.scrollTop - this.layout.top) >= 1) {
      viewport.scrollTop = this.layout.top;
    }
    this.follow.scrolledTo(viewport.scrollTop);
    if (this.wrap) this.measureRows(rowsBox);
    this.keepFocus(rowsBox);
  }

  /**
   * Rows are recycled as lines scroll (row nodes are reused for other lines), so DOM focus on a
   * row node would silently move to another line: put it back on the active line's cell. Also
   * where the arrow keys asked for focus to go.
   */
  private keepFocus(rowsBox: HTMLElement): void {
    if (!this.focusPending) return;
    this.focusPending = false;
    const active = (this.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
    if (this.activeSeq === undefined) return;
    let row = rowsBox.querySelector<HTMLElement>(`.row[data-seq="${this.activeSeq}"]`);
    if (!row) {
      // The active line left the buffer or the filter: the nearest line drawn takes over.
      const index = Math.min(this.view.indexOfSeq(this.activeSeq), this.view.length - 1);
      const line = index >= 0 ? this.view.at(index) : undefined;
      if (!line) return;
      this.activeSeq = line.seq;
      row = rowsBox.querySelector<HTMLElement>(`.row[data-seq="${line.seq}"]`);
      if (!row) return; // not drawn (scrolled far away): the Tab stop goes to a drawn line
    }
    const cell = row.querySelector<HTMLElement>(`[data-col="${this.activeCol}"]`) ?? row.querySelector<HTMLElement>('[data-col="1"]');
    if (cell && cell !== active) {
      for (const stop of rowsBox.querySelectorAll<HTMLElement>('[tabindex="0"]')) if (stop !== cell) stop.tabIndex = -1;
      cell.tabIndex = 0;
      cell.focus({ preventScroll: true });
    }
  }

  /** Wrap mode: remember the real heights of the rows just drawn; draw again if any changed. */
  private measureRows(rowsBox: HTMLElement): void {
    let changed = false;
    for (const row of rowsBox.children) {
      const line = this.view.lineBySeq(Number((row as HTMLElement).dataset['seq']));
      if (line && this.virtualWindow.measure(line, (row as HTMLElement).getBoundingClientRect().height)) changed = true;
    }
    if (changed) this.stream.requestFrame();
  }

  private lineOfEvent(event: Event): Line | undefined {
    const row = (event.currentTarget as HTMLElement | null)?.closest<HTMLElement>('.row');
    return row ? this.view.lineBySeq(Number(row.dataset['seq'])) : undefined;
  }

  // ------------------------------------------------------------------ controls

  private readonly onLevelChip = (event: Event): void => {
    const level = (event.currentTarget as HTMLElement).dataset['level'] as LogLevel;
    const shown = new Set(this.view.shownLevels ?? LOG_LEVELS);
    // The last one shown stays on (docs/theming.md "Filter chips"), as in <alert-list>.
    if (shown.has(level) && shown.size === 1) return;
    if (shown.has(level)) shown.delete(level);
    else shown.add(level);
    this.levels = shown.size === LOG_LEVELS.length ? '' : LOG_LEVELS.filter((l) => shown.has(l)).join(',');
  };

  private readonly onFilterInput = (event: Event): void => {
    this.filter = (event.currentTarget as HTMLInputElement).value;
  };

  private readonly onRegexToggle = (): void => {
    this.regex = !this.regex;
  };

  private readonly onWrapToggle = (): void => {
    this.wrapChosen = true;
    this.wrap = !this.wrap;
  };

  private readonly onTimeToggle = (): void => {
    this.timestamps = this.timestamps === 'off' ? 'time' : 'off';
  };

  private readonly onExpandClick = (event: Event): void => {
    const line = this.lineOfEvent(event);
    if (!line) return;
    this.expanded = this.expanded === line ? undefined : line;
    this.stream.requestFrame();
  };

  private readonly onCloseDetail = (): void => {
    if (this.expanded) {
      this.activeSeq = this.expanded.seq;
      this.activeCol = COL_EXPAND;
    }
    this.expanded = undefined;
    // Back to the line the details were of (the grid's Tab stop), not to the top of the page.
    this.focusPending = true;
    this.stream.requestFrame();
  };

  private readonly onCopyClick = (event: Event): void => {
    const line = this.lineOfEvent(event);
    if (line) void this.copyLines([line]);
  };

  private readonly onCopyExpanded = (): void => {
    if (this.expanded) void this.copyLines([this.expanded]);
  };

  private readonly onCopyVisible = (): void => {
    const selection = this.selectedText();
    if (selection) {
      void this.copyText(selection, selection.split('\n').length);
      return;
    }
    const n = this.view.length;
    const [start, end] = this.virtualWindow.visibleRange(this.view, this.layout.top);
    const lines: Line[] = [];
    for (let i = start; i <= end && i < n; i++) lines.push(this.view.at(i)!);
    void this.copyLines(lines);
  };

  private selectedText(): string {
    const root = this.renderRoot as ShadowRoot & { getSelection?: () => Selection | null };
    const selection = root.getSelection?.() ?? document.getSelection();
    return selection && !selection.isCollapsed ? selection.toString() : '';
  }

  private copyLines(lines: Line[]): Promise<void> {
    return this.copyText(lines.map(lineText).join('\n'), lines.length);
  }

  private async copyText(text: string, lines: number): Promise<void> {
    const ok = await writeClipboard(text, this.renderRoot);
    this.copiedText = ok ? this.t('log.copied', { count: lines }) : this.t('log.copyFailed');
    this.stream.requestFrame();
    this.emit('pulse-log-copy', { text, lines, ok });
  }
}

/** @deprecated Since 0.2.0, removed in 0.3.0: use `PulseLogCopyDetail`. */
export type LogCopyDetail = PulseLogCopyDetail;
/** @deprecated Since 0.2.0, removed in 0.3.0: use `PulseLogPauseDetail`. */
export type LogPauseDetail = PulseLogPauseDetail;

declare module '../../render/events.js' {
  interface PulseEventMap {
    'pulse-log-copy': CustomEvent<PulseLogCopyDetail>;
    'pulse-log-pause': CustomEvent<PulseLogPauseDetail>;
  }
}
