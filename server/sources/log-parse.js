// Turns one log line into a `logs` payload: JSON lines become structured entries, plain lines get
// a level guessed from their text.

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const LEVEL_WORD = /\b(FATAL|CRITICAL|CRIT|ERROR|ERR|WARNING|WARN|INFO|NOTICE|DEBUG|TRACE)\b/i;

/** @type {Record<string, string>} */
const LEVEL_ALIASES = {
  fatal: 'error', critical: 'error', crit: 'error', error: 'error', err: 'error', emerg: 'error', alert: 'error', panic: 'error',
  warning: 'warn', warn: 'warn',
  info: 'info', notice: 'info', information: 'info',
  debug: 'debug', trace: 'debug', verbose: 'debug',
};

/**
 * A normalised level (`error`, `warn`, `info`, `debug`) from a level name or a syslog/pino number.
 * @param {unknown} value
 * @returns {string | null}
 */
export function normalizeLevel(value) {
  if (typeof value === 'number') {
    // pino/bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
    if (value >= 50) return 'error';
    if (value >= 40) return 'warn';
    if (value >= 30) return 'info';
    return 'debug';
  }
  if (typeof value !== 'string') return null;
  return LEVEL_ALIASES[value.trim().toLowerCase()] ?? null;
}

/**
 * Guesses the level of a plain-text line from the first level word in it (ANSI colours ignored).
 * @param {string} line
 */
export function guessLevel(line) {
  const m = LEVEL_WORD.exec(line.replace(ANSI, ''));
  return (m && LEVEL_ALIASES[m[1].toLowerCase()]) || 'info';
}

/**
 * @param {string} line one line, without its newline
 * @param {string} source
 * @param {number} [now]
 * @returns {Record<string, unknown>}
 */
export function parseLogLine(line, source, now = Date.now()) {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const obj = JSON.parse(trimmed);
      if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) return structured(obj, source, now);
    } catch {
      /* not JSON after all: plain text */
    }
  }
  return { ts: now, level: guessLevel(line), source, message: line };
}

/**
 * @param {Record<string, unknown>} obj
 * @param {string} source
 * @param {number} now
 */
function structured(obj, source, now) {
  const { ts, time, timestamp, '@timestamp': at, level, severity, severityText, lvl, message, msg, body, ...rest } = obj;
  const when = [ts, time, timestamp, at].find((v) => typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(Date.parse(v))));
  const lv = normalizeLevel(level) ?? normalizeLevel(severityText) ?? normalizeLevel(severity) ?? normalizeLevel(lvl);
  const text = [message, msg, body].find((v) => typeof v === 'string');
  return {
    ...rest,
    ts: when ?? now,
    level: lv ?? (typeof text === 'string' ? guessLevel(text) : 'info'),
    source: typeof rest.source === 'string' ? rest.source : source,
    message: text ?? JSON.stringify(obj),
  };
}
