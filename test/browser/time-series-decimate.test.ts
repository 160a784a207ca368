// Dense live charts hand uPlot only the rows that draw the same picture (decimate.ts): per series
// and pixel column, the first, last, lowest and highest value, and every gap with its neighbours.
// Checked two ways: on random data, what a renderer drawing every point at its pixel column would
// draw is the same from the kept rows as from all of them; and on the element, the live picture
// (reduced rows) inks the same pixels as the paused one (every row).
import { expect, fixture, html } from '@open-wc/testing';
import { Decimator, gatherRows, type ColumnGrid } from '../../src/elements/time-series/decimate.js';
import type { SeriesValue } from '../../src/render/series-buffer.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { newSession, nextFrames, waitFor } from './helpers.js';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * What a renderer that draws every point sees of series `s`: for each run of values between gaps,
 * per pixel column in order, [column, first, lowest, highest, last]; a gap as the word 'gap'.
 */
function drawn(xs: ArrayLike<number>, col: ArrayLike<SeriesValue>, grid: ColumnGrid): unknown[] {
  const out: unknown[] = [];
  let cur: number[] | undefined;
  for (let i = 0; i < xs.length; i++) {
    const v = col[i];
    if (v === undefined) continue;
    if (v === null) {
      if (out.at(-1) !== 'gap') out.push('gap');
      cur = undefined;
      continue;
    }
    const x = xs[i]!;
    const c = x >= grid.min && x <= grid.max ? Math.round(grid.left + ((x - grid.min) / (grid.max - grid.min)) * grid.width) : `outside ${x}`;
    if (!cur || cur[0] !== c) out.push((cur = [c as number, v, v, v, v]));
    else {
      cur[2] = Math.min(cur[2]!, v);
      cur[3] = Math.max(cur[3]!, v);
      cur[4] = v;
    }
  }
  return out;
}

function randomData(rand: () => number, n: number, series: number, from: number, step: number) {
  const xs: number[] = [];
  const cols: SeriesValue[][] = Array.from({ length: series }, () => []);
  const level = Array.from({ length: series }, () => rand() * 100);
  let t = from;
  for (let i = 0; i < n; i++) {
    t += rand() < 0.01 ? step * 50 : step * (0.2 + rand() * 1.6); // now and then a stretch without rows
    xs.push(t);
    for (let s = 0; s < series; s++) {
      const r = rand();
      level[s] = level[s]! + (rand() - 0.5) * 4;
      // Mostly values; some gaps (null) and rows this series has no sample in (undefined).
      cols[s]!.push(r < 0.004 ? null : r < 0.05 + s * 0.1 ? undefined : rand() < 0.002 ? level[s]! + 80 : level[s]!);
    }
  }
  return { xs, cols };
}

