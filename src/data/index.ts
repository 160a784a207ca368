/** The data layer: transports, the shared hub, payload parsing. Knows nothing of elements. */
export type * from './types.js';
export { StreamHub, ALL_TOPICS, type HubOptions, type GapInfo, type SubscribeOptions } from './stream-hub.js';
export { sharedHub, sharedHubCount, transportFor, absoluteUrl } from './hub-registry.js';
export { SseTransport } from './sse-transport.js';
export { WsTransport } from './ws-transport.js';
export { RingBuffer } from './ring-buffer.js';
export { parseDuration } from './duration.js';
export { readField } from './field-path.js';
export { parseTimestamp } from './timestamp.js';
export { parseMetric, type MetricSample, type MetricResult } from './metric-payload.js';
export { backoffDelay } from './backoff.js';
