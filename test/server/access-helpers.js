// Tokens for the access tests: minted with jose (as an identity provider would), and a few
// crafted by hand (alg none, forged signatures, raw JSON with __proto__ keys) the way an
// attacker would, since no honest library produces those.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';

export const SECRET = 'pulseboard-test-secret-0123456789abcdef';
export const ISSUER = 'https://id.example.com';
export const AUDIENCE = 'pulseboard';

/** Epoch seconds. */
export const nowSec = () => Math.floor(Date.now() / 1000);

/**
 * A signed JWT. `exp` defaults to an hour from now; pass `exp: null` for none.
 * @param {Record<string, unknown>} claims
 * @param {{ key?: any, alg?: string, kid?: string, exp?: number | null, iss?: string | null, aud?: string | null }} [options]
 */
export async function mint(claims, { key = new TextEncoder().encode(SECRET), alg = 'HS256', kid, exp = nowSec() + 3600, iss = ISSUER, aud = AUDIENCE } = {}) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).setIssuedAt();
  if (exp !== null) jwt.setExpirationTime(exp);
  if (iss !== null) jwt.setIssuer(iss);
  if (aud !== null) jwt.setAudience(aud);
  return jwt.sign(key);
}

/** @param {string | Buffer} s */
export const b64url = (s) => Buffer.from(s).toString('base64url');

/**
 * A token assembled by hand: header and payload as given (raw JSON text allowed, so keys like
 * `__proto__` survive), HMAC-SHA256 over them with `secret`, or an empty signature for `none`.
 * @param {object} header
 * @param {string | object} payload
 * @param {string | Buffer | null} secret
 */
export function craft(header, payload, secret) {
  const body = `${b64url(JSON.stringify(header))}.${b64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  if (secret === null) return `${body}.`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** A standard claims set for crafted tokens. */
export function claims(extra = {}) {
  return { iss: ISSUER, aud: AUDIENCE, iat: nowSec(), exp: nowSec() + 3600, ...extra };
}

/**
 * @param {'rsa' | 'ec' | 'ed25519'} type
 */
export function keyPair(type) {
  const { publicKey, privateKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return { publicKey, privateKey, publicPem: /** @type {string} */ (publicKey.export({ type: 'spki', format: 'pem' })) };
}

/** Server options for an HS256 JWT server with issuer and audience required. */
export function jwtOptions(extra = {}) {
  return { jwtSecret: SECRET, jwtIssuer: ISSUER, jwtAudience: AUDIENCE, auditLog: () => {}, ...extra };
}

/**
 * Asserts nothing of `token` (whole, or any of its three parts that is long enough to mean
 * something) appears in a reply's body or headers.
 * @param {import('./helpers.js').Reply | { text: string, headers?: object }} reply
 * @param {string} token
 */
export function leaks(reply, token) {
  const seen = reply.text + JSON.stringify(reply.headers ?? {});
  return [token, ...token.split('.').filter((p) => p.length >= 8)].some((part) => seen.includes(part));
}
