// POST /ingest: JSON payloads from the user's own agents and scripts.
import { acceptOr503, HttpError, isJsonContentType, parseJsonBody, readBody, sendJson } from '../http-util.js';
import { itemTopics, validateIngest } from '../ingest-items.js';
import { IDEMPOTENCY_KEY } from '../idempotency.js';

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URLSearchParams} query
 * @param {Record<string, string>} headers
 */
export async function handleIngest(ctx, req, res, query, headers) {
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new HttpError(415, 'Content-Type must be application/json');
  }
  const principal = ctx.principalOf(req);
  ctx.access.checkPublisher(principal);
  const rawKey = req.headers['idempotency-key'];
  const key = typeof rawKey === 'string' ? rawKey.trim() : null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw new HttpError(400, 'Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ . : @ -', { field: 'Idempotency-Key' });
  }
  const body = await readBody(req, ctx.options.maxBody);
  const items = validateIngest(parseJsonBody(body), query.get('topic'));
  // An agent's heartbeat and gap items are authorised by the topics they name (`*@web-1` covers them).
  ctx.access.checkPublish(principal, items.map(itemTopics));
  ctx.access.limitIngest(principal, req, items.length);
  // Everything is valid: only now publish, so a bad request never leaves half its items behind.
  // (In cluster mode this waits until Redis has them: 202 means stored, 503 means nothing was.)
  const { ids, duplicate } = await acceptOr503(ctx, () => ctx.ingest(items, key));
  sendJson(res, 202, duplicate ? { accepted: ids.length, ids, duplicate: true } : { accepted: ids.length, ids }, headers);
}
