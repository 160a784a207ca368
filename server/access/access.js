// Access control for every route: who is asking (authenticate), and what they may see, publish
// and do. Routes call the checks here; app.js only wires them in. HTTP statuses mean what they
// say: 401 when there is no usable credential (none, invalid, expired), 403 when a valid one is
// not allowed, 429 over a per-subject limit, 503 when the key set cannot be fetched.
import { safeEqual, UNAUTHORIZED_HEADERS } from '../auth.js';
import { HttpError } from '../http-util.js';
import { isTopicPattern } from '../topic-pattern.js';
import { createAudit } from './audit.js';
import { credentialOf } from './credentials.js';
import { ClaimError, claimFor, grantsFromClaims, makeGrants } from './grants.js';
import { createJwtVerifier, TokenError } from './jwt.js';
import { StreamCounter, TokenBuckets } from './limits.js';
import { anonymous, AUDIT_TOPIC, fromJwt, OPEN, SHARED_TOKEN, WEBHOOK } from './principal.js';
import { SharedTicketStore, TicketStore } from './tickets.js';

/** @typedef {import('./principal.js').Principal} Principal */

/**
 * @typedef {object} StreamScope
 * @property {import('../topics.js').TopicSet | null} topics the requested topics that are allowed (null: every topic)
 * @property {((topic: string) => boolean) | null} visible per-event filter (null: none needed)
 * @property {string[]} denied requested topics refused, named in `pulse.hello`
 * @property {string[] | null} allowed patterns the client may see, for `pulse.hello` when it asked for every topic or for patterns
 */

/**
 * @param {import('./options.js').ResolvedAccessOptions} options
 * @param {{ token: string | null, publish: (topic: string, data: unknown) => unknown, retryAfterSec?: number, now?: () => number,
 *   sharedTickets?: import('./tickets.js').SharedTickets | null }} deps sharedTickets: a cluster's (tickets.js)
 */
