// Reading OTLP's common types (the JSON mapping, which decode.js gives for protobuf too):
// AnyValue, KeyValue lists, nanosecond times as decimal strings, ids as hex.

/**
 * An AnyValue as a plain JSON value.
 * @param {any} v
 * @param {number} [depth]
 * @returns {unknown}
 */
export function anyValue(v, depth = 0) {
  if (v === null || typeof v !== 'object' || depth > 8) return null;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) return intOf(v.intValue);
  if (v.doubleValue !== undefined) return typeof v.doubleValue === 'number' && Number.isFinite(v.doubleValue) ? v.doubleValue : Number(v.doubleValue) || null;
  if (v.arrayValue) return (Array.isArray(v.arrayValue.values) ? v.arrayValue.values : []).slice(0, 256).map((/** @type {any} */ x) => anyValue(x, depth + 1));
  if (v.kvlistValue) return attributes(v.kvlistValue.values, depth + 1);
  if (v.bytesValue !== undefined) return Buffer.isBuffer(v.bytesValue) ? v.bytesValue.toString('base64') : String(v.bytesValue);
  return null;
}

/**
 * A KeyValue list as a prototype-less object (a `__proto__` attribute stays an attribute).
 * @param {unknown} list
 * @param {number} [depth]
 * @returns {Record<string, unknown>}
 */
export function attributes(list, depth = 0) {
  /** @type {Record<string, unknown>} */
  const out = Object.create(null);
  if (!Array.isArray(list)) return out;
  for (const kv of list.slice(0, 256)) {
    if (kv && typeof kv.key === 'string' && kv.key.length <= 256) out[kv.key] = anyValue(kv.value, depth);
  }
  return out;
}

/**
 * A 64-bit integer (decimal string or number) as a number; exact up to 2^53.
 * @param {unknown} v
 * @returns {number | null}
 */
export function intOf(v) {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,20}$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * Nanoseconds since the epoch (decimal string or number) as epoch ms, or null when unset (0).
 * @param {unknown} v
 * @returns {number | null}
 */
export function nanosToMs(v) {
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) {
    const ms = Number(BigInt(v) / 1_000_000n);
    return ms > 0 ? ms : null;
  }
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.floor(v / 1e6);
  return null;
}

/**
 * Nanosecond duration between two times, in ms with µs precision.
 * @param {unknown} start
 * @param {unknown} end
 * @returns {number | null}
 */
export function durationMs(start, end) {
  try {
    const a = typeof start === 'number' ? BigInt(Math.floor(start)) : BigInt(String(start));
    const b = typeof end === 'number' ? BigInt(Math.floor(end)) : BigInt(String(end));
    if (a <= 0n || b < a) return null;
    return Number((b - a) / 1000n) / 1000;
  } catch {
    return null;
  }
}

/**
 * A trace or span id as lowercase hex ('' when absent).
 * @param {unknown} v Buffer (protobuf) or hex string (JSON)
 */
export function hexId(v) {
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'string' && /^[0-9a-fA-F]{0,64}$/.test(v)) return v.toLowerCase();
  return '';
}

/**
 * A number from an OTLP point (`asDouble`, or `asInt` as a string).
 * @param {any} point
 * @returns {number | null}
 */
export function pointValue(point) {
  if (point?.asDouble !== undefined) {
    const n = Number(point.asDouble);
    return Number.isFinite(n) ? n : null;
  }
  if (point?.asInt !== undefined) return intOf(point.asInt);
  return null;
}
