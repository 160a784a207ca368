// What the browser scenarios share: the rows of a page measurement and running variants in turn.
import { runPage } from './browser.mjs';
import { fmt, sideBySide, table } from './util.mjs';

export const PAGE_ROWS = [
  { label: 'items received /s', key: 'itemsPerSec' },
  { label: 'frames', key: 'frames' },
  { label: 'frame interval p50 ms', key: 'frameP50' },
  { label: 'frame interval p95 ms', key: 'frameP95' },
  { label: 'frame interval max ms', key: 'frameMax' },
  { label: 'frames later than one vsync (> 20 ms) %', key: 'slowFramePct' },
  { label: 'long tasks (count)', key: 'longTasks' },
  { label: 'long tasks total ms', key: 'longTaskMs' },
  { label: 'main thread CPU % of wall time', key: 'mainBusyPct' },
  { label: 'main-thread ms per frame', key: 'taskPerFrame' },
  { label: 'script+other ms per frame (task - layout - style)', key: 'jsPerFrame' },
  { label: 'layout ms total', key: 'layoutMs' },
  { label: 'style recalc ms total', key: 'styleMs' },
  { label: 'renders per frame', key: 'renderPerFrame' },
  { label: 'JS heap after GC, start MB', key: 'heapStartMB' },
  { label: 'JS heap after GC, end MB', key: 'heapMB' },
  { label: 'DOM nodes, start', key: 'nodesStart' },
  { label: 'DOM nodes, end', key: 'nodes' },
];

/**
 * Runs each variant's page in turn (never two at once: they would share the 2 cores) and prints
 * the side-by-side table. `variants` = [{name, url}], the first is ours.
 */
export async function runVariants({ browser, print, args }, variants, { durationMs, warmupMs = 1500, rows = PAGE_ROWS, extra } = {}) {
  const columns = [];
  for (const [i, v] of variants.entries()) {
    const data = await runPage(browser, v.url, { durationMs, warmupMs, extra, profile: Boolean(args?.profile) && i === 0 });
    if (data.error) print(`(${v.name} failed: ${data.error})`);
    if (data.pageErrors) print(`(${v.name} page errors: ${data.pageErrors.join(' | ').slice(0, 300)})`);
    columns.push({ name: v.name, data });
  }
  print(sideBySide(rows, columns));
  printHot(print, columns[0]);
  return Object.fromEntries(columns.map((c) => [c.name, c.data]));
}

/** With --profile: where the first variant's main thread spent its self time. */
export function printHot(print, column) {
  if (!column?.data?.hot) return;
  print(`--profile: top self time in "${column.name}" (CPU profile of the measured window, unminified bundle)`);
  print(table(['function', 'where', 'self ms', '%'], column.data.hot.map((h) => [h.fn, h.where, fmt(h.ms), fmt(h.pct, 1)])));
}
