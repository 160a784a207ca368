import type { SeriesValue } from '../../render/series-buffer.js';

/**
 * The rows of a dense chart that draw the same picture as all of them. uPlot draws a series with
 * several points in one canvas pixel column as that column's first point, its lowest and highest,
 * and its last (its linear path's own decimation), but it walks every point of every series to
 * find them, twice (once for the y range): at 10 series x 10,000 points, most of a frame. This
 * keeps, per series and per column, exactly those four rows, plus every `null` (a gap) and the
 * rows on either side of it, and hands uPlot the rest of each kept row as it is (a real sample,
 * inside the column's range). A point's column is the pixel uPlot draws it at when it draws
 * every point (`round(left + (x - min) / (max - min) * width)`, canvas pixels), and the rows kept
 * stay under the count at which uPlot starts its own decimation, so uPlot draws each kept point
 * there: the picture is that of every point drawn at its nearest pixel column. (uPlot's own
 * decimation, which a paused chart still gets, draws a point at the column left of it half the
 * time: its columns run from one pixel to the next rather than around each.)
 */

/** uPlot decimates itself from this many rows per pixel column, and below it there is too little to gain. */
const UPLOT_DECIMATES_AT = 4;
/** Keeping more than this share of the rows is not worth handing uPlot copies. */
const MAX_KEPT_SHARE = 0.6;
/** Series from this index on share one bit: rows they keep are kept for every series. */
const ALL_BIT = 31;
const ALL = (1 << ALL_BIT) >>> 0;

/** Where the x axis is drawn: its scale's range, and the plot area's left edge and width in canvas pixels. */
export interface ColumnGrid {
  readonly min: number;
  readonly max: number;
  readonly left: number;
  readonly width: number;
}

type Rows = readonly ArrayLike<SeriesValue>[];

export class Decimator {
  /** Kept row indices, ascending; `kept.subarray(0, count)` after a reduction. */
  private kept = new Int32Array(0);
  /** Per row, the series that keep it: bit s for series s < 31, ALL for every series. */
  private mark = new Uint32Array(0);
  /** Each row's pixel column, -1 outside the plot. */
  private columnOf = new Int32Array(0);
  /** Per series: values in the range, and the first and last time with one (for the density of its line). */
  private counted = new Int32Array(0);
  private firstX = new Float64Array(0);
  private lastX = new Float64Array(0);
  private grid: ColumnGrid | undefined;

  /**
   * The rows of `xs` / `cols` (cols[0] is series 1) to draw on `grid`, ascending, or undefined
   * when the data is too sparse for a reduction to pay.
   */
  reduce(xs: ArrayLike<number>, cols: Rows, grid: ColumnGrid): Int32Array | undefined {
    const n = xs.length;
    this.grid = undefined;
    const { min, max, left, width } = grid;
    if (n < UPLOT_DECIMATES_AT * width || !(max > min) || !(width > 0)) return undefined;
    const series = cols.length;
    this.ensure(n, series);
    const { mark, columnOf, counted, firstX, lastX } = this;
    const range = max - min;
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      // Outside the plot (or not a time): kept as it is, and it ends the columns on either side.
      if (x >= min && x <= max) {
        columnOf[i] = Math.round(left + ((x - min) / range) * width);
        mark[i] = 0;
      } else {
        columnOf[i] = -1;
        mark[i] = ALL;
      }
    }
    // Series by series, as uPlot walks them: one tight loop over typed columns per series.
    for (let s = 0; s < series; s++) {
      const col = cols[s]!;
      const bit = s < ALL_BIT ? 1 << s : ALL;
      let column = -1;
      let first = -1;
      let last = -1;
      let low = -1;
      let high = -1;
      let lowValue = 0;
      let highValue = 0;
      let count = 0;
      let firstAt = -1;
      let lastAt = -1;
      for (let i = 0; i < n; i++) {
        const c = columnOf[i]!;
        if (c !== column) {
          if (first >= 0) (mark[first]! |= bit), (mark[last]! |= bit), (mark[low]! |= bit), (mark[high]! |= bit);
          first = -1;
          column = c;
        }
        if (c < 0) continue;
        const v = col[i];
        if (typeof v !== 'number') {
          // A gap (null): the segment before it ends here, the one after starts afresh. A row
          // this series has no sample in (undefined) draws and breaks nothing.
          if (v === null) {
            if (first >= 0) (mark[first]! |= bit), (mark[last]! |= bit), (mark[low]! |= bit), (mark[high]! |= bit);
            first = -1;
            mark[i]! |= bit;
          }
          continue;
        }
        if (count++ === 0) firstAt = i;
        lastAt = i;
        if (first < 0) {
          first = last = low = high = i;
          lowValue = highValue = v;
        } else {
          last = i;
          if (v < lowValue) (low = i), (lowValue = v);
          else if (v > highValue) (high = i), (highValue = v);
        }
      }
      if (first >= 0) (mark[first]! |= bit), (mark[last]! |= bit), (mark[low]! |= bit), (mark[high]! |= bit);
      counted[s] = count;
      firstX[s] = count ? xs[firstAt]! : 0;
      lastX[s] = count ? xs[lastAt]! : 0;
    }

