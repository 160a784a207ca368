import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { parseDuration } from '../../data/duration.js';
import { parseMetric } from '../../data/metric-payload.js';
import type { MessageMeta } from '../../data/types.js';
import { formatValueParts, speakValue, type FormattedValue, type ValueFormatOptions } from '../../render/format.js';
import { AnnounceController } from '../../render/announce-controller.js';
import { finiteNumber } from '../../render/attributes.js';
import { PulseElement } from '../../render/pulse-element.js';
import { SeriesBuffer } from '../../render/series-buffer.js';
import { aggregate, AGGREGATES, fraction, sparklinePoints, thresholdLevel, trend, type GaugeAggregate, type ThresholdLevel } from './gauge-math.js';
import { styles } from './metric-gauge.styles.js';

/** Samples kept per gauge for aggregates, the sparkline and the trend. */
const CAPACITY = 4096;
const DEFAULT_WINDOW_MS = 60_000;
/** Numbers at least this large use compact notation even without `compact`. */
const AUTO_COMPACT = 1e6;

// Radial geometry: a 240° arc, open at the bottom, in a 100 x 80 box.
const CX = 50;
const CY = 52;
const R = 40;
const START_DEG = 150;
const SWEEP_DEG = 240;
const point = (deg: number, r: number): [number, number] => {
  const rad = (deg * Math.PI) / 180;
  return [CX + r * Math.cos(rad), CY + r * Math.sin(rad)];
};
const [SX, SY] = point(START_DEG, R);
const [EX, EY] = point(START_DEG + SWEEP_DEG, R);
/** Width over height of the dial's box (100 x 80 dial units). */
const DIAL_ASPECT = 100 / 80;
const ARC = `M ${SX.toFixed(2)} ${SY.toFixed(2)} A ${R} ${R} 0 1 1 ${EX.toFixed(2)} ${EY.toFixed(2)}`;

/**
 * The value and the trend arrow have no bindings: `writeValue` fills them after every render and
 * in value-only frames, so Lit never holds a copy of them that could go stale.
 */
const VALUE = html`<span class="value" part="value">–<span class="unit" part="unit"></span></span>`;
const TREND = html`<span class="trend" part="trend">→</span>`;

/** What `writeValue` writes to. */
interface ValueNodes {
  readonly meter: HTMLElement;
  readonly number: Text;
  readonly unit: Element;
  readonly trend: HTMLElement | null;
  /** The arrow's text: its data is changed, never the node (a new text node is restyled and laid out anew). */
  readonly arrow: Text | null;
  readonly spark: SVGPolylineElement | null;
  readonly status: HTMLElement | null;
}

/** Detail of the `pulse-gauge-cross` event. */
export interface PulseGaugeCrossDetail {
  readonly level: ThresholdLevel;
  readonly previous: ThresholdLevel;
  readonly value: number;
}

