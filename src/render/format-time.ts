import { translate } from '../i18n/locales.js';
import { numberFormat } from './format.js';

// Times in words and log timestamps: what the lists (alerts, agents, log) show and the gauge does
// not, so they live outside format.ts and the shared core's smallest page.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A compact duration: `"45s"`, `"12m"`, `"1h 5m"`, `"3d 4h"`. Two units at most, rounded down, so
 * a live "firing for 12m" changes once a minute, not every second, past the first minute.
 * Negative and non-finite inputs read `"0s"`. With a `locale`, each unit is written the way that
 * language abbreviates it (`Intl.NumberFormat` narrow units: German `"12 Min."`); without one,
 * the locale-neutral letters above.
 */
export function formatDurationCompact(ms: number, locale?: string): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const unit = (n: number, name: 'second' | 'minute' | 'hour' | 'day', letter: string) =>
    locale ? numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow', maximumFractionDigits: 0 }).format(n) : `${n}${letter}`;
  if (ms < MINUTE) return unit(Math.floor(ms / SECOND), 'second', 's');
  if (ms < HOUR) return unit(Math.floor(ms / MINUTE), 'minute', 'm');
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m ? `${unit(h, 'hour', 'h')} ${unit(m, 'minute', 'm')}` : unit(h, 'hour', 'h');
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return h ? `${unit(d, 'day', 'd')} ${unit(h, 'hour', 'h')}` : unit(d, 'day', 'd');
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' });
    if (relativeFormats.size < 16) relativeFormats.set(key, format);
  }
  return format;
}

/**
 * A time relative to now in words, through `Intl.RelativeTimeFormat`: `deltaMs` negative is the
 * past ("3 minutes ago"), positive the future ("in 2 hours"). Picks the largest unit that fits.
 */
export function formatRelativeTime(deltaMs: number, locale?: string): string {
  if (!Number.isFinite(deltaMs)) deltaMs = 0;
  const abs = Math.abs(deltaMs);
  const sign = deltaMs < 0 ? -1 : 1;
  const format = relativeFormat(locale);
  if (abs < MINUTE) return format.format(sign * Math.floor(abs / SECOND), 'second');
  if (abs < HOUR) return format.format(sign * Math.floor(abs / MINUTE), 'minute');
  if (abs < DAY) return format.format(sign * Math.floor(abs / HOUR), 'hour');
  return format.format(sign * Math.floor(abs / DAY), 'day');
}

/**
 * How long ago `then` was, compact: `"3s ago"`, `"12m ago"`, `"just now"` under a second. With a
 * `locale`, in that language (`"vor 3 s"`, `"3秒前"`).
 */
export function formatAge(then: number, now: number = Date.now(), locale?: string): string {
  const ms = now - then;
  if (!Number.isFinite(ms)) return '';
  if (ms < SECOND) return translate(locale ?? 'en', 'time.justNow');
  return translate(locale ?? 'en', 'time.ago', { age: formatDurationCompact(ms, locale) });
}

// ---------------------------------------------------------------------------------------------
// Log timestamps
// ---------------------------------------------------------------------------------------------

const logTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A log line's time through `Intl.DateTimeFormat`, to the millisecond: `"14:03:07.412"`, or with
 * the date (`withDate`) for buffers that span days. 24-hour clock, the user's time zone.
 */
export function formatLogTime(ms: number, withDate = false, locale?: string): string {
  if (!Number.isFinite(ms)) return '';
  const key = `${locale ?? ''}|${withDate ? 1 : 0}`;
  let format = logTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
    });
    if (logTimeFormats.size < 16) logTimeFormats.set(key, format);
  }
  return format.format(ms);
}
