// Scenario 4: items/s parsed from the same SSE bytes by the native EventSource vs our SseTransport
// and StreamHub. Feed: real SSE from the bench server (child process) on loopback, burst mode (as
// fast as the socket drains), so the figure is the client's parsing ceiling.
import { openPage, metrics } from '../lib/browser.mjs';
import { fmt, median, table } from '../lib/util.mjs';

export const title = 'Scenario 4: transport throughput (items parsed per second, burst over real SSE)';

const MODES = [
  ['native', 'native EventSource + JSON.parse'],
  ['transport', 'ours: SseTransport'],
  ['hub', 'ours: StreamHub.subscribe'],
];

export async function run({ browser, base, args, quick, print }) {
  const events = Number(args.events ?? (quick ? 2000 : 100000));
  const repeats = quick ? 1 : 3;
  const cases = [
    { name: 'small events (1 metric per event)', kind: 'metric', batch: 1 },
    { name: 'small log lines (1 per event)', kind: 'log', batch: 1 },
    { name: 'batched arrays (100 logs per event)', kind: 'log', batch: 100 },
  ];
  print(`feed: real SSE bytes from a local Node server (burst of ${fmt(events)} items, median of ${repeats} runs); each mode in its own page`);
  const data = Object.fromEntries(cases.map((c) => [c.name, {}]));
  for (const [mode] of MODES) {
    // one page per mode, every case in it (a fresh EventSource / transport per run)
    const opened = await openPage(browser, `${base}/pages/transport.html?mode=${mode}`);
    try {
      for (const c of cases) {
        const runs = [];
        for (let i = 0; i < repeats; i++) {
          const url = `${base}/sse?kind=${c.kind}&topic=t&batch=${c.batch}&count=${events}&conn=transport-${mode}-${c.kind}-${c.batch}-${i}-${Date.now()}`;
          const m0 = await metrics(opened.cdp);
          const r = await opened.page.evaluate(([u, n]) => window.__run(u, n, 't'), [url, events]);
          const m1 = await metrics(opened.cdp);
          runs.push({ ...r, perSec: (r.items / r.ms) * 1000, taskMs: (m1.TaskDuration - m0.TaskDuration) * 1000 });
        }
        data[c.name][mode] = { itemsPerSec: median(runs.map((r) => r.perSec)), taskUsPerItem: (median(runs.map((r) => r.taskMs)) / events) * 1000, runs };
      }
    } finally {
      await opened.context.close();
    }
  }
  const rows = cases.map((c) => {
    const res = data[c.name];
    return [
      c.name,
      ...MODES.map(([m]) => fmt(res[m].itemsPerSec)),
      `${(res.transport.itemsPerSec / res.native.itemsPerSec).toFixed(2)}x`,
      `${(res.hub.itemsPerSec / res.native.itemsPerSec).toFixed(2)}x`,
      ...MODES.map(([m]) => fmt(res[m].taskUsPerItem, 2)),
    ];
  });
  print(
    table(
      ['items/s (median)', ...MODES.map(([, l]) => l), 'SseTransport / native', 'StreamHub / native', ...MODES.map(([m]) => `main-thread µs/item ${m}`)],
      rows,
    ),
  );
  print('(ratio > 1 means ours parses more items per second than the native EventSource)');
  return data;
}
