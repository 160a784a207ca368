// Scenario 7 (opt-in: --soak, or --scenario soak): a long firehose at a high rate proving heap
// and DOM stay flat. Feed: real SSE from the bench server. Ours runs for the whole duration
// (default 10 minutes); the naive div-per-line page runs for at most 60 s next to it, to show
// what growth looks like. Samples heap after GC and DOM nodes every `interval` seconds.
import { afterGc, openPage } from '../lib/browser.mjs';
import { fmt, sleep, table } from '../lib/util.mjs';

export const title = 'Scenario 7: soak (heap after GC and DOM nodes over time)';

async function soak(browser, url, { seconds, interval, print, name }) {
  const opened = await openPage(browser, url);
  const samples = [];
  try {
    await sleep(2000);
    const start = Date.now();
    const first = await afterGc(opened.cdp);
    samples.push({ t: 0, ...first });
    while (Date.now() - start < seconds * 1000) {
      await opened.page.evaluate(() => window.__probe.start());
      await sleep(Math.min(interval * 1000, seconds * 1000 - (Date.now() - start)));
      const probe = await opened.page.evaluate(() => window.__probe.stop());
      const gc = await afterGc(opened.cdp);
      const s = { t: (Date.now() - start) / 1000, ...gc, itemsPerSec: probe.itemsPerSec, frameP95: probe.frameP95, longTaskMs: probe.longTaskMs };
      samples.push(s);
      print(`  ${name} t=${fmt(s.t, 0)}s heap ${fmt(s.heapMB)} MB, nodes ${fmt(s.nodes)}, ${fmt(s.itemsPerSec)} lines/s, p95 frame ${fmt(s.frameP95)} ms`);
    }
  } finally {
    await opened.context.close().catch(() => undefined);
  }
  // least-squares slope over the second half (after buffers have filled)
  const tail = samples.slice(Math.floor(samples.length / 2));
  const slope = (key) => {
    const n = tail.length;
    if (n < 2) return NaN;
    const mt = tail.reduce((a, s) => a + s.t, 0) / n;
    const mv = tail.reduce((a, s) => a + s[key], 0) / n;
    const num = tail.reduce((a, s) => a + (s.t - mt) * (s[key] - mv), 0);
    const den = tail.reduce((a, s) => a + (s.t - mt) ** 2, 0);
    return den ? (num / den) * 60 : NaN;
  };
  const last = samples[samples.length - 1];
  return {
    seconds: last.t,
    heapStartMB: samples[0].heapMB,
    heapEndMB: last.heapMB,
    heapMaxMB: Math.max(...samples.map((s) => s.heapMB)),
    heapSlopeMBPerMin: slope('heapMB'),
    nodesStart: samples[0].nodes,
    nodesEnd: last.nodes,
    nodesSlopePerMin: slope('nodes'),
    meanLinesPerSec: samples.slice(1).reduce((a, s) => a + s.itemsPerSec, 0) / Math.max(1, samples.length - 1),
    worstFrameP95: Math.max(...samples.slice(1).map((s) => s.frameP95)),
    samples,
  };
}

export async function run({ browser, base, args, quick, print }) {
  const rate = Number(args.rate ?? (quick ? 1000 : 20000));
  const seconds = Number(args.duration ?? (quick ? 4 : 600));
  const interval = Number(args.interval ?? (quick ? 1 : Math.max(5, Math.min(30, seconds / 10))));
  print(`feed: real SSE from a local Node server, ${fmt(rate)} lines/s; ours for ${seconds} s, naive div-per-line for ${Math.min(seconds, 60)} s; samples every ${interval} s (heap after forced GC)`);
  const sse = (label) => encodeURIComponent(`${base}/sse?kind=log&topic=logs&rate=${rate}&conn=${label}`);
  const ours = await soak(browser, `${base}/pages/firehose.html?impl=ours&url=${sse(`soak-ours-${Date.now()}`)}`, { seconds, interval, print, name: 'ours' });
  const naive = await soak(browser, `${base}/pages/firehose.html?impl=naive&url=${sse(`soak-naive-${Date.now()}`)}`, { seconds: Math.min(seconds, 60), interval: Math.min(interval, 10), print, name: 'naive' }).catch((e) => ({ error: e.message }));
  const rows = [
    ['seconds run', 'seconds'],
    ['mean lines/s received', 'meanLinesPerSec'],
    ['worst per-interval p95 frame ms', 'worstFrameP95'],
    ['JS heap after GC at start MB', 'heapStartMB'],
    ['JS heap after GC at end MB', 'heapEndMB'],
    ['JS heap max MB', 'heapMaxMB'],
    ['heap slope, 2nd half, MB/min', 'heapSlopeMBPerMin'],
    ['DOM nodes at start', 'nodesStart'],
    ['DOM nodes at end', 'nodesEnd'],
    ['DOM nodes slope, 2nd half, /min', 'nodesSlopePerMin'],
  ];
  print(table(['metric', 'ours', 'naive divs'], rows.map(([label, key]) => [label, fmt(ours[key]), fmt(naive[key])])));
  const flat = Math.abs(ours.heapSlopeMBPerMin) < 0.5 && Math.abs(ours.nodesSlopePerMin) < 50;
  print(`ours stays flat (|heap slope| < 0.5 MB/min and |DOM slope| < 50 nodes/min): ${flat ? 'yes' : 'NO'}`);
  return { ours, naive };
}
