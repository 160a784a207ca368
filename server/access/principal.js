// Who is asking, and what they may do. Every request gets one (see access.js):
// - `open`: no authentication configured; everything is allowed (the server's default);
// - `token`: the shared --token; everything is allowed (the simple all-access case);
// - `jwt`: a verified JWT; its `pulse` claim decides, plus the public topics;
// - `anonymous`: no credential while --public-topics is set; those topics only, read-only;
// - `webhook`: the --webhook-token on /alertmanager; publishes `alerts`, nothing else.

/** The server writes the audit topic; no token may publish to it. */
export const AUDIT_TOPIC = 'audit';

/**
 * @typedef {object} Principal
 * @property {'open' | 'token' | 'jwt' | 'anonymous' | 'webhook'} kind
 * @property {string | null} sub the JWT's subject; null for everyone else
 * @property {number | null} expiresAt epoch ms when the credential expires (streams end then)
 * @property {(topic: string) => boolean} canSubscribe
 * @property {(topic: string) => boolean} canPublish
 * @property {boolean} publishes may publish to some topic at all (else refused before a body is read)
 * @property {(action: string) => boolean} can
 * @property {boolean} everyTopic may see every topic (no per-event filter needed)
 * @property {string[] | null} subscribePatterns what it may see, for `pulse.hello` (null: everything)
 * @property {string | null} limitKey key for per-subject limits; null when none apply
 * @property {Record<string, unknown>} [claims] a JWT's verified claims (a cluster shares tickets as these)
 */

const yes = () => true;
const no = () => false;

/** @type {Principal} */
export const OPEN = Object.freeze({ kind: 'open', sub: null, expiresAt: null, canSubscribe: yes, canPublish: yes, publishes: true, can: yes, everyTopic: true, subscribePatterns: null, limitKey: null });

/** @type {Principal} */
export const SHARED_TOKEN = Object.freeze({ ...OPEN, kind: 'token' });

/** @type {Principal} */
export const WEBHOOK = Object.freeze({ kind: 'webhook', sub: null, expiresAt: null, canSubscribe: no, canPublish: (t) => t === 'alerts', publishes: true, can: no, everyTopic: false, subscribePatterns: [], limitKey: null });

/**
 * @param {import('./grants.js').Grants} publicGrants
 * @param {string} address the client's address (limits are per address for anonymous viewers)
 * @returns {Principal}
 */
export function anonymous(publicGrants, address) {
  return {
    kind: 'anonymous',
    sub: null,
    expiresAt: null,
    canSubscribe: publicGrants.canSubscribe,
    canPublish: no,
    publishes: false,
    can: no,
    everyTopic: publicGrants.everyTopic,
    subscribePatterns: publicGrants.subscribe,
    limitKey: `anonymous:${address}`,
  };
}

/**
 * @param {Record<string, unknown>} payload verified claims
 * @param {import('./grants.js').Grants} grants from the claims
 * @param {import('./grants.js').Grants} publicGrants what anyone may see anyway
 * @returns {Principal}
 */
export function fromJwt(payload, grants, publicGrants) {
  const sub = Object.hasOwn(payload, 'sub') && typeof payload.sub === 'string' ? payload.sub : null;
  const exp = Object.hasOwn(payload, 'exp') && typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  const everyTopic = grants.everyTopic || publicGrants.everyTopic;
  const subscribe = publicGrants.subscribe.length === 0 ? grants.canSubscribe : (/** @type {string} */ t) => grants.canSubscribe(t) || publicGrants.canSubscribe(t);
  return {
    kind: 'jwt',
    claims: payload,
    sub,
    expiresAt: exp,
    canSubscribe: subscribe,
    canPublish: grants.canPublish,
    publishes: grants.publish.length > 0,
    can: (action) => grants.actions.has(action),
    everyTopic,
    subscribePatterns: everyTopic ? null : [...new Set([...grants.subscribe, ...publicGrants.subscribe])],
    limitKey: `sub:${sub ?? ''}`,
  };
}

/** A request that was never authenticated (a wiring bug): allowed nothing. */
/** @type {Principal} */
export const NOBODY = Object.freeze({ kind: 'anonymous', sub: null, expiresAt: null, canSubscribe: no, canPublish: no, publishes: false, can: no, everyTopic: false, subscribePatterns: [], limitKey: null });
