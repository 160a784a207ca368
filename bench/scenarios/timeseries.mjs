// Scenario 2: time series, 10 series x 1,000 points/s, 5-minute window. Feed: in-page generator
// (isolates rendering), published into <pulse-source src="local:..."> for ours, pushed into
// columnar arrays for raw uPlot.
import { runVariants } from '../lib/pages.mjs';
import { fmt } from '../lib/util.mjs';

export const title = 'Scenario 2: time series (time-series vs raw uPlot fed directly)';

export async function run(ctx) {
  const { base, args, quick, print } = ctx;
  const series = Number(args.series ?? 10);
  const rate = Number(args.rate ?? (quick ? 100 : 1000));
  const windowSec = Number(args.window ?? 300);
  const points = Number(args.points ?? 10000);
  const seconds = Number(args.duration ?? (quick ? 1 : 10));
  // Both draw the rolling window (raw uPlot sets its x scale as the element does); `--view data`
  // gives raw uPlot its auto range over the data instead (the baseline before 2026-12-02).
  const view = args.view === 'data' ? 'data' : 'window';
  print(
    `feed: in-page generator, ${series} series x ${fmt(rate)} points/s (one {ts, s0..s${series - 1}} payload per point), ${windowSec} s window, ` +
      `at most ${fmt(points)} points per series in both (the element's max-points; --points to change); ` +
      `raw uPlot's x axis: ${view === 'data' ? 'the data only (--view data)' : 'the window, as the element'}; ${seconds} s`,
  );
  const q = `series=${series}&rate=${rate}&window=${windowSec}&points=${points}`;
  const data = await runVariants(
    ctx,
    [
      { name: 'ours', url: `${base}/pages/timeseries.html?impl=ours&${q}` },
      { name: 'raw uPlot', url: `${base}/pages/timeseries.html?impl=uplot&view=${view}&${q}` },
    ],
    { durationMs: seconds * 1000, warmupMs: quick ? 200 : 3000 },
  );
  const ours = data.ours;
  const raw = data['raw uPlot'];
  if (ours && raw && !ours.error && !raw.error) {
    const r = ours.taskPerFrame / raw.taskPerFrame;
    print(`target (within 10% of raw uPlot): main-thread time per frame ${r.toFixed(2)}x of raw uPlot, p95 frame ${fmt(ours.frameP95)} vs ${fmt(raw.frameP95)} ms: ${r <= 1.1 ? 'met' : 'MISSED'}`);
  }
  return data;
}
