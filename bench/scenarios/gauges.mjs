// Scenario 3a: 200 gauges at 10 Hz each. Feed: in-page generator publishing into
// <pulse-source src="local:..."> (isolates rendering; no network).
import { PAGE_ROWS, runVariants } from '../lib/pages.mjs';
import { fmt } from '../lib/util.mjs';

export const title = 'Scenario 3a: many gauges (metric-gauge vs hand-written DOM gauges updated per message)';

export async function run(ctx) {
  const { base, args, quick, print } = ctx;
  const count = Number(args.count ?? (quick ? 20 : 200));
  const hz = Number(args.rate ?? 10);
  const seconds = Number(args.duration ?? (quick ? 1 : 10));
  const variant = args.variant === 'bar' ? 'bar' : 'radial';
  print(`feed: in-page generator, ${count} ${variant} gauges x ${hz} Hz = ${fmt(count * hz)} updates/s, published into <pulse-source src="local:..."> (ours) or applied directly (naive); ${seconds} s`);
  const q = `count=${count}&hz=${hz}&variant=${variant}`;
  return runVariants(ctx, [
    { name: 'ours', url: `${base}/pages/gauges.html?impl=ours&${q}` },
    { name: 'naive DOM', url: `${base}/pages/gauges.html?impl=naive&${q}` },
  ], {
    durationMs: seconds * 1000,
    warmupMs: quick ? 200 : 1500,
    // When frames run late our scheduler spreads renders over frames: fewer updates drawn per
    // second, frames kept flowing. This row shows that trade (the naive page draws every message).
    rows: [...PAGE_ROWS, { label: `gauge updates drawn /s (of ${fmt(count * hz)} sent)`, key: 'rendersPerSec' }],
  });
}
