// JWT verification with jose. The accepted algorithms follow from the configured key and nothing
// else: an HS256 secret accepts HS256 only, a PEM public key only its own algorithm, a JWKS only
// asymmetric ones. So `alg: none`, and HS256 "signed" with a public key (the HS/RS confusion),
// are refused whatever the token's header claims. Errors carry fixed messages: nothing of the
// token is ever repeated back.
import { createPublicKey, createSecretKey, webcrypto } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, errors } from 'jose';

/** Longest token accepted, in characters; real ones are well under 2 KB. */
export const MAX_TOKEN_LENGTH = 8192;
/** HS256 keys shorter than this are guessable offline from one captured token (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;
/**
 * A verified token is remembered this long at most (never past its `exp`), so a reconnect storm
 * or a page's several requests cost one signature check per token, not one per request. Also
 * how long a key removed from a JWKS keeps accepting the tokens it already verified.
 */
export const VERIFIED_CACHE_MS = 5 * 60_000;
/** Characters of tokens the cache may hold (bounds its memory whatever the token sizes). */
const VERIFIED_CACHE_CHARS = 4 * 1024 * 1024;

/** WebCrypto parameters per algorithm: jose verifies fastest with a CryptoKey imported once. */
const IMPORT_PARAMS = /** @type {Record<string, object>} */ ({
  HS256: { name: 'HMAC', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  ES384: { name: 'ECDSA', namedCurve: 'P-384' },
  ES512: { name: 'ECDSA', namedCurve: 'P-521' },
  EdDSA: { name: 'Ed25519' },
});

/**
 * The key as a WebCrypto CryptoKey for its one algorithm (jose converts a KeyObject on every
 * call otherwise); the KeyObject itself when this runtime cannot import it.
 * @param {import('node:crypto').KeyObject} key
 * @param {string} alg
 */
async function cryptoKey(key, alg) {
  try {
    const data = key.type === 'secret' ? key.export() : key.export({ type: 'spki', format: 'der' });
    return await webcrypto.subtle.importKey(key.type === 'secret' ? 'raw' : 'spki', data, /** @type {any} */ (IMPORT_PARAMS[alg]), false, ['verify']);
  } catch {
    return key;
  }
}

/**
 * Algorithms a JWKS may use: asymmetric only (a JWKS publishes public keys; a symmetric `oct`
 * key there would be a shared secret shown to the world).
 */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Why a token was refused: status 401 (bad token) or 503 (the key set cannot be fetched). */
export class TokenError extends Error {
  /**
   * @param {string} message fixed text, safe to send and log
   * @param {number} [status]
   */
  constructor(message, status = 401) {
    super(message);
    this.status = status;
  }
}

/**
 * @typedef {object} JwtConfig
 * @property {string} [secret] HS256 shared secret
 * @property {string} [publicKey] PEM (SPKI) public key: RSA, EC P-256/384/521 or Ed25519
 * @property {string} [jwksUrl] JSON Web Key Set URL
 * @property {string} [issuer] required `iss`
 * @property {string} [audience] required `aud`
 * @property {boolean} [allowNoExp] accept tokens without `exp` (default false)
 * @property {number} [jwksCooldownMs] least time between two JWKS fetches for unknown `kid`s (default 30 s)
 * @property {number} [jwksCacheMs] how long fetched keys are trusted without a refetch (default 10 min)
 * @property {number} [jwksTimeoutMs] JWKS fetch timeout (default 5 s)
 */

/**
 * The algorithm a PEM public key implies (its type and curve decide; the token cannot).
 * @param {import('node:crypto').KeyObject} key
 * @returns {string[]}
 */
export function algorithmsForKey(key) {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return ['RS256'];
  if (type === 'rsa-pss') return ['PS256'];
  if (type === 'ed25519') return ['EdDSA', 'Ed25519'];
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return ['ES256'];
    if (curve === 'secp384r1') return ['ES384'];
    if (curve === 'secp521r1') return ['ES512'];
  }
  throw new RangeError(`jwt public key: unsupported key type ${type}${type === 'ec' ? ` (${key.asymmetricKeyDetails?.namedCurve})` : ''}; use RSA, EC P-256/384/521 or Ed25519`);
}

/**
 * @param {JwtConfig} config exactly one of secret, publicKey, jwksUrl
 * @returns {{ verify: (token: string) => Promise<Record<string, unknown>>, algorithms: string[] }}
 */
