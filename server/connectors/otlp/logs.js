// OTLP log records → `logs` payloads: the resource's `service.name` as `source`, the severity as
// `level`, the body as `message`; attributes, trace and span ids and the scope kept as fields the
// firehose shows on demand.
import { anyValue, attributes, hexId, nanosToMs } from './values.js';

/** OpenTelemetry severity numbers 1-24 in ranges of four. */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * @param {Record<string, any>} request ExportLogsServiceRequest in the JSON mapping
 * @param {number} now
 * @returns {{ entries: Record<string, unknown>[], rejected: number, reason: string }}
 */
export function logEntries(request, now) {
  /** @type {Record<string, unknown>[]} */
  const entries = [];
  let rejected = 0;
  let reason = '';
  for (const rl of list(request.resourceLogs)) {
    const resource = attributes(rl?.resource?.attributes);
    const source = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'otlp';
    for (const sl of list(rl?.scopeLogs)) {
      const scope = typeof sl?.scope?.name === 'string' && sl.scope.name ? sl.scope.name : undefined;
      for (const lr of list(sl?.logRecords)) {
        if (lr === null || typeof lr !== 'object') {
          rejected++;
          reason = 'a log record is not an object';
          continue;
        }
        const body = anyValue(lr.body);
        /** @type {Record<string, unknown>} */
        const entry = {
          ts: nanosToMs(lr.timeUnixNano) ?? nanosToMs(lr.observedTimeUnixNano) ?? now,
          level: level(lr.severityText, lr.severityNumber),
          source,
          message: typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body),
        };
        const attrs = attributes(lr.attributes);
        if (Object.keys(attrs).length) entry.attributes = attrs;
        const traceId = hexId(lr.traceId);
        const spanId = hexId(lr.spanId);
        if (traceId) entry.traceId = traceId;
        if (spanId) entry.spanId = spanId;
        if (scope) entry.scope = scope;
        entries.push(entry);
      }
    }
  }
  return { entries, rejected, reason };
}

/**
 * @param {unknown} text severityText
 * @param {unknown} number severityNumber
 */
export function level(text, number) {
  const n = typeof number === 'number' ? number : Number(number);
  if (Number.isInteger(n) && n >= 1 && n <= 24) return LEVELS[Math.floor((n - 1) / 4)];
  if (typeof text === 'string' && text.trim()) return text.trim().toLowerCase();
  return 'info';
}

/**
 * @param {unknown} v
 * @returns {any[]}
 */
export function list(v) {
  return Array.isArray(v) ? v : [];
}
