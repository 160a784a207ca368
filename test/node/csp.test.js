// The built bundle under a strict Content-Security-Policy: no 'unsafe-eval', no 'unsafe-inline'
// (scripts or styles). A tiny static server sends the policy as a header; Chromium loads a page
// with all five elements fed by an in-page source, and we assert they render and that no
// `securitypolicyviolation` event (nor a "Refused to ..." console message) happened.
// A control at the end proves the detector works: an inline style attribute IS reported.
// Twice: with the single-file bundle, and with the lazy loader (issue 18), which imports its
// chunks and adopts its placeholder sheet at run time: both must need no allowance either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'pulseboard.bundle.js');
const LOADER_DIR = join(ROOT, 'dist', 'loader');
/** Which script tag the page uses: the one-file bundle or the loader (chunks from /loader/). */
const BUILDS = { bundle: '/pulseboard.bundle.js', loader: '/pulseboard.loader.js' };

/** The policy under test: no 'unsafe-eval', no 'unsafe-inline' anywhere. */
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
/**
 * The finding: the bundle needs NO style-src allowance at all. Lit's static styles and uPlot's
 * inlined CSS are constructable stylesheets (adoptedStyleSheets), and per-value styles are CSSOM
 * writes (`style.setProperty`), neither of which style-src governs. `style-src 'none'` works too.
 */
const NO_STYLE_CSP = STRICT_CSP.replace("style-src 'self'", "style-src 'none'");
const POLICIES = { strict: STRICT_CSP, 'no-style': NO_STYLE_CSP };

