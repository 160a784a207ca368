// Line weight: a sparse line is drawn 1.5 px wide; a line with several points per pixel column
// (a band of min/max runs, where the width only fattens its edges) one device pixel wide, which
// the canvas rasterises as a cheap hairline (src/elements/time-series/line-width.ts). Read from
// the pixels drawn.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { newSession, nextFrames, waitFor } from './helpers.js';

/** 2.3 units from any multiple of 5: well clear of the grid lines of a 0-100 axis. */
const LEVEL = 47.3;

async function mount() {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('width')}`}></pulse-source>`);
  const holder = document.createElement('div');
  holder.innerHTML = '<time-series topic="cpu" window="10s" min="0" max="100" gap-after="off" style="display:block;width:800px;height:260px"></time-series>'; // static test markup
  const chart = holder.firstElementChild as TimeSeries;
  source.append(chart);
  await waitFor(() => !!chart.plot, 'uPlot created');
  return { source, chart };
}

/**
 * How thick the flat line at LEVEL is where the data is, in device pixels: the coverage (alpha)
 * summed over the rows around it, the median over 21 columns (a grid line crossing one of them
 * does not count).
 */
function thickness(chart: TimeSeries): number {
  const u = chart.plot!;
  const [xs] = chart.getData();
  const x = Math.round(u.valToPos((xs[0]! + xs[xs.length - 1]!) / 2, 'x', true));
  const y = Math.round(u.valToPos(LEVEL, 'y', true));
  const img = u.ctx.getImageData(x - 10, y - 3, 21, 7);
  const sums: number[] = [];
  for (let c = 0; c < img.width; c++) {
    let sum = 0;
    for (let r = 0; r < img.height; r++) sum += img.data[(r * img.width + c) * 4 + 3]! / 255;
    sums.push(sum);
  }
  return sums.sort((a, b) => a - b)[10]!;
}

describe('<time-series> line width', function () {
  this.timeout(20_000);

  it('draws a sparse line 1.5 px wide and a line of several points per pixel one device pixel wide', async () => {
    const dpr = devicePixelRatio || 1;
    const now = Date.now();

    const sparse = await mount();
    sparse.source.publish('cpu', Array.from({ length: 20 }, (_, i) => ({ ts: now - 9_500 + i * 500, value: LEVEL })));
    await nextFrames(3);
    const thick = thickness(sparse.chart);
    expect(thick, 'sparse: 1.5 CSS px').to.be.within(1.3 * dpr, 1.7 * dpr + 0.2);

    // 5,000 points over ~780 CSS px: several per pixel column.
    const dense = await mount();
    dense.source.publish('cpu', Array.from({ length: 5000 }, (_, i) => ({ ts: now - 9_990 + i * 2, value: LEVEL })));
    await nextFrames(3);
    expect(dense.chart.getData()[0]).to.have.length(5000);
    const thin = thickness(dense.chart);
    expect(thin, 'dense: one device pixel').to.be.within(0.5, 1.15);
  });
});
