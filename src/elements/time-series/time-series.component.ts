import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
// Before uplot, whose module code throws on a navigator.language of "C".
import '../../render/navigator-language.js';
import uPlot from 'uplot';
import { parseDuration } from '../../data/duration.js';
import { parseMetric } from '../../data/metric-payload.js';
import { fetchHistory } from '../../data/history-client.js';
import type { StreamHub } from '../../data/stream-hub.js';
import { isTopicPattern, wildcardPart } from '../../data/topic-pattern.js';
import type { MessageMeta } from '../../data/types.js';
import { formatValue, speakValue, type ValueFormatOptions } from '../../render/format.js';
import { finiteNumber, positiveIntOr } from '../../render/attributes.js';
import { PulseElement } from '../../render/pulse-element.js';
import { SeriesBuffer, type SeriesValue } from '../../render/series-buffer.js';
import type { ConnectionState } from '../../data/types.js';
import type { GapInfo } from '../../data/stream-hub.js';
import { AXIS_FONT_PX, timeAxis, valueAxis } from './axes.js';
import { GapTracker, type GapAfter, type GapCause } from './gaps.js';
import { thinWhenDense } from './line-width.js';
import { Decimator, gatherRows } from './decimate.js';
import { drawBands, drawThresholds, isolatedPoints, type Band, type DrawnLabel, type OverlayStyle } from './overlays.js';
import { styles, uplotStyles } from './time-series.styles.js';
import '../../i18n/en/time-series.js'; // this element's English strings, out of the shared core
import { tooltipPlugin } from './tooltip-plugin.js';

const DEFAULT_WINDOW_MS = 5 * 60_000;
const DEFAULT_MAX_POINTS = 10_000;
const MAX_SERIES = 16;
/** Line width, CSS px; dense lines are drawn one device pixel wide (line-width.ts). */
const LINE_WIDTH = 1.5;
/** The screen-reader summary of latest values changes at most this often. */
const SUMMARY_INTERVAL_MS = 5000;
/**
 * Under a steady feed the template (legend values, status, summary) renders at most this often;
 * the plot still draws every frame. A legend number changing 60 times a second cannot be read, and
 * each change lays out the legend text (bench/README.md, time series).
 */