export function createAccess(options, { token, publish, retryAfterSec = 5, now = Date.now, sharedTickets = null }) {
  const verifier = options.jwt ? createJwtVerifier(options.jwt) : null;
  const configured = Boolean(token || verifier);
  const publicGrants = makeGrants({ subscribe: options.publicTopics ?? [] });
  // A cluster shares tickets through Redis, as the claims they were issued for (tickets.js).
  const tickets = sharedTickets
    ? new SharedTicketStore({
        shared: sharedTickets,
        ttlMs: options.ticketTtlMs,
        now,
        codec: {
          record: (p) => (p.kind === 'token' ? { kind: 'token' } : p.kind === 'jwt' && p.claims ? { kind: 'jwt', claims: p.claims } : null),
          revive: (r) => (r.kind === 'token' && token ? SHARED_TOKEN : r.kind === 'jwt' && verifier && r.claims && typeof r.claims === 'object' ? fromJwt(r.claims, grantsFromClaims(r.claims), publicGrants) : null),
        },
      })
    : new TicketStore({ ttlMs: options.ticketTtlMs, now });
  const buckets = options.ingestRate ? new TokenBuckets({ rate: options.ingestRate, now }) : null;
  const streams = options.maxStreamsPerUser ? new StreamCounter(options.maxStreamsPerUser) : null;
  const audit = createAudit({ publish, log: options.auditLog, now });
  /** Grants per verified payload: the verifier hands back the same object for a token it remembers. */
  /** @type {WeakMap<object, import('./grants.js').Grants>} */
  const grantsOf = new WeakMap();

  /**
   * @param {string} message
   * @param {'invalid_token' | 'invalid_request' | null} [error] RFC 6750 error code
   */
  function unauthorized(message, error = null) {
    const headers = error ? { 'WWW-Authenticate': `Bearer realm="pulseboard", error="${error}", error_description="${message.replace(/["\\]/g, '')}"` } : UNAUTHORIZED_HEADERS;
    return new HttpError(401, message, { headers });
  }

  /**
   * Refusal for a principal that is not allowed something: 401 for anonymous viewers (a token
   * might allow it), 403 for everyone else.
   * @param {Principal} principal
   * @param {string} message
   * @param {{ index?: number, field?: string | null }} [details]
   */
  function refuse(principal, message, details = {}) {
    if (principal.kind === 'anonymous') return new HttpError(401, `${message}: send a token that allows it`, { ...details, headers: UNAUTHORIZED_HEADERS });
    return new HttpError(403, message, { ...details, headers: { 'WWW-Authenticate': 'Bearer realm="pulseboard", error="insufficient_scope"' } });
  }

  /**
   * Who is asking. Throws 401 (no usable credential) or 503 (keys unavailable).
   * @param {import('node:http').IncomingMessage} req
   * @param {URLSearchParams} query
   * @param {{ path?: string | null, websocket?: boolean }} [where]
   * @returns {Promise<Principal>}
   */
  async function authenticate(req, query, { path = null, websocket = false } = {}) {
    if (!configured) return OPEN;
    const cred = credentialOf(req, query, { websocket, cookieName: options.cookieName });
    if (cred === null) {
      if (options.publicTopics) return anonymous(publicGrants, req.socket?.remoteAddress ?? '');
      throw unauthorized('unauthorized: send Authorization: Bearer <token>');
    }
    if ('malformed' in cred) throw unauthorized(cred.malformed, 'invalid_request');
    if (cred.from === 'ticket') {
      let principal;
      try {
        principal = await tickets.take(cred.ticket);
      } catch {
        throw new HttpError(503, 'tickets unavailable (redis down): retry shortly', { headers: { 'Retry-After': String(retryAfterSec) } });
      }
      if (!principal) throw unauthorized('ticket unknown, used already or expired: get a new one from POST /auth/ticket', 'invalid_token');
      return principal;
    }
    if (options.webhookToken && path === '/alertmanager' && safeEqual(cred.token, options.webhookToken)) return WEBHOOK;
    if (cred.from === 'query' && verifier && !options.allowQueryToken) {
      throw unauthorized('tokens in URLs are refused (they end up in logs and history): send Authorization: Bearer, use the cookie, or POST /auth/ticket for /ws', 'invalid_request');
    }
    if (token && safeEqual(cred.token, token)) return SHARED_TOKEN;
    if (!verifier) throw unauthorized('unauthorized: send Authorization: Bearer <token>', 'invalid_token');
    let payload;
    try {
      payload = await verifier.verify(cred.token);
    } catch (err) {
      if (err instanceof TokenError && err.status === 503) throw new HttpError(503, err.message, { headers: { 'Retry-After': String(retryAfterSec) } });
      if (err instanceof TokenError) throw unauthorized(err.message, 'invalid_token');
      throw err;
    }
    try {
      let grants = grantsOf.get(payload);
      if (!grants) grantsOf.set(payload, (grants = grantsFromClaims(payload)));
      return fromJwt(payload, grants, publicGrants);
    } catch (err) {
      if (err instanceof ClaimError) throw unauthorized(`token claims invalid: ${err.message}`, 'invalid_token');
      throw err;
    }
  }

  /**
   * What a stream may carry. Requested topics outside the grant are listed in `denied`; when
   * nothing at all is left the request is refused (401 anonymous, 403 otherwise).
   * @param {Principal} principal
   * @param {import('../topics.js').TopicFilter | null} requested `?topics=`, null for every topic
   * @returns {StreamScope}
   */
  function scopeStream(principal, requested) {
    if (principal.everyTopic) return { topics: requested, visible: null, denied: [], allowed: null };
    const visible = principal.canSubscribe;
    if (requested === null) {
      if (!principal.subscribePatterns?.length) throw refuse(principal, 'this token may not subscribe to any topic');
      return { topics: null, visible, denied: [], allowed: principal.subscribePatterns };
    }
    /** @type {string[]} */
    const denied = [];
    /** @type {string[]} */
    const kept = [];
    let patterns = false;
    for (const t of requested.names) {
      // A requested pattern is never "denied" as a whole: its visible matches pass the filter.
      if (isTopicPattern(t)) {
        patterns = true;
        kept.push(t);
      } else if (visible(t)) kept.push(t);
      else denied.push(t);
    }
    if (kept.length === 0) throw refuse(principal, `not allowed to subscribe to ${denied.slice(0, 10).join(', ')}${denied.length > 10 ? ', ...' : ''}`);
    // Patterns match only what the token may see (and only that counts against their cap). A
    // client that asked for patterns is told what it may see, as one that asked for everything
    // is: its elements on names the pattern covers but the grant does not can say so.
    return { topics: requested.narrowed(kept, patterns ? visible : null), visible: patterns ? visible : null, denied, allowed: patterns ? principal.subscribePatterns ?? [] : null };
  }

  /**
   * Counts a stream against its subject's limit; returns the release function. Throws 429.
   * @param {Principal} principal
   */
  function acquireStream(principal) {
    if (!streams || principal.limitKey === null) return () => {};
    const release = streams.acquire(principal.limitKey);
    if (!release) {
      throw new HttpError(429, `too many open streams for this ${principal.kind === 'anonymous' ? 'address' : 'user'} (max ${streams.max}): close another tab or stream`, { headers: { 'Retry-After': String(retryAfterSec) } });
    }
    return release;
  }

  /**
   * Takes `cost` events from the subject's ingest bucket. Throws 429 with Retry-After.
   * @param {Principal} principal
   * @param {import('node:http').IncomingMessage} req
   * @param {number} cost events about to be published
   */
  function limitIngest(principal, req, cost) {
    if (!buckets) return;
    const key = principal.limitKey ?? `address:${req.socket?.remoteAddress ?? ''}`;
    const waitMs = buckets.take(key, cost);
    if (waitMs > 0) {
      throw new HttpError(429, `ingest rate over ${buckets.rate}/s for this ${principal.kind === 'jwt' ? 'user' : 'client'}: nothing was published; retry later`, { headers: { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) } });
    }
  }

  /**
   * Before a body is read: refuses principals that may publish nothing at all.
   * @param {Principal} principal
   */
  function checkPublisher(principal) {
    if (!principal.publishes) throw refuse(principal, 'not allowed to publish');
  }

  /**
   * Every topic must be publishable by the principal; nothing may write the audit topic.
   * @param {Principal} principal
   * @param {(string | string[])[]} topics in item order (the error names the first refused item);
   *   an item that publishes to several topics (an agent's heartbeat or gap: itemTopics() in
   *   ingest-items.js) gives all of them, and needs every one
   */
  function checkPublish(principal, topics) {
    topics.forEach((entry, index) => {
      for (const topic of typeof entry === 'string' ? [entry] : entry) {
        if (topic === AUDIT_TOPIC) throw new HttpError(403, `topic "${AUDIT_TOPIC}" is written by the server only`, { index, field: 'topic' });
        if (!principal.canPublish(topic)) throw refuse(principal, `not allowed to publish to ${topic}`, { index, field: 'topic' });
      }
    });
  }

  /**
   * @param {Principal} principal
   * @param {string} topic
   */
  function checkSubscribe(principal, topic) {
    if (!principal.canSubscribe(topic)) throw refuse(principal, `not allowed to read ${topic}`, { field: 'topic' });
  }

  /**
   * An action (alerts:ack...): returns the actor when allowed; otherwise records the refusal in
   * the audit trail and throws 403 (401 for anonymous viewers).
   * @param {Principal} principal
   * @param {string} action
   * @param {string | null} target which alert or topic
   * @returns {{ sub: string | null }}
   */
  function checkAction(principal, action, target) {
    const claim = claimFor(action);
    if (principal.can(claim)) return { sub: principal.sub };
    audit({ sub: principal.sub, action, target, result: 'denied', reason: `no "${claim}" in the token's pulse.actions`, via: principal.kind });
    throw refuse(principal, `not allowed to ${action} (the token needs "${claim}" in pulse.actions)`);
  }

  /**
   * POST /auth/ticket: a single-use ticket for /ws. Anonymous viewers need none (they connect
   * without one), so they get 401.
   * @param {Principal} principal
   */
  async function issueTicket(principal) {
    if (principal.kind === 'anonymous' || principal.kind === 'webhook') throw unauthorized('a ticket needs a token: send Authorization: Bearer <token>');
    let issued;
    try {
      issued = await tickets.issue(principal);
    } catch {
      issued = null;
    }
    if (!issued) throw new HttpError(503, 'too many outstanding tickets, or tickets unavailable; retry shortly', { headers: { 'Retry-After': String(retryAfterSec) } });
    return issued;
  }

  return {
    configured,
    jwt: verifier !== null,
    authenticate,
    scopeStream,
    acquireStream,
    limitIngest,
    checkPublisher,
    checkPublish,
    checkSubscribe,
    checkAction,
    issueTicket,
    audit,
  };
}

/** @typedef {ReturnType<typeof createAccess>} Access */
