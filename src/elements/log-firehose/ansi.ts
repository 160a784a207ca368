import Anser from 'anser';

/**
 * A run of message text with one look. Colours come ONLY from a fixed class set (the 16 terminal
 * colours, themed in CSS) or from numbers the parser produced (256-colour palette, true colour),
 * never from stream text.
 */
export interface AnsiSegment {
  readonly text: string;
  /** Space-separated classes from a fixed set: `f-red`, `b-bright-blue`, `bold`, `reverse`, ... */
  readonly classes: string;
  /** `rgb(r g b)` built from parsed integers, for palette and true colours. */
  readonly fg: string | undefined;
  readonly bg: string | undefined;
}

const NAMED = new Set(['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']);
/** Decorations shown; `hidden` and `blink` are ignored on purpose (hiding text, motion). */
const DECORATIONS = new Set(['bold', 'dim', 'italic', 'underline', 'strikethrough', 'reverse']);
const LEVELS = [0, 95, 135, 175, 215, 255];

function paletteRgb(index: number): string | undefined {
  if (!Number.isInteger(index) || index < 16 || index > 255) return undefined;
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return `rgb(${v} ${v} ${v})`;
  }
  const i = index - 16;
  return `rgb(${LEVELS[Math.floor(i / 36)]} ${LEVELS[Math.floor(i / 6) % 6]} ${LEVELS[i % 6]})`;
}

function trueRgb(value: string | null | undefined): string | undefined {
  const parts = typeof value === 'string' ? value.split(',').map((p) => Number(p.trim())) : [];
  if (parts.length !== 3 || !parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) return undefined;
  return `rgb(${parts[0]} ${parts[1]} ${parts[2]})`;
}

/** Maps one of anser's colour classes onto our fixed class (prefix `f-`/`b-`) or an rgb() value. */
function colour(cls: string | null | undefined, truecolor: string | null | undefined, prefix: 'f' | 'b'): { cls: string; rgb: string | undefined } {
  if (!cls) return { cls: '', rgb: undefined };
  const named = cls.startsWith('ansi-bright-') ? cls.slice(12) : cls.startsWith('ansi-') ? cls.slice(5) : '';
  if (NAMED.has(named)) return { cls: `${prefix}-${cls.startsWith('ansi-bright-') ? 'bright-' : ''}${named}`, rgb: undefined };
  if (cls.startsWith('ansi-palette-')) return { cls: '', rgb: paletteRgb(Number(cls.slice(13))) };
  if (cls === 'ansi-truecolor') return { cls: '', rgb: trueRgb(truecolor) };
  return { cls: '', rgb: undefined };
}

/**
 * Parses SGR colour sequences with anser. `sgrText` must come from `cleanLogText(...).sgr`: only
 * `ESC [ <digits;> m` sequences remain, so the segments' texts joined equal the clean text.
 */
export function ansiSegments(sgrText: string): AnsiSegment[] {
  let entries: ReturnType<typeof Anser.ansiToJson>;
  try {
    entries = Anser.ansiToJson(sgrText, { json: true, remove_empty: true, use_classes: true });
  } catch {
    return [{ text: sgrText.replace(/\x1b\[[\d;]*m/g, ''), classes: '', fg: undefined, bg: undefined }];
  }
  const segments: AnsiSegment[] = [];
  for (const entry of entries) {
    if (!entry.content) continue;
    const fg = colour(entry.fg, entry.fg_truecolor, 'f');
    const bg = colour(entry.bg, entry.bg_truecolor, 'b');
    const classes = [fg.cls, bg.cls, ...entry.decorations.filter((d) => DECORATIONS.has(d))].filter(Boolean).join(' ');
    segments.push({ text: entry.content, classes, fg: fg.rgb, bg: bg.rgb });
  }
  return segments;
}
