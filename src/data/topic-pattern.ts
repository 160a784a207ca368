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
