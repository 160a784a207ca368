/**
 * Shared formatting helpers (Intl). Elements format numbers, durations and times here so that
 * every element says "12m" or "3 minutes ago" the same way. Formatters are cached: creating an
 * Intl object costs far more than using one.
 *
 * Several elements add to this file: append new exports, do not reshape existing ones.
 */

// ---------------------------------------------------------------------------------------------
// Time: durations, relative times and ages
// ---------------------------------------------------------------------------------------------

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A compact, locale-neutral duration: `"45s"`, `"12m"`, `"1h 5m"`, `"3d 4h"`. Two units at most,
 * rounded down, so a live "firing for 12m" changes once a minute, not every second, past the
 * first minute. Negative and non-finite inputs read `"0s"`.
 */
export function formatDurationCompact(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m ? `${h}h ${m}m` : `${h}h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return h ? `${d}d ${h}h` : `${d}d`;
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

/** How long ago `then` was, compact: `"3s ago"`, `"12m ago"`, `"just now"` under a second. */
export function formatAge(then: number, now: number = Date.now()): string {
  const ms = now - then;
  if (!Number.isFinite(ms)) return '';
  if (ms < SECOND) return 'just now';
  return `${formatDurationCompact(ms)} ago`;
}

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
