// What a principal may do, built from a JWT's claims (or from --public-topics): subscribe and
// publish topic patterns and named actions. Claims are read with Object.hasOwn only, so a
// `__proto__` key in the token is an ordinary (ignored) name and never lends anyone a grant.
import { topicMatcher } from '../topic-pattern.js';

/** Topic names with `*` wildcards: the topic alphabet plus `*`, at most as long as a topic. */
export const GRANT_PATTERN = /^[A-Za-z0-9_.:@*-]{1,64}$/;
/** Patterns per list: a token is not a database. */
export const MAX_PATTERNS = 256;
const ACTION_PATTERN = /^[a-z][a-z0-9-]{0,31}:[a-z][a-z0-9-]{0,31}$/;

/** Actions the reference server knows (a token may name others; they grant nothing here). */
export const ACTIONS = Object.freeze(['alerts:ack', 'alerts:silence']);

/**
 * The claim an action needs: lifting a silence is part of silencing.
 * @param {string} action
 */
export const claimFor = (action) => (action === 'alerts:unsilence' ? 'alerts:silence' : action);

/**
 * @typedef {object} Grants
 * @property {string[]} subscribe patterns, as given
 * @property {string[]} publish patterns, as given
 * @property {ReadonlySet<string>} actions
 * @property {(topic: string) => boolean} canSubscribe
 * @property {(topic: string) => boolean} canPublish
 * @property {boolean} everyTopic subscribe includes `*` (no per-event filtering needed)
 */

/**
 * A bounded memo in front of a pattern matcher: streams ask about the same few topics for every
 * event, and a list of wildcard patterns costs a scan each time.
 * @param {string[]} patterns
 * @returns {(topic: string) => boolean}
 */
export function memoMatcher(patterns) {
  if (patterns.length === 0) return () => false;
  const match = topicMatcher(patterns);
  if (!patterns.some((p) => p.includes('*'))) return match;
  /** @type {Map<string, boolean>} */
  const memo = new Map();
  return (topic) => {
    let hit = memo.get(topic);
    if (hit === undefined) {
      hit = match(topic);
      if (memo.size >= 4096) memo.clear();
      memo.set(topic, hit);
    }
    return hit;
  };
}

/**
 * Grants from explicit lists (the public topics, or tests).
 * @param {{ subscribe?: string[], publish?: string[], actions?: string[] }} lists
 * @returns {Grants}
 */
export function makeGrants({ subscribe = [], publish = [], actions = [] }) {
  return {
    subscribe,
    publish,
    actions: new Set(actions),
    canSubscribe: memoMatcher(subscribe),
    canPublish: memoMatcher(publish),
    everyTopic: subscribe.includes('*'),
  };
}

/**
 * Grants from a verified JWT payload's `pulse` claim. No `pulse`, or no `pulse.subscribe`, means
 * no topics. A claim of the wrong shape makes the token unusable (401 naming the claim) rather
 * than silently granting less or more than its issuer meant.
 * @param {Record<string, unknown>} payload
 * @returns {Grants}
 * @throws {ClaimError}
 */
export function grantsFromClaims(payload) {
  const pulse = own(payload, 'pulse');
  if (pulse === undefined || pulse === null) return makeGrants({});
  if (typeof pulse !== 'object' || Array.isArray(pulse)) throw invalid('pulse must be an object');
  const p = /** @type {Record<string, unknown>} */ (pulse);
  return makeGrants({
    subscribe: patternList(own(p, 'subscribe'), 'pulse.subscribe'),
    publish: patternList(own(p, 'publish'), 'pulse.publish'),
    actions: actionList(own(p, 'actions')),
  });
}

/**
 * Validates a list of topic patterns (claims, --public-topics).
 * @param {unknown} value
 * @param {string} name for the error
 * @returns {string[]}
 * @throws {ClaimError}
 */
export function patternList(value, name) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`${name} must be an array of topic patterns`);
  if (value.length > MAX_PATTERNS) throw invalid(`${name} has more than ${MAX_PATTERNS} patterns`);
  for (const v of value) {
    if (typeof v !== 'string' || !GRANT_PATTERN.test(v)) throw invalid(`${name} must hold topic names or * patterns (^[A-Za-z0-9_.:@*-]{1,64}$)`);
  }
  return [...new Set(/** @type {string[]} */ (value))];
}

/**
 * @param {unknown} value
 * @returns {string[]}
 */
function actionList(value) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_PATTERNS) throw invalid('pulse.actions must be an array of action names like "alerts:ack"');
  for (const v of value) {
    if (typeof v !== 'string' || !ACTION_PATTERN.test(v)) throw invalid('pulse.actions must be an array of action names like "alerts:ack"');
  }
  return /** @type {string[]} */ (value);
}

/**
 * An own property, never one inherited (a `__proto__` key in JSON is an own property called
 * `__proto__`, and stays one here).
 * @param {unknown} obj
 * @param {string} key
 */
function own(obj, key) {
  return obj !== null && typeof obj === 'object' && Object.hasOwn(obj, key) ? /** @type {Record<string, unknown>} */ (obj)[key] : undefined;
}

/** A claim (or --public-topics) of the wrong shape. */
export class ClaimError extends Error {}

/** @param {string} message */
function invalid(message) {
  return new ClaimError(message);
}
