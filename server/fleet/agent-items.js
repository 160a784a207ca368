// The two control items a `pulseboard agent` sends in its /ingest batches besides data
// (docs/fleet.md, docs/wire-format.md):
//   {"topic": "pulse.heartbeat", "data": {"host": "web-1", "intervalMs": 5000, "topics": ["cpu@web-1", ...]}}
//   {"topic": "pulse.gap", "data": {"host": "web-1", "topics": ["logs@web-1"], "dropped": 120, "from": ms, "until": ms}}
// Every other `pulse.` topic stays reserved. Both name the data topics they concern, so access
// control can authorise them by those topics (see itemTopics in ../ingest-items.js).
import { TOPIC_PATTERN } from '../topics.js';

export const HEARTBEAT_TOPIC = 'pulse.heartbeat';
export const GAP_TOPIC = 'pulse.gap';
/** A host name as it appears after `@` in a topic. */
export const HOST_PATTERN = /^[A-Za-z0-9_.:-]{1,48}$/;
export const MAX_ITEM_TOPICS = 64;

/** @param {string} topic */
export function isAgentControlTopic(topic) {
  return topic === HEARTBEAT_TOPIC || topic === GAP_TOPIC;
}

/**
 * Why the data of an agent control item is unusable (`{field, error}`), or null.
 * @param {string} topic `pulse.heartbeat` or `pulse.gap`
 * @param {unknown} data
 * @returns {{ field: string, error: string } | null}
 */
export function agentItemProblem(topic, data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { field: 'data', error: `${topic} data must be an object` };
  const d = /** @type {Record<string, unknown>} */ (data);
  if (typeof d.host !== 'string' || !HOST_PATTERN.test(d.host)) return { field: 'data.host', error: 'host must match ^[A-Za-z0-9_.:-]{1,48}$' };
  if (!Array.isArray(d.topics) || d.topics.length === 0 || d.topics.length > MAX_ITEM_TOPICS) {
    return { field: 'data.topics', error: `topics must be a list of 1 to ${MAX_ITEM_TOPICS} topic names` };
  }
  for (const [i, t] of d.topics.entries()) {
    if (typeof t !== 'string' || !TOPIC_PATTERN.test(t) || t.startsWith('pulse.')) return { field: `data.topics[${i}]`, error: 'not a data topic name' };
  }
  const int = (/** @type {unknown} */ v, /** @type {number} */ min, /** @type {number} */ max) => Number.isInteger(v) && /** @type {number} */ (v) >= min && /** @type {number} */ (v) <= max;
  if (topic === HEARTBEAT_TOPIC) {
    if (!int(d.intervalMs, 100, 3_600_000)) return { field: 'data.intervalMs', error: 'intervalMs must be an integer from 100 to 3600000' };
    for (const key of ['buffered', 'dropped']) {
      if (d[key] !== undefined && !int(d[key], 0, Number.MAX_SAFE_INTEGER)) return { field: `data.${key}`, error: `${key} must be a non-negative integer` };
    }
    return null;
  }
  if (!int(d.dropped, 1, Number.MAX_SAFE_INTEGER)) return { field: 'data.dropped', error: 'dropped must be a positive integer' };
  for (const key of ['from', 'until']) {
    if (d[key] !== undefined && !(typeof d[key] === 'number' && Number.isFinite(d[key]) && /** @type {number} */ (d[key]) >= 0)) {
      return { field: `data.${key}`, error: `${key} must be epoch ms` };
    }
  }
  return null;
}
