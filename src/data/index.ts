/** The data layer: transports, the shared hub, payload parsing. Knows nothing of elements. */
export type * from './types.js';
export { StreamHub, ALL_TOPICS, resolveHistoryUrl, type HubOptions, type GapInfo, type SourceStatus, type SubscribeOptions } from './stream-hub.js';
export { compareEventIds, eventIdKey, type EventIdKey } from './event-id.js';
export { topicMatches, isTopicPattern } from './topic-pattern.js';
export { sharedHub, sharedHubCount, transportFor, absoluteUrl } from './hub-registry.js';
export { SseTransport } from './sse-transport.js';
export { WsTransport } from './ws-transport.js';
export { RingBuffer } from './ring-buffer.js';
export { parseDuration } from './duration.js';
export { readField } from './field-path.js';
export { parseTimestamp } from './timestamp.js';
export { parseMetric, type MetricSample, type MetricResult } from './metric-payload.js';
export { backoffDelay } from './backoff.js';
export { parseAlerts, normaliseSeverity, labelsKey, ALERT_SEVERITIES, type Alert, type AlertSeverity, type AlertStatus, type AlertParseResult } from './alert-payload.js';
export { AlertStore, compareAlerts, type AlertEntry, type AlertStoreOptions } from './alert-store.js';
export { parseAgent, normaliseAgentState, AGENT_STATES, type AgentState, type AgentUpdate, type AgentParseResult } from './agent-payload.js';
export { AgentStore, AgentRecord, type AgentSnapshot } from './agent-store.js';
export { fetchHistory, type HistoryItem, type HistoryQuery } from './history-client.js';
