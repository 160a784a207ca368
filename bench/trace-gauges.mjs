#!/usr/bin/env node
// What Chromium does per frame on the gauges-over-SSE page: a 4 s trace (devtools.timeline,
// blink, cc, v8.execute) of the page after a warm-up, summed per event name on the renderer's
// main thread, wall and thread time per frame, and what the long tasks held.
//
//   node bench/trace-gauges.mjs [ours|naive] [count] [hz]      (default: ours 200 10)
//   BENCH_BUNDLE=/path/to/pulseboard.bundle.js node bench/trace-gauges.mjs   (another build)
//
// Uses dist/ as it is (npm run build first). Figures are for finding where frame time goes;
// the comparison figures come from `npm run bench -- --scenario gauges`.
import { readFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { sleep, startChild, stopChild } from './lib/util.mjs';

process.chdir(resolve(fileURLToPath(new URL('..', import.meta.url))));
const [impl = 'ours', count = 200, hz = 10] = process.argv.slice(2).map((a, i) => (i ? Number(a) : a));
const out = resolve('bench/results/trace-gauges.json');
mkdirSync(resolve(out, '..'), { recursive: true });
const { child, info } = await startChild('bench/sse-server.mjs', []);
const base = `http://127.0.0.1:${info.port}`;
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const sse = `${base}/sse?kind=gauge&topic=g&topics=${count}&rate=${count * hz}`;
  await page.goto(`${base}/pages/gauges.html?impl=${impl}&count=${count}&url=${encodeURIComponent(sse)}`);
  await page.waitForFunction(() => window.__ready === true || window.__error !== undefined, null, { timeout: 15000 });
  await sleep(1500);
  await browser.startTracing(page, { path: out, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8.execute'] });
  await sleep(4000);
  await browser.stopTracing();
} finally {
  await browser.close();
  await stopChild(child);
}

const events = JSON.parse(readFileSync(out, 'utf8')).traceEvents;
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const xs = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const frames = xs.filter((e) => e.name === 'WebFrameWidgetImpl::UpdateLifecycle').length;
console.log(`# ${impl}, ${count} gauges x ${hz} Hz over SSE: ${frames} frames in 4 s (trace: ${out})`);
console.log('| main-thread event | count | wall ms / frame | thread ms / frame |\n| --- | ---: | ---: | ---: |');
for (const name of ['RunTask', 'WebFrameWidgetImpl::UpdateLifecycle', 'RunMicrotasks', 'Document::recalcStyle', 'LocalFrameView::performLayout', 'Paint', 'Layerize', 'PaintArtifactCompositor::Update', 'ProxyMain::BeginMainFrame::commit']) {
  const of = xs.filter((e) => e.name === name);
  const wall = of.reduce((a, e) => a + e.dur, 0) / 1000;
  const thread = of.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
  console.log(`| ${name} | ${of.length} | ${(wall / frames).toFixed(2)} | ${(thread / frames).toFixed(2)} |`);
}
// Self time per event name inside the long tasks (> 50 ms).
const self = new Map();
const stack = [];
for (const e of xs) {
  while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
  if (stack.length) {
    const parent = stack[stack.length - 1];
    self.set(parent, (self.get(parent) ?? parent.dur) - e.dur);
  }
  if (!self.has(e)) self.set(e, e.dur);
  stack.push(e);
}
const longs = xs.filter((e) => e.name === 'RunTask' && e.dur > 50_000);
const inLong = new Map();
for (const task of longs) {
  for (const e of xs) if (e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur) inLong.set(e.name, (inLong.get(e.name) ?? 0) + self.get(e));
}
console.log(`\n${longs.length} long tasks; their self time by event: ${[...inLong].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} ms`).join(', ') || '-'}`);