/**
 * Shows one number from a metric stream as a radial (default) or bar gauge: the value formatted
 * with its unit, thresholds that change colour AND show a text cue ("▲ critical"), an optional
 * aggregate over a window, a sparkline and a trend arrow.
 *
 * Accepts a number, `{ts, value}`, or `{ts, name: n, ...}` (then `field` picks one; without it
 * `value` or the first number is shown). Nulls are skipped (last non-null), malformed payloads
 * are counted in `skipped` and on the source.
 *
 * @summary A radial or bar gauge for one live metric, with thresholds, sparkline and trend.
 * @tagname metric-gauge
 * @fires pulse-gauge-cross - The value crossed a threshold: the level changed (`ok`, `warn`, `crit`); `detail` is `{level, previous, value}`.
 * @fires pulse-threshold - Deprecated old name of `pulse-gauge-cross` (fired too until 0.3.0).
 * @csspart frame - Everything the gauge shows; it fills the element's box.
 * @csspart gauge - The meter: dial or bar, value and label.
 * @csspart dial - The box of the arc (or bar), its ticks and (radial) the value.
 * @csspart track - The unfilled arc or bar.
 * @csspart indicator - The filled arc (an SVG path) or bar.
 * @csspart value - The formatted value.
 * @csspart unit - The unit after the value.
 * @csspart label - The label.
 * @csspart level - The threshold cue ("▲ warning", "▲ critical").
 * @csspart trend - The trend arrow.
 * @csspart sparkline - The sparkline SVG.
 * @csspart status - The connection/staleness indicator.
 * @cssprop --pulse-gauge-size - Width of a radial gauge when the page gives it no size (10rem); any CSS width scales it, and in a box from the page (a height, grid cell, flex item, absolute inset) the dial is as large as fits.
 * @cssprop --pulse-gauge-thickness - Stroke width of the arc in dial units; the dial is 100 wide (default 10).
 * @cssprop --pulse-ok - Colour of a value below the thresholds.
 * @cssprop --pulse-warn - Colour at or past `warn`.
 * @cssprop --pulse-crit - Colour at or past `crit`.
 * @cssprop --pulse-border - Colour of the track.
 */
export class MetricGauge extends PulseElement {
  static override styles = [...PulseElement.styles, styles];

  /** The name shown under the value and used as the accessible name ("CPU"); "Gauge" in the element's language when empty. */
  @property() label = '';

  /** Unit: `percent` (or `%`), `percentunit`, `bytes`, `Bps`, `bps`, `ms`, `s`, `ops`, `reqps`, `short`, `none`, an Intl unit, or any suffix. */
  @property() unit?: string;

  /** Fixed fraction digits; automatic when absent. */
  @property({ type: Number }) decimals?: number;

  /** Lowest value of the scale. */
  @property({ type: Number }) min = 0;

  /** Highest value of the scale; 100 by default (1 for `percentunit`). */
  @property({ type: Number }) max?: number;

  /** At or past this value the gauge shows a warning. */
  @property({ type: Number }) warn?: number;

  /** At or past this value the gauge shows critical. */
  @property({ type: Number }) crit?: number;

  /** Lower is worse: `warn`/`crit` are crossed going down (free disk, battery, throughput). */
  @property({ type: Boolean, reflect: true }) invert = false;

  /** BCP 47 locale for numbers; the element's language (`lang`, inherited) when absent. */
  @property() locale?: string;

  /** Compact notation (`1.2K`, `3.4M`); numbers of a million or more are compact anyway. */
  @property({ type: Boolean }) compact = false;

  /** How to reduce the window to one number: `last` (default, last non-null), `avg`, `min`, `max`, `p95`. */
  @property() aggregate: GaugeAggregate = 'last';

  /** Time span for `aggregate`, the sparkline and the trend: `"1m"` by default. */
  @property() window = '1m';

  /** Show a sparkline of the window under the value (opt-in). */
  @property({ type: Boolean, reflect: true }) sparkline = false;

  /** `radial` (default) or `bar`. */
  @property({ reflect: true }) variant: 'radial' | 'bar' = 'radial';

  /** The threshold level shown: `ok`, `warn` or `crit` (reflected as attribute `level`). */
  get level(): ThresholdLevel {
    return this.shownLevel;
  }

  /** The number the gauge shows (after `aggregate`), or undefined before any data. */
  get value(): number | undefined {
    return this.shown;
  }

  private readonly buffer = new SeriesBuffer({ capacity: CAPACITY, windowMs: DEFAULT_WINDOW_MS, maxSeries: 1 });
  private readonly scratch = new Float64Array(CAPACITY);
  private dirty = false;
  private shown: number | undefined;
  private shownLevel: ThresholdLevel = 'ok';
  private shownTrend: 'up' | 'down' | 'flat' | undefined;
  private spark = '';
  /**
   * Least time between two threshold announcements, in ms; a level reached meanwhile is
   * announced after, the latest one only.
   */
  announceIntervalMs = 1000;

