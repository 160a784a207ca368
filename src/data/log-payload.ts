import { readField } from './field-path.js';
import { cleanLogText } from './log-text.js';
import { parseTimestamp } from './timestamp.js';

/** Log levels in order of severity; `unknown` is a level text we could not map. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'unknown';

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'];

/** One log line as the element keeps it. `message` is raw: it may hold ANSI escapes. */
export interface LogRecord {
  /** Epoch ms: the payload's timestamp, or arrival time when it had none or an unusable one. */
  readonly ts: number;
  /** False when the payload carried a `ts` we could not use, so arrival time stands in. */
  readonly tsFromPayload: boolean;
  readonly tsUnusable: boolean;
  readonly level: LogLevel;
  /** The level word as sent when it did not map onto a known level (`"AUDIT"`), else empty. */
  readonly levelText: string;
  /** Source name (`source`, `service`, `logger`), empty when none. */
  readonly source: string;
  readonly message: string;
  /** Characters cut from a message longer than {@link MAX_MESSAGE_CHARS} (memory bound). */
  readonly cutChars: number;
  /** Every other field of the payload, in a null-prototype object; undefined when none. */
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

export type LogResult = { ok: true; record: LogRecord } | { ok: false; reason: string };

/**
 * Where a log line's parts are in a stream not shaped like ours: dot paths into the payload (after
 * `field`), e.g. `{source: 'agent_id', time: 'timestamp'}` for a FastAPI backend's
 * `{"timestamp", "agent_id", "level", "message", "metadata"}`. A path given replaces the keys read
 * by default for that part; a one-segment path is not repeated among the other fields.
 */
export interface LogFieldMap {
  readonly source?: string | undefined;
  readonly level?: string | undefined;
  readonly message?: string | undefined;
  readonly time?: string | undefined;
}

/** Longest message kept per line; beyond it the line is cut on arrival so memory stays bounded. */
export const MAX_MESSAGE_CHARS = 65_536;
/** Longest source name and level text kept. */
const MAX_NAME_CHARS = 128;

const LEVEL_WORDS: Record<string, LogLevel> = Object.assign(Object.create(null) as Record<string, LogLevel>, {
  trace: 'trace',
  trc: 'trace',
  verbose: 'trace',
  finest: 'trace',
  debug: 'debug',
  dbg: 'debug',
  fine: 'debug',
  info: 'info',
  inf: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  log: 'info',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  error: 'error',
  err: 'error',
  erro: 'error',
  severe: 'error',
  fatal: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
  ftl: 'fatal',
});

/** Keys the element reads itself; everything else goes to `fields`. */
const CONSUMED = new Set([
  'ts',
  'timestamp',
  'time',
  '@timestamp',
  'timeUnixNano',
  'level',
  'severityText',
  'severityNumber',
  'severity',
  'source',
  'service',
  'logger',
  'message',
  'msg',
  'body',
]);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** OpenTelemetry severityNumber: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal. */
export function levelFromSeverityNumber(n: number): LogLevel {
  if (!Number.isFinite(n) || n < 1 || n > 24) return 'unknown';
  return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.floor((n - 1) / 4)]!;
}

/** pino/bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function levelFromPinoNumber(n: number): LogLevel {
  if (!Number.isFinite(n)) return 'unknown';
  if (n < 20) return 'trace';
  if (n < 30) return 'debug';
  if (n < 40) return 'info';
  if (n < 50) return 'warn';
  if (n < 60) return 'error';
  return 'fatal';
}

/** Maps a level word (`"WARNING"`, `"err"`, `"Critical"`) onto a level; `unknown` when it is none of them. */
export function normalizeLevel(value: unknown): LogLevel {
  if (typeof value === 'number') return levelFromPinoNumber(value);
  if (typeof value !== 'string') return 'unknown';
  // Most streams send the word as we spell it ("info"): found without making a new string.
  return LEVEL_WORDS[value] ?? LEVEL_WORDS[value.trim().toLowerCase()] ?? 'unknown';
}

