// Event ids on the server: integers (single node: one sequence per server) or Redis stream ids
// (`<ms>-<seq>`, cluster mode). Only their order matters; this compares either kind.

/**
 * `[ms, seq]` of a Redis stream id (`1763800000000-3`, or `1763800000000` meaning `-0`), or null.
 * @param {string} id
 * @returns {[number, number] | null}
 */
export function parseStreamId(id) {
  const m = /^(\d{1,16})(?:-(\d{1,16}))?$/.exec(id);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : null;
}

/**
 * Order of two stream ids that parsed (see parseStreamId).
 * @param {[number, number]} a
 * @param {[number, number]} b
 */
export function compareStreamKeys(a, b) {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/**
 * Negative, zero or positive as `a` comes before, with or after `b`: numbers by value, stream ids
 * by milliseconds then sequence.
 * @param {number | string} a
 * @param {number | string} b
 */
export function compareIds(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const ka = parseStreamId(String(a)) ?? [0, 0];
  const kb = parseStreamId(String(b)) ?? [0, 0];
  return compareStreamKeys(ka, kb);
}