describe('decimate: the rows of a dense chart that draw the same picture', () => {
  it('on random data with gaps, spikes and sparse series, the kept rows draw what all rows draw, in a fraction of them', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = random(seed);
      const n = 2000 + Math.floor(rand() * 8000);
      const { xs, cols } = randomData(rand, n, 1 + Math.floor(rand() * 4), 1_000_000, 2);
      const span = xs.at(-1)! - xs[0]!;
      const series = cols.length;
      // As a live window wider than its dense data (the bench: 10 s of points in a 5 min window):
      // the data covers 1 / (series + 2) of the width.
      const width = Math.min(300 + Math.floor(rand() * 700), Math.floor(n / 5)); // dense: 5+ rows per column overall
      const grid: ColumnGrid = { min: xs[0]! - span * (series + 1), max: xs.at(-1)!, left: rand() * 60, width };
      if (rand() < 0.3) {
        // Rows older than the window (not yet trimmed): kept as they are.
        for (let i = 30; i > 0; i--) {
          xs.unshift(grid.min - i * 7);
          for (const col of cols) col.unshift(rand() < 0.2 ? null : rand() * 100);
        }
      }
      const decimator = new Decimator();
      const rows = decimator.reduce(xs, cols, grid);
      expect(rows, `seed ${seed}: dense enough to reduce`).to.not.equal(undefined);
      expect(rows!.length, `seed ${seed}: rows kept`).to.be.below(xs.length * 0.6);
      for (let i = 1; i < rows!.length; i++) expect(rows![i]! > rows![i - 1]!, `seed ${seed}: rows ascending`).to.equal(true);
      const [keptXs, ...keptCols] = gatherRows([xs, ...cols] as const, rows!, []);
      // Each series with only the rows it keeps itself (the rest undefined: no point), as unstacked lines are drawn.
      const [ownXs, ...ownCols] = gatherRows([xs, ...cols] as const, rows!, [], decimator.keptBy);
      cols.forEach((col, s) => {
        const all = drawn(xs, col, grid);
        expect(drawn(keptXs, keptCols[s]!, grid), `seed ${seed}, series ${s}`).to.deep.equal(all);
        expect(drawn(ownXs, ownCols[s]!, grid), `seed ${seed}, series ${s}, its own rows`).to.deep.equal(all);
        const points = ownCols[s]!.filter((v) => typeof v === 'number').length;
        expect(points, `seed ${seed}, series ${s}: at most four points per column and run`).to.be.at.most(4 * all.filter((d) => d !== 'gap').length);
      });
    }
  });

  it('leaves sparse data alone, and says how dense each series was behind the rows kept', () => {
    const d = new Decimator();
    const xs = Array.from({ length: 300 }, (_, i) => i * 10);
    const grid = { min: 0, max: 2990, left: 0, width: 200 };
    expect(d.reduce(xs, [xs.map(() => 1)], grid), 'fewer than 4 rows per column').to.equal(undefined);
    expect(d.denser(0, 2), 'no reduction, no figure').to.equal(undefined);

    const many = Array.from({ length: 4000 }, (_, i) => i);
    const every = many.map((i) => i % 7);
    const rare = many.map((i) => (i % 400 === 0 ? 5 : undefined));
    const rows = d.reduce(many, [every, rare], { min: 0, max: 3999, left: 0, width: 500 });
    expect(rows!.length).to.be.below(4000 * 0.6);
    expect(d.denser(0, 2), '8 values per pixel').to.equal(true);
    expect(d.denser(1, 2), 'one value per 50 pixels').to.equal(false);
  });
});