export function createJwtVerifier(config) {
  /** @type {any} */
  let key;
  /** @type {string[]} */
  let algorithms;
  /** @type {Promise<any> | null} a KeyObject turned into a CryptoKey, once */
  let imported = null;
  if (config.secret !== undefined) {
    if (Buffer.byteLength(config.secret) < MIN_SECRET_BYTES) throw new RangeError(`jwt secret must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 32)`);
    key = createSecretKey(Buffer.from(config.secret, 'utf8'));
    algorithms = ['HS256'];
    imported = cryptoKey(key, 'HS256');
  } else if (config.publicKey !== undefined) {
    if (/PRIVATE KEY/.test(config.publicKey)) throw new RangeError('jwt public key: this is a private key; give the server the public half only');
    try {
      key = createPublicKey(config.publicKey);
    } catch (err) {
      throw new RangeError(`jwt public key: not a PEM public key (${/** @type {Error} */ (err).message})`);
    }
    algorithms = algorithmsForKey(key);
    imported = cryptoKey(key, algorithms[0]);
  } else if (config.jwksUrl !== undefined) {
    let url;
    try {
      url = new URL(config.jwksUrl);
    } catch {
      throw new RangeError(`jwks: not a URL: ${JSON.stringify(config.jwksUrl)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError('jwks: the URL must be http(s)');
    key = createRemoteJWKSet(url, {
      cooldownDuration: config.jwksCooldownMs ?? 30_000,
      cacheMaxAge: config.jwksCacheMs ?? 600_000,
      timeoutDuration: config.jwksTimeoutMs ?? 5000,
    });
    algorithms = JWKS_ALGORITHMS;
  } else {
    throw new RangeError('jwt: give a secret, a public key or a JWKS URL');
  }
  /** @type {import('jose').JWTVerifyOptions} */
  const options = { algorithms, requiredClaims: config.allowNoExp ? [] : ['exp'] };
  if (config.issuer) options.issuer = config.issuer;
  if (config.audience) options.audience = config.audience;
  const expected = algorithms.join(', ');
  /** @type {Map<string, { payload: Record<string, unknown>, until: number }>} verified tokens, oldest first */
  const verified = new Map();
  let cachedChars = 0;

  /**
   * @param {string} token
   * @param {Record<string, unknown>} payload
   * @param {number} now
   */
  function remember(token, payload, now) {
    const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity;
    verified.set(token, { payload, until: Math.min(exp, now + VERIFIED_CACHE_MS) });
    cachedChars += token.length;
    while (cachedChars > VERIFIED_CACHE_CHARS || verified.size > 10_000) {
      const oldest = /** @type {string} */ (verified.keys().next().value);
      verified.delete(oldest);
      cachedChars -= oldest.length;
    }
  }

  return {
    algorithms,
    /**
     * The verified claims, or a TokenError. The same token string verified before (and not
     * expired since) is answered from a bounded cache.
     * @param {string} token
     * @param {number} [now]
     */
    async verify(token, now = Date.now()) {
      if (token.length > MAX_TOKEN_LENGTH) throw new TokenError(`token too large (max ${MAX_TOKEN_LENGTH} characters)`);
      const hit = verified.get(token);
      if (hit) {
        if (hit.until > now) return hit.payload;
        verified.delete(token);
        cachedChars -= token.length;
      }
      try {
        if (imported) key = await imported;
        imported = null;
        const { payload } = await jwtVerify(token, key, options);
        remember(token, /** @type {Record<string, unknown>} */ (payload), now);
        return /** @type {Record<string, unknown>} */ (payload);
      } catch (err) {
        throw translate(err, expected, config.jwksUrl !== undefined);
      }
    },
  };
}

/**
 * jose's error as one of our fixed messages (its own may quote claim values).
 * @param {unknown} err
 * @param {string} expected the accepted algorithms
 * @param {boolean} remote keys come from a JWKS URL
 * @returns {TokenError}
 */
function translate(err, expected, remote) {
  if (err instanceof errors.JWTExpired) return new TokenError('token expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'exp':
        return new TokenError(err.reason === 'missing' ? 'token has no exp (expiry); the server accepts such tokens only with --jwt-allow-no-exp' : 'token exp is not a number');
      case 'nbf':
        return new TokenError('token not valid yet (nbf is in the future)');
      case 'iat':
        return new TokenError('token iat is invalid');
      case 'iss':
        return new TokenError('token issuer not accepted');
      case 'aud':
        return new TokenError('token audience not accepted');
      default:
        return new TokenError('token claims invalid');
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return new TokenError(`token algorithm not accepted (this server accepts ${expected})`);
  if (err instanceof errors.JWSSignatureVerificationFailed) return new TokenError('token signature invalid');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return new TokenError('token key (kid) not in the key set');
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return new TokenError('cannot verify tokens now: the key set (--jwks) is unreachable or invalid', 503);
  if (err instanceof errors.JOSENotSupported) return new TokenError(`token algorithm not accepted (this server accepts ${expected})`);
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return new TokenError('token malformed');
  if (err instanceof errors.JOSEError) return new TokenError('token invalid');
  // Not jose's: the JWKS fetch itself failed (connection refused, DNS, non-200).
  if (remote) return new TokenError('cannot verify tokens now: the key set (--jwks) is unreachable or invalid', 503);
  return new TokenError('token invalid');
}
