// POST /auth/ticket: a single-use ticket that opens one /ws connection (`/ws?ticket=...`) within
// about 30 s, as the caller. Browsers cannot set headers on a WebSocket; a ticket keeps the
// token itself out of the URL. The caller authenticates with the bearer header or the cookie.
import { sendJson } from '../http-util.js';

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} headers CORS headers
 */
export async function handleTicket(ctx, req, res, headers) {
  req.resume(); // a body, if any, means nothing here
  const { ticket, expiresAt } = await ctx.access.issueTicket(ctx.principalOf(req));
  sendJson(res, 201, { ticket, expiresAt, expiresInMs: Math.max(0, expiresAt - Date.now()) }, headers);
}
