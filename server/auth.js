// Shared pieces of authentication (the rules themselves are in server/access/).
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

/** Headers sent with every 401 that has no more specific reason (RFC 6750). */
export const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Bearer realm="pulseboard"' };
