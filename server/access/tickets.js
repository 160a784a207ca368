// Single-use WebSocket tickets: browsers cannot set headers on a WebSocket, and a bearer token in
// the URL ends up in logs and history. POST /auth/ticket (with the token in a header or cookie)
// returns a random ticket that opens one /ws connection within `ttlMs`, as the principal that
// asked for it; the stream still ends at the token's own expiry.
//
// On a cluster (--redis) the ticket and the upgrade may reach different nodes behind the load
// balancer: tickets then live in Redis (SharedTicketStore: SET with a TTL, taken with GETDEL, so
// still single use), as the verified claims they were issued for, revived into a principal by the
// node that takes them.
import { randomBytes } from 'node:crypto';

/**
 * Where a cluster keeps tickets (server/cluster/index.js `tickets`).
 * @typedef {{ put: (key: string, json: string, ttlMs: number) => Promise<void>, take: (key: string) => Promise<string | null> }} SharedTickets
 */

/**
 * What a shared ticket stores of its principal (null: it cannot be shared), and how a node gets
 * the principal back.
 * @typedef {{ record: (principal: import('./principal.js').Principal) => object | null, revive: (record: any) => import('./principal.js').Principal | null }} TicketCodec
 */

export class TicketStore {
  /**
   * @param {{ ttlMs?: number, max?: number, now?: () => number }} [options]
   */
  constructor({ ttlMs = 30_000, max = 10_000, now = Date.now } = {}) {
    this.ttlMs = ttlMs;
    this.max = max;
    this.now = now;
    /** @type {Map<string, { principal: import('./principal.js').Principal, expiresAt: number }>} */
    this.tickets = new Map();
  }

  /**
   * @param {import('./principal.js').Principal} principal
   * @returns {{ ticket: string, expiresAt: number } | null} null when too many are outstanding
   */
  issue(principal) {
    const now = this.now();
    if (this.tickets.size >= this.max) this.purge(now);
    if (this.tickets.size >= this.max) return null;
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = Math.min(now + this.ttlMs, principal.expiresAt ?? Infinity);
    this.tickets.set(ticket, { principal, expiresAt });
    return { ticket, expiresAt };
  }

  /**
   * The ticket's principal, once: a second use, or a use after it expired, gets null.
   * @param {string} ticket
   */
  take(ticket) {
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.tickets.delete(ticket);
    return entry.expiresAt > this.now() ? entry.principal : null;
  }

  /** @param {number} now */
  purge(now) {
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt <= now) this.tickets.delete(ticket);
  }
}

/** Tickets in Redis, for a cluster: the same contract, asynchronously. */
export class SharedTicketStore {
  /**
   * @param {{ shared: SharedTickets, codec: TicketCodec, ttlMs?: number, now?: () => number }} options
   */
  constructor({ shared, codec, ttlMs = 30_000, now = Date.now }) {
    this.shared = shared;
    this.codec = codec;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  /**
   * @param {import('./principal.js').Principal} principal
   * @returns {Promise<{ ticket: string, expiresAt: number } | null>} rejects while Redis is down
   */
  async issue(principal) {
    const record = this.codec.record(principal);
    if (record === null) return null;
    const now = this.now();
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = Math.min(now + this.ttlMs, principal.expiresAt ?? Infinity);
    await this.shared.put(ticket, JSON.stringify({ ...record, expiresAt }), Math.max(1, expiresAt - now));
    return { ticket, expiresAt };
  }

  /**
   * @param {string} ticket
   * @returns {Promise<import('./principal.js').Principal | null>} rejects while Redis is down
   */
  async take(ticket) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) return null;
    const json = await this.shared.take(ticket);
    if (json === null) return null;
    try {
      const record = JSON.parse(json);
      if (!(record.expiresAt > this.now())) return null;
      return this.codec.revive(record);
    } catch {
      return null;
    }
  }
}
