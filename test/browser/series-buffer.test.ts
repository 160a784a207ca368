import { expect } from '@open-wc/testing';
import { SeriesBuffer } from '../../src/render/series-buffer.js';

const rows = (b: SeriesBuffer) => {
  const [xs, ...cols] = b.data();
  return xs.map((x, i) => [x, ...cols.map((c) => c[i])]);
};

describe('SeriesBuffer: columnar samples for charts', () => {
  it('appends samples as aligned columns, one column per series name', () => {
    const b = new SeriesBuffer({ capacity: 10, windowMs: 60_000 });
    b.add(1000, [['cpu', 1], ['mem', 10]]);
    b.add(2000, [['cpu', 2]]);
    b.add(3000, [['mem', 30], ['disk', 5]]);
    expect(b.series).to.deep.equal(['cpu', 'mem', 'disk']);
    expect(rows(b)).to.deep.equal([
      [1000, 1, 10, undefined],
      [2000, 2, undefined, undefined],
      [3000, undefined, 30, 5],
    ]);
  });

  it('merges samples with the same timestamp into one row (topics published separately)', () => {
    const b = new SeriesBuffer({ capacity: 10, windowMs: 60_000 });
    expect(b.add(1000, [['cpu', 1]])).to.equal('appended');
    expect(b.add(1000, [['mem', 2]])).to.equal('merged');
    expect(rows(b)).to.deep.equal([[1000, 1, 2]]);
  });

  it('keeps an explicit null as a gap (null), distinct from "no sample" (undefined)', () => {
    const b = new SeriesBuffer({ capacity: 10, windowMs: 60_000 });
    b.add(1000, [['a', 1], ['b', 1]]);
    b.add(2000, [['a', null]]);
    expect(rows(b)[1]).to.deep.equal([2000, null, undefined]);
    expect(b.latest(0)).to.equal(null);
    expect(b.latest(1)).to.equal(1);
  });

  it('inserts an out-of-order sample in order when inside the window', () => {
    const b = new SeriesBuffer({ capacity: 10, windowMs: 60_000 });
    b.add(1000, [['a', 1]]);
    b.add(3000, [['a', 3]]);
    expect(b.add(2000, [['a', 2]])).to.equal('inserted');
    expect(b.add(1000, [['b', 9]])).to.equal('merged');
    expect(rows(b).map((r) => r[0])).to.deep.equal([1000, 2000, 3000]);
    expect(rows(b).map((r) => r[1])).to.deep.equal([1, 2, 3]);
    expect(rows(b)[0]).to.deep.equal([1000, 1, 9]);
  });

  it('drops (and counts) a sample older than the window start', () => {
    const b = new SeriesBuffer({ capacity: 10, windowMs: 5000 });
    b.add(10_000, [['a', 1]]);
    expect(b.add(4000, [['a', 0]])).to.equal('dropped');
    expect(b.dropped).to.equal(1);
    expect(rows(b)).to.deep.equal([[10_000, 1]]);
  });

  it('trims rows older than the window as newer ones arrive', () => {
    const b = new SeriesBuffer({ capacity: 100, windowMs: 5000 });
    for (let t = 0; t <= 20_000; t += 1000) b.add(1_000_000 + t, [['a', t]]);
    const [xs] = b.data();
    expect(xs[0]).to.equal(1_015_000);
    expect(xs.at(-1)).to.equal(1_020_000);
    expect(b.length).to.equal(6);
  });

  it('keeps at most capacity rows, and its arrays stay the same objects after compaction', () => {
    const b = new SeriesBuffer({ capacity: 5, windowMs: 1e9 });
    b.add(1, [['a', 1]]);
    const first = b.data();
    for (let i = 2; i <= 50; i++) b.add(i, [['a', i]]);
    const data = b.data();
    expect(data[0]).to.equal(first[0]);
    expect(data[1]).to.equal(first[1]);
    expect(data[0]).to.deep.equal([46, 47, 48, 49, 50]);
    expect(data[1]).to.deep.equal([46, 47, 48, 49, 50]);
  });

  it('bounds its memory even when data() is never read', () => {
    const b = new SeriesBuffer({ capacity: 10, windowMs: 1e9 });
    for (let i = 1; i <= 10_000; i++) b.add(i, [['a', i]]);
    expect(b.snapshot()[0].length).to.equal(10);
    // internal arrays: live rows plus a dead head smaller than capacity
    expect((b as unknown as { xs: number[] }).xs.length).to.be.below(21);
  });

  it('ignores series beyond maxSeries', () => {
    const b = new SeriesBuffer({ capacity: 10, windowMs: 1e9, maxSeries: 2 });
    b.add(1, [['a', 1], ['b', 2], ['c', 3]]);
    expect(b.series).to.deep.equal(['a', 'b']);
    expect(b.seriesIndex('c')).to.equal(-1);
  });

  it('snapshot is a copy that later samples do not change', () => {
    const b = new SeriesBuffer({ capacity: 10, windowMs: 1e9 });
    b.add(1, [['a', 1]]);
    const snap = b.snapshot();
    b.add(2, [['a', 2]]);
    expect(snap).to.deep.equal([[1], [1]]);
  });
});
