/** What the window places: anything indexable. The log's view model is one; a plain array is another. */
export interface RowSource<T> {
  readonly length: number;
  at(i: number): T | undefined;
}

/** A row's measured height, kept on the item itself, valid for the width `hw` it was measured at. */
export interface Measured {
  h?: number;
  hw?: number;
}

/** Where a paused window holds still: row `index`, `offset` px into it, or its bottom at the viewport's bottom. */
export interface Pin {
  readonly index: number;
  /** The pinned row is the one asked for (not the next one, after it left the view). */
  readonly exact: boolean;
  readonly offset: number;
  readonly bottom: boolean;
}

/** One frame's placement: scroll position, canvas height, the rows to draw and their offset. */
export interface Placement<T> {
  readonly top: number;
  readonly total: number;
  /** Offset of the first drawn row; -1 when the rows sit at the canvas bottom (following). */
  readonly y0: number;
  readonly first: number;
  readonly rows: T[];
}

/** Rows drawn beyond each edge of the viewport, so a small scroll never shows a blank. */
const OVERSCAN = 6;

/**
 * The geometry of a virtualised list (the "layout" of Lit's virtualizer): which rows of a
 * `RowSource` are drawn and where. Fixed-height rows cost O(1) per frame at any length; wrapped
 * rows use the heights measured so far (unmeasured ones count as one row) and cost O(index).
 * No DOM: the element measures and feeds `rowH`, `viewportH`, `width` and row heights in.
 */
export class VirtualWindow<T extends Measured> {
  rowH = 20;
  viewportH = 0;
  /** Content width; measured heights taken at another width are stale. */
  width = 0;
  wrap = false;

  heightOf(item: T): number {
    return this.wrap && item.hw === this.width && item.h ? item.h : this.rowH;
  }

  /** Remembers a wrapped row's real height; true when it changed (draw again). */
  measure(item: T, h: number): boolean {
    if (!(h > 0) || (item.h === h && item.hw === this.width)) return false;
    item.h = h;
    item.hw = this.width;
    return true;
  }

  yOf(source: RowSource<T>, index: number): number {
    if (!this.wrap) return index * this.rowH;
    let y = 0;
    for (let i = 0; i < index; i++) y += this.heightOf(source.at(i)!);
    return y;
  }

  totalHeight(source: RowSource<T>): number {
    return this.wrap ? this.yOf(source, source.length) : source.length * this.rowH;
  }

  /** Index of the row at pixel `y`, and that row's top. */
  indexAt(source: RowSource<T>, y: number): { index: number; top: number } {
    const n = source.length;
    if (!this.wrap) {
      const index = Math.min(Math.max(0, n - 1), Math.max(0, Math.floor(y / this.rowH)));
      return { index, top: index * this.rowH };
    }
    let top = 0;
    for (let i = 0; i < n; i++) {
      const h = this.heightOf(source.at(i)!);
      if (top + h > y) return { index: i, top };
      top += h;
    }
    return { index: Math.max(0, n - 1), top: Math.max(0, top - this.rowH) };
  }

  /** Rows fully between `top` and the viewport's bottom edge, as [first, last] indexes. */
  visibleRange(source: RowSource<T>, top: number): [number, number] {
    const vh = this.viewportH || 300;
    return [this.indexAt(source, top).index, this.indexAt(source, top + vh - 1).index];
  }

  /** The scroll position that puts row `index` wholly in view, or undefined when it already is. */
  scrollToShow(source: RowSource<T>, index: number, top: number, vh = this.viewportH || 300): 'below' | number | undefined {
    const y = this.yOf(source, index);
    const h = this.heightOf(source.at(index)!);
    if (y + h > top + vh || index === source.length - 1) return 'below';
    if (y < top) return Math.min(Math.max(0, y), Math.max(0, this.totalHeight(source) - vh));
    return undefined;
  }

  /** Places one frame: the newest rows at the bottom when `pin` is undefined (following), else held at the pin. */
  place(source: RowSource<T>, pin: Pin | undefined): Placement<T> {
    const n = source.length;
    const vh = this.viewportH || 300;
    const total = this.totalHeight(source);
    const max = Math.max(0, total - vh);
    const rows: T[] = [];
    if (!pin) {
      // Following: the newest rows, anchored to the bottom of the canvas, so they are in view
      // whatever their real heights (wrapped rows not yet measured count as one row).
      let h = 0;
      let first = n;
      while (first > 0 && h < vh + OVERSCAN * this.rowH) h += this.heightOf(source.at(--first)!);
      for (let i = first; i < n; i++) rows.push(source.at(i)!);
      return { top: max, total, y0: -1, first, rows };
    }
    const line = pin.index < n ? source.at(pin.index) : undefined;
    let top: number;
    if (!line) top = max;
    else if (pin.exact && pin.bottom) top = Math.max(0, Math.min(max, this.yOf(source, pin.index) + this.heightOf(line) - vh));
    else top = Math.min(max, this.yOf(source, pin.index) + (pin.exact ? pin.offset : 0));
    const { index: firstVisible, top: firstTop } = this.indexAt(source, top);
    let first = firstVisible;
    let y0 = firstTop;
    for (let k = 0; k < OVERSCAN && first > 0; k++) y0 -= this.heightOf(source.at(--first)!);
    const bottom = top + vh + OVERSCAN * this.rowH;
    for (let i = first, y = y0; i < n && y < bottom; i++) {
      const item = source.at(i)!;
      rows.push(item);
      y += this.heightOf(item);
    }
    return { top, total, y0, first, rows };
  }
}
