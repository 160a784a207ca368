// Scenario 3a: many gauges.
//   local  200 gauges at 10 Hz from an in-page generator publishing into
//          <pulse-source src="local:..."> (isolates rendering; no network), vs hand-written DOM
//   sse    the case a user meets: the same gauges fed over ONE real SSE stream from the bench
//          server (a child process), topics g0..gN-1 in turn, vs a native EventSource writing
//          each message to a hand-written SVG dial; 200 x 10 Hz, then 1,000 x 1 Hz
import { runPage } from '../lib/browser.mjs';
import { PAGE_ROWS, printHot, runVariants } from '../lib/pages.mjs';
import { fmt, sideBySide } from '../lib/util.mjs';

export const title = 'Scenario 3a: many gauges (metric-gauge vs hand-written gauges updated per message; in-page feed and one real SSE stream)';

export async function run(ctx) {
  const { args, quick } = ctx;
  const feeds = String(args.feed ?? 'local,sse').split(',').map((s) => s.trim());
  const seconds = Number(args.duration ?? (quick ? 1 : 10));
  const variant = args.variant === 'bar' ? 'bar' : 'radial';
  const out = {};
  if (feeds.includes('local')) {
    const count = Number(args.count ?? (quick ? 20 : 200));
    const hz = Number(args.rate ?? 10);
    out.local = await local(ctx, { count, hz, seconds, variant });
  }
  if (feeds.includes('sse')) {
    // --count/--rate pick one case; by default the two: 200 x 10 Hz and 1,000 x 1 Hz.
    const cases = args.count || args.rate ? [[Number(args.count ?? 200), Number(args.rate ?? 10)]] : quick ? [[20, 10]] : [[200, 10], [1000, 1]];
    for (const [count, hz] of cases) out[`sse-${count}x${hz}`] = await overSse(ctx, { count, hz, seconds, variant });
  }
  return out;
}

async function local(ctx, { count, hz, seconds, variant }) {
  const { base, quick, print } = ctx;
  print(`\n### in-page feed: ${count} ${variant} gauges x ${hz} Hz`);
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

const SSE_ROWS = (sent) => [
  { label: 'server sent events/s', key: 'sentPerSec' },
  { label: 'server skipped (client too slow) %', key: 'skippedPct' },
  ...PAGE_ROWS,
  { label: `gauge updates drawn /s (of ${fmt(sent)} sent)`, key: 'rendersPerSec' },
];

async function overSse(ctx, { count, hz, seconds, variant }) {
  const { base, args, quick, print } = ctx;
  const rate = count * hz;
  print(`\n### one real SSE stream: ${count.toLocaleString('en-US')} ${variant} gauges x ${hz} Hz`);
  print(`feed: real SSE from the bench server (child process), ${fmt(rate)} events/s over ${fmt(count)} topics in turn, one {ts, value} per event; ours: <pulse-source src=...>; hand-written: native EventSource + SVG dials written per message; ${seconds} s per page`);
  const columns = [];
  for (const [impl, name] of [['ours', 'ours'], ['naive', 'EventSource + SVG']]) {
    const label = `g-${impl}-${count}-${Date.now()}`;
    const sse = `${base}/sse?kind=gauge&topic=g&topics=${count}&rate=${rate}&conn=${label}`;
    const data = await runPage(ctx.browser, `${base}/pages/gauges.html?impl=${impl}&count=${count}&variant=${variant}&url=${encodeURIComponent(sse)}`, {
      durationMs: seconds * 1000,
      warmupMs: quick ? 200 : 1500,
      profile: Boolean(args.profile) && impl === 'ours',
    });
    const s = (await (await fetch(`${base}/stats`)).json())[label];
    if (s) {
      const secs = ((s.closedAt || Date.now()) - s.startedAt) / 1000;
      data.sentPerSec = s.sent / secs;
      data.skippedPct = (s.skipped / Math.max(1, s.sent + s.skipped)) * 100;
    }
    if (data.error) print(`(${name} failed: ${data.error})`);
    if (data.pageErrors) print(`(${name} page errors: ${data.pageErrors.join(' | ').slice(0, 300)})`);
    columns.push({ name, data });
  }
  print(sideBySide(SSE_ROWS(rate), columns));
  printHot(print, columns[0]);
  const ours = columns[0].data;
  if (!ours.error) {
    const met = ours.rendersPerSec >= rate * 0.9 && ours.slowFramePct <= 2 && ours.longTasks === 0;
    print(`target (>= ${fmt(rate * 0.9)} of ${fmt(rate)} drawn/s, <= 2% late frames, 0 long tasks): ${fmt(ours.rendersPerSec)} drawn/s, ${fmt(ours.slowFramePct)}% late, ${fmt(ours.longTasks)} long tasks: ${met ? 'met' : 'MISSED'}`);
  }
  return Object.fromEntries(columns.map((c) => [c.name, c.data]));
}