    let count = 0;
    const kept = this.kept;
    for (let i = 0; i < n; i++) if (mark[i]) kept[count++] = i;
    // Too many kept to pay, or so many that uPlot would regroup them by its own columns.
    if (count > MAX_KEPT_SHARE * n || count - 1 >= UPLOT_DECIMATES_AT * width) return undefined;
    this.grid = grid;
    return kept.subarray(0, count);
  }

  /** Forgets the last reduction (a new plot, drawn from every row). */
  reset(): void {
    this.grid = undefined;
  }

  /** The grid of the last reduction (undefined: none, or refused). */
  get reducedFor(): ColumnGrid | undefined {
    return this.grid;
  }

  /** After a reduction: the series that keep each row (by row index), for `gatherRows`. */
  get keptBy(): Uint32Array {
    return this.mark;
  }

  /**
   * After a reduction: series `s` (0-based) has more than `perPixel` values per pixel of the span
   * its values cover, counted over all the rows, not only the kept ones (undefined: no reduction).
   */
  denser(s: number, perPixel: number): boolean | undefined {
    const grid = this.grid;
    if (!grid || s >= this.counted.length) return undefined;
    const px = ((this.lastX[s]! - this.firstX[s]!) / (grid.max - grid.min)) * grid.width;
    return this.counted[s]! > perPixel * Math.max(1, px);
  }

  private ensure(n: number, series: number): void {
    if (this.mark.length < n) {
      const size = Math.max(n, this.mark.length * 2);
      this.mark = new Uint32Array(size);
      this.kept = new Int32Array(size);
      this.columnOf = new Int32Array(size);
    }
    if (this.counted.length < series) {
      this.counted = new Int32Array(series);
      this.firstX = new Float64Array(series);
      this.lastX = new Float64Array(series);
    }
  }
}

/**
 * `columns` at `rows` only, into `into`'s arrays (reused from frame to frame). With `keptBy`
 * (`Decimator.keptBy`), a series keeps only the values of the rows it needs and is `undefined`
 * (no point: uPlot joins across it, unlike `null`, a gap) at the rows only other series need: a
 * line then has about four points per pixel column whatever the number of series.
 */
export function gatherRows<T extends readonly ArrayLike<unknown>[]>(columns: T, rows: Int32Array, into: unknown[][], keptBy?: Uint32Array): T {
  const m = rows.length;
  into.length = columns.length;
  for (let c = 0; c < columns.length; c++) {
    const from = columns[c]!;
    const out = (into[c] ??= []);
    out.length = m;
    const bit = c === 0 || !keptBy ? 0 : c - 1 < ALL_BIT ? (1 << (c - 1)) | ALL : ALL;
    if (bit === 0) for (let j = 0; j < m; j++) out[j] = from[rows[j]!];
    else
      for (let j = 0; j < m; j++) {
        const r = rows[j]!;
        out[j] = keptBy![r]! & bit ? from[r] : undefined;
      }
  }
  return into as unknown as T;
}