const LEGEND_INTERVAL_MS = 250;
const TOKENS = ['fg', 'bg', 'muted', 'border', 'warn', 'crit', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'] as const;
type Token = (typeof TOKENS)[number];
/** Below this plot height the time axis goes (it would leave no room for the lines). */
const MIN_HEIGHT_FOR_TIME_AXIS = 72;
/** The plot keeps at least this share of the element's height; the legend gets whole lines of the rest. */
const PLOT_SHARE = 0.6;
/** Threshold label font size, CSS px. */
const LABEL_FONT_PX = 11;
const NO_BANDS: readonly Band[] = [];
const NO_LABELS: readonly DrawnLabel[] = [];

/** What the chart is doing: following the data, paused under the pointer, paused by the user, or zoomed into a range. */
export type TimeSeriesMode = 'live' | 'hover' | 'paused' | 'zoomed';

/** Detail of the `pulse-series-zoom` event. */
export interface PulseSeriesZoomDetail {
  /** The range shown, epoch ms; both undefined when back to live. */
  readonly from: number | undefined;
  readonly to: number | undefined;
}

type Columns = [number[], ...SeriesValue[][]];

/**
 * A live line chart (uPlot, one instance per element) over a rolling `window`. Series come from a
 * topic list (`topic="cpu,mem"`, one series per topic), a topic pattern (`topic="cpu@*"`, one
 * series per matching topic, named by what `*` matched: the host; new hosts appear as they
 * connect) or from the named numbers of one payload (`{ts, cpu: 12, mem: 40}`, one series per
 * field; `field` picks one).
 *
 * Samples go into preallocated columnar buffers as they arrive and the chart is given them at
 * most once per frame. Out-of-order samples are inserted in order while they are inside the
 * window and dropped (counted in `dropped`) when older than its start. A `null` value is a gap.
 *
 * The chart never joins points across a hole: where the server said events were lost
 * (`pulse.gap`, a restart), where the connection was down and nothing was replayed, or where two
 * points are further apart than `gap-after` (by default a few times the series' usual interval),
 * the line breaks, the hole is shaded with its cause written in it, and the accessible summary
 * lists it. While the connection is down the time axis keeps moving and the outage is shaded up
 * to now.
 *
 * Hovering pauses drawing (data keeps buffering), dragging across the plot zooms into a range,
 * and "Back to live", a double click or Escape return to the live view.
 *
 * @summary A live time-series chart (uPlot) with legend, tooltip, thresholds, zoom and pause.
 * @tagname time-series
 * @fires pulse-series-zoom - The user zoomed into a range or went back to live; `detail` is `{from, to}` (undefined when live).
 * @fires pulse-zoom - Deprecated old name of `pulse-series-zoom` (fired too until 0.3.0).
 * @csspart header - Title, mode and buttons above the chart.
 * @csspart plot - The box that holds the uPlot canvas.
 * @csspart legend - The list of series with their latest values.
 * @csspart legend-item - One series' toggle button in the legend.
 * @csspart tooltip - The tooltip at the cursor.
 * @csspart live-button - "Back to live" / "Pause".
 * @csspart status - The connection/staleness indicator.
 * @csspart frame - The whole chart (header, plot, legend): it fills the element's box.
 * @cssprop --pulse-series-height - Height of the element when the page gives it none (default 16rem); any CSS height, grid cell, flex item, absolute inset or percentage sizes it too.
 * @cssprop --pulse-series-1 - Colour of the 1st series (and so on up to --pulse-series-8; series 9+ reuse them).
 * @cssprop --pulse-warn - Colour of the `warn` threshold line.
 * @cssprop --pulse-crit - Colour of the `crit` threshold line.
 * @cssprop --pulse-border - Colour of grid lines.
 * @cssprop --pulse-muted - Colour of axis labels.
 */
export class TimeSeries extends PulseElement {
  static override styles = [...PulseElement.styles, uplotStyles, styles];

  /** Title above the chart; also the chart's accessible name, "Time series" in the element's language when empty. */
  @property() label = '';

  /** Unit of the y axis, legend and tooltip: the same units as `<metric-gauge>`. */
  @property() unit?: string;

  /** Fixed fraction digits for values; automatic when absent. */
  @property({ type: Number }) decimals?: number;

  /** BCP 47 locale for numbers and times; the element's language (`lang`, inherited) when absent. */
  @property() locale?: string;

  /** Rolling time span shown and kept: `"5m"` by default. */
  @property() window = '5m';

  /** Most timestamps (rows) kept; the oldest go first. Changing it clears the chart. */
  @property({ type: Number, attribute: 'max-points' }) maxPoints = DEFAULT_MAX_POINTS;

  /** Draws a dashed warning line at this value. */
  @property({ type: Number }) warn?: number;

  /** Draws a solid critical line at this value. */
  @property({ type: Number }) crit?: number;

  /** Lowest value of the y axis; follows the data when absent. */
  @property({ type: Number }) min?: number;

  /** Highest value of the y axis; follows the data when absent. */
  @property({ type: Number }) max?: number;

  /**
   * `auto` (default): when the server keeps history (its `pulse.hello` announces a
   * `historyUrl`, as the reference server does with `--data`), fill the whole window from
   * `GET /history` on mount, then continue live without a seam or a duplicate. `off`: live only.
   */
  @property() backfill: 'auto' | 'off' = 'auto';

  /** Stack the series on each other (area bands). Best with one payload of named fields (rows aligned). */
  @property({ type: Boolean, reflect: true }) stacked = false;

  /** Fill the area under each line. */
  @property({ type: Boolean, reflect: true }) fill = false;

  /**
   * When two points of a series are further apart than this, the line breaks and the hole is
   * shaded: `auto` (default: three times the series' usual interval, and at least that plus a
   * second), a duration (`"30s"`), or `off` (only lost events and nulls break the line).
   */
  @property({ attribute: 'gap-after' }) gapAfter = 'auto';

  /** What the chart is doing, reflected as attribute `mode`: `live`, `hover`, `paused`, `zoomed`. */
  get mode(): TimeSeriesMode {
    return this.currentMode;
  }

  /** The uPlot instance, once the element has a size (for advanced use; do not call setData on it). */
  get plot(): uPlot | undefined {
    return this.uplot;
  }

  /** Samples dropped because they arrived older than the window. */
  get dropped(): number {
    return this.buffer.dropped;
  }

  /** Series names in the order they are drawn. */
  get seriesNames(): readonly string[] {
    return this.buffer.series;
  }

  /** The holes in the data the chart shows as gaps: `{from, to, cause, series}`, oldest first. */
  get gaps(): readonly { readonly from: number; readonly to: number; readonly cause: GapCause; readonly series: readonly string[] }[] {
    return this.gapTracker.gaps;
  }

  /**
   * @internal Every label the chart wrote on its canvas in the last draw besides the axes'
   * (threshold and gap labels), in canvas pixels: for tests that check nothing overlaps.
   */
  get drawnLabels(): readonly DrawnLabel[] {
    return this.canvasLabels;
  }

  /** A copy of the buffered columns `[timestamps, series1, ...]` (null: gap, undefined: no sample). */
  getData(): Columns {
    return this.buffer.snapshot();
  }

  private buffer = new SeriesBuffer({ capacity: DEFAULT_MAX_POINTS, windowMs: DEFAULT_WINDOW_MS, maxSeries: MAX_SERIES });
  private readonly gapTracker = new GapTracker();
  private offState: (() => void) | undefined;
  private uplot: uPlot | undefined;
  private plotSeries = -1;
  private plotEl: HTMLDivElement | undefined;
  private figureEl: HTMLElement | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private size = { width: 0, height: 0 };
  /** Box sizes from the ResizeObserver (never read from layout): the figure's height and the header's. */
  private boxes = { figure: 0, header: 0 };
  private legendLines = -1;
  private remPx = 0;
  private timeAxisShown = true;
  private colors: Record<Token, string> | undefined;
  private font = '';
  private canvasLabels: readonly DrawnLabel[] = [];
  private overlay: { colors: Record<Token, string>; dpr: number; style: OverlayStyle } | undefined;
  private themeQueued = false;
  private currentMode: TimeSeriesMode = 'live';
  /** What the chart shows while frozen (hover, paused, zoomed): a copy, so the buffer can move on. */
  private frozen: Columns | undefined;
  /** Unstacked values of what the chart shows (for the tooltip). */
  private shownRaw: Columns | undefined;
  /** Reduced rows whose unstacked values the tooltip has not asked for yet (gathered on first read). */
  private rawRows: { data: Columns; rows: Int32Array } | undefined;
  private stackedCols: SeriesValue[][] = [];
  private stackAcc: number[] = [];
  /** Live and dense: the rows that draw the same picture (decimate.ts), gathered into arrays reused per frame. */
  private readonly decimator = new Decimator();
  private reducedPlot: unknown[][] = [];
  private reducedRaw: unknown[][] = [];
  private summary = '';
  private summaryAt = 0;
  private plotLang = '';
  private summaryCount = 0;
  private summaryGaps = '';
  /** When the template last rendered (performance.now()), and how many series had a value then. */
  private renderedAt = -Infinity;
  private renderedWithData = 0;
  private renderedSeries = 0;
  /** The render that shows the latest values once the legend interval is over. */
  private trailingRender: ReturnType<typeof setTimeout> | undefined;
  /**
   * A token probe changed colour (theme attribute, a class or `color-scheme` up the tree,
   * `prefers-color-scheme`, a `--pulse-*` property): read the colours again and redraw the canvas,
   * once for all the probes that changed, before the next paint.
   */
  private readonly onProbeChange = () => {
    if (this.themeQueued) return;
    this.themeQueued = true;
    queueMicrotask(() => {
      this.themeQueued = false;
      this.refreshTheme();
    });
  };
  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.currentMode !== 'live') {
      event.preventDefault();
      this.backToLive();
    }
  };

  /** Backfill state: the request under way, the hub listener waiting for `historyUrl`. */
  private backfillAbort: AbortController | undefined;
  private offHistory: (() => void) | undefined;
  /** Oldest sample time that came from the stream since the last reset: history fills only before it. */
  private liveFrom = Infinity;

  constructor() {
    super();
    this.addEventListener('keydown', this.onKey);
  }

  protected onPayload(payload: unknown, meta: MessageMeta): void {
    const result = parseMetric(payload, this.field, meta.receivedAt);
    if (!result.ok) {
      this.stream.reject(meta.topic, result.reason);
      return;
    }
    if (result.sample.ts < this.liveFrom) this.liveFrom = result.sample.ts;
    const newest = this.buffer.newest();
    if (!meta.replay && (newest === undefined || result.sample.ts >= newest)) this.gapTracker.live(result.sample.ts, meta.receivedAt);
    this.addSample(result.sample, meta);
  }

  private addSample({ ts, values }: { ts: number; values: ReadonlyArray<readonly [string, number | null]> }, meta: MessageMeta): void {
    let named: ReadonlyArray<readonly [string, number | null]>;
    const topics = this.topics();
    if (topics.length > 1 || isTopicPattern(topics[0] ?? '')) {
      // A topic list or a pattern: one series per topic, named after it (after the host for `cpu@*`).
      const value = values.length === 1 ? values[0]![1] : (values.find(([name]) => name === 'value') ?? values[0]!)[1];
      named = [[this.seriesName(meta.topic), value]];
    } else if (values.length === 1 && values[0]![0] === 'value') {
      named = [[meta.topic, values[0]![1]]];
    } else {
      named = values;
    }
    // A hole before this sample: a null just after the series' previous point breaks the line.
    for (const [name, value] of named) {
      const at = this.gapTracker.beforeSample(name, ts, value);
      if (at !== undefined) this.buffer.add(at, [[name, null]]);
    }
    this.buffer.add(ts, named);
    // Series are capped: values of a series past the cap are not drawn, so count them (the
    // indicator shows "n skipped") instead of dropping them silently.
    if (this.buffer.series.length >= MAX_SERIES && named.some(([name]) => this.buffer.seriesIndex(name, false) < 0)) {
      this.stream.reject(meta.topic, `more than ${MAX_SERIES} series; further series are not drawn`);
    }
  }

  /** A series' name: its topic, or for a lone pattern what its `*` matched (`cpu@*`: the host). */
  private seriesName(topic: string): string {
    const topics = this.topics();
    return topics.length === 1 ? (wildcardPart(topics[0]!, topic) ?? topic) : topic;
  }

  protected override onReset(): void {
    const capacity = positiveIntOr(this.maxPoints, DEFAULT_MAX_POINTS);
    this.buffer = new SeriesBuffer({ capacity, windowMs: this.windowMs, maxSeries: MAX_SERIES });
    // A topic list draws its series in the order written, whatever arrives first.
    const topics = this.topics();
    if (topics.length > 1) for (const topic of topics) if (!isTopicPattern(topic)) this.buffer.seriesIndex(topic);
    this.frozen = undefined;
    this.summaryAt = 0;
    this.summaryCount = 0;
    this.summary = '';
    this.gapTracker.clear();
    this.gapTracker.gapAfter = this.parsedGapAfter();
    this.watchConnection();
    this.destroyPlot();
    this.stream.requestFrame();
    this.startBackfill();
  }

  /** Outages of the stream: from going down (while there is data to show) until data comes again. */
  private watchConnection(): void {
    this.offState?.();
    this.offState = undefined;
    const hub = this.stream.currentHub;
    if (!hub) return;
    this.offState = hub.on('state', (state: ConnectionState) => {
      if (state === 'open') this.gapTracker.reconnected(Date.now());
      else this.gapTracker.disconnected(Date.now(), this.buffer.newest());
      this.stream.requestFrame();
    });
  }

  protected override onGap(gap: GapInfo): void {
    this.gapTracker.eventsLost(gap.reason === 'restart' ? 'restart' : 'lost');
  }

  /** While an outage is shaded, the time axis moves with the clock: one frame a second. */
  protected override onSecond(): void {
    if (this.gapTracker.openOutage(Date.now())) this.stream.requestFrame();
  }

  private parsedGapAfter(): GapAfter {
    const value = (this.gapAfter ?? 'auto').trim();
    if (value === 'off' || value === 'never') return 'off';
    if (value === '' || value === 'auto') return 'auto';
    return parseDuration(value) ?? 'auto';
  }

  /** Waits for the hub to know its history URL (the server's hello), then backfills once. */
  private startBackfill(): void {
    this.stopBackfill();
    this.liveFrom = Infinity;
    const hub = this.stream.currentHub;
    if (!hub || this.backfill === 'off') return;
    const run = (): void => {
      if (!hub.historyUrl || this.backfillAbort) return;
      this.offHistory?.();
      this.offHistory = undefined;
      void this.runBackfill(hub);
    };
    this.offHistory = hub.on('history', run);
    run();
  }

  private stopBackfill(): void {
    this.offHistory?.();
    this.offHistory = undefined;
    this.backfillAbort?.abort();
    this.backfillAbort = undefined;
  }

  private async runBackfill(hub: StreamHub): Promise<void> {
    const abort = (this.backfillAbort = new AbortController());
    const until = Date.now();
    const since = until - this.windowMs;
    const capacity = positiveIntOr(this.maxPoints, DEFAULT_MAX_POINTS);
    // History is read by topic name: a pattern's series fill from the live stream only.
    const topics = this.topics().filter((t) => !isTopicPattern(t));
    // Newest first, so a window holding more points than the chart keeps shows its newest part.
    const results = await Promise.all(topics.map((topic) => fetchHistory(hub, topic, { since, until, order: 'desc', maxItems: capacity, signal: abort.signal })));
    if (abort.signal.aborted || this.backfillAbort !== abort) return;
    let added = 0;
    topics.forEach((topic, t) => {
      for (const item of results[t]!.reverse()) {
        // Only what came before the live stream's first sample: no seam, no duplicate.
        if (item.ts >= this.liveFrom) continue;
        const result = parseMetric(item.data, this.field, item.ts);
        if (!result.ok) continue; // stored payloads this chart cannot use were already counted live
        if (result.sample.ts >= this.liveFrom || result.sample.ts < since) continue;
        this.addSample(result.sample, { topic, id: item.id ?? undefined, receivedAt: item.ts, replay: true });
        added++;
      }
    });
    if (added > 0) this.stream.requestFrame();
  }

  private get windowMs(): number {
    return parseDuration(this.window) ?? DEFAULT_WINDOW_MS;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.plotEl) this.observe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.offState?.();
    this.offState = undefined;
    this.destroyPlot();
    this.stopBackfill();
    clearTimeout(this.trailingRender);
    this.trailingRender = undefined;
  }

  protected override firstUpdated(): void {
    this.plotEl = this.renderRoot.querySelector<HTMLDivElement>('.plot') ?? undefined;
    this.figureEl = this.renderRoot.querySelector<HTMLElement>('figure') ?? undefined;
    this.renderRoot.querySelector('.probes')?.addEventListener('transitionrun', this.onProbeChange);
    if (this.plotEl) this.observe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('window')) this.buffer.windowMs = this.windowMs;
    if (changed.has('gapAfter')) this.gapTracker.gapAfter = this.parsedGapAfter();
    if (changed.has('maxPoints') && changed.get('maxPoints') !== undefined) this.onReset();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.getAttribute('mode') !== this.currentMode) this.setAttribute('mode', this.currentMode);
    const rebuild = ['unit', 'decimals', 'locale', 'warn', 'crit', 'min', 'max', 'stacked', 'fill', 'label'] as const;
    // Axis labels and threshold words are formatted when the plot is built: a new language rebuilds it.
    const langChanged = this.plotLang !== this.i18n.key;
    this.plotLang = this.i18n.key;
    // Both can change in one update (a language and a theme): restyle, then rebuild.
    if (changed.has('theme')) this.refreshTheme();
    if ((langChanged || rebuild.some((key) => changed.has(key))) && this.uplot) this.rebuildPlot();
  }

  /**
   * Reads the theme's colours again (they are resolved from `--pulse-*` custom properties and
   * `light-dark()`); call it after changing those properties on an ancestor. Colour-scheme and
   * `theme` changes are picked up by themselves.
   */
  refreshTheme(): void {
    const before = this.colors && JSON.stringify(this.colors);
    const font = this.font;
    this.colors = undefined;
    this.font = '';
    this.overlay = undefined;
    this.readColors();
    if (!this.uplot) return;
    // Every colour the canvas uses is read through a function at draw time, so a redraw is
    // enough; a new font changes label widths, so the axes are measured again.
    if (this.fontFamily() !== font) this.rebuildPlot();
    else if (JSON.stringify(this.colors) !== before) this.uplot.redraw(false);
  }

  /** Leaves zoom or pause and follows the data again. */
  backToLive(): void {
    if (this.currentMode === 'live') return;
    const wasZoomed = this.currentMode === 'zoomed';
    this.currentMode = 'live';
    this.frozen = undefined;
    this.stream.requestFrame();
    this.requestUpdate(); // the mode and its button now, not after the legend interval
    if (wasZoomed) this.emit('pulse-series-zoom', { from: undefined, to: undefined });
  }

  /** Stops drawing new data (it keeps buffering) until `backToLive()`. */
  pause(): void {
    if (this.currentMode === 'paused' || this.currentMode === 'zoomed') return;
    this.freeze('paused');
  }

  /** Shows `from`..`to` (epoch ms) of the buffered data and stops following until `backToLive()`. */
  zoom(from: number, to: number): void {
    if (!(to > from)) return;
    this.freeze('zoomed');
    this.uplot?.setScale('x', { min: from, max: to });
    this.emit('pulse-series-zoom', { from, to });
  }

  /**
   * Called by the shared scheduler at most once per frame: feed uPlot, then render the legend and
   * summary at most every LEGEND_INTERVAL_MS (at once when a series gets its first value), with
   * one render after the interval so the legend always ends on the latest values.
   */
  override renderFrame(): void {
    this.draw();
    const wait = this.renderedAt + LEGEND_INTERVAL_MS - performance.now();
    const grew = this.buffer.series.length !== this.renderedSeries || this.seriesWithData() > this.renderedWithData;
    if (wait <= 0 || grew) this.requestUpdate();
    else this.trailingRender ??= setTimeout(() => this.requestUpdate(), wait);
  }

  private seriesWithData(): number {
    let n = 0;
    for (let i = 0; i < this.buffer.series.length; i++) if (typeof this.buffer.latest(i) === 'number') n++;
    return n;
  }

  protected override update(changed: PropertyValues<this>): void {
    // Every render shows the latest values, whatever asked for it: no trailing one needed.
    clearTimeout(this.trailingRender);
    this.trailingRender = undefined;
    this.renderedAt = performance.now();
    this.renderedWithData = this.seriesWithData();
    this.renderedSeries = this.buffer.series.length;
    super.update(changed);
  }

  private draw(): void {
    if (this.gapTracker.needsRescan) {
      for (const [at, name] of this.gapTracker.rescan(this.buffer)) this.buffer.add(at, [[name, null]]);
    }
    const plot = this.uplot;
    if (!plot) {
      this.createPlot();
      return;
    }
    if (this.currentMode !== 'live') return;
    if (this.plotSeries !== this.buffer.series.length) {
      this.rebuildPlot();
      return;
    }
    const data = this.buffer.data();
    const end = this.liveEnd();
    let shown = this.stacked ? this.stack(data) : (data as uPlot.AlignedData);
    this.shownRaw = data;
    this.rawRows = undefined;
    if (end !== undefined) {
      // Dense: only the rows that draw the same picture (each pixel column's first, last, lowest
      // and highest value per series), of the stacked values when stacked, since those are drawn.
      const { left, width } = plot.bbox;
      const [xs, ...cols] = shown;
      const rows = this.decimator.reduce(xs, cols as SeriesValue[][], { min: end - this.buffer.windowMs, max: end, left, width });
      if (rows) {
        // Unstacked, each line gets only its own rows; stacked, every row of every series, as
        // each area is drawn against the one below it.
        shown = gatherRows(shown, rows, this.reducedPlot, this.stacked ? undefined : this.decimator.keptBy);
        // The tooltip's values, index-aligned with these rows: gathered only if it shows (rarely
        // while live: hovering freezes the chart on every row).
        this.shownRaw = undefined;
        this.rawRows = { data, rows };
      }
    }
    plot.batch(() => {
      plot.setData(shown, false);
      if (end !== undefined) plot.setScale('x', { min: end - this.buffer.windowMs, max: end });
    });
    if (end !== undefined) this.gapTracker.prune(end - this.buffer.windowMs);
  }

  /** Unstacked values of what the chart shows, index-aligned with uPlot's data (for the tooltip). */
  private rawShown(): Columns | undefined {
    if (this.rawRows) {
      this.shownRaw = gatherRows(this.rawRows.data, this.rawRows.rows, this.reducedRaw);
      this.rawRows = undefined;
    }
    return this.shownRaw;
  }

  /** The right end of the live view: the newest point, or now (on the data's clock) during an outage. */
  private liveEnd(): number | undefined {
    const newest = this.buffer.newest();
    const outage = this.gapTracker.openOutage(Date.now());
    return outage && (newest === undefined || outage.to > newest) ? outage.to : newest;
  }

  /** The shaded spans: holes in the data, and the outage still open. */
  private bands(): readonly Band[] {
    const outage = this.gapTracker.openOutage(Date.now());
    if (!outage && !this.gapTracker.gaps.length) return NO_BANDS;
    const bands: Band[] = this.gapTracker.gaps.map((g) => ({ from: g.from, to: g.to, label: this.t(`chart.gap.${g.cause}`) }));
    if (outage && this.currentMode === 'live') bands.push({ ...outage, label: this.t('chart.offline') });
    return bands;
  }

  private freeze(mode: TimeSeriesMode): void {
    if (this.currentMode === 'live') {
      this.frozen = this.buffer.snapshot();
      this.shownRaw = this.frozen;
      this.rawRows = undefined;
      const plot = this.uplot;
      if (plot) {
        const { min, max } = plot.scales['x']!;
        plot.batch(() => {
          plot.setData(this.stacked ? this.stack(this.frozen!, []) : (this.frozen as uPlot.AlignedData), false);
          if (min != null && max != null) plot.setScale('x', { min, max });
        });
      }
    }
    this.currentMode = mode;
    this.requestUpdate();
  }

  /** Cumulative sums for stacking, into arrays reused from frame to frame. Gaps stay gaps. */
  private stack(data: Columns, into: SeriesValue[][] = this.stackedCols): uPlot.AlignedData {
    const [xs, ...cols] = data;
    const n = xs.length;
    const acc = this.stackAcc;
    acc.length = n;
    acc.fill(0);
    cols.forEach((col, s) => {
      const out = (into[s] ??= []);
      out.length = n;
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (typeof v === 'number') out[i] = acc[i] = acc[i]! + v;
        else out[i] = v;
      }
    });
    into.length = cols.length;
    return [xs, ...into] as uPlot.AlignedData;
  }

  /**
   * One ResizeObserver for the plot (uPlot's size), the figure and the header (how many legend
   * lines fit): sizes come from its entries, never from reading layout, and are written once.
   */
  private observe(): void {
    this.resizeObserver?.disconnect();
    const plotEl = this.plotEl!;
    const figure = this.figureEl;
    const header = figure?.querySelector('.header');
    this.resizeObserver = new ResizeObserver((entries) => {
      let plotBox: DOMRectReadOnly | undefined;
      for (const entry of entries) {
        if (entry.target === plotEl) plotBox = entry.contentRect;
        else if (entry.target === figure) this.boxes.figure = entry.contentRect.height;
        else if (entry.target === header) this.boxes.header = entry.contentRect.height;
      }
      this.fitLegend();
      if (!plotBox) return;
      this.size = { width: Math.floor(plotBox.width), height: Math.floor(plotBox.height) };
      const timeAxis = this.size.height >= MIN_HEIGHT_FOR_TIME_AXIS;
      if (this.uplot && timeAxis !== this.timeAxisShown) this.rebuildPlot();
      else if (this.uplot) this.uplot.setSize(this.size);
      else this.createPlot();
    });
    this.resizeObserver.observe(plotEl);
    if (figure) this.resizeObserver.observe(figure);
    if (header) this.resizeObserver.observe(header);
  }

  /**
   * A short box: the legend keeps the whole lines that fit beside a plot of at least 60% of the
   * figure, and scrolls the rest; when not even one fits it is hidden (the summary still names
   * every series).
   */
  private fitLegend(): void {
    const figure = this.figureEl;
    if (!figure || !this.boxes.figure) return;
    this.remPx ||= parseFloat(getComputedStyle(figure).fontSize) || 16;
    const rem = this.remPx;
    const line = 1.25 * rem;
    const gaps = 2 * 0.25 * rem;
    const lines = Math.max(0, Math.floor(((1 - PLOT_SHARE) * this.boxes.figure - this.boxes.header - gaps) / line));
    const capped = Math.min(lines, 99);
    if (capped === this.legendLines) return;
    this.legendLines = capped;
    figure.dataset['legendLines'] = String(capped);
    figure.style.setProperty('--_legend-lines', String(capped));
  }

  private readColors(): Record<Token, string> {
    if (this.colors) return this.colors;
    const colors = {} as Record<Token, string>;
    for (const token of TOKENS) {
      const probe = this.renderRoot.querySelector(`[data-token="${token}"]`);
      colors[token] = probe ? getComputedStyle(probe).color : '#888';
    }
    return (this.colors = colors);
  }

  /** The canvas font family: the element's own (--pulse-font). Read once per theme. */
  private fontFamily(): string {
    if (!this.font) this.font = getComputedStyle(this).fontFamily || 'sans-serif';
    return this.font;
  }

  /** The canvas font for tick labels, in CSS px (uPlot scales it for the device). */
  private axisFont(): string {
    return `${AXIS_FONT_PX}px ${this.fontFamily()}`;
  }

  /** Colours and font of bands and threshold labels; built once per theme (and device pixel ratio). */
  private overlayStyle(): OverlayStyle {
    const c = this.readColors();
    const dpr = devicePixelRatio || 1;
    if (this.overlay?.colors === c && this.overlay.dpr === dpr) return this.overlay.style;
    const style = {
      font: `${Math.round(LABEL_FONT_PX * dpr)}px ${this.fontFamily()}`,
      fontPx: LABEL_FONT_PX,
      text: c.muted,
      band: withAlpha(c.muted, 0.14),
      bandEdge: withAlpha(c.muted, 0.55),
      background: withAlpha(c.bg, 0.85),
    };
    this.overlay = { colors: c, dpr, style };
    return style;
  }

  private formatOptions(): ValueFormatOptions {
    return { unit: this.unit, decimals: finiteNumber(this.decimals), locale: this.numberLocale };
  }

  /** `locale` when set, else the element's language. */
  private get numberLocale(): string {
    return this.locale || this.i18n.lang;
  }

  private formatTime(ms: number): string {
    return timeFormat(this.numberLocale).format(ms);
  }

  private createPlot(): void {
    if (this.uplot || !this.plotEl || !this.isConnected || this.size.width < 10 || this.size.height < 10) return;
    this.readColors();
    const data = this.currentMode === 'live' || !this.frozen ? this.buffer.data() : this.frozen;
    const names = this.buffer.series.slice(0, data.length - 1);
    // Colours are read when drawing (functions), so a theme change needs a redraw, not a new chart.
    const color = (token: Token) => () => this.readColors()[token];
    const palette = (i: number): Token => (['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'] as const)[i % 8]!;
    const fmt = this.formatOptions();
    const warn = finiteNumber(this.warn);
    const crit = finiteNumber(this.crit);
    const yMin = finiteNumber(this.min);
    const yMax = finiteNumber(this.max);
    const areas = this.fill || this.stacked;
    const font = () => this.axisFont();
    const thresholds: { value: number; label: string; token: Token; dash: number[] }[] = [
      ...(warn === undefined ? [] : [{ value: warn, label: this.t('chart.warn', { value: formatValue(warn, fmt) }), token: 'warn' as const, dash: [6, 4] }]),
      ...(crit === undefined ? [] : [{ value: crit, label: this.t('chart.crit', { value: formatValue(crit, fmt) }), token: 'crit' as const, dash: [] }]),
    ];
    this.timeAxisShown = this.size.height >= MIN_HEIGHT_FOR_TIME_AXIS;

    // Density counted over every row, also when only some are drawn (decimate.ts).
    const paths = thinWhenDense(LINE_WIDTH, undefined, (seriesIdx, perPixel) => (this.currentMode === 'live' ? this.decimator.denser(seriesIdx - 1, perPixel) : undefined));
    const series: uPlot.Series[] = [
      {},
      ...names.map(
        (name, i): uPlot.Series => ({
          label: this.displayName(name),
          stroke: color(palette(i)),
          width: LINE_WIDTH,
          paths,
          spanGaps: false,
          // A lone point between two gaps is drawn as a dot rather than vanishing.
          points: { show: false, size: 5, filter: (u, si, _show, gaps) => isolatedPoints(u, si, gaps) },
          ...(areas ? { fill: () => withAlpha(this.readColors()[palette(i)], this.stacked ? 0.35 : 0.15) } : {}),
        }),
      ),
    ];
    const bands: uPlot.Band[] = [];
    if (this.stacked) for (let i = names.length; i > 1; i--) bands.push({ series: [i, i - 1] });

    const axis = { stroke: color('muted'), font: font(), grid: { stroke: color('border'), width: 1 }, ticks: { stroke: color('border'), width: 1 } };
    const time = timeAxis({ locale: () => this.numberLocale, font });
    const value = valueAxis({ format: () => this.formatOptions(), font });
    const options: uPlot.Options = {
      width: this.size.width,
      height: this.size.height,
      ms: 1,
      // Room above for the top tick label and to the right for the last time label; below only
      // when the time axis is not there (uPlot's automatic padding takes a third of a small plot).
      padding: [8, 10, this.timeAxisShown && data[0].length ? 0 : 8, 0],
      series,
      bands,
      legend: { show: false },
      scales: {
        x: { time: true, range: (_u, min, max) => [min, max] },
        y: {
          range: (_u, min, max) => {
            let lo = min;
            let hi = max;
            for (const t of [warn, crit]) {
              if (t === undefined) continue;
              lo = Math.min(lo ?? t, t);
              hi = Math.max(hi ?? t, t);
            }
            if (this.stacked && lo > 0) lo = 0;
            const [a, b] = uPlot.rangeNum(lo ?? 0, hi ?? 1, 0.1, true);
            return [yMin ?? a ?? 0, yMax ?? b ?? 1];
          },
        },
      },
      axes: [
        { ...axis, ...time, ticks: { ...axis.ticks, ...time.ticks }, show: this.timeAxisShown },
        { ...axis, ...value, ticks: { ...axis.ticks, ...value.ticks } },
      ],
      cursor: {
        drag: { x: true, y: false, setScale: false },
        points: { size: 6 },
        bind: {
          dblclick: () => () => {
            this.backToLive();
            return null;
          },
        },
      },
      hooks: {
        // Bands under the lines (after the grid), thresholds and their labels over them.
        drawAxes: [
          (u) => {
            const bands = this.bands();
            this.canvasLabels = bands.length ? drawBands(u, bands, this.overlayStyle()) : NO_LABELS;
          },
        ],
        draw: [
          (u) => {
            // Reduced rows are grouped by the pixel columns of the bbox they were reduced for: a
            // resize, a devicePixelRatio change or a y axis that grew moved them; reduce again.
            const grid = this.currentMode === 'live' ? this.decimator.reducedFor : undefined;
            if (grid && (grid.left !== u.bbox.left || grid.width !== u.bbox.width)) this.stream.requestFrame();
          },
          (u) => {
            if (!thresholds.length) return;
            const c = this.readColors();
            const lines = thresholds.map((t) => ({ ...t, color: c[t.token] }));
            const gapLabels = this.canvasLabels;
            this.canvasLabels = [...gapLabels, ...drawThresholds(u, lines, gapLabels, this.overlayStyle())];
          },
        ],
        setSelect: [
          (u) => {
            const { left, width } = u.select;
            if (width < 3) return;
            const from = u.posToVal(left, 'x');
            const to = u.posToVal(left + width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            this.zoom(from, to);
          },
        ],
      },
      plugins: [
        tooltipPlugin({
          names: () => names.map((n) => this.displayName(n)),
          raw: () => this.rawShown(),
          formatValue: (v) => formatValue(v, fmt),
          formatTime: (ms) => this.formatTime(ms),
          gapText: () => this.t('chart.gap'),
        }),
      ],
    };

    this.shownRaw = data;
    this.rawRows = undefined;
    const plot = new uPlot(options, this.stacked ? this.stack(data) : (data as uPlot.AlignedData), this.plotEl);
    this.uplot = plot;
    this.plotSeries = names.length;
    const end = this.liveEnd();
    if (this.currentMode === 'live' && end !== undefined) plot.setScale('x', { min: end - this.buffer.windowMs, max: end });
    plot.over.addEventListener('pointerenter', () => {
      if (this.currentMode === 'live') this.freeze('hover');
    });
    plot.over.addEventListener('pointerleave', () => {
      if (this.currentMode === 'hover') this.backToLive();
    });
  }

  /** What the legend, tooltip and summary call a series: a payload's `value` field is the chart's own series. */
  private displayName(name: string): string {
    if (name !== 'value') return name;
    return this.label || this.topics()[0] || name;
  }

  private rebuildPlot(): void {
    const hadPlot = !!this.uplot;
    const range = this.currentMode === 'zoomed' ? this.uplot?.scales['x'] : undefined;
    this.destroyPlot();
    this.createPlot();
    if (hadPlot && range?.min != null && range.max != null) this.uplot?.setScale('x', { min: range.min, max: range.max });
  }

  private destroyPlot(): void {
    this.uplot?.destroy();
    this.uplot = undefined;
    this.plotSeries = -1;
    // A new plot draws every row first: no reduction, and no density from the old one's.
    this.decimator.reset();
  }

  /**
   * Latest value of each series, as words, at most every few seconds (never every frame); sooner
   * only when a series gets its first value.
   */
  private updateSummary(now: number): void {
    const names = this.buffer.series;
    if (!names.length) return;
    const latest = names.map((_, i) => this.buffer.latest(i));
    const withData = latest.filter((v) => typeof v === 'number').length;
    const gaps = this.gapsText();
    if (now - this.summaryAt < SUMMARY_INTERVAL_MS && withData <= this.summaryCount && gaps === this.summaryGaps) return;
    this.summaryAt = now;
    this.summaryCount = withData;
    this.summaryGaps = gaps;
    const fmt = this.formatOptions();
    const parts = names.map((name, i) => {
      const v = latest[i];
      return `${this.displayName(name)} ${typeof v === 'number' ? speakValue(v, fmt) : this.t('chart.noData')}`;
    });
    const newest = this.buffer.newest();
    const values = parts.join(', ');
    const said = newest !== undefined ? this.t('chart.latestAt', { time: this.formatTime(newest), values }) : this.t('chart.latest', { values });
    this.summary = gaps ? `${said} ${gaps}` : said;
  }

  /** The holes in view and an outage still open, in words (changes only when they do). */
  private gapsText(): string {
    if (!this.gapTracker.gaps.length && !this.gapTracker.down) return '';
    const all = this.buffer.series.length;
    const spans = this.gapTracker.gaps.map((g) => {
      const words = { cause: this.t(`chart.gap.${g.cause}`), from: this.formatTime(g.from), to: this.formatTime(g.to) };
      return g.series.length < all
        ? this.t('chart.gapSpanSeries', { ...words, series: g.series.map((n) => this.displayName(n)).join(', ') })
        : this.t('chart.gapSpan', words);
    });
    const down = this.gapTracker.down;
    return [spans.length ? this.t('chart.gaps', { spans: spans.join('; ') }) : '', down ? this.t('chart.downSince', { since: this.formatTime(down.since) }) : '']
      .filter(Boolean)
      .join(' ');
  }

  override render(): TemplateResult {
    if (this.plotLang !== this.i18n.key) this.summaryAt = 0; // say it again in the new language
    this.updateSummary(Date.now());
    const fmt = this.formatOptions();
    const names = this.buffer.series;
    const mode = this.currentMode;
    const warn = finiteNumber(this.warn);
    const crit = finiteNumber(this.crit);
    const name = this.label || this.t('chart.label');
    return html`
      <figure class="frame" part="frame">
        <div class="header" part="header">
          <figcaption id="caption">${this.label}</figcaption>
          ${mode === 'zoomed' ? html`<span class="mode">${this.t('chart.zoomed')}</span>` : mode === 'paused' ? html`<span class="mode">${this.t('chart.paused')}</span>` : nothing}
          ${mode === 'zoomed' || mode === 'paused'
            ? html`<button class="live" part="live-button" @click=${() => this.backToLive()}>${this.t('chart.backToLive')}</button>`
            : html`<button class="live" part="live-button" @click=${() => this.pause()}>${this.t('chart.pause')}</button>`}
          ${this.renderStatus()}
        </div>
        <div
          class="plot"
          part="plot"
          role="img"
          tabindex="0"
          aria-label=${this.t('chart.aria', { name, series: names.length ? names.map((n) => this.displayName(n)).join(', ') : this.t('chart.noSeries'), window: this.window })}
          aria-describedby="summary"
        ></div>
        <ul class="legend" part="legend" aria-label=${this.t('chart.series')}>
          ${repeat(
            names,
            (n) => n,
            (n, i) => {
              const v = this.buffer.latest(i);
              const shown = this.uplot?.series[i + 1]?.show ?? true;
              return html`<li>
                <button part="legend-item" aria-pressed=${shown ? 'true' : 'false'} title=${this.t('chart.toggle', { name: this.displayName(n) })} @click=${() => this.toggle(i)}>
                  <span class="swatch" data-c=${i % 8}></span><span class="name">${this.displayName(n)}</span
                  ><span class="value">${typeof v === 'number' ? formatValue(v, fmt) : v === null ? this.t('chart.gap') : '–'}</span>
                </button>
              </li>`;
            },
          )}
          ${warn === undefined ? nothing : html`<li class="threshold warn"><span class="line"></span>${this.t('chart.warn', { value: formatValue(warn, fmt) })}</li>`}
          ${crit === undefined ? nothing : html`<li class="threshold crit"><span class="line"></span>${this.t('chart.crit', { value: formatValue(crit, fmt) })}</li>`}
        </ul>
      </figure>
      <p id="summary" class="visually-hidden">${this.summary}</p>
      <div class="probes" aria-hidden="true">${TOKENS.map((t) => html`<span data-token=${t}></span>`)}</div>
    `;
  }

  private toggle(i: number): void {
    const plot = this.uplot;
    const s = plot?.series[i + 1];
    if (!plot || !s) return;
    plot.setSeries(i + 1, { show: !s.show });
    this.requestUpdate();
  }
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(locale: string | undefined): Intl.DateTimeFormat {
  const key = locale ?? '';
  let format = timeFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    }
    if (timeFormats.size < 16) timeFormats.set(key, format);
  }
  return format;
}

/** `rgb(r, g, b)` as `rgba(r, g, b, a)` for area fills; other colour syntaxes through color-mix. */
function withAlpha(color: string, alpha: number): string {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(color);
  if (m) return `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})`;
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}

/** @deprecated Since 0.2.0, removed in 0.3.0: use `PulseSeriesZoomDetail`. */
export type PulseZoomDetail = PulseSeriesZoomDetail;

declare module '../../render/events.js' {
  interface PulseEventMap {
    'pulse-series-zoom': CustomEvent<PulseSeriesZoomDetail>;
    /** @deprecated Since 0.2.0, removed in 0.3.0: listen for `pulse-series-zoom`. */
    'pulse-zoom': CustomEvent<PulseSeriesZoomDetail>;
  }
}
