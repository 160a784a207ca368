import type uPlot from 'uplot';

/**
 * What the chart draws on uPlot's canvas besides the series: bands over holes in the data (under
 * the lines), threshold lines and their labels (over them). Labels are placed, not just written:
 * each goes where it overlaps no other label, off the newest points at the right end.
 */

/** A label drawn on the canvas, in canvas pixels (device pixels). */
export interface DrawnLabel {
  readonly kind: 'threshold' | 'gap';
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Band {
  readonly from: number;
  readonly to: number;
  /** Written at the top of the band when it is wide enough. */
  readonly label: string;
}

export interface Threshold {
  readonly value: number;
  readonly label: string;
  readonly color: string;
  readonly dash: readonly number[];
}

export interface OverlayStyle {
  readonly font: string;
  readonly fontPx: number;
  readonly text: string;
  readonly band: string;
  readonly bandEdge: string;
  readonly background: string;
}

const overlaps = (a: DrawnLabel, b: DrawnLabel) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Shaded bands over the holes in the data, each with its cause written at the top when it fits. */
export function drawBands(u: uPlot, bands: readonly Band[], style: OverlayStyle): DrawnLabel[] {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const dpr = devicePixelRatio || 1;
  const drawn: DrawnLabel[] = [];
  const xMin = u.scales['x']?.min;
  const xMax = u.scales['x']?.max;
  if (xMin == null || xMax == null || !bands.some((b) => b.to > xMin && b.from < xMax)) return drawn;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  for (const band of bands) {
    if (band.to <= xMin || band.from >= xMax) continue;
    const x0 = Math.max(left, Math.round(u.valToPos(band.from, 'x', true)));
    const x1 = Math.min(left + width, Math.round(u.valToPos(band.to, 'x', true)));
    if (x1 - x0 < 1) continue;
    ctx.fillStyle = style.band;
    ctx.fillRect(x0, top, x1 - x0, height);
    ctx.strokeStyle = style.bandEdge;
    ctx.lineWidth = dpr;
    ctx.setLineDash([3 * dpr, 3 * dpr]);
    ctx.beginPath();
    ctx.moveTo(x0 + 0.5, top);
    ctx.lineTo(x0 + 0.5, top + height);
    ctx.moveTo(x1 - 0.5, top);
    ctx.lineTo(x1 - 0.5, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = style.font;
    const w = ctx.measureText(band.label).width;
    const h = style.fontPx * dpr;
    if (w + 8 * dpr <= x1 - x0 && h + 6 * dpr <= height) {
      const label: DrawnLabel = { kind: 'gap', text: band.label, x: Math.round((x0 + x1 - w) / 2), y: top + 3 * dpr, w, h };
      ctx.fillStyle = style.text;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(band.label, label.x, label.y);
      drawn.push(label);
    }
  }
  ctx.restore();
  return drawn;
}

/**
 * Threshold lines across the plot, each labelled near the left end (the newest points are at the
 * right) on a backing that keeps it readable over data; a label that would overlap another (or a
 * band's label) goes below its line, or further right.
 */
export function drawThresholds(u: uPlot, thresholds: readonly Threshold[], avoid: readonly DrawnLabel[], style: OverlayStyle): DrawnLabel[] {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const dpr = devicePixelRatio || 1;
  const placed: DrawnLabel[] = [];
  if (!thresholds.length) return placed;
  const inView = thresholds
    .map((t) => ({ ...t, y: Math.round(u.valToPos(t.value, 'y', true)) }))
    .filter((t) => t.y >= top && t.y <= top + height)
    .sort((a, b) => a.y - b.y);
  if (!inView.length) return placed;
  ctx.save();
  for (const t of inView) {
    ctx.strokeStyle = t.color;
    ctx.lineWidth = 1.5 * dpr;
    ctx.setLineDash(t.dash.map((d) => d * dpr));
    ctx.beginPath();
    ctx.moveTo(left, t.y);
    ctx.lineTo(left + width, t.y);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.font = style.font;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  const pad = 2 * dpr;
  const h = style.fontPx * dpr + 2 * pad;
  const lineYs = inView.map((t) => t.y);
  /** Where a label may go: inside the plot's left three quarters, over no other label. */
  const free = (box: DrawnLabel, own: number, crossLines: boolean) =>
    box.x + box.w <= left + width * 0.75 &&
    box.y >= top &&
    box.y + box.h <= top + height &&
    !placed.some((p) => overlaps(p, box)) &&
    !avoid.some((p) => overlaps(p, box)) &&
    (crossLines || !lineYs.some((y, i) => i !== own && y > box.y && y < box.y + box.h));
  inView.forEach((t, i) => {
    const w = ctx.measureText(t.label).width + 2 * pad;
    const above = t.y - h - dpr;
    const below = t.y + 2 * dpr;
    // The lowest line's label goes under it, every other one over it: close lines keep their
    // labels on their own side.
    const ys = i === inView.length - 1 && inView.length > 1 ? [below, above] : [above, below];
    const xs = [left + 4 * dpr, ...placed.map((p) => p.x + p.w + 6 * dpr)];
    let spot: DrawnLabel | undefined;
    // First without crossing another threshold's line; if there is no such place, crossing it.
    for (const crossLines of [false, true]) {
      for (const x of xs) {
        for (const y of ys) {
          const box: DrawnLabel = { kind: 'threshold', text: t.label, x, y, w, h };
          if (free(box, i, crossLines)) {
            spot = box;
            break;
          }
        }
        if (spot) break;
      }
      if (spot) break;
    }
    if (!spot) return; // no room anywhere: the legend still names the threshold
    ctx.fillStyle = style.background;
    ctx.fillRect(spot.x, spot.y, spot.w, spot.h);
    ctx.fillStyle = t.color;
    ctx.fillText(t.label, spot.x + pad, spot.y + pad);
    placed.push(spot);
  });
  ctx.restore();
  return placed;
}

/**
 * Indexes of points with no neighbour to join (a gap or the edge on both sides), for uPlot's
 * `points.filter`: a lone sample between two gaps is drawn as a dot instead of vanishing. Only
 * the points at the edges of uPlot's gaps can be alone, so only those are looked at: nothing is
 * scanned when the series has no gap (the usual case), a few points per gap otherwise.
 */
export function isolatedPoints(u: uPlot, seriesIdx: number, gaps: readonly (readonly number[])[] | null | undefined): number[] | null {
  const ys = u.data[seriesIdx] as ArrayLike<number | null | undefined> | undefined;
  if (!ys || !gaps || gaps.length === 0) return null;
  const dpr = devicePixelRatio || 1;
  const found = new Set<number>();
  for (const gap of gaps) {
    for (const px of gap) {
      const i = u.posToIdx((px! - u.bbox.left) / dpr);
      if (i != null && i >= 0 && typeof ys[i] === 'number' && alone(ys, i)) found.add(i);
    }
  }
  return found.size ? [...found] : null;
}

/** Whether the defined values on both sides of `idx` are gaps (or the ends of the data). */
function alone(ys: ArrayLike<number | null | undefined>, idx: number): boolean {
  const side = (step: number): boolean => {
    for (let j = idx + step; j >= 0 && j < ys.length; j += step) {
      const v = ys[j];
      if (v !== undefined) return v === null;
    }
    return true;
  };
  return side(-1) && side(1);
}
