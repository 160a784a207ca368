import type uPlot from 'uplot';
import { formatValue, formatValueParts, numberFormat, type ValueFormatOptions } from '../../render/format.js';

/**
 * The chart's axes. uPlot draws them on the canvas, where nothing stops two labels from landing on
 * each other, so both axes are laid out here from label widths measured with the canvas font:
 *
 * - time (x): the tick step is the smallest whose spacing fits the widest label that step can
 *   produce; the date is written once, under the first tick of each day (and under the first tick
 *   shown when that is not today); a label that would run off the canvas is left out.
 * - values (y): every tick says exactly its value (decimals from the tick step, per unit step, so
 *   `1.5 kB/s` is never rounded to `2 kB/s`) and so no two ticks read the same; byte and bit units
 *   step in whole units. The axis is as wide as its widest label.
 */

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const MO = 30 * D;
const Y = 365 * D;

/** Tick steps, the ones uPlot's time splits know how to align (ms resolution). */
export const TIME_INCRS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S,
  M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M,
  H, 2 * H, 3 * H, 4 * H, 6 * H, 8 * H, 12 * H,
  D, 2 * D, 3 * D, 4 * D, 5 * D, 7 * D, 10 * D, 15 * D,
  MO, 2 * MO, 3 * MO, 4 * MO, 6 * MO,
  Y, 2 * Y, 5 * Y, 10 * Y, 25 * Y, 50 * Y, 100 * Y,
];

/** Room between two labels, CSS px. */
export const LABEL_GAP = 14;
/** Font size of tick labels, CSS px. */
export const AXIS_FONT_PX = 12;
/** uPlot's line spacing for multi-line tick labels. */
const LINE_GAP = 1.5;
const TICK_SIZE = 5;
const AXIS_GAP = 4;

// ------------------------------------------------------------------------------ measuring text

let measureCtx: CanvasRenderingContext2D | null | undefined;
const widths = new Map<string, number>();

/** Width in CSS px of `text` in `font` (a canvas font string), cached; multi-line: the widest line. */
export function textWidth(text: string, font: string): number {
  const key = `${font}|${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    measureCtx ??= document.createElement('canvas').getContext('2d');
    if (!measureCtx) return text.length * AXIS_FONT_PX * 0.6;
    measureCtx.font = font;
    width = Math.max(...text.split('\n').map((line) => measureCtx!.measureText(line).width));
    if (widths.size > 2000) widths.clear();
    widths.set(key, width);
  }
  return width;
}

// ------------------------------------------------------------------------------ time axis

type TimeUnit = 'ms' | 's' | 'm' | 'd' | 'mo' | 'y';

const unitOf = (incr: number): TimeUnit => (incr < S ? 'ms' : incr < M ? 's' : incr < D ? 'm' : incr < MO ? 'd' : incr < Y ? 'mo' : 'y');

const TIME_OPTIONS: Record<TimeUnit | 'date', Intl.DateTimeFormatOptions> = {
  ms: { hour: 'numeric', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 },
  s: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  m: { hour: 'numeric', minute: '2-digit' },
  d: { month: 'short', day: 'numeric' },
  mo: { month: 'short', year: 'numeric' },
  y: { year: 'numeric' },
  date: { month: 'short', day: 'numeric' },
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string | undefined, unit: TimeUnit | 'date'): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${unit}`;
  let format = dateFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, TIME_OPTIONS[unit]);
    } catch {
      format = new Intl.DateTimeFormat(undefined, TIME_OPTIONS[unit]);
    }
    if (dateFormats.size > 64) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

const dayOf = (ms: number) => {
  const d = new Date(ms);
  return d.getFullYear() * 400 + d.getMonth() * 32 + d.getDate();
};

/** Dates whose labels are about the widest a locale writes (two-digit parts, long month names). */
const SAMPLES = [Date.UTC(2026, 11, 28, 22, 58, 58, 888), Date.UTC(2026, 8, 30, 11, 48, 48, 488), Date.UTC(2026, 4, 20, 20, 20, 20, 200)].map(
  (t) => t + new Date(t).getTimezoneOffset() * M,
);

const widest = new Map<string, Record<TimeUnit, number>>();
/** Widest label of each unit (with the date line under it when `withDate`), CSS px; measured once per font and locale. */
function widestLabels(withDate: boolean, locale: string | undefined, font: string): Record<TimeUnit, number> {
  const key = `${font}|${locale ?? ''}|${withDate ? 1 : 0}`;
  let widths = widest.get(key);
  if (!widths) {
    const date = dateFormat(locale, 'date');
    const measure = (unit: TimeUnit) => {
      const format = dateFormat(locale, unit);
      const dated = withDate && (unit === 'ms' || unit === 's' || unit === 'm');
      return Math.max(...SAMPLES.map((t) => Math.max(textWidth(format.format(t), font), dated ? textWidth(date.format(t), font) : 0)));
    };
    widths = { ms: measure('ms'), s: measure('s'), m: measure('m'), d: measure('d'), mo: measure('mo'), y: measure('y') };
    if (widest.size > 64) widest.clear();
    widest.set(key, widths);
  }
  return widths;
}

