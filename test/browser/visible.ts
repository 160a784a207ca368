// What a user sees, for layout and theme tests: hit-testing through shadow roots, colour
// contrast, and the pixels a chart drew on its canvas.
import type uPlot from 'uplot';

/** The innermost element at (x, y), looking through open shadow roots. */
export function deepElementFromPoint(x: number, y: number): Element | null {
  let root: Document | ShadowRoot = document;
  let hit: Element | null = null;
  for (;;) {
    const found: Element | null = root.elementFromPoint(x, y);
    if (!found || found === hit) return hit;
    hit = found;
    if (!found.shadowRoot) return hit;
    root = found.shadowRoot;
  }
}

/** The element at the centre of `el`'s box, through shadow roots. */
export function hitAtCentre(el: Element): Element | null {
  const r = el.getBoundingClientRect();
  return deepElementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
}

/** Whether `inner`'s box lies inside `outer`'s, within `slack` px. */
export function inside(inner: DOMRect, outer: DOMRect, slack = 1): boolean {
  return inner.left >= outer.left - slack && inner.right <= outer.right + slack && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack;
}

/** `rgb()`/`rgba()`/`color(srgb ...)` to [r, g, b] in 0..255. */
export function rgb(color: string): [number, number, number] {
  const srgb = /color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(color);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255];
  const m = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(color);
  if (!m) throw new Error(`not a colour: ${color}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** WCAG relative luminance, 0 (black) .. 1 (white). */
export function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x);
  return (l1! + 0.05) / (l2! + 0.05);
}

/** The background an element is painted on: the first non-transparent background up the (flat) tree. */
export function backgroundBehind(el: Element): string {
  for (let node: Element | null = el; node; ) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
    node = node.assignedSlot ?? node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
  }
  return 'rgb(255, 255, 255)';
}

/** The canvas pixels inside uPlot's plot box that something was drawn on (alpha > 0), as RGBA. */
export function drawnPixels(u: uPlot, region = u.bbox): Uint8ClampedArray[] {
  const { left, top, width, height } = region;
  const data = u.ctx.getImageData(Math.round(left), Math.round(top), Math.max(1, Math.round(width)), Math.max(1, Math.round(height))).data;
  const out: Uint8ClampedArray[] = [];
  for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0) out.push(data.subarray(i, i + 4));
  return out;
}

/** Mean luminance of what a chart drew inside `region` (its grid, when it has no data). */
export function drawnLuminance(u: uPlot, region = u.bbox): number {
  const px = drawnPixels(u, region);
  if (!px.length) return NaN;
  return px.reduce((sum, p) => sum + luminance([p[0]!, p[1]!, p[2]!]), 0) / px.length;
}

/** The RGBA of one canvas pixel (canvas pixels, not CSS px). */
export function pixel(u: uPlot, x: number, y: number): [number, number, number, number] {
  const d = u.ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data;
  return [d[0]!, d[1]!, d[2]!, d[3]!];
}

export interface LabelBox {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * The boxes of the tick labels uPlot drew (canvas pixels), recomputed from what it drew them
 * with: its tick positions, label strings, font and alignment (see uPlot's drawAxesGrid).
 */
export function axisLabelBoxes(u: uPlot): LabelBox[] {
  const boxes: LabelBox[] = [];
  const ctx = u.ctx;
  const dpr = devicePixelRatio || 1;
  u.axes.forEach((axis) => {
    const a = axis as uPlot.Axis & { _splits?: number[]; _values?: (string | null)[]; _pos?: number; _show?: boolean; font: [string, number]; gap: number; ticks: { size: number; show?: boolean } };
    if (a.show === false || !a._show || !a._splits || !a._values) return;
    const side = a.side ?? (a.scale === 'x' ? 2 : 3);
    const ori = side % 2;
    const [font, size] = a.font;
    ctx.save();
    ctx.font = font;
    const tick = Math.round((a.ticks.show === false ? 0 : a.ticks.size) * dpr);
    const gap = Math.round(a.gap * dpr);
    const pos = Math.round(a._pos! * dpr) + (side === 0 || side === 3 ? -1 : 1) * (tick + gap);
    const lineHeight = size * 1.5;
    a._splits.forEach((split, i) => {
      const value = a._values![i];
      if (value == null || value === '') return;
      const lines = String(value).split('\n');
      const w = Math.max(...lines.map((l) => ctx.measureText(l).width));
      const h = size + (lines.length - 1) * lineHeight;
      const at = u.valToPos(split, a.scale!, true);
      if (ori === 0) boxes.push({ text: String(value), x: at - w / 2, y: pos, w, h });
      else boxes.push({ text: String(value), x: side === 3 ? pos - w : pos, y: at - size / 2, w, h: size });
    });
    ctx.restore();
  });
  return boxes;
}

/** Pairs of boxes that overlap (by more than `slack` canvas px each way). */
export function overlapping(boxes: readonly LabelBox[], slack = 0): [LabelBox, LabelBox][] {
  const pairs: [LabelBox, LabelBox][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x + slack < b.x + b.w && b.x + slack < a.x + a.w && a.y + slack < b.y + b.h && b.y + slack < a.y + a.h) pairs.push([a, b]);
    }
  }
  return pairs;
}
