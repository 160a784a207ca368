import { LOG_LEVELS, type LogLevel, type LogRecord } from '../../data/log-payload.js';
import { cleanLogText, type CleanText } from '../../data/log-text.js';
import { RingBuffer } from '../../data/ring-buffer.js';
import { positiveIntOr, wordList } from '../../render/attributes.js';
import type { AnsiSegment } from './ansi.js';

/** Characters of a line a filter looks at: bounds the cost of any pattern, catastrophic ones included. */
export const MAX_FILTER_CHARS = 2000;
const MAX_LINES_CAP = 1_000_000;
const DEFAULT_LINES = 20_000;

/** One line in the buffer. Display fields are computed once, lazily, when first needed. */
export interface Line {
  readonly seq: number;
  readonly gap: boolean;
  readonly rec: LogRecord;
  clean?: CleanText;
  lower?: string;
  segments?: AnsiSegment[] | null;
  /** Formatted time, and the mode (date or not, language) it was formatted for. */
  time?: string;
  timeMode?: string;
  /** Measured row height in wrap mode, valid for `hw` (content width). */
  h?: number;
  hw?: number;
}

/** Level words as copied (stable, machine-readable); the shown words come from the locale table. */
const LEVEL_LABEL: Record<LogLevel, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
  unknown: 'OTHER',
};

export function cleanOf(line: Line): CleanText {
  return (line.clean ??= cleanLogText(line.rec.message));
}

/** The part of a line filters look at: bounded, so no pattern can take long on one line. */
function head(line: Line): string {
  const text = cleanOf(line).plain;
  return text.length > MAX_FILTER_CHARS ? text.slice(0, MAX_FILTER_CHARS) : text;
}

function lowered(line: Line): string {
  return (line.lower ??= head(line).toLowerCase());
}

/** A line as copied: ISO time, level, source, and the clean message in full. */
export function lineText(line: Line): string {
  const { rec } = line;
  const message = line.gap ? rec.message : cleanOf(line).plain;
  const level = rec.levelText || (rec.level === 'unknown' ? '' : LEVEL_LABEL[rec.level]);
  return [new Date(rec.ts).toISOString(), level, rec.source ? `${rec.source}:` : '', message].filter(Boolean).join(' ');
}

/**
 * The engine's reason for rejecting a pattern, without the "Invalid regular expression: /x/i:"
 * it starts with in Chromium and WebKit: the element's own message already says that much.
 */
function regexErrorDetail(message: string, pattern: string): string {
  let detail = message.replace(/^\s*invalid regular expression:\s*/i, '');
  for (const echo of [`/${pattern}/i: `, `/${pattern.replaceAll('/', '\\/')}/i: `]) {
    if (detail.startsWith(echo)) {
      detail = detail.slice(echo.length);
      break;
    }
  }
  return detail.trim() || message;
}

/** The filter as the toolbar sets it: levels (comma list, empty = all), text, and text-as-regex. */
export interface LogFilter {
  readonly levels: string;
  readonly text: string;
  readonly regex: boolean;
}

/**
 * The lines of a log and the filtered view of them, by position (`length`, `at(i)`) and by seq.
 * No DOM and no Lit: the element renders it, the virtual window places it, tests drive it.
 *
 * Lines live in one bounded ring buffer; the filtered view is a second ring of the same capacity
 * holding only the matches, brought up to date lazily (`sync()`) so each line is tested once,
 * however many frames it stays in view.
 */
export class LogView {
  private buffer = new RingBuffer<Line>(DEFAULT_LINES);
  private nextSeq = 0;
  private filtered: RingBuffer<Line> | undefined;
  private filteredUpTo = -1;
  private matcher: ((line: Line) => boolean) | undefined;

  /** The levels shown (undefined: all), for the chips. */
  shownLevels: Set<LogLevel> | undefined;
  /** Marks the matches of the text filter in a row (undefined: no text filter). */
  highlight: RegExp | undefined;
  /** Why the regular expression was rejected ('' when it was not). */
  regexError = '';

  /** Lines held, gap markers included. */
  get lineCount(): number {
    return this.buffer.length;
  }

  get capacity(): number {
    return this.buffer.capacity;
  }

