/**
 * Makes a log message safe to show as text: terminal escape sequences removed (SGR colour
 * sequences optionally kept apart for an ANSI parser), control characters replaced by visible
 * Unicode control pictures, and bidi embedding/override/isolate characters replaced by U+FFFD so
 * a line cannot reorder, hide or visually rewrite its neighbours ("Trojan Source").
 *
 * Pure and DOM-free. What is returned as `plain` is what a user sees, searches and copies.
 */

/** What a message becomes for display. */
export interface CleanText {
  /** Text with every escape sequence removed and every unsafe character replaced. Keeps `\n` and `\t`. */
  readonly plain: string;
  /**
   * The same text with only the SGR colour sequences (`ESC [ <digits;> m`) left in, for an ANSI
   * parser; undefined when the message had none. Removing those sequences gives exactly `plain`.
   */
  readonly sgr: string | undefined;
}

/** Any character that needs the slow path: C0/C1 controls (but tab/newline), DEL, bidi controls, line/paragraph separators. */
const NEEDS_WORK = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

const ESC = 0x1b;
const BEL = 0x07;
const ST_C1 = 0x9c;

/** U+FFFD stands in for a bidi control: visible, and without any reordering power. */
export const BIDI_PLACEHOLDER = '\ufffd';

function isBidiControl(c: number): boolean {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f || c === 0x061c;
}

/** Index just past a string-type sequence (OSC, DCS, SOS, PM, APC) starting its body at `i`. */
function skipString(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BEL || c === ST_C1) return j + 1;
    if (c === ESC && text.charCodeAt(j + 1) === 0x5c) return j + 2; // ESC \ (ST)
  }
  return text.length; // unterminated: a terminal would swallow the rest of the line too
}

/**
 * Parses a CSI sequence whose parameters start at `i`. Returns the index past it and whether it
 * was an SGR (`m`) with only digits and semicolons, which is all colour needs.
 */
function skipCsi(text: string, i: number): { end: number; sgr: boolean } {
  let j = i;
  let plainParams = true;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c >= 0x30 && c <= 0x3f) {
      if (!((c >= 0x30 && c <= 0x39) || c === 0x3b)) plainParams = false;
      j++;
    } else break;
  }
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c >= 0x20 && c <= 0x2f) {
      plainParams = false;
      j++;
    } else break;
  }
  const final = text.charCodeAt(j);
  if (final >= 0x40 && final <= 0x7e) return { end: j + 1, sgr: plainParams && final === 0x6d };
  return { end: j, sgr: false }; // malformed: drop what looked like parameters
}

/** Cleans `text` for display; see {@link CleanText}. Fast when there is nothing to clean. */
export function cleanLogText(text: string): CleanText {
  if (!NEEDS_WORK.test(text)) return { plain: text, sgr: undefined };
  const plain: string[] = [];
  const sgr: string[] = [];
  let hasSgr = false;
  let run = 0; // start of the current run of ordinary characters
  const flush = (end: number) => {
    if (end > run) {
      const part = text.slice(run, end);
      plain.push(part);
      sgr.push(part);
    }
  };
  const emit = (s: string) => {
    plain.push(s);
    sgr.push(s);
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const ordinary = c >= 0x20 ? c < 0x7f || (c > 0x9f && !isBidiControl(c) && c !== 0x2028 && c !== 0x2029) : c === 0x09 || c === 0x0a;
    if (ordinary) {
      i++;
      continue;
    }
    flush(i);
    if (c === ESC || c === 0x9b) {
      const next = c === 0x9b ? 0x5b : text.charCodeAt(i + 1);
      const bodyStart = c === 0x9b ? i + 1 : i + 2;
      if (next === 0x5b) {
        const { end, sgr: isSgr } = skipCsi(text, bodyStart);
        if (isSgr) {
          sgr.push('\x1b[' + text.slice(bodyStart, end));
          hasSgr = true;
        }
        i = end;
      } else if (next === 0x5d || next === 0x50 || next === 0x58 || next === 0x5e || next === 0x5f) {
        i = skipString(text, bodyStart); // OSC (hyperlinks, titles), DCS, SOS, PM, APC
      } else if (Number.isNaN(next)) {
        i++;
      } else {
        // ESC, intermediates, one final byte (charset selection, keypad modes, ...)
        let j = i + 1;
        while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
        i = j < text.length ? j + 1 : j;
      }
    } else if (c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) {
      i = skipString(text, i + 1);
    } else if (c === 0x0d) {
      i++; // CR: dropped (CRLF becomes LF; a lone CR would overwrite in a terminal)
    } else if (c < 0x20) {
      emit(String.fromCharCode(0x2400 + c)); // control pictures: ␀ ␇ ␈ ...
      i++;
    } else if (c === 0x7f) {
      emit('\u2421'); // ␡
      i++;
    } else if (c <= 0x9f) {
      emit(BIDI_PLACEHOLDER); // other C1 controls
      i++;
    } else if (c === 0x2028 || c === 0x2029) {
      emit('\n');
      i++;
    } else {
      emit(BIDI_PLACEHOLDER);
      i++;
    }
    run = i;
  }
  flush(text.length);
  return { plain: plain.join(''), sgr: hasSgr ? sgr.join('') : undefined };
}

/**
 * Cuts `text` to `max` characters for display without splitting a surrogate pair. Returns the
 * shown part and how many characters were left out.
 */
export function truncateForDisplay(text: string, max: number): { shown: string; omitted: number } {
  if (text.length <= max) return { shown: text, omitted: 0 };
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return { shown: text.slice(0, end), omitted: text.length - end };
}