  private announced: ThresholdLevel = 'ok';
  private readonly announcer = new AnnounceController(this, { intervalMs: () => this.announceIntervalMs });

  protected onPayload(payload: unknown, meta: MessageMeta): void {
    const result = parseMetric(payload, this.field, meta.receivedAt);
    if (!result.ok) {
      this.stream.reject(meta.topic, result.reason);
      return;
    }
    const { values, ts } = result.sample;
    let value: number | null | undefined;
    if (values.length === 1) value = values[0]![1];
    else value = (values.find(([name]) => name === 'value') ?? values.find(([, v]) => v !== null))?.[1];
    if (typeof value !== 'number') return; // an explicit null: keep showing the last non-null value
    this.buffer.add(ts, [['value', value]]);
    this.dirty = true;
  }

  protected override onReset(): void {
    this.buffer.clear();
    this.shown = undefined;
    this.shownTrend = undefined;
    this.spark = '';
    this.dirty = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.observedDial) dialSizes.unobserve(this.observedDial);
    this.observedDial = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('unit') || changed.has('decimals') || changed.has('locale') || changed.has('compact')) this.lastFormatted = undefined;
    if (this.formattedLang !== this.i18n.key) {
      this.formattedLang = this.i18n.key;
      this.lastFormatted = undefined;
    }
    if (changed.has('window')) {
      this.buffer.windowMs = parseDuration(this.window) ?? DEFAULT_WINDOW_MS;
      this.dirty = true;
    }
    if (changed.has('aggregate') || changed.has('min') || changed.has('max') || changed.has('warn') || changed.has('crit') || changed.has('invert') || changed.has('sparkline')) {
      this.dirty = true;
    }
    if (this.dirty) {
      this.dirty = false;
      this.compute();
    }
    this.updateAnnouncement();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.watchDial(); // connected again
  }

  /** The dial the shared ResizeObserver watches; a new element when `variant` changes. */
  private observedDial: Element | undefined;

  /**
   * Watches the dial's size rather than the gauge's: the dial's box does not depend on `--_w`,
   * so writing `--_w` (which sizes the caption too) can never trigger another resize in a loop.
   */
  private watchDial(): void {
    const dial = this.renderRoot.querySelector('.dial') ?? undefined;
    if (dial === this.observedDial) return;
    if (this.observedDial) dialSizes.unobserve(this.observedDial);
    this.observedDial = dial;
    if (dial) dialSizes.observe(dial, this);
  }

  private width = 0;

  /** @internal Set by the shared ResizeObserver: the dial's width, which its text follows. */
  set dialWidth(width: number) {
    this.width = Math.round(width);
    this.applyDialWidth();
  }

  /** The width last written as `--_w` and the fill last written: each written only on change. */
  private written = { width: '', fill: '', hidden: false };
  /** The element the fill is written to (see `findNodes`). */
  private indicator: HTMLElement | SVGPathElement | null = null;

  /** `--_w` goes on the gauge box, so the value (in the dial) and the caption both follow it. */
  private applyDialWidth(): void {
    const box = this.renderRoot?.querySelector<HTMLElement>('.gauge');
    const value = `${this.width}px`;
    if (box && this.width > 0 && this.written.width !== value) {
      box.style.setProperty('--_w', value);
      this.written.width = value;
    }
  }

  protected override firstUpdated(): void {
    this.watchDial();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('variant') && this.isConnected) this.watchDial();
    if (this.getAttribute('level') !== this.shownLevel) this.setAttribute('level', this.shownLevel);
    this.findNodes();
    this.drawn = { level: this.shownLevel, trend: this.shownTrend !== undefined, status: this.getAttribute('status'), skipped: this.stream.skipped, gaps: this.stream.gaps };
    this.writeValue();
  }

  /**
   * The nodes a new value is written to. Found again after every template render, since Lit may
   * have made new ones (another variant, a trend arrow that appeared): a value-only frame only
   * ever writes to the nodes of the last render.
   */
  private nodes: ValueNodes | undefined;
  /** What the last template render drew besides the value (a value-only frame needs them unchanged). */
  private drawn: { level: ThresholdLevel; trend: boolean; status: string | null; skipped: number; gaps: number } | undefined;

  private findNodes(): void {
    const root = this.renderRoot;
    const value = root.querySelector('.value');
    const meter = root.querySelector<HTMLElement>('.gauge');
    if (!value || !meter || !(value.firstChild instanceof Text) || !(value.lastChild instanceof Element)) {
      this.nodes = undefined;
      return;
    }
    const indicator = root.querySelector<HTMLElement | SVGPathElement>(this.variant === 'bar' ? '.bar .indicator' : 'path.indicator');
    if (indicator !== this.indicator) {
      this.indicator = indicator;
      this.written = { ...this.written, fill: '', hidden: false }; // a new element to write to
    }
    const trend = root.querySelector<HTMLElement>('.trend');
    this.nodes = {
      meter,
      number: value.firstChild,
      unit: value.lastChild,
      trend,
      arrow: trend?.firstChild instanceof Text ? trend.firstChild : null,
      spark: root.querySelector('.sparkline polyline'),
      status: root.querySelector('.status'),
    };
  }

  /** Called by the shared scheduler at most once per frame: a value-only frame when it can, else a render. */
  override renderFrame(): void {
    if (!this.drawValueOnly()) this.requestUpdate();
  }

  /**
   * The value-only frame: when only the number changed since the last render (same properties,
   * language, level, status, skipped and gap counts; a trend arrow already there), it writes the
   * value text, unit, arc or bar, aria-valuenow, aria-valuetext, the trend arrow, the sparkline and
   * the status tooltip straight to their nodes, and evaluates no template. Anything else, or
   * anything pending (a property, an announcement to render), takes a whole render instead.
   */
  private drawValueOnly(): boolean {
    const drawn = this.drawn;
    if (!this.nodes || !drawn || this.isUpdatePending || this.formattedLang !== this.i18n.key) return false;
    if (this.dirty) {
      this.dirty = false;
      this.compute();
    }
    this.updateAnnouncement(); // may speak now, which asks for a render (isUpdatePending)
    if (this.isUpdatePending || this.shown === undefined || this.shownLevel !== drawn.level || (this.shownTrend !== undefined) !== drawn.trend) return false;
    // Only 'live' has no reason or other words beside it; source states (offline, errors) add some.
    const status = this.stream.status();
    const { skipped, gaps, currentHub } = this.stream;
    if (status !== 'live' || drawn.status !== status || skipped !== drawn.skipped || gaps !== drawn.gaps || (currentHub?.sourceStatusCount ?? 0) > 0) return false;
    this.renderCount++;
    this.writeValue();
    const box = this.nodes.status;
    if (box) {
      const title = this.statusTitle(status);
      if (box.getAttribute('title') !== title) box.setAttribute('title', title);
    }
    return true;
  }

  /**
   * Writes what follows the value to its nodes, after every render and in value-only frames
   * alike; each compared with what the node holds, so neither path can leave the other's stale.
   */
  private writeValue(): void {
    const nodes = this.nodes;
    if (!nodes) return;
    const value = this.shown;
    const formatted = value === undefined ? undefined : this.format(value);
    const number = formatted ? formatted.number : '–';
    if (nodes.number.data !== number) nodes.number.data = number;
    const suffix = formatted?.suffix ?? '';
    if (nodes.unit.textContent !== suffix) nodes.unit.textContent = suffix;
    const { meter } = nodes;
    if (value === undefined) meter.removeAttribute('aria-valuenow');
    else {
      const now = String(Math.min(this.scaleMax, Math.max(this.scaleMin, value)));
      if (meter.getAttribute('aria-valuenow') !== now) meter.setAttribute('aria-valuenow', now);
    }
    const text = this.valueText(formatted);
    if (meter.getAttribute('aria-valuetext') !== text) meter.setAttribute('aria-valuetext', text);
    const { trend, arrow } = nodes;
    const t = this.shownTrend;
    if (trend && arrow && t) {
      if (trend.dataset.trend !== t) {
        trend.dataset.trend = t;
        arrow.data = t === 'up' ? '↑' : t === 'down' ? '↓' : '→';
      }
      // Its word ("rising") is its tooltip, in the element's language.
      const word = t === 'up' ? this.t('gauge.rising') : t === 'down' ? this.t('gauge.falling') : this.t('gauge.steady');
      if (trend.title !== word) trend.title = word;
    }
    if (nodes.spark && nodes.spark.getAttribute('points') !== this.spark) nodes.spark.setAttribute('points', this.spark);
    this.writeFill();
  }

  /**
   * The fill goes through CSSOM (allowed under a strict CSP, unlike style attributes), only when it
   * changed: the radial arc as one dash as long as the share shown (its path counts as 1000 long),
   * so no path data is parsed and no SVG laid out; the bar as a `transform` scale, so no layout.
   */
  private writeFill(): void {
    const f = this.shown === undefined ? 0 : fraction(this.shown, this.scaleMin, this.scaleMax);
    const bar = this.variant === 'bar';
    const fill = bar ? String(Math.round(f * 10_000) / 10_000) : `${Math.round(f * 1000)} 2000`;
    if (fill === this.written.fill) return;
    const indicator = this.indicator;
    if (!indicator) return;
    if (bar) indicator.style.setProperty('--f', fill);
    else {
      indicator.style.strokeDasharray = fill;
      // Nothing to fill: no dash at all, not a dot where a themed round line cap would draw one.
      const hidden = fill.startsWith('0 ');
      if (hidden !== this.written.hidden) indicator.style.visibility = hidden ? 'hidden' : '';
      this.written.hidden = hidden;
    }
    this.written.fill = fill;
  }

  private get scaleMax(): number {
    const max = finiteNumber(this.max);
    if (max !== undefined) return max;
    return this.unit === 'percentunit' ? 1 : 100;
  }

  private get scaleMin(): number {
    return finiteNumber(this.min) ?? 0;
  }

  private compute(): void {
    const how = AGGREGATES.includes(this.aggregate) ? this.aggregate : 'last';
    this.shown = aggregate(this.buffer, how, this.scratch);
    const previous = this.shownLevel;
    this.shownLevel = this.shown === undefined ? 'ok' : thresholdLevel(this.shown, finiteNumber(this.warn), finiteNumber(this.crit), this.invert);
    this.shownTrend = trend(this.buffer, this.scaleMin, this.scaleMax);
    this.spark = this.sparkline ? sparklinePoints(this.buffer, this.buffer.windowMs) : '';
    if (previous !== this.shownLevel && this.shown !== undefined) {
      this.emit('pulse-gauge-cross', { level: this.shownLevel, previous, value: this.shown });
    }
  }

  /**
   * The polite live region says the level when it changes, and only then: never every tick. A
   * value flapping across a threshold is announced at most once a second, with its latest level.
   */
  private updateAnnouncement(): void {
    if (this.shown === undefined || this.shownLevel === this.announced) return;
    // Composed when spoken: a level that flapped back meanwhile says nothing.
    this.announcer.announce(() => {
      if (this.shown === undefined || this.shownLevel === this.announced) return undefined;
      this.announced = this.shownLevel;
      const name = this.label ? `${this.label} ` : '';
      const level = this.shownLevel === 'ok' ? this.t('gauge.backToNormal') : this.levelWord(this.shownLevel);
      return `${name}${level}, ${speakValue(this.shown, this.formatOptions(this.shown))}`;
    });
  }

  /** The last value formatted and its parts: a render for another reason (status, time) reuses them. */
  private lastFormatted: { value: number; parts: FormattedValue } | undefined;
  /** The language `lastFormatted` was formatted in. */
  private formattedLang = '';

  private levelWord(level: ThresholdLevel): string {
    return level === 'crit' ? this.t('gauge.level.crit') : level === 'warn' ? this.t('gauge.level.warn') : '';
  }

  /** `value` formatted once per new value, for the readout and the valuetext alike. */
  private format(value: number): FormattedValue {
    if (this.lastFormatted?.value !== value) this.lastFormatted = { value, parts: formatValueParts(value, this.formatOptions(value)) };
    return this.lastFormatted.parts;
  }

  private formatOptions(value: number): ValueFormatOptions {
    return {
      unit: this.unit,
      decimals: finiteNumber(this.decimals),
      locale: this.locale || this.i18n.lang,
      compact: this.compact || Math.abs(value) >= AUTO_COMPACT,
    };
  }

  private valueText(formatted: FormattedValue | undefined): string {
    const name = this.label ? `${this.label} ` : '';
    if (!formatted) return `${name}${this.t('gauge.noData')}`.trim();
    const spoken = formatted.spoken ? `${formatted.number} ${formatted.spoken}` : formatted.number;
    const parts = [`${name}${spoken}`];
    if (this.shownLevel !== 'ok') parts.push(this.levelWord(this.shownLevel));
    const status = this.status;
    if (status === 'stale') parts.push(this.t('gauge.stale'));
    if (status === 'disconnected') parts.push(this.t('gauge.disconnected'));
    if (status === 'unauthorized') parts.push(this.t('gauge.unauthorized'));
    // The host stopped sending heartbeats: the value shown is its last, and no newer one comes.
    if (status === 'offline') parts.push(this.t('gauge.offline'));
    // The value shown is the last one before the upstream failed: say so, as for stale.
    if (status === 'source-error') parts.push(this.t('gauge.sourceError'));
    return parts.join(', ');
  }

  override render(): TemplateResult {
    const min = this.scaleMin;
    const max = this.scaleMax;
    const level = this.shownLevel;
    const cue = level === 'ok' ? '' : `${this.invert ? '▼' : '▲'} ${this.levelWord(level)}`;
    const warn = finiteNumber(this.warn);
    const crit = finiteNumber(this.crit);
    // The frame fills the host (styles: sizing); its content is not re-indented to keep diffs small.
    return html`<div class="frame" part="frame">
      <div
        class="gauge"
        part="gauge"
        role="meter"
        aria-label=${this.label || this.t('gauge.label')}
        aria-valuemin=${min}
        aria-valuemax=${max}
        data-level=${level}
      >
        ${this.variant === 'bar'
          ? html`${this.renderBar(min, max, warn, crit)}
              <div class="readout">
                ${VALUE}${this.renderTrend()}
              </div>`
          : this.renderDial(min, max, warn, crit)}
        <div class="caption">
          <span class="label" part="label">${this.label}</span>
          <span class="level" part="level" ?hidden=${!cue}>${cue}</span>
        </div>
        ${this.sparkline ? this.renderSparkline() : nothing}
      </div>
      <div class="footer">${this.renderStatus()}</div>
      <span class="visually-hidden" role="status" aria-live="polite" data-announce>${this.announcer.text}</span>
    </div>`;
  }

  /**
   * The radial dial: the track, the filled arc and static ticks, with the value as HTML text on
   * top, sized from the dial's width. The filled arc is the whole track's path drawn as a single
   * dash (`writeFill` sets its length through CSSOM): a new value parses no path data and lays out
   * no SVG. Everything sits in a box of fixed size (strict containment), so a new value re-lays
   * out only inside it.
   */
  private renderDial(min: number, max: number, warn: number | undefined, crit: number | undefined): TemplateResult {
    return html`<div class="dial" part="dial">
      <svg class="arcs" viewBox="0 0 100 80" aria-hidden="true">
        <path class="track" part="track" d=${ARC}></path>
        <path class="indicator" part="indicator" pathLength="1000" d=${ARC}></path>
        ${[warn, crit].map((t, i) => (t === undefined || t < min || t > max ? nothing : this.dialTick(fraction(t, min, max), i ? 'crit' : 'warn')))}
      </svg>
      <div class="readout">
        ${VALUE}${this.renderTrend()}
      </div>
    </div>`;
  }

  private dialTick(f: number, kind: string): TemplateResult {
    const deg = START_DEG + SWEEP_DEG * f;
    const [x1, y1] = point(deg, R - 7);
    const [x2, y2] = point(deg, R + 7);
    return svg`<line class="tick ${kind}" x1=${x1.toFixed(2)} y1=${y1.toFixed(2)} x2=${x2.toFixed(2)} y2=${y2.toFixed(2)}></line>`;
  }

  /** The bar: a track, a fill scaled with `transform` (no layout per value), static ticks. */
  private renderBar(min: number, max: number, warn: number | undefined, crit: number | undefined): TemplateResult {
    return html`<div class="dial bar" part="dial">
      <div class="track" part="track"></div>
      <div class="indicator" part="indicator"></div>
      <svg class="arcs" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
        ${[warn, crit].map((t, i) => {
          if (t === undefined || t < min || t > max) return nothing;
          const x = (fraction(t, min, max) * 100).toFixed(2);
          return svg`<line class="tick ${i ? 'crit' : 'warn'}" x1=${x} x2=${x} y1="0" y2="10"></line>`;
        })}
      </svg>
    </div>`;
  }

  /** The trend arrow, filled by `writeValue` (its word, "rising", is its tooltip); none before there are two values. */
  private renderTrend(): TemplateResult | typeof nothing {
    return this.shownTrend ? TREND : nothing;
  }

  private renderSparkline(): TemplateResult {
    return html`<svg class="sparkline" part="sparkline" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
      <polyline></polyline>
    </svg>`;
  }
}