  /** Whether a filter (levels or text) narrows the view. */
  get filtering(): boolean {
    return this.matcher !== undefined;
  }

  /** The seq the next line will get. */
  get seqAhead(): number {
    return this.nextSeq;
  }

  /** Adds a line; returns whether the oldest line fell out to make room. */
  push(gap: boolean, rec: LogRecord): boolean {
    return this.buffer.push({ seq: this.nextSeq++, gap, rec }) !== undefined;
  }

  clear(): void {
    this.buffer.clear();
    this.filtered = undefined;
    this.filteredUpTo = this.nextSeq - 1;
  }

  /** Keeps `maxLines` lines (bad values: the default), the newest when it shrinks. */
  resize(maxLines: unknown): void {
    const capacity = Math.min(MAX_LINES_CAP, positiveIntOr(Math.floor(Number(maxLines)), DEFAULT_LINES));
    if (capacity === this.buffer.capacity) return;
    const next = new RingBuffer<Line>(capacity);
    for (const line of this.buffer) next.push(line);
    this.buffer = next;
    this.filtered = undefined;
  }

  setFilter({ levels: list, text: query, regex }: LogFilter): void {
    this.regexError = '';
    this.highlight = undefined;
    this.filtered = undefined;
    const wanted = new Set(wordList(list, LOG_LEVELS));
    // Empty, or naming no known level, means all levels, as <alert-list>'s severities.
    this.shownLevels = wanted.size === 0 || wanted.size === LOG_LEVELS.length ? undefined : wanted;
    const levels = this.shownLevels;
    let text: ((line: Line) => boolean) | undefined;
    if (query) {
      if (regex) {
        try {
          const re = new RegExp(query, 'i');
          this.highlight = new RegExp(query, 'gi');
          text = (line) => re.test(head(line)) || re.test(line.rec.source);
        } catch (error) {
          this.regexError = regexErrorDetail(error instanceof Error ? error.message : String(error), query);
        }
      } else {
        const needle = query.toLowerCase();
        this.highlight = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
        text = (line) => lowered(line).includes(needle) || line.rec.source.toLowerCase().includes(needle);
      }
    }
    this.matcher =
      levels || text ? (line) => line.gap || ((!levels || levels.has(line.rec.level)) && (!text || text(line))) : undefined;
  }

  /** Brings the filtered view up to date: drops evicted lines, tests only lines new since last time. */
  sync(): void {
    const match = this.matcher;
    if (!match) return;
    const oldest = this.buffer.at(0);
    if (!this.filtered || this.filtered.capacity !== this.buffer.capacity) {
      this.filtered = new RingBuffer<Line>(this.buffer.capacity);
      this.filteredUpTo = (oldest?.seq ?? this.nextSeq) - 1;
    } else if (oldest) {
      this.filtered.dropWhile((line) => line.seq < oldest.seq);
    } else {
      this.filtered.clear();
    }
    if (!oldest) {
      this.filteredUpTo = this.nextSeq - 1;
      return;
    }
    for (let i = Math.max(0, this.filteredUpTo + 1 - oldest.seq); i < this.buffer.length; i++) {
      const line = this.buffer.at(i)!;
      if (match(line)) this.filtered.push(line);
    }
    this.filteredUpTo = this.nextSeq - 1;
  }

  /** Lines in view (after the filter), as of the last `sync()`. */
  get length(): number {
    return this.matcher ? (this.filtered?.length ?? 0) : this.buffer.length;
  }

  /** The i-th line in view, oldest first. */
  at(i: number): Line | undefined {
    return this.matcher ? this.filtered?.at(i) : this.buffer.at(i);
  }

  /** Index of the first line in view whose seq is >= `seq` (`length` when none). */
  indexOfSeq(seq: number): number {
    if (!this.matcher) {
      const oldest = this.buffer.at(0);
      if (!oldest) return 0;
      return Math.min(this.buffer.length, Math.max(0, seq - oldest.seq));
    }
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid)!.seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A line still in the buffer, by seq (filtered out or not). */
  lineBySeq(seq: number): Line | undefined {
    const oldest = this.buffer.at(0);
    if (!oldest || !Number.isInteger(seq)) return undefined;
    const line = this.buffer.at(seq - oldest.seq);
    return line?.seq === seq ? line : undefined;
  }
}
