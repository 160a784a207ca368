import { readField } from './field-path.js';
import { parseTimestamp } from './timestamp.js';

/** One metric sample: a timestamp and named values (`null` is an explicit gap). */
export interface MetricSample {
  readonly ts: number;
  readonly values: ReadonlyArray<readonly [name: string, value: number | null]>;
}

export type MetricResult = { ok: true; sample: MetricSample } | { ok: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads a metric payload: a bare number, `{ts, value}`, or an object of named numbers
 * (`{ts, cpu: 12.5, mem: 40}`, a series per field). With `field`, only that dot path is read and
 * it must be a number. Strings where numbers belong, NaN, Infinity and unusable timestamps are
 * rejected with a reason: the caller counts them, never plots them.
 */
export function parseMetric(payload: unknown, field?: string, now: number = Date.now()): MetricResult {
  if (typeof payload === 'number') {
    if (field) return { ok: false, reason: `field "${field}" on a bare number` };
    return Number.isFinite(payload) ? { ok: true, sample: { ts: now, values: [['value', payload]] } } : { ok: false, reason: 'non-finite number' };
  }
  if (!isRecord(payload)) return { ok: false, reason: `expected a number or an object, got ${payload === null ? 'null' : typeof payload}` };

  const ts = parseTimestamp(Object.prototype.hasOwnProperty.call(payload, 'ts') ? payload['ts'] : undefined, now);
  if (ts === undefined) return { ok: false, reason: 'unusable ts' };

  if (field) {
    const value = readField(payload, field);
    if (value === null) return { ok: true, sample: { ts, values: [[field, null]] } };
    if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: `field "${field}" is not a finite number` };
    return { ok: true, sample: { ts, values: [[field, value]] } };
  }

  const values: [string, number | null][] = [];
  let rejected = 0;
  for (const key of Object.keys(payload)) {
    if (key === 'ts') continue;
    const value = payload[key];
    if (value === null) values.push([key, null]);
    else if (typeof value === 'number') {
      if (Number.isFinite(value)) values.push([key, value]);
      else rejected++;
    } else if (key === 'value') rejected++; // `value` is the one field that must be numeric
  }
  if (values.length === 0) return { ok: false, reason: rejected ? 'no finite numbers' : 'no numeric fields' };
  return { ok: true, sample: { ts, values } };
}
