// Topic patterns: `*` stands for any run of characters (also none); everything else is literal,
// and a pattern must match the whole name. `cpu@*` matches `cpu@web-1` but not `xcpu@web-1`.
// The server has the same rules in server/topic-pattern.js (they are part of the wire format).

/** True when `name` contains a wildcard. */
export function isTopicPattern(name: string): boolean {
  return name.includes('*');
}

/**
 * Whether `topic` matches `pattern`: linear-time greedy wildcard matching, no regular expression
 * built from input.
 */
export function topicMatches(pattern: string, topic: string): boolean {
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
 * What the `*` of a one-wildcard pattern stands for in `topic` (`cpu@*` and `cpu@web-1` give
 * `web-1`), or undefined when the pattern has no or several wildcards or does not match. Elements
 * name a pattern's series after it, so `cpu@*` draws lines called by host.
 */
export function wildcardPart(pattern: string, topic: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0 || pattern.indexOf('*', star + 1) >= 0) return undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (topic.length < prefix.length + suffix.length || !topic.startsWith(prefix) || !topic.endsWith(suffix)) return undefined;
  return topic.slice(prefix.length, topic.length - suffix.length);
}

/**
 * Whether some topic name matches both `a` and `b` (names or patterns): the server allows
 * `cpu@web-1` and an element subscribes to `cpu@*`, so it is not refused. Dynamic programming
 * over the two patterns (bounded by their lengths; no backtracking blow-up).
 */
export function patternsOverlap(a: string, b: string): boolean {
  if (!isTopicPattern(a)) return topicMatches(b, a);
  if (!isTopicPattern(b)) return topicMatches(a, b);
  const memo = new Map<number, boolean>();
  const width = b.length + 1;
  const go = (i: number, j: number): boolean => {
    if (i === a.length && j === b.length) return true;
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok: boolean;
    if (i < a.length && a[i] === '*') ok = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === '*') ok = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else ok = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0);
}
