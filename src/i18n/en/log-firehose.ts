import { addEnglish } from '../locales.js';
import type { Message } from '../messages.js';

/**
 * The English strings of `<log-firehose>`, kept out of the shared core: they load with the element's
 * chunk and join the English fallback then (the German and Japanese tables have them too).
 */
export const enLogFirehose = {
  'log.label': 'Log',
  'log.pause': 'Pause',
  'log.resume': 'Resume',
  'log.levels': 'Levels shown',
  'log.level.trace': 'TRACE',
  'log.level.debug': 'DEBUG',
  'log.level.info': 'INFO',
  'log.level.warn': 'WARN',
  'log.level.error': 'ERROR',
  'log.level.fatal': 'FATAL',
  'log.level.unknown': 'OTHER',
  'log.filter': 'Filter',
  'log.filterLabel': 'Filter lines',
  'log.regex': 'Regular expression',
  'log.regexInvalid': 'Invalid regular expression: {detail}',
  'log.wrap': 'Wrap',
  'log.time': 'Time',
  'log.copyVisible': 'Copy visible',
  'log.droppedWhilePaused': {
    one: '{count} older line was dropped while paused (the buffer keeps {capacity} lines).',
    other: '{count} older lines were dropped while paused (the buffer keeps {capacity} lines).',
  },
  'log.pausedLabel': '{label} (paused)',
  'log.noMatch': 'No line matches the filter.',
  'log.waiting': 'Waiting for log lines…',
  'log.newLines': { one: '{count} new line', other: '{count} new lines' },
  'log.followNewest': 'Follow newest',
  'log.lines': { one: '{count} line', other: '{count} lines' },
  'log.shown': '{count} shown',
  'log.lastLine': 'Last line received {age}',
  'log.unusableTs': '{count} with unusable timestamp',
  'log.unusableTsTitle': 'These lines carried a timestamp that could not be read; their arrival time is shown',
  'log.unusableTsRow': 'Unusable timestamp: arrival time shown',
  'log.summaryLabel': '{label} summary',
  'log.announceLines': { one: '{count} new line', other: '{count} new lines' },
  'log.announceErrors': { one: '{count} error', other: '{count} errors' },
  'log.gapRestart': 'The server restarted: lines may be missing here',
  'log.gapLost': "Lines were lost upstream here (after event {after}, the server's history starts at {oldest})",
  'log.details': 'Details',
  'log.copyLine': 'Copy line',
  'log.lineDetails': 'Line details',
  'log.closeDetails': 'Close details',
  'log.tsUnreadable': "The line's timestamp could not be read; the arrival time is shown.",
  'log.moreChars': { one: '…({count} more char)', other: '…({count} more chars)' },
  'log.moreCharsCopy': { one: '…({count} more char, copy the line to get it)', other: '…({count} more chars, copy the line to get them)' },
  'log.cutOnArrival': { one: '({count} char was cut on arrival to bound memory)', other: '({count} chars were cut on arrival to bound memory)' },
  'log.fieldsUnshowable': '[fields could not be shown]',
  'log.copied': { one: 'Copied {count} line', other: 'Copied {count} lines' },
  'log.copyFailed': 'Copy failed: select the text and copy it',
} satisfies Record<string, Message>;

addEnglish(enLogFirehose);
