// POST /alertmanager: Prometheus Alertmanager webhook receiver feeding topic `alerts`.
import { acceptOr503, HttpError, isJsonContentType, parseJsonBody, readBody, sendJson } from '../http-util.js';
import { normalizeAlertmanager } from '../alertmanager.js';

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} headers
 */
export async function handleAlertmanager(ctx, req, res, headers) {
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new HttpError(415, 'Content-Type must be application/json');
  }
  ctx.access.checkPublish(ctx.principalOf(req), ['alerts']);
  const body = await readBody(req, ctx.options.maxBody);
  const alerts = normalizeAlertmanager(parseJsonBody(body));
  // Through the same path as /ingest: in cluster mode 202 only once Redis has them, else 503.
  const { ids } = await acceptOr503(ctx, () => ctx.ingest(alerts.map((data) => ({ topic: 'alerts', data })), null));
  sendJson(res, 202, { accepted: ids.length, ids }, headers);
}
