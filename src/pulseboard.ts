/**
 * Pulseboard: registers every element and exports their classes and the data layer.
 * Import a single element's entry (`pulseboard/metric-gauge.js`) to pay only for that one.
 */
export * from './data/index.js';
export { frameScheduler, type FrameClient } from './render/frame-scheduler.js';
export { PulseElement } from './render/pulse-element.js';
export { DEPRECATED_EVENTS, type EmitOptions, type PulseEventMap, type PulseEventName, type PulseEventDetail } from './render/events.js';
export type { StreamStatus } from './render/stream-controller.js';
export { PulseSource, type PulseStateDetail, type PulseFreshness, type PulseSourceChangeDetail } from './elements/pulse-source/pulse-source.js';
export * from './i18n/index.js';
export { MetricGauge, type PulseGaugeCrossDetail, type PulseThresholdDetail } from './elements/metric-gauge/metric-gauge.js';
export { TimeSeries, type TimeSeriesMode, type PulseSeriesZoomDetail, type PulseZoomDetail } from './elements/time-series/time-series.js';
export { AlertList, type PulseAlertAckDetail, type PulseAlertSilenceDetail, type PulseAlertUnsilenceDetail, type AlertActionDetail } from './elements/alert-list/alert-list.js';
export { AgentStatus, type PulseAgentSelectDetail, type AgentSelectDetail } from './elements/agent-status/agent-status.js';
export { LogFirehose, type PulseLogCopyDetail, type PulseLogPauseDetail, type LogCopyDetail, type LogPauseDetail } from './elements/log-firehose/log-firehose.js';