const pageWith = (script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CSP</title>
<script src="/watch.js"></script>
<script type="module" src="${script}"></script>
<script type="module" src="/feed.js"></script>
</head><body>
<pulse-source src="local:csp">
  <metric-gauge topic="cpu" label="CPU" unit="%" max="100" warn="75" crit="90" decimals="1" sparkline></metric-gauge>
  <metric-gauge topic="cpu" label="CPU bar" variant="bar" max="100" decimals="1"></metric-gauge>
  <time-series topic="cpu,mem" label="Load" decimals="1" warn="50" stale-after="1m"></time-series>
  <log-firehose topic="logs" wrap></log-firehose>
  <alert-list topic="alerts"></alert-list>
  <agent-status topic="agents"></agent-status>
  <agent-status topic="agents" layout="table"></agent-status>
</pulse-source>
</body></html>`;

// Runs first (a classic script): records every violation, including the bundle's own.
const WATCH = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber });
});`;

// Feeds every element through the in-page source, with ANSI colours and long text.
// (Every tag: the loader defines them one chunk at a time.)
const FEED = `await Promise.all(['pulse-source', 'metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'].map((t) => customElements.whenDefined(t)));
const source = document.querySelector('pulse-source');
await source.updateComplete;
const now = Date.now();
for (let i = 0; i < 30; i++) source.publish('cpu', { ts: now - (30 - i) * 1000, value: 40 + i });
for (let i = 0; i < 30; i++) source.publish('mem', { ts: now - (30 - i) * 1000, value: 20 + i });
source.publish('cpu', { ts: now, value: 91.5 });
source.publish('logs', [
  { ts: now, level: 'error', source: 'db', message: '\\u001b[31mred\\u001b[0m connection refused', code: 7 },
  { ts: now, level: 'info', source: 'api', message: 'GET /health 200' },
  'a plain string line',
]);
source.publish('alerts', { id: 'a1', status: 'firing', severity: 'critical', title: 'Disk full', description: 'on db-1', labels: { service: 'db' }, startsAt: new Date(now - 60000).toISOString() });
source.publish('agents', { id: 'r1', name: 'Researcher', state: 'running', ts: now, task: 'Summarise', tokensPerSec: 40, latencyMs: { p50: 300, p99: 900 }, errorRate: 0.01, costUsd: 1.25 });
window.__fed = true;`;

let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(BUNDLE), 'dist/pulseboard.bundle.js exists (npm run build)');
  const files = {
    '/': ['text/html; charset=utf-8', pageWith(BUILDS.bundle)],
    '/loader.html': ['text/html; charset=utf-8', pageWith(BUILDS.loader)],
    '/watch.js': ['text/javascript', WATCH],
    '/feed.js': ['text/javascript', FEED],
    '/pulseboard.bundle.js': ['text/javascript', readFileSync(BUNDLE)],
    '/pulseboard.loader.js': ['text/javascript', readFileSync(join(ROOT, 'dist', 'pulseboard.loader.js'))],
    ...Object.fromEntries(readdirSync(LOADER_DIR).filter((f) => f.endsWith('.js')).map((f) => [`/loader/${f}`, ['text/javascript', readFileSync(join(LOADER_DIR, f))]])),
  };
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const policy = POLICIES[/** @type {keyof typeof POLICIES} */ (url.searchParams.get('policy') ?? 'strict')] ?? STRICT_CSP;
    const file = files[/** @type {keyof typeof files} */ (url.pathname)];
    if (!file) {
      res.writeHead(404, { 'Content-Security-Policy': policy });
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': file[0], 'Content-Security-Policy': policy, 'Cache-Control': 'no-store' });
    res.end(file[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

for (const build of Object.keys(BUILDS))
for (const [name, policy] of Object.entries(POLICIES)) {
test(`CSP (${build}, ${name}: ${policy.match(/style-src [^;]+/)?.[0]}): all five elements render with no violation`, async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  const refused = [];
  const errors = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto(`${base}/${build === 'loader' ? 'loader.html' : ''}?policy=${name}`);
  assert.equal(response?.headers()['content-security-policy'], policy);
  await page.waitForFunction(() => /** @type {any} */ (window).__fed === true, null, { timeout: 10_000 });

  const seen = await page.waitForFunction(
    () => {
      const q = (sel, inner) => [...document.querySelectorAll(sel)].map((el) => [...(el.shadowRoot?.querySelectorAll(inner) ?? [])].map((n) => n.textContent.replace(/\s+/g, ' ').trim()));
      const r = {
        gauge: q('metric-gauge', '.value').flat(),
        legend: q('time-series', '.legend button').flat(),
        canvas: document.querySelector('time-series')?.shadowRoot?.querySelectorAll('canvas').length ?? 0,
        logs: q('log-firehose', '.row .msg').flat(),
        alerts: q('alert-list', '[part="alert"] .title').flat(),
        agents: q('agent-status', '[part="name"]').flat(),
      };
      const ok = r.gauge.includes('91.5%') && r.legend.some((t) => t.startsWith('cpu')) && r.canvas > 0 && r.logs.some((t) => t.includes('connection refused')) && r.alerts.includes('Disk full') && r.agents.filter((t) => t === 'Researcher').length === 2;
      return ok && r;
    },
    null,
    { timeout: 10_000 },
  );
  const rendered = await seen.jsonValue();
  assert.ok(rendered.gauge.includes('91.5%'));

  // Styles really applied (adoptedStyleSheets under style-src 'self'), not just markup present.
  const styled = await page.evaluate(() => {
    const gauge = document.querySelector('metric-gauge');
    const chart = document.querySelector('time-series');
    const over = chart?.shadowRoot?.querySelector('.u-over');
    return {
      gaugeSheets: gauge?.shadowRoot?.adoptedStyleSheets.length ?? 0,
      styleElements: [...document.querySelectorAll('*')].reduce((n, el) => n + (el.shadowRoot?.querySelectorAll('style').length ?? 0), 0),
      uplotOverPosition: over ? getComputedStyle(over).position : null,
      statusDisplay: getComputedStyle(gauge.shadowRoot.querySelector('[part="status"]')).display,
    };
  });
  assert.ok(styled.gaugeSheets > 0, 'the gauge uses adopted stylesheets');
  assert.equal(styled.uplotOverPosition, 'absolute', "uPlot's CSS applies inside the shadow root");
  assert.notEqual(styled.statusDisplay, 'inline', 'element CSS applies');

  // Interact a little: hover the chart (tooltip/cursor styles are set through CSSOM), toggle wrap.
  const box = await page.locator('time-series').boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => {
    const log = document.querySelector('log-firehose');
    log.wrap = !log.wrap;
    document.querySelector('pulse-source').publish('cpu', { ts: Date.now() + 1000, value: 12 });
  });
  await page.waitForTimeout(200);

  const violations = await page.evaluate(() => /** @type {any} */ (window).__violations);
  assert.deepEqual(violations, [], 'no securitypolicyviolation');
  assert.deepEqual(refused, [], 'no CSP console message');
  assert.deepEqual(errors, [], 'no page error');

  // Control: the detector sees a violation when one happens (an inline style attribute).
  await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
  await page.waitForFunction(() => /** @type {any} */ (window).__violations.length > 0, null, { timeout: 5000 });
  const control = await page.evaluate(() => /** @type {any} */ (window).__violations[0]);
  assert.match(control.directive, /^style-src/);
  await page.close();
});
}
