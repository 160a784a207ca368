// Topic names: what the server accepts from outside and what it reserves.

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
 * Parses a `?topics=a,b` filter. Returns null for "every topic".
 * @param {string | null} raw
 * @returns {{ topics: Set<string> | null, error: string | null }}
 */
export function parseTopicFilter(raw) {
  if (raw === null) return { topics: null, error: null };
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) return { topics: null, error: null };
  if (names.length > 256) return { topics: null, error: 'too many topics (max 256)' };
  for (const name of names) {
    if (!TOPIC_PATTERN.test(name)) return { topics: null, error: `invalid topic in ?topics: ${JSON.stringify(name.slice(0, 80))}` };
  }
  return { topics: new Set(names), error: null };
}
