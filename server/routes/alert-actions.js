// POST /alerts/silence, /alerts/ack, /alerts/unsilence: what `<alert-list>`'s buttons do when the
// server announces `alertActionsUrl` in `pulse.hello`. With --alertmanager they become
// Alertmanager silences; without, the server keeps them (local-silences.js). Either way the alert
// is published again with its `silence`, so every viewer sees it within a second. Who acts, and
// whether their token allows it (`alerts:ack`, `alerts:silence`; lifting a silence needs the
// latter), comes from ctx.authorizeAction(), which audits a refusal; every other attempt, done or
// failed, goes through ctx.audit().
import { acceptOr503, HttpError, isJsonContentType, parseJsonBody, readBody, sendJson } from '../http-util.js';
import { parseDuration } from '../units.js';
import { UpstreamError } from '../connectors/upstream.js';

export const ACTIONS = /** @type {const} */ (['silence', 'ack', 'unsilence']);
const MIN_DURATION_MS = 60_000;
const MAX_DURATION_MS = 90 * 86_400_000;
const MAX_COMMENT = 1000;

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} action one of ACTIONS
 * @param {Record<string, string>} headers
 */
export async function handleAlertAction(ctx, req, res, action, headers) {
  if (!isJsonContentType(req.headers['content-type'])) throw new HttpError(415, 'Content-Type must be application/json');
  const body = parseJsonBody(await readBody(req, Math.min(ctx.options.maxBody, 64 * 1024)));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body must be an object {"id": "<alert id>", ...}', { field: null });
  const b = /** @type {Record<string, unknown>} */ (body);
  if (typeof b.id !== 'string' || b.id === '' || b.id.length > 1024) throw new HttpError(400, 'id must be the alert id (a non-empty string)', { field: 'id' });
  if (b.comment !== undefined && (typeof b.comment !== 'string' || b.comment.length > MAX_COMMENT)) {
    throw new HttpError(400, `comment must be a string of at most ${MAX_COMMENT} characters`, { field: 'comment' });
  }
  let durationMs = action === 'ack' ? ctx.options.ackDurationMs : ctx.options.silenceDurationMs;
  if (b.duration !== undefined && action !== 'unsilence') {
    try {
      if (typeof b.duration !== 'string' && typeof b.duration !== 'number') throw new RangeError('bad type');
      durationMs = parseDuration(b.duration);
    } catch {
      throw new HttpError(400, 'duration must be a duration like 15m, 2h or 1d', { field: 'duration' });
    }
    if (durationMs < MIN_DURATION_MS || durationMs > MAX_DURATION_MS) throw new HttpError(400, 'duration must be between 1m and 90d', { field: 'duration' });
  }
  const alertId = b.id;
  const { sub } = ctx.authorizeAction(req, `alerts:${action}`, alertId);
  const alert = ctx.alerts.alert(alertId);
  const audit = (/** @type {string} */ result) => ctx.audit({ sub, action: `alerts:${action}`, target: alertId, result });
  if (!alert) {
    audit('unknown alert');
    throw new HttpError(404, `no alert with id ${JSON.stringify(alertId.slice(0, 80))} is known here`, { field: 'id' });
  }
  const comment = typeof b.comment === 'string' ? b.comment.trim() : '';
  const by = sub ?? 'pulseboard';
  try {
    // Kept by the server in a cluster means kept in Redis: while it is down, 503 and nothing changed.
    const act = async () => {
      if (action === 'unsilence') return /** @type {{ silence: unknown }} */ (await ctx.alertActions.remove({ alertId }));
      const request = { alertId, labels: labelsOf(alert), state: /** @type {'acknowledged' | 'silenced'} */ (action === 'ack' ? 'acknowledged' : 'silenced'), by, durationMs, comment };
      return /** @type {{ silence: unknown }} */ (await ctx.alertActions.create(request));
    };
    const result = await acceptOr503(ctx, act);
    audit('ok');
    sendJson(res, 200, { ok: true, id: alertId, silence: result.silence }, headers);
  } catch (err) {
    if (err instanceof HttpError && err.status === 503) {
      audit(`failed: ${err.message}`);
      throw err;
    }
    if (!(err instanceof UpstreamError)) throw err;
    audit(`failed: ${err.message}`);
    // 502: the upstream failed, not this request; the message is what the button shows.
    throw new HttpError(err.status !== null && err.status >= 400 && err.status < 500 ? 502 : 503, err.message, {
      headers: err.status === null ? { 'Retry-After': '5' } : {},
    });
  }
}

/**
 * @param {Record<string, unknown>} alert
 * @returns {Record<string, string>}
 */
function labelsOf(alert) {
  /** @type {Record<string, string>} */
  const out = {};
  const labels = alert.labels;
  if (labels && typeof labels === 'object') for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}