/** Whether a date line can appear between `min` and `max`: the range crosses midnight or is not today. */
const datesPossible = (min: number, max: number) => dayOf(min) !== dayOf(max) || dayOf(max) !== dayOf(Date.now());

export interface TimeAxisOptions {
  readonly locale: () => string | undefined;
  readonly font: () => string;
}

/** uPlot axis options for the time axis: `space`, `incrs`, `values` and `size` as described above. */
export function timeAxis({ locale, font }: TimeAxisOptions): Pick<uPlot.Axis, 'space' | 'incrs' | 'values' | 'size' | 'ticks' | 'gap'> {
  return {
    incrs: TIME_INCRS,
    gap: AXIS_GAP,
    ticks: { size: TICK_SIZE },
    // The smallest step whose spacing fits its own widest label. uPlot takes the first step at
    // least this far apart, which is then exactly the one chosen here.
    space: (_u, _axis, min, max, plotDim) => {
      const range = max - min;
      if (!(range > 0) || !(plotDim > 0)) return plotDim || 50;
      const widths = widestLabels(datesPossible(min, max), locale(), font());
      for (const incr of TIME_INCRS) {
        const px = (incr / range) * plotDim;
        if (px >= widths[unitOf(incr)] + LABEL_GAP) return px - 1e-6;
      }
      return plotDim;
    },
    values: (u, splits, _axis, _space, incr) => timeLabels(u, splits, incr, locale(), font()),
    size: (_u, values) => TICK_SIZE + AXIS_GAP + AXIS_FONT_PX * LINE_GAP * (values?.some((v) => String(v ?? '').includes('\n')) ? 2 : 1) + 2,
  };
}

interface TickText {
  readonly time: string;
  readonly dated: string;
  readonly day: number;
  readonly width: number;
  readonly datedWidth: number;
}

/**
 * Each tick's text, formatted and measured once (a live axis scrolls every frame, but its ticks
 * stay the same values for many frames): per step unit, locale and font, bounded.
 */
const tickTexts = new Map<string, Map<number, TickText>>();
function tickCache(unit: TimeUnit, locale: string | undefined, font: string): Map<number, TickText> {
  const key = `${unit}|${locale ?? ''}|${font}`;
  let cache = tickTexts.get(key);
  if (!cache) {
    if (tickTexts.size > 16) tickTexts.clear();
    tickTexts.set(key, (cache = new Map()));
  }
  return cache;
}

function tickText(cache: Map<number, TickText>, v: number, unit: TimeUnit, locale: string | undefined, font: string): TickText {
  let t = cache.get(v);
  if (!t) {
    const time = dateFormat(locale, unit).format(v);
    const dated = unit === 'ms' || unit === 's' || unit === 'm' ? `${time}\n${dateFormat(locale, 'date').format(v)}` : time;
    t = { time, dated, day: dayOf(v), width: textWidth(time, font), datedWidth: textWidth(dated, font) };
    if (cache.size > 512) cache.clear();
    cache.set(v, t);
  }
  return t;
}

/** Tick labels for the time axis: time per step, the date under the first tick of a day, none off the canvas. */
export function timeLabels(u: uPlot, splits: number[], incr: number, locale: string | undefined, font: string): string[] {
  const unit = unitOf(incr);
  const cache = tickCache(unit, locale, font);
  const today = dayOf(Date.now());
  const left = (u.bbox?.left ?? 0) / (devicePixelRatio || 1);
  const canvasWidth = u.width;
  const labels: string[] = [];
  let owedDate = false;
  let lastRight = -Infinity;
  let prevDay = today;
  for (let i = 0; i < splits.length; i++) {
    const v = splits[i];
    if (v == null) {
      labels.push('');
      continue;
    }
    const t = tickText(cache, v, unit, locale, font);
    const newDay = t.day !== prevDay;
    prevDay = t.day;
    const withDate = newDay || owedDate;
    const width = withDate ? t.datedWidth : t.width;
    const x = left + u.valToPos(v, 'x');
    if (x - width / 2 < 0 || x + width / 2 > canvasWidth || x - width / 2 < lastRight + LABEL_GAP / 2) {
      // A date that could not be written here goes under the next tick that has room.
      owedDate ||= newDay;
      labels.push('');
      continue;
    }
    owedDate = false;
    lastRight = x + width / 2;
    labels.push(withDate ? t.dated : t.time);
  }
  return labels;
}

// ------------------------------------------------------------------------------ value axis

/** Units whose values come in whole steps of their base unit: their ticks do too. */
const WHOLE_UNITS = new Set(['bytes', 'decbytes', 'Bps', 'binBps', 'bps', 'B', 'byte', 'B/s', 'b/s']);
const MAX_DECIMALS = 6;

const separators = new Map<string, string>();
function decimalSeparator(locale: string | undefined): string {
  const key = locale ?? '';
  let sep = separators.get(key);
  if (sep === undefined) {
    sep = numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    separators.set(key, sep);
  }
  return sep;
}

