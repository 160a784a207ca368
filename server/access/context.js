// The server context's access functions (spread into ctx by app.js): the seam other routes use.
// - ctx.principalOf(req): who sent this request (authenticated in app.js before any route runs);
// - ctx.actorOf(req): `{ sub }` of that principal, for action routes (ack, silence);
// - ctx.authorizeAction(req, action, target): the actor when its token has `action` in
//   pulse.actions; otherwise the refusal is audited and a 403 (401 anonymous) is thrown;
// - ctx.audit({ sub, action, target, result }): records an action (topic `audit`, log, storage).
import { NOBODY } from './principal.js';

/**
 * @param {import('./access.js').Access} access
 */
export function accessContext(access) {
  /** @type {WeakMap<import('node:http').IncomingMessage, import('./principal.js').Principal>} */
  const principals = new WeakMap();
  /** @param {import('node:http').IncomingMessage} req */
  const principalOf = (req) => principals.get(req) ?? NOBODY;
  return {
    access,
    principalOf,
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('./principal.js').Principal} principal
     */
    setPrincipal(req, principal) {
      principals.set(req, principal);
    },
    /**
     * @param {import('node:http').IncomingMessage} req
     * @returns {{ sub: string | null }}
     */
    actorOf: (req) => ({ sub: principalOf(req).sub }),
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {string} action e.g. `alerts:ack`, `alerts:silence`
     * @param {string | null} [target] the alert id or topic acted on
     */
    authorizeAction: (req, action, target = null) => access.checkAction(principalOf(req), action, target),
    audit: access.audit,
  };
}