describe('<time-series> dense and live', function () {
  this.timeout(20_000);

  /** Per canvas column of the plot area, the top and bottom row inked in the series' colour (alpha over a half). */
  function extents(chart: TimeSeries, series = 1): Array<[number, number] | undefined> {
    const u = chart.plot!;
    const probe = document.createElement('canvas').getContext('2d')!;
    probe.fillStyle = (u.series[series]!.stroke as () => string)();
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    const { left, top, width, height } = u.bbox;
    const img = u.ctx.getImageData(left, top, width, height);
    const out: Array<[number, number] | undefined> = [];
    for (let x = 0; x < img.width; x++) {
      let lo: number | undefined;
      let hi: number | undefined;
      for (let y = 0; y < img.height; y++) {
        const at = (y * img.width + x) * 4;
        const close = Math.abs(img.data[at]! - r!) + Math.abs(img.data[at + 1]! - g!) + Math.abs(img.data[at + 2]! - b!) < 90;
        if (close && img.data[at + 3]! > 128) (lo ??= y), (hi = y);
      }
      out.push(lo === undefined ? undefined : [lo, hi!]);
    }
    return out;
  }

  /**
   * A live column (every point at its nearest pixel) lies inside the ink of the two paused columns
   * it overlaps (uPlot's own decimation: from one pixel to the next), and the other way round, give
   * or take the stroke's anti-aliased pixel. Returns the columns where that fails.
   */
  function misplaced(live: Array<[number, number] | undefined>, paused: Array<[number, number] | undefined>): number[] {
    const hull = (list: Array<[number, number] | undefined>, x: number, dx: number): [number, number] | undefined => {
      const parts = [list[x], list[x + dx]].filter((p): p is [number, number] => p !== undefined);
      return parts.length ? [Math.min(...parts.map((p) => p[0])), Math.max(...parts.map((p) => p[1]))] : undefined;
    };
    const inside = (a: [number, number] | undefined, h: [number, number] | undefined) => (a === undefined ? true : h !== undefined && a[0] >= h[0] - 1 && a[1] <= h[1] + 1);
    return live.map((a, x) => (inside(a, hull(paused, x, -1)) && inside(paused[x], hull(live, x, 1)) ? -1 : x)).filter((x) => x >= 0);
  }

  interface Case {
    readonly name: string;
    readonly attrs: string;
    readonly width: number;
    readonly stacked?: boolean;
    /** After the reduction and before comparing: what the user does to the chart, with no new data. */
    readonly then?: (chart: TimeSeries) => Promise<void>;
  }
  const CASES: Case[] = [
    { name: 'plain', attrs: 'min="0" max="100"', width: 600 },
    { name: 'stacked', attrs: 'min="0" max="200" stacked', width: 600, stacked: true },
    {
      // The rows kept were grouped by the old pixel columns: the wider chart must group them again
      // at once, not when the next value comes (a quiet stream would keep the coarse picture).
      name: 'widened with no new data',
      attrs: 'min="0" max="100"',
      width: 300,
      then: async (chart) => {
        chart.style.width = '1200px';
        await waitFor(() => chart.plot!.bbox.width > 1000 * (devicePixelRatio || 1), 'the plot widened');
      },
    },
    // No min/max: the y axis follows the data, so its labels' width (and the plot's left edge) can
    // change in the very frame that reduces.
    { name: 'automatic y range', attrs: '', width: 600 },
  ];

  for (const c of CASES) {
    it(`${c.name}: hands uPlot a fraction of the rows and inks the pixels the paused chart (every row) inks`, async () => {
      const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('decimate')}`}></pulse-source>`);
      const holder = document.createElement('div');
      holder.innerHTML = `<time-series topic="m" window="10s" gap-after="off" ${c.attrs} style="display:block;width:${c.width}px;height:240px"></time-series>`; // static test markup
      const chart = holder.firstElementChild as TimeSeries;
      source.append(chart);
      await waitFor(() => !!chart.plot, 'uPlot created');
      const rand = random(7);
      const now = Date.now();
      let level = 50;
      // 6,000 points (then one more) in the last 6 s of a 10 s window (~10 per pixel column), with spikes and one gap.
      source.publish(
        'm',
        Array.from({ length: 6000 }, (_, i) => {
          level = Math.min(90, Math.max(10, level + (rand() - 0.5) * 3));
          const value = i === 3000 ? null : i % 997 === 0 ? 98 : level;
          // Stacked: a second series under the first, its own walk; the top line is compared.
          return c.stacked ? { ts: now - 6000 + i, under: 40 + Math.round(30 * Math.sin(i / 50)), value } : { ts: now - 6000 + i, value };
        }),
      );
      await nextFrames(2);
      // The first frame with a new series builds the plot from every row; the next data frame reduces.
      source.publish('m', c.stacked ? { ts: now + 1, under: 40, value: level } : { ts: now + 1, value: level });
      await nextFrames(3);
      const u = chart.plot!;
      expect(chart.getData()[0], 'the buffer holds every row').to.have.length(6001);
      expect(u.data[0].length, 'uPlot walks a fraction of them').to.be.below(6001 * 0.6);
      await c.then?.(chart);
      await nextFrames(3);
      const top = c.stacked ? u.series.length - 1 : 1;
      const live = extents(chart, top);

      if (c.stacked) {
        // The tooltip over the live, reduced chart names each series' own value at that row, not
        // its stacked sum (the values are gathered for the kept rows when it first asks).
        const [xs, ...cols] = chart.getData();
        const names = u.series.slice(1).map((s) => s.label);
        const at = Math.round(u.valToPos(now - 3000.5, 'x'));
        u.setCursor({ left: at, top: 20 });
        const idx = u.cursor.idx!;
        const row = xs.indexOf(u.data[0][idx]!);
        expect(row, 'the cursor is on a row of the buffer').to.be.at.least(0);
        const shown = [...u.over.querySelectorAll('.tooltip-value')].map((e) => e.textContent);
        const under = cols[names.indexOf('under')]![row] as number;
        // `value` is drawn as the topic's own series, `m`.
        const value = cols[names.indexOf('m')]![row] as number | null;
        expect(shown[names.indexOf('under')], 'under: its own value').to.equal(String(under));
        if (value === null) expect(shown[names.indexOf('m')]).to.not.match(/\d/);
        else expect(Number(shown[names.indexOf('m')]!.replace(',', '.')), 'value: its own, not under + value').to.be.closeTo(value, 0.06);
        u.setCursor({ left: -10, top: -10 });
      }

      u.over.dispatchEvent(new PointerEvent('pointerenter'));
      await nextFrames(3);
      expect(chart.mode, 'paused under the pointer').to.equal('hover');
      expect(u.data[0], 'paused: every row').to.have.length(6001);
      const paused = extents(chart, top);

      const inked = live.filter(Boolean).length;
      expect(inked, 'the line covers its 6 s of the window').to.be.above(u.bbox.width * 0.5);
      expect(Math.abs(inked - paused.filter(Boolean).length), 'as many columns inked').to.be.at.most(2);
      expect(misplaced(live, paused), 'columns whose ink is not where the paused chart has it').to.deep.equal([]);
    });
  }
});
