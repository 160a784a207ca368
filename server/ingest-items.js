// Validation of POST /ingest bodies. Everything is checked before anything is published.
//
// Accepted item forms (a body is one item or an array of items):
//   envelope:  {"topic": "cpu", "data": <any JSON except null>}   (exactly these two keys)
//   inline:    {"topic": "logs", "level": "info", "message": "..."} (the object minus `topic` is the payload)
// `topic` may be omitted when the request has `?topic=NAME`.
// Agents also send `pulse.heartbeat` and `pulse.gap` envelopes (fleet/agent-items.js); every other
// `pulse.` topic is reserved.
import { HttpError } from './http-util.js';
import { topicProblem } from './topics.js';
import { AGENT_EVENTS_TOPIC, agentEventProblem } from './agent-events.js';
import { agentItemProblem, isAgentControlTopic } from './fleet/agent-items.js';

/**
 * @typedef {{ topic: string, data: unknown }} IngestItem
 */

/**
 * @param {unknown} body parsed JSON
 * @param {string | null} defaultTopic from `?topic=`
 * @param {number} [maxItems]
 * @returns {IngestItem[]}
 * @throws {HttpError} 400 naming the item index and field
 */
export function validateIngest(body, defaultTopic, maxItems = 10_000) {
  if (defaultTopic !== null) {
    const problem = topicProblem(defaultTopic);
    if (problem) throw new HttpError(400, `?topic: ${problem}`, { field: 'topic' });
  }
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new HttpError(400, 'empty array: nothing to ingest', { field: null });
  if (items.length > maxItems) throw new HttpError(400, `too many items (max ${maxItems})`, { field: null });
  return items.map((item, index) => validateItem(item, index, defaultTopic));
}

/**
 * @param {unknown} item
 * @param {number} index
 * @param {string | null} defaultTopic
 * @returns {IngestItem}
 */
function validateItem(item, index, defaultTopic) {
  /** @param {string} message @param {string | null} field */
  const fail = (message, field) => new HttpError(400, message, { index, field });
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw fail('item must be an object: {"topic": "...", "data": ...} or a payload object with a "topic" field', null);
  }
  const obj = /** @type {Record<string, unknown>} */ (item);
  const hasTopic = Object.hasOwn(obj, 'topic');
  const topic = hasTopic ? obj.topic : defaultTopic;
  if (topic === null || topic === undefined) throw fail('missing topic (give "topic" or ?topic=)', 'topic');
  if (typeof topic === 'string' && isAgentControlTopic(topic)) {
    if (!Object.hasOwn(obj, 'data') || !Object.keys(obj).every((k) => k === 'topic' || k === 'data')) throw fail(`${topic} must be an envelope {"topic", "data"}`, null);
    const bad = agentItemProblem(topic, obj.data);
    if (bad) throw fail(bad.error, bad.field);
    return { topic, data: obj.data };
  }
  const problem = topicProblem(topic);
  if (problem) throw fail(problem, 'topic');
  const validTopic = /** @type {string} */ (topic);

  const keys = Object.keys(obj);
  const envelope = Object.hasOwn(obj, 'data') && keys.every((k) => k === 'topic' || k === 'data');
  let data;
  let prefix;
  if (envelope) {
    data = obj.data;
    prefix = 'data';
    if (data === null) throw fail('data must not be null', 'data');
  } else {
    const { topic: _ignored, ...rest } = obj;
    if (Object.keys(rest).length === 0) throw fail('missing data: give "data" or payload fields next to "topic"', 'data');
    data = rest;
    prefix = '';
  }

  if (validTopic === AGENT_EVENTS_TOPIC) {
    const events = Array.isArray(data) ? data : [data];
    events.forEach((ev, i) => {
      const bad = agentEventProblem(ev);
      if (!bad) return;
      const at = Array.isArray(data) ? `${prefix}[${i}]` : prefix;
      const field = [at, bad.field].filter((s) => s).join('.') || null;
      throw fail(bad.error, field);
    });
  }
  return { topic: validTopic, data };
}

/**
 * The data topics an item publishes to, for access control: its own topic, or for an agent's
 * heartbeat and gap items the topics they concern (a publish claim like `*@web-1` covers them).
 * @param {IngestItem} item
 * @returns {string[]}
 */
export function itemTopics(item) {
  if (isAgentControlTopic(item.topic)) return /** @type {{ topics: string[] }} */ (item.data).topics;
  return [item.topic];
}
