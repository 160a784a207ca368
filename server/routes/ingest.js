// POST /ingest: JSON payloads from the user's own agents and scripts.
import { HttpError, isJsonContentType, parseJsonBody, readBody, sendJson } from '../http-util.js';
import { validateIngest } from '../ingest-items.js';
import { AGENT_EVENTS_TOPIC } from '../agent-events.js';

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
  const body = await readBody(req, ctx.options.maxBody);
  const items = validateIngest(parseJsonBody(body), query.get('topic'));
  ctx.access.checkPublish(principal, items.map((item) => item.topic));
  ctx.access.limitIngest(principal, req, items.length);
  // Everything is valid: only now publish, so a bad request never leaves half its items behind.
  const ids = items.map((item) => String(ctx.hub.publish(item.topic, item.data)));
  for (const item of items) {
    if (item.topic !== AGENT_EVENTS_TOPIC) continue;
    const events = Array.isArray(item.data) ? item.data : [item.data];
    for (const ev of events) ctx.agentEvents.record(ev);
  }
  sendJson(res, 202, { accepted: ids.length, ids }, headers);
}