/**
 * A cheap level guess for a bare text line: the first word, optionally in brackets
 * (`"ERROR boom"`, `"[warn] disk"`, `"INFO: started"`). No regular expression on this hot path.
 */
export function sniffLevel(line: string): LogLevel | undefined {
  let start = 0;
  while (start < line.length && start < 32 && (line.charCodeAt(start) === 0x20 || line.charCodeAt(start) === 0x5b)) start++;
  let end = start;
  while (end < line.length && end - start <= 13) {
    const c = line.charCodeAt(end) | 0x20; // lower-case ASCII letters
    if (c < 0x61 || c > 0x7a) break;
    end++;
  }
  if (end === start || end - start > 13) return undefined;
  const next = line.charCodeAt(end);
  const word = line.slice(start, end);
  // "ERROR boom", "[warn] x", "Info: y" count; "information is power" does not.
  const marked = next === 0x5d || next === 0x3a || next === 0x7c;
  if (!(marked || ((Number.isNaN(next) || next === 0x20 || next === 0x09) && word === word.toUpperCase()))) return undefined;
  const level = LEVEL_WORDS[word.toLowerCase()];
  return level === undefined || word.toLowerCase() === 'log' ? undefined : level;
}

/** Copies a long string so a short slice does not keep a huge parent string alive. */
function detach(s: string): string {
  return s.length < 64 ? s : new TextDecoder().decode(new TextEncoder().encode(s));
}

function cut(text: string, max: number): { text: string; cut: number } {
  if (text.length <= max) return { text, cut: 0 };
  return { text: detach(text.slice(0, max)), cut: text.length - max };
}

function stringifyBounded(value: unknown, max: number): string {
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > max ? s.slice(0, max) : s;
  } catch {
    return '[unserialisable]';
  }
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return undefined;
  return stringifyBounded(value, MAX_MESSAGE_CHARS + 1);
}

/** Names cleaned lately (a stream repeats a few source names on every line); bounded, cleared when full. */
const cleanNames = new Map<string, string>();
const MAX_CLEAN_NAMES = 256;

/** A short name (source, level word): bounded, one line, escapes/controls/bidi neutralised. */
function name(value: unknown): string {
  const raw = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  if (raw === '') return raw;
  let text = cleanNames.get(raw);
  if (text !== undefined) return text;
  text = cleanLogText(raw.length > MAX_NAME_CHARS ? raw.slice(0, MAX_NAME_CHARS) : raw).plain;
  if (text.includes('\n')) text = text.replaceAll('\n', ' ');
  if (raw.length <= MAX_NAME_CHARS) {
    if (cleanNames.size >= MAX_CLEAN_NAMES) cleanNames.clear();
    cleanNames.set(raw, text);
  }
  return text;
}

function firstOwn(payload: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (own(payload, key) && payload[key] !== undefined && payload[key] !== null) return payload[key];
  return undefined;
}

/** The mapped path's value when a path is given (null counts as absent), else the first default key. */
function pick(payload: Record<string, unknown>, path: string | undefined, defaults: readonly string[]): unknown {
  if (!path) return firstOwn(payload, defaults);
  const value = readField(payload, path);
  return value === null ? undefined : value;
}

