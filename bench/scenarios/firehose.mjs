// Scenario 1: log firehose. Feed: real SSE bytes from the bench server (a child process) at the
// target rate, one log line per event (~170 bytes), over loopback.
import { runPage } from '../lib/browser.mjs';
import { PAGE_ROWS, printHot } from '../lib/pages.mjs';
import { fmt, sideBySide } from '../lib/util.mjs';

export const title = 'Scenario 1: log firehose over real SSE (log-firehose vs native EventSource + same element vs hand-written virtual tail vs naive div-per-line)';

const ROWS = [
  { label: 'target lines/s', key: 'target' },
  { label: 'server sent lines/s', key: 'sentPerSec' },
  { label: 'server skipped (client too slow) %', key: 'skippedPct' },
  ...PAGE_ROWS,
  { label: 'JS heap growth over window MB', key: 'heapGrowthMB' },
];

export async function run({ browser, base, args, quick, print }) {
  const rates = args.rate ? String(args.rate).split(',').map(Number) : quick ? [1000] : [5000, 20000, 50000];
  const seconds = Number(args.duration ?? (quick ? 1 : 10));
  const batch = Number(args.batch ?? 1);
  print(`feed: real SSE from a local Node server at the target rate, ${batch === 1 ? 'one line per event' : `${batch} lines per event (batched arrays)`}; ${seconds} s per page after a warm-up; pages run one after another`);
  const out = {};
  for (const rate of rates) {
    const columns = [];
    // `--impls ours,raw` measures a subset (profiling, quick before/after pairs).
    const impls = [['ours', 'ours'], ['native', 'native ES + log-firehose'], ['raw', 'hand-written virtual'], ['naive', 'naive divs']];
    const wanted = args.impls ? String(args.impls).split(',') : undefined;
    for (const [impl, name] of impls.filter(([impl]) => !wanted || wanted.includes(impl))) {
      const label = `fh-${impl}-${rate}-${Date.now()}`;
      const sse = `${base}/sse?kind=log&topic=logs&rate=${rate}&batch=${batch}&conn=${label}`;
      const data = await runPage(browser, `${base}/pages/firehose.html?impl=${impl}&url=${encodeURIComponent(sse)}`, {
        durationMs: seconds * 1000,
        warmupMs: quick ? 200 : 1500,
        profile: Boolean(args.profile) && impl === 'ours',
      });
      const stats = await (await fetch(`${base}/stats`)).json();
      const s = stats[label];
      if (s) {
        const secs = ((s.closedAt || Date.now()) - s.startedAt) / 1000;
        data.sentPerSec = s.sent / secs;
        data.skippedPct = (s.skipped / Math.max(1, s.sent + s.skipped)) * 100;
      }
      data.target = rate;
      if (data.error) print(`(${name} failed: ${data.error})`);
      if (data.pageErrors) print(`(${name} page errors: ${data.pageErrors.join(' | ').slice(0, 300)})`);
      columns.push({ name, data });
    }
    print(`\n### ${fmt(rate)} lines/s`);
    print(sideBySide(ROWS, columns));
    printHot(print, columns[0]);
    const ours = columns[0].data;
    if (rate === 20000 && !ours.error) {
      const flat = Math.abs(ours.heapGrowthMB) < Math.max(1, ours.heapStartMB * 0.1);
      print(`target at 20k lines/s (p95 frame < 33 ms, memory flat): p95 ${fmt(ours.frameP95)} ms ${ours.frameP95 < 33 ? 'met' : 'MISSED'}; ` + `heap ${fmt(ours.heapStartMB)} -> ${fmt(ours.heapMB)} MB ${flat ? 'flat' : 'NOT flat'}; delivered ${fmt(ours.itemsPerSec)} lines/s`);
    }
    out[rate] = Object.fromEntries(columns.map((c) => [c.name, c.data]));
  }
  return out;
}
