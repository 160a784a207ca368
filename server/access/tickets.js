// Single-use WebSocket tickets: browsers cannot set headers on a WebSocket, and a bearer token in
// the URL ends up in logs and history. POST /auth/ticket (with the token in a header or cookie)
// returns a random ticket that opens one /ws connection within `ttlMs`, as the principal that
// asked for it; the stream still ends at the token's own expiry.
import { randomBytes } from 'node:crypto';

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
