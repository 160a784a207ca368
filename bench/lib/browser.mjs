// Headless Chromium (Debian's, through playwright-core) and the page measurement every browser
// scenario shares.
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { sleep, topSelfTime } from './util.mjs';

export { topSelfTime };

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // --enable-precise-memory-info: performance.memory unrounded; --js-flags expose-gc not needed
    // (CDP HeapProfiler.collectGarbage does it).
    args: [...chromiumArgs, '--enable-precise-memory-info', '--disable-renderer-backgrounding', '--disable-background-timer-throttling'],
  });
  return browser;
}

export function browserVersion(browser) {
  return browser.version();
}

/** Opens `url` in a fresh context and waits for the page to say `__ready` (or `__error`). */
export async function openPage(browser, url, { timeoutMs = 15000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e.message ?? e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' }).catch(() => cdp.send('Performance.enable'));
  await page.waitForFunction(() => window.__ready === true || window.__error !== undefined, null, { timeout: timeoutMs, polling: 100 });
  const error = await page.evaluate(() => window.__error);
  if (error) {
    await context.close();
    throw new Error(error);
  }
  return { page, cdp, context, errors };
}

export async function metrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Heap used after a full GC, in MB, and the DOM node count (shadow roots and text included). */
export async function afterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const m = await metrics(cdp);
  return { heapMB: heap.usedSize / 1024 / 1024, nodes: m.Nodes, listeners: m.JSEventListeners };
}

/**
 * The standard measurement: warm up, GC + heap, then `durationMs` with the in-page probe running
 * and CDP Performance metrics before/after, then GC + heap + DOM nodes again.
 */
export async function measure({ page, cdp }, { warmupMs = 1000, durationMs = 10000, extra, profile = false } = {}) {
  await sleep(warmupMs);
  const before = await afterGc(cdp);
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const m0 = await metrics(cdp);
  await page.evaluate(() => window.__probe.start());
  await sleep(durationMs);
  const probe = await page.evaluate(() => window.__probe.stop());
  const hot = profile ? topSelfTime((await cdp.send('Profiler.stop')).profile) : undefined;
  const m1 = await metrics(cdp);
  const after = await afterGc(cdp);
  const scriptMs = (m1.ScriptDuration - m0.ScriptDuration) * 1000;
  const taskMs = (m1.TaskDuration - m0.TaskDuration) * 1000;
  const layoutMs = (m1.LayoutDuration - m0.LayoutDuration) * 1000;
  const styleMs = (m1.RecalcStyleDuration - m0.RecalcStyleDuration) * 1000;
  const extras = extra ? await page.evaluate(extra) : {};
  return {
    ...probe,
    // CDP ScriptDuration misses script run as microtasks (Lit updates, fetch-stream reads), so it
    // is kept for reference only; jsMs = main-thread task time minus layout and style is the
    // comparable "scripting" figure (it also holds GC and paint recording).
    cdpScriptMs: scriptMs,
    taskMs,
    layoutMs,
    styleMs,
    jsMs: taskMs - layoutMs - styleMs,
    jsPerFrame: (taskMs - layoutMs - styleMs) / probe.frames,
    taskPerFrame: taskMs / probe.frames,
    renderPerFrame: probe.renders / probe.frames,
    rendersPerSec: probe.renders / probe.seconds,
    mainBusyPct: (taskMs / (probe.seconds * 1000)) * 100,
    heapStartMB: before.heapMB,
    heapMB: after.heapMB,
    heapGrowthMB: after.heapMB - before.heapMB,
    nodesStart: before.nodes,
    nodes: after.nodes,
    ...extras,
    ...(hot ? { hot } : {}),
  };
}

/** Open, measure, close; errors become `{error}` so one broken page never stops the run. */
export async function runPage(browser, url, options) {
  let opened;
  try {
    opened = await openPage(browser, url, options);
    const result = await measure(opened, options);
    if (opened.errors.length) result.pageErrors = opened.errors.slice(0, 3);
    return result;
  } catch (error) {
    return { error: String(error.message ?? error).split('\n')[0] };
  } finally {
    await opened?.context.close().catch(() => undefined);
  }
}
