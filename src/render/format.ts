/**
 * Shared formatting helpers (Intl). Elements format numbers, durations and times here so that
 * every element says "12m" or "3 minutes ago" the same way. Formatters are cached: creating an
 * Intl object costs far more than using one.
 *
 * Several elements add to this file: append new exports, do not reshape existing ones.
 */

import { translate } from '../i18n/locales.js';
import type { MessageKey } from '../i18n/messages.js';

// ---------------------------------------------------------------------------------------------
// Time: absolute dates and clock times (durations, ages and log times: format-time.ts)
// ---------------------------------------------------------------------------------------------

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** An absolute date and time for tooltips (`title`), in the user's locale and time zone. */
export function formatDateTime(ms: number, locale?: string): string {
  if (!Number.isFinite(ms)) return '';
  const key = locale ?? '';
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    if (dateTimeFormats.size < 16) dateTimeFormats.set(key, format);
  }
  return format.format(ms);
}

// ---------------------------------------------------------------------------------------------
// Numbers and units: what gauges, charts and legends show (Grafana's common units)
// ---------------------------------------------------------------------------------------------

/** How `formatValue` shows a number. */
export interface ValueFormatOptions {
  /**
   * A Grafana unit (`percent` 0-100 or `%`, `percentunit` 0-1, `bytes`/`decbytes`, `Bps`,
   * `bps`, `ms`, `s`, `ops`, `reqps`, `pps`, `short`, `none`), any unit `Intl.NumberFormat`
   * knows (`celsius`, `kilobyte-per-second`), or any other text, shown as a suffix (`rpm`).
   */
  readonly unit?: string | undefined;
  /** Fixed fraction digits; automatic (fewer for larger numbers) when absent. */
  readonly decimals?: number | undefined;
  /** BCP 47 locale; the user's when absent. */
  readonly locale?: string | undefined;
  /** Compact notation for large numbers (`1.2K`, `3.4M`). `short` always uses it. */
  readonly compact?: boolean | undefined;
}

/** A formatted value split into the number and its unit, and the unit in words for speech. */
export interface FormattedValue {
  /** The number as the locale writes it: `"82.4"`, `"1,5"`, `"1.2K"`. */
  readonly number: string;
  /** The unit as shown, including its separator: `"%"`, `" MiB"`, `" ms"`, or `""`. */
  readonly suffix: string;
  /** The unit spoken: `"percent"`, `"mebibytes"`, `""`. */
  readonly spoken: string;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const MAX_NUMBER_FORMATS = 64;

/**
 * A cached `Intl.NumberFormat`. Creating one costs far more than formatting with it, and a
 * dashboard formats thousands of values a second with a handful of distinct option sets.
 */
export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${options.style ?? ''}|${options.unit ?? ''}|${options.unitDisplay ?? ''}|${options.notation ?? ''}|${
    options.minimumFractionDigits ?? ''
  }|${options.maximumFractionDigits ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, options);
    } catch {
      // An unknown locale tag or unit: fall back to the user's locale, plain numbers.
      format = new Intl.NumberFormat(undefined, { maximumFractionDigits: options.maximumFractionDigits ?? 2 });
    }
    if (numberFormats.size >= MAX_NUMBER_FORMATS) numberFormats.clear();
    numberFormats.set(key, format);
  }
  return format;
}

const intlUnitSupport = new Map<string, boolean>();

/** Whether `Intl.NumberFormat` formats `unit` (a sanctioned unit or `a-per-b`). */
function isIntlUnit(unit: string): boolean {
  let ok = intlUnitSupport.get(unit);
  if (ok === undefined) {
    try {
      new Intl.NumberFormat(undefined, { style: 'unit', unit });
      ok = true;
    } catch {
      ok = false;
    }
    if (intlUnitSupport.size < MAX_NUMBER_FORMATS) intlUnitSupport.set(unit, ok);
  }
  return ok;
}

/** Automatic precision: three significant-ish digits, none wasted on large numbers. */
function autoDecimals(value: number): number {
  const abs = Math.abs(value);
  if (abs === 0 || abs >= 100) return 0;
  if (abs >= 10) return 1;
  if (abs >= 1) return 2;
  return 3;
}

