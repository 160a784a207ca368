// Where a request's credential comes from: `Authorization: Bearer` first, then the HttpOnly
// cookie a same-origin page carries, then `?token=` (refused with JWTs unless
// --allow-query-token), and on /ws a `?ticket=` from POST /auth/ticket.

/** The cookie a same-origin page's login sets (HttpOnly, so page scripts never hold the token). */
export const TOKEN_COOKIE = 'pulseboard_token';

/**
 * @typedef {{ token: string, from: 'header' | 'cookie' | 'query' } | { ticket: string, from: 'ticket' }} Credential
 */

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {URLSearchParams} query
 * @param {{ websocket?: boolean, cookieName?: string }} [where]
 * @returns {Credential | { malformed: string } | null}
 */
export function credentialOf(req, query, { websocket = false, cookieName = TOKEN_COOKIE } = {}) {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.trim() !== '') {
    const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
    // A header that is there but not a bearer token is a mistake to name, not a missing token.
    if (!m) return { malformed: 'Authorization must be "Bearer <token>"' };
    return { token: m[1], from: 'header' };
  }
  const cookie = cookieValue(req.headers.cookie, cookieName);
  if (cookie) return { token: cookie, from: 'cookie' };
  if (websocket) {
    const ticket = query.get('ticket');
    if (ticket !== null) return { ticket, from: 'ticket' };
  }
  const token = query.get('token');
  if (token !== null && token !== '') return { token, from: 'query' };
  return null;
}

/**
 * One cookie's value from a Cookie header, or null.
 * @param {string | undefined} header
 * @param {string} name
 */
export function cookieValue(header, name) {
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value === '' ? null : value;
  }
  return null;
}
