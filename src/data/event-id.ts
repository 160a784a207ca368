// Stream ids as the data layer compares them: a decimal integer (`1042`, the single-node
// reference server) or a Redis stream id (`1763800000000-3`, milliseconds and a sequence number,
// the reference server in cluster mode). Both are monotonic per stream; only their order matters.

/** A parsed id: `[major, minor]`; a decimal id is `[n, 0]`. */
export type EventIdKey = readonly [number, number];

const DECIMAL = /^\d{1,16}$/;
const STREAM_ID = /^(\d{1,16})-(\d{1,16})$/;

/** The id's place in the order, or undefined when it is neither form (then it is not compared). */
export function eventIdKey(id: string): EventIdKey | undefined {
  if (DECIMAL.test(id)) return [Number(id), 0];
  const m = STREAM_ID.exec(id);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Negative, zero or positive as `a` comes before, with or after `b`. */
export function compareEventIdKeys(a: EventIdKey, b: EventIdKey): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** Compares two ids; undefined when either cannot be ordered. */
export function compareEventIds(a: string, b: string): number | undefined {
  const ka = eventIdKey(a);
  const kb = eventIdKey(b);
  return ka && kb ? compareEventIdKeys(ka, kb) : undefined;
}