/**
 * One ResizeObserver for every gauge on the page: it tells each gauge its dial's width (as
 * `--_w`), which the value's and caption's font sizes follow. Cheaper than container queries,
 * which recalculate style inside the container on every value change.
 */
const dialSizes = {
  observer: undefined as ResizeObserver | undefined,
  gauges: new WeakMap<Element, MetricGauge>(),
  observe(dial: Element, gauge: MetricGauge): void {
    this.observer ??= new ResizeObserver((entries) => {
      for (const entry of entries) {
        const owner = this.gauges.get(entry.target);
        // A box the page made shorter than the dial's proportions: the arc (its SVG keeps its
        // aspect) and the value follow the height instead.
        const { width, height } = entry.contentRect;
        if (owner) owner.dialWidth = entry.target.classList.contains('bar') ? width : Math.min(width, height * DIAL_ASPECT);
      }
    });
    this.gauges.set(dial, gauge);
    this.observer.observe(dial);
  },
  unobserve(dial: Element): void {
    this.observer?.unobserve(dial);
    this.gauges.delete(dial);
  },
};

/** @deprecated Since 0.2.0, removed in 0.3.0: use `PulseGaugeCrossDetail`. */
export type PulseThresholdDetail = PulseGaugeCrossDetail;

declare module '../../render/events.js' {
  interface PulseEventMap {
    'pulse-gauge-cross': CustomEvent<PulseGaugeCrossDetail>;
    /** @deprecated Since 0.2.0, removed in 0.3.0: listen for `pulse-gauge-cross`. */
    'pulse-threshold': CustomEvent<PulseGaugeCrossDetail>;
  }
}
