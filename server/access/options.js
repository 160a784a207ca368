// Access options (ServerOptions.access): validated once at start, with errors that name the flag.
import { readFileSync } from 'node:fs';
import { ClaimError, patternList } from './grants.js';
import { parseRate } from './limits.js';

/**
 * @typedef {object} AccessOptions
 * @property {string} [jwtSecret] HS256 shared secret (at least 32 bytes)
 * @property {string} [jwtPublicKey] PEM public key (RS256, PS256, ES256/384/512 or EdDSA, by key type)
 * @property {string} [jwtPublicKeyFile] file holding that PEM
 * @property {string} [jwksUrl] JSON Web Key Set URL (fetched, cached, refetched for an unknown `kid`)
 * @property {string} [jwtIssuer] required `iss`
 * @property {string} [jwtAudience] required `aud`
 * @property {boolean} [jwtAllowNoExp] accept JWTs without `exp` (default false)
 * @property {string[]} [publicTopics] topics (or `*` patterns) anyone may watch without a token
 * @property {boolean} [allowQueryToken] with JWTs, accept `?token=` in URLs (default false)
 * @property {number | string} [ingestRate] per-subject ingest rate: events/s, or `500/s`, `30000/m`
 * @property {number} [maxStreamsPerUser] concurrent SSE + WebSocket streams per JWT subject
 *   (per address for anonymous viewers)
 * @property {string} [webhookToken] bearer token Alertmanager sends to POST /alertmanager
 * @property {number} [ticketTtlMs] lifetime of a /ws ticket (default 30 s)
 * @property {string} [cookieName] cookie holding the token (default `pulseboard_token`)
 * @property {(entry: import('./audit.js').AuditEntry) => void} [auditLog] where audit lines go (default stdout)
 * @property {number} [jwksCooldownMs] least time between JWKS fetches for unknown `kid`s (default 30 s)
 * @property {number} [jwksCacheMs] fetched keys are refetched after this (default 10 min)
 */

/**
 * @param {AccessOptions | undefined} raw
 * @param {string | null} token the shared --token
 */
export function resolveAccessOptions(raw = {}, token = null) {
  const keys = /** @type {const} */ (['jwtSecret', 'jwtPublicKey', 'jwtPublicKeyFile', 'jwksUrl']).filter((k) => raw[k] !== undefined && raw[k] !== null && raw[k] !== '');
  if (keys.length > 1) throw new RangeError('give one of --jwt-secret, --jwt-public-key and --jwks, not several');
  let publicKey = raw.jwtPublicKey || undefined;
  if (raw.jwtPublicKeyFile) {
    try {
      publicKey = readFileSync(raw.jwtPublicKeyFile, 'utf8');
    } catch (err) {
      throw new RangeError(`--jwt-public-key: cannot read ${raw.jwtPublicKeyFile}: ${/** @type {NodeJS.ErrnoException} */ (err).code ?? err}`);
    }
  }
  /** @type {import('./jwt.js').JwtConfig | null} */
  const jwt = keys.length === 0
    ? null
    : {
        secret: raw.jwtSecret || undefined,
        publicKey,
        jwksUrl: raw.jwksUrl || undefined,
        issuer: raw.jwtIssuer || undefined,
        audience: raw.jwtAudience || undefined,
        allowNoExp: raw.jwtAllowNoExp ?? false,
        jwksCooldownMs: raw.jwksCooldownMs,
        jwksCacheMs: raw.jwksCacheMs,
      };
  if (!jwt) {
    for (const [key, flag] of /** @type {const} */ ([['jwtIssuer', '--jwt-issuer'], ['jwtAudience', '--jwt-audience'], ['jwtAllowNoExp', '--jwt-allow-no-exp'], ['allowQueryToken', '--allow-query-token']])) {
      if (raw[key]) throw new RangeError(`${flag} needs a JWT key: --jwt-secret, --jwt-public-key or --jwks`);
    }
  }
  let publicTopics = null;
  if (raw.publicTopics && raw.publicTopics.length > 0) {
    if (!jwt && !token) throw new RangeError('--public-topics needs --token or a JWT key: without either, every topic is public already');
    try {
      publicTopics = patternList(raw.publicTopics, '--public-topics');
    } catch (err) {
      if (err instanceof ClaimError) throw new RangeError(err.message);
      throw err;
    }
  }
  let ingestRate = null;
  if (raw.ingestRate !== undefined && raw.ingestRate !== null && raw.ingestRate !== '') {
    try {
      ingestRate = parseRate(raw.ingestRate);
    } catch (err) {
      throw new RangeError(`--ingest-rate: ${/** @type {Error} */ (err).message}`);
    }
  }
  const maxStreams = raw.maxStreamsPerUser ?? null;
  if (maxStreams !== null && (!Number.isInteger(maxStreams) || maxStreams < 1)) throw new RangeError(`--max-streams-per-user must be an integer >= 1, got ${maxStreams}`);
  const ticketTtlMs = raw.ticketTtlMs ?? 30_000;
  if (!(ticketTtlMs > 0)) throw new RangeError('ticketTtlMs must be positive');
  return {
    jwt,
    publicTopics,
    allowQueryToken: raw.allowQueryToken ?? false,
    ingestRate,
    maxStreamsPerUser: maxStreams,
    webhookToken: raw.webhookToken || null,
    ticketTtlMs,
    cookieName: raw.cookieName || 'pulseboard_token',
    auditLog: raw.auditLog,
  };
}

/** @typedef {ReturnType<typeof resolveAccessOptions>} ResolvedAccessOptions */
