// Prometheus Alertmanager webhook (version 4) bodies, validated and normalised to `alerts` payloads.
import { createHash } from 'node:crypto';
import { HttpError } from './http-util.js';

/**
 * @typedef {object} AlertPayload
 * @property {string} id
 * @property {'firing' | 'resolved'} status
 * @property {string | null} severity
 * @property {string} title
 * @property {string} description
 * @property {string | null} startsAt
 * @property {string | null} endsAt
 * @property {Record<string, string>} labels
 * @property {string} [generatorURL]
 */

/**
 * @param {unknown} body the parsed webhook JSON
 * @returns {AlertPayload[]}
 * @throws {HttpError} 400 naming the alert index and field
 */
export function normalizeAlertmanager(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'body must be an Alertmanager webhook object', { field: null });
  }
  const b = /** @type {Record<string, unknown>} */ (body);
  if (b.version !== undefined && b.version !== '4') throw new HttpError(400, 'unsupported webhook version (expected "4")', { field: 'version' });
  if (b.status !== undefined && b.status !== 'firing' && b.status !== 'resolved') {
    throw new HttpError(400, 'status must be "firing" or "resolved"', { field: 'status' });
  }
  if (!Array.isArray(b.alerts)) throw new HttpError(400, 'alerts must be an array', { field: 'alerts' });
  if (b.alerts.length === 0) throw new HttpError(400, 'alerts is empty', { field: 'alerts' });
  const groupStatus = /** @type {'firing' | 'resolved' | undefined} */ (b.status);
  const out = b.alerts.map((alert, index) => normalizeAlert(alert, index, groupStatus));
  return out;
}

/**
 * @param {unknown} alert
 * @param {number} index
 * @param {'firing' | 'resolved' | undefined} groupStatus
 * @returns {AlertPayload}
 */
function normalizeAlert(alert, index, groupStatus) {
  /** @param {string} message @param {string | null} field */
  const fail = (message, field) => new HttpError(400, message, { index, field: field === null ? `alerts[${index}]` : `alerts[${index}].${field}` });
  if (alert === null || typeof alert !== 'object' || Array.isArray(alert)) throw fail('alert must be an object', null);
  const a = /** @type {Record<string, unknown>} */ (alert);
  const labels = stringMap(a.labels);
  if (!labels) throw fail('labels must be an object of strings', 'labels');
  const annotations = a.annotations === undefined ? {} : stringMap(a.annotations);
  if (!annotations) throw fail('annotations must be an object of strings', 'annotations');
  const status = a.status ?? groupStatus;
  if (status !== 'firing' && status !== 'resolved') throw fail('status must be "firing" or "resolved"', 'status');
  for (const key of ['startsAt', 'endsAt', 'fingerprint', 'generatorURL']) {
    if (a[key] !== undefined && a[key] !== null && typeof a[key] !== 'string') throw fail(`${key} must be a string`, key);
  }
  const startsAt = time(/** @type {string | undefined} */ (a.startsAt));
  const endsAt = time(/** @type {string | undefined} */ (a.endsAt));
  if (startsAt === undefined) throw fail('startsAt is not an RFC 3339 time', 'startsAt');
  if (endsAt === undefined) throw fail('endsAt is not an RFC 3339 time', 'endsAt');
  const fingerprint = typeof a.fingerprint === 'string' && a.fingerprint !== '' ? a.fingerprint : labelHash(labels);
  /** @type {AlertPayload} */
  const payload = {
    id: fingerprint,
    status,
    severity: labels.severity ?? null,
    title: annotations.summary || labels.alertname || 'alert',
    description: annotations.description || annotations.message || '',
    startsAt,
    endsAt,
    labels,
  };
  if (typeof a.generatorURL === 'string' && a.generatorURL !== '') payload.generatorURL = a.generatorURL;
  return payload;
}

/**
 * A plain object whose values are all strings, copied into a prototype-less object; else null.
 * @param {unknown} value
 * @returns {Record<string, string> | null}
 */
function stringMap(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  /** @type {Record<string, string>} */
  const out = Object.create(null);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return null;
    out[k] = v;
  }
  return out;
}

/**
 * Alertmanager sends `0001-01-01T00:00:00Z` for "not set": that becomes null. Undefined means invalid.
 * @param {string | undefined | null} value
 * @returns {string | null | undefined}
 */
function time(value) {
  if (value === undefined || value === null || value === '' || value.startsWith('0001-01-01')) return null;
  return Number.isNaN(Date.parse(value)) ? undefined : value;
}

/**
 * Stable id for alerts without a fingerprint: a hash of the sorted label set.
 * @param {Record<string, string>} labels
 */
export function labelHash(labels) {
  const sorted = Object.keys(labels).sort().map((k) => [k, labels[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

/**
 * One alert from Alertmanager's API (`GET /api/v2/alerts`: `status` is an object there) as an
 * `alerts` payload, or null when it is unusable. An alert whose `endsAt` has passed is resolved.
 * @param {unknown} alert
 * @param {number} now
 * @returns {AlertPayload | null}
 */
export function alertFromApi(alert, now) {
  if (alert === null || typeof alert !== 'object' || Array.isArray(alert)) return null;
  const a = /** @type {Record<string, unknown>} */ (alert);
  const ends = typeof a.endsAt === 'string' ? Date.parse(a.endsAt) : NaN;
  const status = Number.isFinite(ends) && ends <= now ? 'resolved' : 'firing';
  try {
    const payload = normalizeAlert({ ...a, status, updatedAt: undefined, receivers: undefined }, 0, undefined);
    // A firing alert's endsAt is Alertmanager's resolve timeout, a forecast: not shown as an end.
    if (status === 'firing') payload.endsAt = null;
    return payload;
  } catch {
    return null;
  }
}
