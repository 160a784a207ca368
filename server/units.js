// Parsing of human-friendly sizes and durations used by the CLI and options.

const SIZE_UNITS = /** @type {Record<string, number>} */ ({
  '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3,
});

/**
 * Parses `1048576`, `512k`, `1mb`, `1MiB` (binary units) into bytes.
 * @param {string | number} value
 * @returns {number}
 */
export function parseSize(value) {
  if (typeof value === 'number') return checkFinite(value, value);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new RangeError(`not a size: ${JSON.stringify(value)} (use e.g. 1048576, 512k, 1mb)`);
  return Math.round(Number(m[1]) * unit);
}

const DURATION_UNITS = /** @type {Record<string, number>} */ ({ '': 1, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 });

/**
 * Parses `15000`, `15000ms`, `15s`, `2m`, `7d` into milliseconds.
 * @param {string | number} value
 * @returns {number}
 */
export function parseDuration(value) {
  if (typeof value === 'number') return checkFinite(value, value);
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!m) throw new RangeError(`not a duration: ${JSON.stringify(value)} (use e.g. 15000, 15s, 2m, 7d)`);
  return Math.round(Number(m[1]) * DURATION_UNITS[(m[2] ?? '').toLowerCase()]);
}

/**
 * @param {number} n
 * @param {unknown} original
 */
function checkFinite(n, original) {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`not a non-negative number: ${String(original)}`);
  return n;
}