/** `"1.500K"` → `"1.5K"`, `"2.000"` → `"2"`: the number without trailing fraction zeros. */
function trimZeros(text: string, sep: string): string {
  const at = text.lastIndexOf(sep);
  if (at < 0) return text;
  let end = at + sep.length;
  while (end < text.length && /\d/.test(text[end]!)) end++;
  let cut = end;
  while (cut > at + sep.length && text[cut - 1] === '0') cut--;
  if (cut === at + sep.length) cut = at;
  return text.slice(0, cut) + text.slice(end);
}

/**
 * Tick labels that each say exactly their value, with one precision per unit step (`0.5 kB/s,
 * 1.0 kB/s, 1.5 kB/s`), at least the element's `decimals`, and never two alike.
 */
export function valueLabels(splits: readonly number[], fmt: ValueFormatOptions): string[] {
  const sep = decimalSeparator(fmt.locale);
  const least = typeof fmt.decimals === 'number' && fmt.decimals >= 0 ? Math.min(fmt.decimals, MAX_DECIMALS) : 0;
  const needed = new Map<string, number>();
  for (const v of splits) {
    if (v == null || !Number.isFinite(v)) continue;
    let d = least;
    const exact = trimZeros(formatValueParts(v, { ...fmt, decimals: MAX_DECIMALS + 3 }).number, sep);
    while (d < MAX_DECIMALS && trimZeros(formatValueParts(v, { ...fmt, decimals: d }).number, sep) !== exact) d++;
    const suffix = formatValueParts(v, fmt).suffix;
    needed.set(suffix, Math.max(needed.get(suffix) ?? least, d));
  }
  const format = (extra: number) =>
    splits.map((v) => {
      if (v == null || !Number.isFinite(v)) return '';
      const suffix = formatValueParts(v, fmt).suffix;
      return formatValue(v, { ...fmt, decimals: Math.min(MAX_DECIMALS, (needed.get(suffix) ?? least) + extra) });
    });
  let labels = format(0);
  for (let extra = 1; extra <= MAX_DECIMALS && hasDuplicates(labels); extra++) labels = format(extra);
  return labels;
}

function hasDuplicates(labels: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const label of labels) {
    if (label === '') continue;
    if (seen.has(label)) return true;
    seen.add(label);
  }
  return false;
}

export interface ValueAxisOptions {
  readonly format: () => ValueFormatOptions;
  readonly font: () => string;
}

/** Whether ticks of `fmt` step in whole base units: bytes and bits, or `decimals="0"`. */
export function wholeSteps(fmt: ValueFormatOptions): boolean {
  return WHOLE_UNITS.has(fmt.unit?.trim() ?? '') || (fmt.decimals === 0 && fmt.unit !== 'percentunit' && fmt.unit !== 's');
}

/** uPlot axis options for the value axis: exact, distinct labels; width from the widest. */
export function valueAxis({ format, font }: ValueAxisOptions): Pick<uPlot.Axis, 'values' | 'size' | 'incrs' | 'ticks' | 'gap' | 'space'> {
  // The labels of the last few tick sets: a live axis alternates between a handful as its range
  // breathes with the data, and is asked for them every frame.
  const cache = new Map<string, string[]>();
  let sized: { values: unknown; size: number } = { values: undefined, size: 40 };
  return {
    gap: AXIS_GAP,
    // Labels at least 28 px apart, closer in a short plot so it still shows two or three (never
    // closer than a label and a half: they cannot touch).
    space: (_u, _axis, _min, _max, plotDim) => Math.max(AXIS_FONT_PX * 1.5, Math.min(28, plotDim / 3)),
    ticks: { size: TICK_SIZE },
    // An array (not a function), so uPlot learns each step's decimals; chosen when the chart is built.
    incrs: wholeSteps(format()) ? WHOLE_INCRS : NUM_INCRS,
    values: (_u, splits) => {
      const fmt = format();
      const key = `${fmt.unit}|${fmt.decimals}|${fmt.locale}|${splits.join(',')}`;
      let labels = cache.get(key);
      if (!labels) {
        labels = valueLabels(splits, fmt);
        if (cache.size >= 16) cache.delete(cache.keys().next().value!);
        cache.set(key, labels);
      }
      return labels;
    },
    size: (_u, values) => {
      if (!values) return 40;
      // `values` is the cached array above while the ticks stay the same: measured once for it.
      if (sized.values !== values) {
        const f = font();
        const widest = Math.max(0, ...values.map((v) => (v == null ? 0 : textWidth(String(v), f))));
        sized = { values, size: Math.ceil(widest) + TICK_SIZE + AXIS_GAP + 4 };
      }
      return sized.size;
    },
  };
}

/** 1, 2, 2.5, 5 times powers of ten, written as uPlot writes them (so they are the same numbers). */
const NUM_INCRS: number[] = [];
for (let e = -12; e <= 16; e++) for (const m of [1, 2, 2.5, 5]) NUM_INCRS.push(+`${m}e${e}`);
const WHOLE_INCRS = NUM_INCRS.filter((v) => v >= 1 && Number.isInteger(v));