function fractionOptions(value: number, decimals: number | undefined): Intl.NumberFormatOptions {
  if (decimals !== undefined && Number.isInteger(decimals) && decimals >= 0 && decimals <= 20) {
    return { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  }
  return { minimumFractionDigits: 0, maximumFractionDigits: autoDecimals(value) };
}

/** One step of a scaled unit: divide by `factor`, show `symbol`, say `word`. */
interface Step {
  readonly factor: number;
  readonly symbol: string;
  readonly word: string;
}

const steps = (base: number, symbols: string[], words: string[]): Step[] =>
  symbols.map((symbol, i) => ({ factor: base ** i, symbol, word: words[i]! }));

const IEC_BYTES = steps(
  1024,
  ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'],
  ['bytes', 'kibibytes', 'mebibytes', 'gibibytes', 'tebibytes', 'pebibytes', 'exbibytes'],
);
const SI_BYTES = steps(1000, ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'], ['bytes', 'kilobytes', 'megabytes', 'gigabytes', 'terabytes', 'petabytes', 'exabytes']);
const SI_BYTES_PER_S = steps(
  1000,
  ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s', 'PB/s'],
  ['bytes per second', 'kilobytes per second', 'megabytes per second', 'gigabytes per second', 'terabytes per second', 'petabytes per second'],
);
const IEC_BYTES_PER_S = steps(
  1024,
  ['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s', 'PiB/s'],
  ['bytes per second', 'kibibytes per second', 'mebibytes per second', 'gibibytes per second', 'tebibytes per second', 'pebibytes per second'],
);
const SI_BITS_PER_S = steps(
  1000,
  ['b/s', 'kb/s', 'Mb/s', 'Gb/s', 'Tb/s', 'Pb/s'],
  ['bits per second', 'kilobits per second', 'megabits per second', 'gigabits per second', 'terabits per second', 'petabits per second'],
);

/** Durations scale by their own ratios: ms, s, min, h, d. */
const DURATION_STEPS: Step[] = [
  { factor: 1, symbol: 'ms', word: 'milliseconds' },
  { factor: 1000, symbol: 's', word: 'seconds' },
  { factor: 60_000, symbol: 'min', word: 'minutes' },
  { factor: 3_600_000, symbol: 'h', word: 'hours' },
  { factor: 86_400_000, symbol: 'd', word: 'days' },
];

/**
 * The largest step whose factor fits `value` (by magnitude): `scaleValue(1536, IEC)` is
 * `{value: 1.5, step: KiB}`. Exported for axes that want one step for all ticks.
 */
export function scaleValue(value: number, scale: readonly Step[]): { value: number; step: Step } {
  const abs = Math.abs(value);
  let step = scale[0]!;
  for (const s of scale) {
    if (abs >= s.factor) step = s;
    else break;
  }
  return { value: value / step.factor, step };
}

/** Rates with a fixed suffix and compact numbers, as Grafana shows them. */
const RATE_UNITS: Record<string, { symbol: string; word: string }> = {
  ops: { symbol: 'ops/s', word: 'operations per second' },
  reqps: { symbol: 'req/s', word: 'requests per second' },
  rps: { symbol: 'req/s', word: 'requests per second' },
  pps: { symbol: 'p/s', word: 'packets per second' },
  wps: { symbol: 'wr/s', word: 'writes per second' },
  rdps: { symbol: 'rd/s', word: 'reads per second' },
};

const SCALED_UNITS: Record<string, readonly Step[]> = {
  bytes: IEC_BYTES,
  decbytes: SI_BYTES,
  Bps: SI_BYTES_PER_S,
  binBps: IEC_BYTES_PER_S,
  bps: SI_BITS_PER_S,
};

/** Aliases users write for the units above. */
const ALIASES: Record<string, string> = {
  '%': 'percent',
  pct: 'percent',
  B: 'bytes',
  byte: 'bytes',
  'B/s': 'Bps',
  'b/s': 'bps',
  millisecond: 'ms',
  milliseconds: 'ms',
  second: 's',
  seconds: 's',
  'ops/s': 'ops',
  'req/s': 'reqps',
};

function canonicalUnit(unit: string | undefined): string {
  const trimmed = (unit ?? '').trim();
  return ALIASES[trimmed] ?? trimmed;
}

const intlNumber = (value: number, locale: string | undefined, options: Intl.NumberFormatOptions): string =>
  numberFormat(locale, options).format(value);

const percentSigns = new Map<string, string>();

/**
 * The locale's percent sign with its spacing ("%" in English, "\u00a0%" in German), found once
 * per locale by splitting a formatted percentage: a gauge then formats each value once. It is
 * always shown after the number, also where the locale writes it first (Turkish "%50").
 */
function percentSign(locale: string | undefined): string {
  const key = locale ?? '';
  let sign = percentSigns.get(key);
  if (sign === undefined) {
    const text = intlNumber(0.5, locale, { style: 'percent', maximumFractionDigits: 0 });
    const number = intlNumber(50, locale, { maximumFractionDigits: 0 });
    const at = text.indexOf(number);
    sign = at >= 0 ? text.slice(0, at) + text.slice(at + number.length) : '%';
    if (percentSigns.size >= MAX_NUMBER_FORMATS) percentSigns.clear();
    percentSigns.set(key, sign);
  }
  return sign;
}

/**
 * Formats `value` with its unit, split into number and unit. The one place that decides how a
 * number looks, so a gauge, a chart axis and a legend agree.
 */
export function formatValueParts(value: number, options: ValueFormatOptions = {}): FormattedValue {
  const { decimals, locale } = options;
  const unit = canonicalUnit(options.unit);
  if (!Number.isFinite(value)) return { number: Number.isNaN(value) ? '–' : value > 0 ? '∞' : '-∞', suffix: '', spoken: '' };
  const compact = options.compact ? { notation: 'compact' as const } : {};

  switch (unit) {
    case '':
    case 'none':
      return { number: intlNumber(value, locale, { ...compact, ...fractionOptions(value, decimals) }), suffix: '', spoken: '' };
    case 'short':
      return { number: intlNumber(value, locale, { notation: 'compact', ...fractionOptions(value, decimals ?? (Math.abs(value) >= 1000 ? 1 : undefined)) }), suffix: '', spoken: '' };
    case 'percent':
    case 'percentunit': {
      // 0.1205 * 100 is 12.049999…: round the binary noise away so 12.05 rounds like Intl's own percent.
      const hundreds = unit === 'percent' ? value : Number((value * 100).toPrecision(15));
      const number = intlNumber(hundreds, locale, fractionOptions(hundreds, decimals));
      return { number, suffix: percentSign(locale), spoken: localSpoken('percent', hundreds, locale) };
    }
    case 'ms':
    case 's': {
      const { value: scaled, step } = scaleValue(unit === 's' ? value * 1000 : value, DURATION_STEPS);
      return { number: intlNumber(scaled, locale, fractionOptions(scaled, decimals)), suffix: ` ${step.symbol}`, spoken: localSpoken(step.word, scaled, locale) };
    }
  }

  const scale = SCALED_UNITS[unit];
  if (scale) {
    const { value: scaled, step } = scaleValue(value, scale);
    // Plain bytes have no fraction; scaled ones keep the precision asked for.
    const digits = step.factor === 1 && decimals === undefined ? { maximumFractionDigits: 0 } : fractionOptions(scaled, decimals);
    return { number: intlNumber(scaled, locale, digits), suffix: ` ${step.symbol}`, spoken: localSpoken(step.word, scaled, locale) };
  }

  const rate = RATE_UNITS[unit];
  if (rate) {
    return {
      number: intlNumber(value, locale, { notation: 'compact', ...fractionOptions(value, decimals ?? (Math.abs(value) >= 1000 ? 1 : undefined)) }),
      suffix: ` ${rate.symbol}`,
      spoken: localSpoken(rate.word, value, locale),
    };
  }

  if (isIntlUnit(unit)) {
    const digits = fractionOptions(value, decimals);
    const text = intlNumber(value, locale, { style: 'unit', unit, unitDisplay: 'short', ...compact, ...digits });
    const number = intlNumber(value, locale, { ...compact, ...digits });
    const at = text.indexOf(number);
    const long = intlNumber(value, locale, { style: 'unit', unit, unitDisplay: 'long', ...compact, ...digits });
    const longAt = long.indexOf(number);
    return {
      number: at >= 0 ? number : text,
      suffix: at >= 0 ? text.slice(0, at) + text.slice(at + number.length) : '',
      spoken: longAt >= 0 ? (long.slice(0, longAt) + long.slice(longAt + number.length)).trim() : unitSpeech(unit),
    };
  }

  // Any other text is a suffix the user chose (`rpm`, `°C`, `tokens/s`).
  return { number: intlNumber(value, locale, { ...compact, ...fractionOptions(value, decimals) }), suffix: ` ${unit}`, spoken: unitSpeech(unit) };
}

/** Our English unit words that `Intl.NumberFormat` can say in any language (sanctioned units). */
const INTL_SPOKEN: Record<string, string> = {
  percent: 'percent',
  bytes: 'byte',
  kilobytes: 'kilobyte',
  megabytes: 'megabyte',
  gigabytes: 'gigabyte',
  terabytes: 'terabyte',
  petabytes: 'petabyte',
  milliseconds: 'millisecond',
  seconds: 'second',
  minutes: 'minute',
  hours: 'hour',
  days: 'day',
  'bytes per second': 'byte-per-second',
  'kilobytes per second': 'kilobyte-per-second',
  'megabytes per second': 'megabyte-per-second',
  'gigabytes per second': 'gigabyte-per-second',
  'terabytes per second': 'terabyte-per-second',
  'petabytes per second': 'petabyte-per-second',
  'bits per second': 'bit-per-second',
  'kilobits per second': 'kilobit-per-second',
  'megabits per second': 'megabit-per-second',
  'gigabits per second': 'gigabit-per-second',
  'terabits per second': 'terabit-per-second',
};

/** The rest: words from the locale table (IEC bytes, rates). */
const TABLE_SPOKEN: Record<string, MessageKey> = {
  kibibytes: 'unit.kibibytes',
  mebibytes: 'unit.mebibytes',
  gibibytes: 'unit.gibibytes',
  tebibytes: 'unit.tebibytes',
  pebibytes: 'unit.pebibytes',
  exbibytes: 'unit.exbibytes',
  'kibibytes per second': 'unit.kibibytesPerSecond',
  'mebibytes per second': 'unit.mebibytesPerSecond',
  'gibibytes per second': 'unit.gibibytesPerSecond',
  'tebibytes per second': 'unit.tebibytesPerSecond',
  'pebibytes per second': 'unit.pebibytesPerSecond',
  'operations per second': 'unit.operationsPerSecond',
  'requests per second': 'unit.requestsPerSecond',
  'packets per second': 'unit.packetsPerSecond',
  'writes per second': 'unit.writesPerSecond',
  'reads per second': 'unit.readsPerSecond',
};

/**
 * A unit word in the language of `locale` (English words as they are without one, or for English):
 * through `Intl.NumberFormat`'s long unit names where it knows the unit, so the grammar fits the
 * number (`1 Sekunde`, `2 Sekunden`), else from the locale table.
 */
function localSpoken(word: string, value: number, locale: string | undefined): string {
  if (!locale || /^en(-|$)/i.test(locale)) return word;
  const intl = INTL_SPOKEN[word];
  if (intl) {
    const number = intlNumber(value, locale, { maximumFractionDigits: 3 });
    const long = intlNumber(value, locale, { style: 'unit', unit: intl, unitDisplay: 'long', maximumFractionDigits: 3 });
    const at = long.indexOf(number);
    if (at >= 0) return (long.slice(0, at) + long.slice(at + number.length)).trim();
  }
  const key = TABLE_SPOKEN[word];
  return key ? translate(locale, key) : word;
}

/** `value` formatted with its unit: `"82.4%"`, `"1.5 MiB"`, `"350 ms"`, `"1.2K req/s"`. */
export function formatValue(value: number, options: ValueFormatOptions = {}): string {
  const { number, suffix } = formatValueParts(value, options);
  return number + suffix;
}

/** `value` as a screen reader should say it: `"82 percent"`, `"1.5 mebibytes"`. */
export function speakValue(value: number, options: ValueFormatOptions = {}): string {
  const { number, spoken } = formatValueParts(value, options);
  return spoken ? `${number} ${spoken}` : number;
}

const SPOKEN_UNITS: Record<string, string> = {
  percent: 'percent',
  percentunit: 'percent',
  bytes: 'bytes',
  decbytes: 'bytes',
  Bps: 'bytes per second',
  binBps: 'bytes per second',
  bps: 'bits per second',
  ms: 'milliseconds',
  s: 'seconds',
  short: '',
  none: '',
  '': '',
};

/**
 * The base unit in words, for `aria-valuetext` and chart summaries: `%` is `"percent"`, `Bps`
 * `"bytes per second"`, `kilometer-per-hour` `"kilometer per hour"`; unknown text as written.
 */
export function unitSpeech(unit: string | undefined): string {
  const canonical = canonicalUnit(unit);
  const known = SPOKEN_UNITS[canonical] ?? RATE_UNITS[canonical]?.word;
  if (known !== undefined) return known;
  return canonical.replace(/-per-/g, ' per ').replace(/-/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

const currencyFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount of money through `Intl.NumberFormat`'s currency style: `"$0.42"`, `"$1,204.50"`.
 * Amounts under one unit keep up to four decimals (`"$0.0031"`), because per-agent LLM costs are
 * often fractions of a cent. An unknown currency code falls back to the number and the code.
 */
export function formatCurrency(value: number, currency = 'USD', locale?: string): string {
  if (!Number.isFinite(value)) return '–';
  const small = Math.abs(value) > 0 && Math.abs(value) < 1;
  const key = `${locale ?? ''}|${currency}|${small ? 1 : 0}`;
  let format = currencyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: small ? 4 : 2,
      });
    } catch {
      return `${value.toFixed(2)} ${currency}`;
    }
    if (currencyFormats.size >= 32) currencyFormats.clear();
    currencyFormats.set(key, format);
  }
  return format.format(value);
}

const clockTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A time of day to the second, `"14:03:07"` (24-hour clock, the user's time zone), in `locale`'s digits. */
export function formatClockTime(ms: number, locale?: string): string {
  if (!Number.isFinite(ms)) return '';
  const key = locale ?? '';
  let format = clockTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    if (clockTimeFormats.size < 16) clockTimeFormats.set(key, format);
  }
  return format.format(ms);
}
