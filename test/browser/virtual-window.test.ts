import { expect } from '@open-wc/testing';
import { VirtualWindow, type Measured } from '../../src/elements/log-firehose/virtual-window.js';

interface Row extends Measured {
  readonly id: number;
}
const rowsOf = (n: number): Row[] => Array.from({ length: n }, (_, id) => ({ id }));

function windowOf(viewportH: number, rowH = 20): VirtualWindow<Row> {
  const w = new VirtualWindow<Row>();
  w.rowH = rowH;
  w.viewportH = viewportH;
  w.width = 400;
  return w;
}

describe('VirtualWindow: which rows of a {length, at(i)} source are drawn, and where', () => {
  it('following draws the newest rows plus overscan, at the canvas bottom, whatever the length', () => {
    const w = windowOf(100);
    for (const n of [0, 3, 1_000_000]) {
      const source = n === 1_000_000 ? { length: n, at: (i: number) => ({ id: i }) } : rowsOf(n);
      const p = w.place(source, undefined);
      expect(p.total).to.equal(n * 20);
      expect(p.top).to.equal(Math.max(0, n * 20 - 100));
      expect(p.y0).to.equal(-1);
      // 100 px of viewport + 6 rows of overscan = 11 rows of 20 px
      expect(p.rows.length).to.equal(Math.min(n, 11));
      if (n) expect(p.rows[p.rows.length - 1]!.id).to.equal(n - 1);
    }
  });

  it('a pin holds a row at the top, offset included, and draws overscan on both sides', () => {
    const w = windowOf(100);
    const source = rowsOf(1000);
    const p = w.place(source, { index: 500, exact: true, offset: 7, bottom: false });
    expect(p.top).to.equal(500 * 20 + 7);
    expect(p.first).to.equal(494);
    expect(p.y0).to.equal(494 * 20);
    expect(p.rows[0]!.id).to.equal(494);
    expect(p.rows[p.rows.length - 1]!.id).to.be.at.least(505 + 5); // rows below the viewport drawn too
    // The pinned row left the view (filtered out): the next row is held at its top, no offset.
    expect(w.place(source, { index: 500, exact: false, offset: 7, bottom: false }).top).to.equal(10_000);
    // Pinned by its bottom: its bottom edge sits at the viewport's bottom edge.
    expect(w.place(source, { index: 500, exact: true, offset: 0, bottom: true }).top).to.equal(501 * 20 - 100);
    // Past the end: the bottom of the canvas.
    expect(w.place(source, { index: 2000, exact: false, offset: 0, bottom: false }).top).to.equal(1000 * 20 - 100);
  });

  it('wrapped rows use their measured heights at the current width, and one row height otherwise', () => {
    const w = windowOf(100);
    w.wrap = true;
    const source = rowsOf(10);
    expect(w.measure(source[1]!, 60)).to.equal(true);
    expect(w.measure(source[1]!, 60)).to.equal(false); // unchanged: no redraw needed
    expect(w.measure(source[2]!, 0)).to.equal(false); // not laid out: ignored
    expect(w.yOf(source, 3)).to.equal(20 + 60 + 20);
    expect(w.totalHeight(source)).to.equal(9 * 20 + 60);
    expect(w.indexAt(source, 50)).to.deep.equal({ index: 1, top: 20 });
    expect(w.indexAt(source, 80)).to.deep.equal({ index: 2, top: 80 });
    w.width = 300; // another width: the measurement is stale
    expect(w.totalHeight(source)).to.equal(200);
    w.wrap = false;
    w.width = 400;
    expect(w.totalHeight(source)).to.equal(200); // fixed rows ignore measurements
  });

  it('says how to scroll a row into view: below, above (a top), or already visible', () => {
    const w = windowOf(100);
    const source = rowsOf(100);
    expect(w.scrollToShow(source, 10, 200)).to.equal(undefined); // rows 10-14 are in view at top 200
    expect(w.scrollToShow(source, 15, 200)).to.equal('below');
    expect(w.scrollToShow(source, 3, 200)).to.equal(60);
    expect(w.scrollToShow(source, 99, 0)).to.equal('below'); // the newest row: held by its bottom
    expect(w.visibleRange(source, 200)).to.deep.equal([10, 14]);
  });
});
