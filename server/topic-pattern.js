// Topic patterns: `*` stands for any run of characters (also none); everything else is literal,
// and a pattern must match the whole name. `cpu@*` matches `cpu@web-1` but not `xcpu@web-1`;
// `logs@web-*` never matches `logs@db-1`. Used by `?topics=` filters and by access-control claims.
//
// The browser has its own copy (src/data/topic-pattern.ts): the server shares only the wire
// format with browser code, and these semantics are part of it (docs/wire-format.md).

/**
 * True when `name` contains a wildcard.
 * @param {string} name
 */
export function isTopicPattern(name) {
  return name.includes('*');
}

/**
 * Whether `topic` matches `pattern`. Linear-time greedy wildcard matching (no regular
 * expression is built from input, so no pattern can make matching slow or mean more than it says).
 * @param {string} pattern
 * @param {string} topic
 * @returns {boolean}
 */
export function topicMatches(pattern, topic) {
  if (!isTopicPattern(pattern)) return pattern === topic;
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < topic.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === topic[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * A predicate for a list of names and patterns: true when any of them matches.
 * @param {Iterable<string>} patterns
 * @returns {(topic: string) => boolean}
 */
export function topicMatcher(patterns) {
  /** @type {Set<string>} */
  const exact = new Set();
  /** @type {string[]} */
  const wild = [];
  for (const p of patterns) {
    if (isTopicPattern(p)) wild.push(p);
    else exact.add(p);
  }
  return (topic) => exact.has(topic) || wild.some((p) => topicMatches(p, topic));
}

/**
 * Whether some topic name matches both `a` and `b` (names or patterns): a client filtering on
 * `app.*` wants to hear about a source status keyed `app.req*`. Dynamic programming over the two
 * patterns (at most 64 characters each, so at most 65 × 65 steps, no backtracking blow-up).
 * @param {string} a
 * @param {string} b
 * @returns {boolean}
 */
export function patternsOverlap(a, b) {
  if (!isTopicPattern(a)) return topicMatches(b, a);
  if (!isTopicPattern(b)) return topicMatches(a, b);
  /** @type {Map<number, boolean>} */
  const memo = new Map();
  const width = b.length + 1;
  /** @param {number} i @param {number} j @returns {boolean} */
  const go = (i, j) => {
    if (i === a.length && j === b.length) return true;
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok = false;
    if (i < a.length && a[i] === '*') ok = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === '*') ok = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else ok = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0);
}
