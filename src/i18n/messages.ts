import type { enAgentStatus } from './en/agent-status.js';
import type { enAlertList } from './en/alert-list.js';
import type { enLogFirehose } from './en/log-firehose.js';
import type { enTimeSeries } from './en/time-series.js';

/**
 * Every built-in string of the elements, keyed, with the English tables as the source of truth:
 * `en` here holds what every page needs (status, times, the gauge, spoken units); each other
 * element's strings are in `en/<element>.ts` and load with that element (`english.ts` has all).
 * A message is a string with `{name}` placeholders, or a set of plural forms chosen by
 * `Intl.PluralRules` for the `count` parameter (`one`, `other`, and `zero`/`two`/`few`/`many`
 * where a language has them). Numbers passed as parameters are formatted for the language.
 *
 * Plain data on purpose: a page can add or override a locale from JSON (see docs/localisation.md).
 */

/** Plural forms of a message; `other` is required, the rest as the language needs. */
export type PluralMessage = { readonly other: string } & { readonly [form in Exclude<Intl.LDMLPluralRule, 'other'>]?: string };

export type Message = string | PluralMessage;

export const en = {
  // -------------------------------------------------------------- status indicator (every element)
  'status.no-source': 'No source',
  'status.connecting': 'Connecting',
  'status.waiting': 'Waiting for data',
  'status.live': 'Live',
  'status.stale': 'Stale',
  'status.reconnecting': 'Reconnecting',
  'status.disconnected': 'Disconnected',
  // Status words other branches added (TEAM.md seam 1): issue-15's, issue-16's, issue-17's.
  'status.source-error': 'Source error',
  'status.unauthorized': 'Not authorized',
  'status.offline': 'Offline',
  // Reasons after the word: "Not authorized: no access to secret", "Source error: Prometheus unreachable since 14:03:07".
  'status.noAccess': 'no access to {topics}',
  'status.sourceFailing': 'upstream failing',
  'status.sourceSince': '{reason} since {since}',
  'status.withReason': '{status}: {reason}',
  'status.stopped': 'Stopped: {reason}',
  'status.noData': 'No data yet',
  'status.lastData': 'Last data {time}',
  'status.skippedTitle': { one: '{count} malformed payload skipped', other: '{count} malformed payloads skipped' },
  'status.gapsTitle': { one: '{count} gap: some events were lost upstream', other: '{count} gaps: some events were lost upstream' },
  'status.skipped': '{count} skipped',
  'status.gap': 'gap in data',
  // Some of the hosts an element shows are offline ("· 2 offline"); the tooltip names a topic whose agent sent no reason.
  'status.offlineCount': '{count} offline',
  'status.topicOffline': '{topic} offline',

  // -------------------------------------------------------------- times
  'time.justNow': 'just now',
  'time.ago': '{age} ago',

  // -------------------------------------------------------------- <metric-gauge>
  'gauge.label': 'Gauge',
  'gauge.level.warn': 'warning',
  'gauge.level.crit': 'critical',
  'gauge.backToNormal': 'back to normal',
  'gauge.noData': 'no data',
  'gauge.stale': 'stale',
  'gauge.disconnected': 'disconnected',
  'gauge.unauthorized': 'not authorized',
  'gauge.sourceError': 'source error',
  'gauge.offline': 'offline',
  'gauge.rising': 'rising',
  'gauge.falling': 'falling',
  'gauge.steady': 'steady',

  // -------------------------------------------------------------- spoken units Intl cannot name
  'unit.bytes': 'bytes',
  'unit.kibibytes': 'kibibytes',
  'unit.mebibytes': 'mebibytes',
  'unit.gibibytes': 'gibibytes',
  'unit.tebibytes': 'tebibytes',
  'unit.pebibytes': 'pebibytes',
  'unit.exbibytes': 'exbibytes',
  'unit.kibibytesPerSecond': 'kibibytes per second',
  'unit.mebibytesPerSecond': 'mebibytes per second',
  'unit.gibibytesPerSecond': 'gibibytes per second',
  'unit.tebibytesPerSecond': 'tebibytes per second',
  'unit.pebibytesPerSecond': 'pebibytes per second',
  'unit.operationsPerSecond': 'operations per second',
  'unit.requestsPerSecond': 'requests per second',
  'unit.packetsPerSecond': 'packets per second',
  'unit.writesPerSecond': 'writes per second',
  'unit.readsPerSecond': 'reads per second',
} satisfies Record<string, Message>;

/**
 * The keys every locale table has: the core English table's (`en`: status, times, gauge, units)
 * and each element's own (`en/<element>.ts`, loaded with that element).
 */
export type MessageKey =
  | keyof typeof en
  | keyof typeof enLogFirehose
  | keyof typeof enAlertList
  | keyof typeof enAgentStatus
  | keyof typeof enTimeSeries;

/** A complete locale table. Shipped locales are type-checked to have every key. */
export type PulseMessages = Record<MessageKey, Message>;

/** Parameters a message may use: numbers are formatted for the language, `count` picks the plural form. */
export type MessageParams = Readonly<Record<string, string | number>>;
