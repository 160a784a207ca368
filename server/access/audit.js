// The audit trail of actions (ack, silence...): who, what, which alert or topic, the result, when.
// Each entry is published on topic `audit` (so it reaches the tokens allowed to see that topic,
// and with --data it is stored with every other event and readable through /history), and
// written as one JSON line to the server's own log.
import { AUDIT_TOPIC } from './principal.js';

/**
 * @typedef {object} AuditInput
 * @property {string | null | undefined} sub who (the token's subject; null for the shared token or no auth)
 * @property {string} action e.g. `alerts:ack`
 * @property {string | null | undefined} [target] which alert id or topic
 * @property {'ok' | 'denied' | 'error' | string} result
 * @property {string} [reason] why it was denied or failed
 * @property {string} [via] how the actor authenticated (jwt, token, open, anonymous)
 */

/**
 * @typedef {{ ts: number, sub: string | null, action: string, target: string | null, result: string, reason?: string, via?: string }} AuditEntry
 */

/** Strings from requests are capped: an audit line must stay a line. */
const MAX_FIELD = 256;

/** @param {unknown} v */
const text = (v) => (typeof v === 'string' ? v.slice(0, MAX_FIELD) : v === null || v === undefined ? null : String(v).slice(0, MAX_FIELD));

/** Default sink: one line on stdout, beside the server's other messages. */
export function logToStdout(/** @type {AuditEntry} */ entry) {
  process.stdout.write(`pulseboard audit ${JSON.stringify(entry)}\n`);
}

/**
 * @param {{ publish: (topic: string, data: unknown) => unknown, log?: (entry: AuditEntry) => void, now?: () => number }} sinks
 * @returns {(input: AuditInput) => AuditEntry}
 */
export function createAudit({ publish, log = logToStdout, now = Date.now }) {
  return (input) => {
    /** @type {AuditEntry} */
    const entry = { ts: now(), sub: text(input.sub), action: text(input.action) ?? 'unknown', target: text(input.target), result: text(input.result) ?? 'unknown' };
    if (input.reason) entry.reason = /** @type {string} */ (text(input.reason));
    if (input.via) entry.via = /** @type {string} */ (text(input.via));
    try {
      log(entry);
    } catch (err) {
      process.emitWarning(`pulseboard: audit log failed: ${/** @type {Error} */ (err).message}`);
    }
    publish(AUDIT_TOPIC, entry);
    return entry;
  };
}
