import { html, noChange, nothing, type TemplateResult } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { AnsiSegment } from './ansi.js';

/**
 * Sets `--a-fg` / `--a-bg` through the CSSOM (`style.setProperty`), which a strict
 * `style-src` Content Security Policy allows, unlike a `style` attribute. Values are `rgb()`
 * strings built from integers by `ansiSegments`, never stream text.
 */
class AnsiColorDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('ansiColors() belongs on an element');
  }
  render(_fg: string | undefined, _bg: string | undefined): unknown {
    return noChange;
  }
  override update(part: ElementPart, [fg, bg]: [string | undefined, string | undefined]): unknown {
    const style = (part.element as HTMLElement).style;
    if (fg) style.setProperty('--a-fg', fg);
    else style.removeProperty('--a-fg');
    if (bg) style.setProperty('--a-bg', bg);
    else style.removeProperty('--a-bg');
    return noChange;
  }
}
const ansiColors = directive(AnsiColorDirective);

/** Most highlighted matches per row; enough to see, bounded for pathological patterns. */
const MAX_MARKS = 64;

/** Where `re` (global) matches in `text`, as [start, end) pairs, at most {@link MAX_MARKS}. */
export function matchRanges(text: string, re: RegExp | undefined): number[] {
  if (!re) return [];
  const ranges: number[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (ranges.length < MAX_MARKS * 2 && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    ranges.push(m.index, m.index + m[0].length);
  }
  return ranges;
}

/** Text with `<mark>` around the ranges: split by string offsets, never HTML. */
function marked(text: string, offset: number, ranges: number[]): unknown {
  if (ranges.length === 0) return text;
  const out: unknown[] = [];
  let pos = 0;
  const end = text.length;
  for (let r = 0; r < ranges.length; r += 2) {
    const a = Math.max(ranges[r]! - offset, 0);
    const b = Math.min(ranges[r + 1]! - offset, end);
    if (b <= 0 || a >= end || a >= b) continue;
    if (a > pos) out.push(text.slice(pos, a));
    out.push(html`<mark part="match">${text.slice(a, b)}</mark>`);
    pos = b;
  }
  if (pos === 0) return text;
  if (pos < end) out.push(text.slice(pos));
  return out;
}

/**
 * The message of a row: ANSI segments (when there are any) as spans with fixed classes, matches
 * as `<mark>`. `shown` is the clean, truncated text; segments joined equal the full clean text.
 */
export function renderMessage(shown: string, segments: readonly AnsiSegment[] | undefined, ranges: number[], flatten: boolean): unknown {
  const fix = (s: string) => (flatten ? s.replaceAll('\n', '\u21b5') : s);
  if (!segments) return marked(fix(shown), 0, ranges);
  const out: TemplateResult[] = [];
  let offset = 0;
  for (const segment of segments) {
    if (offset >= shown.length) break;
    const text = fix(segment.text.length + offset > shown.length ? segment.text.slice(0, shown.length - offset) : segment.text);
    out.push(html`<span class="a ${segment.classes}" ${ansiColors(segment.fg, segment.bg)}>${marked(text, offset, ranges)}</span>`);
    offset += segment.text.length;
  }
  return out.length ? out : nothing;
}

/** FNV-1a: a stable small number per source name, for its colour. */
export function sourceHue(source: string, buckets = 8): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    h ^= source.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}
