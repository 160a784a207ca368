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
