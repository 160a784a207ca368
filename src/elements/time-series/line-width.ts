import uPlot from 'uplot';

/**
 * Points per pixel column above which a line is drawn one device pixel wide. uPlot draws a series
 * with several points per column as that column's min/max runs side by side: a band, which a
 * wider stroke only fattens by a fraction of a pixel at its edges.
 */
const DENSE_POINTS_PER_PX = 2;

/**
 * uPlot's path builder, with the line `width` (CSS px) kept where the line is sparse and one
 * device pixel where it is dense (more than DENSE_POINTS_PER_PX points per column of the span it
 * covers). Chromium's canvas rasterises a stroke of at most one device pixel as a hairline, and a
 * 1.5 px round-joined stroke over thousands of segments several times slower: at 10 series x
 * 10,000 points that was ~5 ms of a ~9 ms frame (bench/README.md, time series).
 *
 * Density is the average over the span: a series dense at its new end and sparse before is drawn
 * thin all along (still a line; uPlot's own default width).
 */
export function thinWhenDense(
  width: number,
  builder: uPlot.Series.PathBuilder = uPlot.paths.linear!(),
  /** The density of the rows behind the ones drawn, when only some are (decimate.ts); undefined: count the drawn ones. */
  denser: (seriesIdx: number, perPixel: number) => boolean | undefined = () => undefined,
): uPlot.Series.PathBuilder {
  return (u, seriesIdx, idx0, idx1) => {
    const paths = builder(u, seriesIdx, idx0, idx1);
    // `_width` is what uPlot's drawPath reads for a path's own width (uPlot.d.ts calls it `width`).
    if (paths) (paths as { _width?: number })._width = (denser(seriesIdx, DENSE_POINTS_PER_PX) ?? dense(u, seriesIdx, idx0, idx1)) ? 1 / (uPlot.pxRatio || 1) : width;
    return paths;
  };
}

/** Whether series `seriesIdx` has more than DENSE_POINTS_PER_PX values per canvas pixel between rows idx0 and idx1. */
function dense(u: uPlot, seriesIdx: number, idx0: number, idx1: number): boolean {
  const xs = u.data[0];
  const ys = u.data[seriesIdx];
  if (!ys || idx1 <= idx0) return false;
  const px = Math.abs(u.valToPos(xs[idx1]!, 'x', true) - u.valToPos(xs[idx0]!, 'x', true));
  const limit = DENSE_POINTS_PER_PX * Math.max(1, px);
  if (idx1 - idx0 + 1 <= limit) return false;
  // Rows of other series leave this one `undefined`: count its own values, stopping once dense.
  let n = 0;
  for (let i = idx0; i <= idx1; i++) if (ys[i] != null && ++n > limit) return true;
  return false;
}