/** `timeUnixNano` (OpenTelemetry): nanoseconds since the epoch, usually as a string. */
function nanosToMs(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value.length > 6 ? Number(value.slice(0, -6)) : 0;
  if (typeof value === 'number') return value / 1e6;
  return value;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** One-segment mapped keys; built only when a map is set (the per-line path allocates nothing otherwise). */
function mappedKeys(fields: LogFieldMap): Set<string> {
  const keys = new Set<string>();
  for (const path of [fields.source, fields.level, fields.message, fields.time]) if (path && !path.includes('.')) keys.add(path);
  return keys;
}

/**
 * Reads a log payload: a string, or an object with `ts`, `level`, `source` and `message` (also
 * `msg`; OpenTelemetry `severityText`, `severityNumber`, `body`, `timeUnixNano`; `timestamp`,
 * `time`, `@timestamp`; pino numeric levels). Other fields are kept, in a null-prototype object,
 * for the expand-as-JSON view. With `field`, that dot path is read first; `fields` maps the parts
 * of a line onto other keys (see {@link LogFieldMap}).
 *
 * Logs are precious: a line is never dropped for its timestamp. An unusable `ts` is replaced by
 * arrival time and flagged (`tsUnusable`). Only a payload that is not a string or an object
 * (number, null, nested array) is rejected.
 */
export function parseLog(payload: unknown, field?: string, now: number = Date.now(), fields: LogFieldMap = {}): LogResult {
  const read = readLog(payload, field, now, fields);
  return typeof read === 'string' ? { ok: false, reason: read } : { ok: true, record: read };
}

const NO_FIELDS: LogFieldMap = {};

/**
 * {@link parseLog} without the result wrapper, for the per-line path of a log tail: the record,
 * or the reason (a string) the payload is not a log line.
 */
export function readLog(payload: unknown, field: string | undefined, now: number, fields: LogFieldMap = NO_FIELDS): LogRecord | string {
  const value = field ? readField(payload, field) : payload;
  if (typeof value === 'string') {
    const { text, cut: cutChars } = cut(value, MAX_MESSAGE_CHARS);
    return { ts: now, tsFromPayload: false, tsUnusable: false, level: sniffLevel(text) ?? 'unknown', levelText: '', source: '', message: text, cutChars, fields: undefined };
  }
  if (!isRecord(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return field ? `field "${field}" is ${kind}, not a log line` : `expected a string or an object, got ${kind}`;
  }

  // Timestamp: arrival time when missing or unusable (flagged), never a reason to drop a line.
  let rawTs = pick(value, fields.time, ['ts', 'timestamp', 'time', '@timestamp']);
  if (rawTs === undefined && !fields.time && own(value, 'timeUnixNano')) rawTs = nanosToMs(value['timeUnixNano']);
  const parsedTs = rawTs === undefined ? undefined : parseTimestamp(rawTs, now);
  const tsUnusable = rawTs !== undefined && parsedTs === undefined;

  // Level: `level`, then `severityText`, then `severityNumber` (OpenTelemetry).
  let level: LogLevel = 'unknown';
  let levelText = '';
  const rawLevel = pick(value, fields.level, ['level', 'severityText', 'severity']);
  if (rawLevel !== undefined) {
    level = normalizeLevel(rawLevel);
    if (level === 'unknown') levelText = name(rawLevel);
  }
  if (level === 'unknown' && !fields.level && own(value, 'severityNumber') && typeof value['severityNumber'] === 'number') {
    level = levelFromSeverityNumber(value['severityNumber']);
    if (level !== 'unknown') levelText = '';
  }

  const source = name(pick(value, fields.source, ['source', 'service', 'logger']));

  // Mapped one-segment keys are shown in their place, not again among the other fields.
  const mapped = fields.source || fields.level || fields.message || fields.time ? mappedKeys(fields) : NO_KEYS;
  let rest: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    if (CONSUMED.has(key) || mapped.has(key)) continue;
    rest ??= Object.create(null) as Record<string, unknown>;
    rest[key] = value[key];
  }

  const rawMessage = pick(value, fields.message, ['message', 'msg', 'body']);
  let messageText = asText(rawMessage);
  // No message at all: show the other fields, so a structured event is still readable.
  if (messageText === undefined) messageText = rest ? stringifyBounded(rest, MAX_MESSAGE_CHARS + 1) : '';
  if (level === 'unknown' && !levelText && rawLevel === undefined) level = sniffLevel(messageText) ?? 'unknown';
  const cutChars = messageText.length > MAX_MESSAGE_CHARS ? messageText.length - MAX_MESSAGE_CHARS : 0;
  const message = cutChars ? detach(messageText.slice(0, MAX_MESSAGE_CHARS)) : messageText;
  return { ts: parsedTs ?? now, tsFromPayload: parsedTs !== undefined, tsUnusable, level, levelText, source, message, cutChars, fields: rest };
}
