/** A value in a series column: a number, `null` (an explicit gap), or `undefined` (no sample at this time). */
export type SeriesValue = number | null | undefined;

/** What happened to a sample given to `SeriesBuffer.add`. */
export type AddResult = 'appended' | 'merged' | 'inserted' | 'dropped';

export interface SeriesBufferOptions {
  /** Most rows (timestamps) kept; the oldest go first. */
  readonly capacity: number;
  /** Rows older than the newest timestamp minus this many ms are trimmed. */
  readonly windowMs: number;
  /** Most series (columns) kept; samples of further series are ignored. Default 16. */
  readonly maxSeries?: number;
}

/**
 * Columnar samples for charts, aligned on one timestamp column the way uPlot wants them
 * (`[xs, ys1, ys2, ...]`). Samples are appended in O(1) amortised; nothing is rebuilt per
 * message. Old rows are trimmed by moving a start index, and the dead head is compacted in place
 * (`copyWithin`) at most once per frame when `data()` is read, so the arrays handed to uPlot are
 * always the same objects, starting at index 0.
 *
 * Ordering: a sample newer than the newest row is appended; one with the newest row's timestamp
 * is merged into that row; an older one is inserted in order (binary search, then an in-place
 * splice, rare in practice) while it is inside the window, and dropped (counted in `dropped`)
 * when it is older than the window's start. Rows never go backwards, so a chart never scribbles.
 *
 * In a row, a series without a sample holds `undefined` (uPlot joins over it), and an explicit
 * `null` from the payload is a gap (uPlot breaks the line there).
 *
 * Bounded: at most `capacity` live rows, plus a dead head that never exceeds `capacity` before it
 * is compacted, times `maxSeries` columns.
 */
export class SeriesBuffer {
  readonly capacity: number;
  readonly maxSeries: number;
  windowMs: number;
  /** Samples dropped because they were older than the window when they arrived. */
  dropped = 0;

  private readonly xs: number[] = [];
  private readonly cols: SeriesValue[][] = [];
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private start = 0;
  private tuple: [number[], ...SeriesValue[][]] = [this.xs];

  constructor(options: SeriesBufferOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${options.capacity}`);
    this.capacity = options.capacity;
    this.windowMs = options.windowMs;
    this.maxSeries = options.maxSeries ?? 16;
  }

  /** Live rows. */
  get length(): number {
    return this.xs.length - this.start;
  }

  /** Series names in column order. */
  get series(): readonly string[] {
    return this.names;
  }

  /** Column of `name`, created on first use; -1 when `maxSeries` columns exist already. */
  seriesIndex(name: string, create = true): number {
    const found = this.index.get(name);
    if (found !== undefined) return found;
    if (!create || this.names.length >= this.maxSeries) return -1;
    const i = this.names.length;
    this.names.push(name);
    this.index.set(name, i);
    this.cols.push(new Array<SeriesValue>(this.xs.length).fill(undefined));
    this.tuple = [this.xs, ...this.cols];
    return i;
  }

  /** Newest timestamp, or undefined when empty. */
  newest(): number | undefined {
    return this.length ? this.xs[this.xs.length - 1] : undefined;
  }

  /** Oldest live timestamp, or undefined when empty. */
  oldest(): number | undefined {
    return this.length ? this.xs[this.start] : undefined;
  }

  /** Timestamp of live row `i` (0 is the oldest). */
  timeAt(i: number): number {
    return this.xs[this.start + i]!;
  }

  /** Value of series column `s` at live row `i`. */
  valueAt(s: number, i: number): SeriesValue {
    return this.cols[s]?.[this.start + i];
  }

  /** The newest number of series `s` (skipping rows without one), or undefined. Null when the newest sample is a gap. */
  latest(s: number): number | null | undefined {
    const col = this.cols[s];
    if (!col) return undefined;
    for (let i = col.length - 1; i >= this.start; i--) {
      const v = col[i];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Adds one sample: a timestamp (epoch ms) and values by series name. */
  add(ts: number, values: ReadonlyArray<readonly [string, number | null]>): AddResult {
    const xs = this.xs;
    const n = xs.length;
    let row: number;
    let result: AddResult;
    if (n === this.start || ts > xs[n - 1]!) {
      row = n;
      xs.push(ts);
      for (const col of this.cols) col.push(undefined);
      result = 'appended';
    } else if (ts === xs[n - 1]) {
      row = n - 1;
      result = 'merged';
    } else {
      if (ts < xs[n - 1]! - this.windowMs) {
        this.dropped++;
        return 'dropped';
      }
      row = this.search(ts);
      if (row < n && xs[row] === ts) result = 'merged';
      else {
        xs.splice(row, 0, ts);
        for (const col of this.cols) col.splice(row, 0, undefined);
        result = 'inserted';
      }
    }
    for (const [name, value] of values) {
      const s = this.seriesIndex(name);
      if (s >= 0) this.cols[s]![row] = value;
    }
    this.trim();
    return result;
  }

  /**
   * The columns as uPlot's aligned data, starting at index 0: compacts the trimmed head in place
   * first. Call once per frame; the arrays are the buffer's own (do not mutate them).
   */
  data(): [number[], ...SeriesValue[][]] {
    this.compact();
    return this.tuple;
  }

  /** A copy of the live columns, for a chart frozen while the buffer goes on filling. */
  snapshot(): [number[], ...SeriesValue[][]] {
    return [this.xs.slice(this.start), ...this.cols.map((col) => col.slice(this.start))];
  }

  /** Forgets every row and series. */
  clear(): void {
    this.xs.length = 0;
    this.cols.length = 0;
    this.names.length = 0;
    this.index.clear();
    this.start = 0;
    this.dropped = 0;
    this.tuple = [this.xs];
  }

  /** Moves the start past rows older than the window or beyond capacity. */
  private trim(): void {
    const xs = this.xs;
    const n = xs.length;
    if (n === 0) return;
    const from = xs[n - 1]! - this.windowMs;
    let start = this.start;
    while (start < n && xs[start]! < from) start++;
    if (n - start > this.capacity) start = n - this.capacity;
    this.start = start;
    // Keep the dead head bounded even if nobody reads data() (a hidden or frozen chart).
    if (start >= this.capacity) this.compact();
  }

  private compact(): void {
    const start = this.start;
    if (start === 0) return;
    const keep = this.xs.length - start;
    this.xs.copyWithin(0, start);
    this.xs.length = keep;
    for (const col of this.cols) {
      col.copyWithin(0, start);
      col.length = keep;
    }
    this.start = 0;
  }

  /** First live row whose timestamp is >= ts. */
  private search(ts: number): number {
    let lo = this.start;
    let hi = this.xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.xs[mid]! < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
