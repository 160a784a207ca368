// Topic names: what the server accepts from outside and what it reserves.
import { isTopicPattern, patternsOverlap, topicMatches } from './topic-pattern.js';

/** Allowed topic names for data published through /ingest and the `?topics=` filter; `@` separates a host (`cpu@web-1`). */
export const TOPIC_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;

/** Control topics (`pulse.hello`, `pulse.gap`, `pulse.heartbeat`) start with this; never data. */
export const CONTROL_PREFIX = 'pulse.';

/**
 * Why a topic name is unusable for data, or null when it is fine.
 * @param {unknown} topic
 * @returns {string | null}
 */
export function topicProblem(topic) {
  if (typeof topic !== 'string') return 'topic must be a string';
  if (!TOPIC_PATTERN.test(topic)) return 'topic must match ^[A-Za-z0-9_.:@-]{1,64}$';
  if (topic.startsWith(CONTROL_PREFIX)) return 'topics starting with "pulse." are reserved for control events';
  return null;
}

/**
 * Parses a `?topics=a,b` filter; entries may be `*` patterns (`cpu@*`). Returns null for "every
 * topic" (absent, empty, or a lone `*`).
 * @param {string | null} raw
 * @param {{ stats?: { overCap: number }, maxMatched?: number }} [options] where to count events skipped by the pattern cap
 * @returns {{ topics: TopicFilter | null, error: string | null }}
 */
export function parseTopicFilter(raw, options = {}) {
  if (raw === null) return { topics: null, error: null };
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0 || names.includes('*')) return { topics: null, error: null };
  if (names.length > 256) return { topics: null, error: 'too many topics (max 256)' };
  for (const name of names) {
    if (!TOPIC_FILTER_ENTRY.test(name)) return { topics: null, error: `invalid topic in ?topics: ${JSON.stringify(name.slice(0, 80))}` };
  }
  if (names.filter(isTopicPattern).length > MAX_FILTER_PATTERNS) return { topics: null, error: `too many patterns in ?topics (max ${MAX_FILTER_PATTERNS})` };
  return { topics: new TopicFilter(names, options), error: null };
}

/**
 * What a topic filter must answer (a Set of names works too). `overlaps(pattern)`, when present:
 * whether any topic the filter takes could match `pattern` (a source status keyed `app.*`).
 * @typedef {{ has(topic: string): boolean, overlaps?: (pattern: string) => boolean }} TopicSet
 */

/** A `?topics=` entry: a topic name, or a pattern where `*` stands for any run of characters. */
export const TOPIC_FILTER_ENTRY = /^[A-Za-z0-9_.:@*-]{1,64}$/;
/** Patterns (entries with `*`) one filter may hold: each costs a match per new topic name. */
export const MAX_FILTER_PATTERNS = 16;
/** Distinct topics one filter's patterns may match; events of further topics are skipped and counted. */
export const MAX_MATCHED_TOPICS = 256;

/**
 * A client's `?topics=` filter: exact names and `*` patterns (server/topic-pattern.js). Control
 * records in the history (`pulse.gap` from agents) always pass; the client decides what they
 * concern. Bounded: a pattern matches at most `maxMatched` distinct topics; events of topics past
 * that are not sent and counted in `stats.overCap`, so `*` on a stream with ever-new topic names
 * cannot grow memory. Decisions are cached per topic (bounded too).
 */
export class TopicFilter {
  /**
   * @param {string[]} names
   * @param {{ maxMatched?: number, stats?: { overCap: number }, visible?: ((topic: string) => boolean) | null }} [options]
   *   visible: what the client's token may see; a pattern's match it may not see is no match (it
   *   costs none of the cap), so `?topics=*` with a narrow token still gets every topic it may see
   */
  constructor(names, options = {}) {
    this.options = options;
    this.visible = options.visible ?? null;
    /** Every entry as written (names and patterns), in order. */
    this.names = names;
    /** @type {Set<string>} */
    this.exact = new Set();
    /** @type {string[]} */
    this.patterns = [];
    for (const name of names) {
      if (isTopicPattern(name)) this.patterns.push(name);
      else this.exact.add(name);
    }
    /**
     * Equal keys take exactly the same records, so clients may share one run's bytes
     * (stream-client.js). Exact names only: a pattern's matches depend on the connection's history (its cap).
     * @type {string | null}
     */
    this.shareKey = this.patterns.length === 0 ? [...this.exact].sort().join(',') : null;
    this.maxMatched = options.maxMatched ?? MAX_MATCHED_TOPICS;
    this.stats = options.stats ?? { overCap: 0 };
    /** @type {Map<string, boolean>} */
    this.decided = new Map();
    this.matched = 0;
  }

  /** @param {string} topic */
  has(topic) {
    if (this.exact.has(topic)) return true;
    if (topic.startsWith(CONTROL_PREFIX)) return true;
    if (this.patterns.length === 0) return false;
    const known = this.decided.get(topic);
    if (known !== undefined) return known;
    if (!this.patterns.some((p) => topicMatches(p, topic)) || (this.visible !== null && !this.visible(topic))) {
      if (this.decided.size < 4 * this.maxMatched) this.decided.set(topic, false);
      return false;
    }
    if (this.matched >= this.maxMatched) {
      this.stats.overCap++;
      return false;
    }
    this.matched++;
    this.decided.set(topic, true);
    return true;
  }

  /**
   * The same filter over fewer entries, its pattern matches limited to what `visible` lets through
   * (access control: ?topics= intersected with the token's subscribe claims). Shares the stats.
   * @param {string[]} names
   * @param {((topic: string) => boolean) | null} visible
   */
  narrowed(names, visible) {
    return new TopicFilter(names, { ...this.options, visible });
  }

  /**
   * Whether a topic this filter takes could match `pattern` (no counting, no caching: status
   * keys are few).
   * @param {string} pattern
   */
  overlaps(pattern) {
    return this.names.some((name) => patternsOverlap(name, pattern));
  }
}
