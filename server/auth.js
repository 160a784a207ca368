// Optional bearer token, checked on every route (header, or the weaker `?token=` query parameter).
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string comparison: both sides are hashed to equal-length digests first, so
 * neither the content nor the length of the expected token leaks through timing.
 * @param {string} a
 * @param {string} b
 */
export function safeEqual(a, b) {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/**
 * The token a request presents: `Authorization: Bearer <token>` first, else `?token=`.
 * @param {import('node:http').IncomingMessage} req
 * @param {URLSearchParams} query
 * @returns {string | null}
 */
export function presentedToken(req, query) {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1];
  }
  return query.get('token');
}

/**
 * @param {string | null | undefined} token the required token; falsy disables authentication
 * @returns {(req: import('node:http').IncomingMessage, query: URLSearchParams) => boolean}
 */
export function createAuthorizer(token) {
  if (!token) return () => true;
  return (req, query) => {
    const presented = presentedToken(req, query);
    return presented !== null && safeEqual(presented, token);
  };
}

/** Headers sent with every 401. */
export const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Bearer realm="pulseboard"' };
