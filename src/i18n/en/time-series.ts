import { addEnglish } from '../locales.js';
import type { Message } from '../messages.js';

/**
 * The English strings of `<time-series>`, kept out of the shared core: they load with the element's
 * chunk and join the English fallback then (the German and Japanese tables have them too).
 */
export const enTimeSeries = {
  'chart.label': 'Time series',
  'chart.zoomed': 'Zoomed',
  'chart.paused': 'Paused',
  'chart.backToLive': 'Back to live',
  'chart.pause': 'Pause',
  'chart.aria': '{name}, chart of {series} over the last {window}',
  'chart.noSeries': 'no series yet',
  'chart.series': 'Series',
  'chart.toggle': 'Show or hide {name}',
  'chart.gap': 'gap',
  'chart.noData': 'no data',
  'chart.latest': 'Latest values: {values}.',
  'chart.latestAt': 'Latest values at {time}: {values}.',
  'chart.warn': 'warn {value}',
  'chart.crit': 'crit {value}',
  // Gaps in a chart (issue-13a's TIME_SERIES_TEXT): the words are here, the wiring comes at merge.
  'chart.gap.disconnected': 'disconnected',
  'chart.gap.lost': 'events lost',
  'chart.gap.restart': 'server restarted',
  'chart.gap.no-data': 'no data',
  'chart.offline': 'disconnected',
  'chart.gapSpan': '{cause} from {from} to {to}',
  'chart.gapSpanSeries': '{cause} from {from} to {to} ({series})',
  'chart.gaps': 'Gaps in the data: {spans}.',
  'chart.downSince': 'Disconnected since {since}; nothing is drawn after that.',
} satisfies Record<string, Message>;

addEnglish(enTimeSeries);
