// The demo is what a new user sees first: `npm start` serves it. Start the reference server,
// open the dashboard and the admin-app page in Chromium, and check that every element renders
// live data from the real stream with no console errors, and that the theme toggle works.
// Needs `npm run build` first (the pages load dist/pulseboard.bundle.js, as users do).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const DATA_TAGS = ['metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'];
let server;
let origin;
let browser;

before(async () => {
  server = spawn(process.execPath, ['server/cli.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  origin = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const match = /https?:\/\/[\w.[\]:-]+:\d+/.exec(out);
      if (match) resolve(match[0]);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`the server printed no URL: ${out}`)), 15_000);
  });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

async function open(path, colorScheme = 'dark') {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme });
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(origin + path);
  return { page, errors };
}

/**
 * Waits until every data element on the page says "live" and has drawn something. An alert list
 * may still be "waiting": no alert has fired on a quiet machine, and that is not an error.
 */
async function waitAllLive(page) {
  await page
    .waitForFunction(
      (tags) => {
        const els = [...document.querySelectorAll(tags.join(','))];
        const ok = (el) => el.getAttribute('status') === 'live' || (el.localName === 'alert-list' && el.getAttribute('status') === 'waiting');
        return els.length > 0 && els.every((el) => ok(el) && el.shadowRoot?.childElementCount);
      },
      DATA_TAGS,
      { timeout: 20_000, polling: 250 },
    )
    .catch(async () => {
      const states = await page.evaluate((tags) => [...document.querySelectorAll(tags.join(','))].map((el) => `${el.localName}[${el.getAttribute('topic')}]=${el.getAttribute('status')}`), DATA_TAGS);
      assert.fail(`not every element went live: ${states.join(', ')}`);
    });
}

test('the dashboard shows all five elements live from one connection, without console errors', async () => {
  const { page, errors } = await open('/');
  await waitAllLive(page);
  const seen = await page.evaluate((tags) => ({
    tags: [...new Set([...document.querySelectorAll(tags.join(','))].map((el) => el.localName))].sort(),
    sources: document.querySelectorAll('pulse-source').length,
    state: document.querySelector('pulse-source').state,
    logLines: document.querySelector('log-firehose').shadowRoot.textContent.length,
  }), DATA_TAGS);
  assert.deepEqual(seen.tags, [...DATA_TAGS].sort());
  assert.equal(seen.sources, 1);
  assert.equal(seen.state, 'open');
  assert.ok(seen.logLines > 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the theme toggle switches the page and the elements between dark and light', async () => {
  const { page, errors } = await open('/', 'dark');
  await page.waitForFunction(() => customElements.get('metric-gauge'));
  const scheme = () => page.evaluate(() => getComputedStyle(document.querySelector('metric-gauge')).colorScheme);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme ?? 'auto'), 'auto', 'follows prefers-color-scheme by default');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await scheme(), 'light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  assert.equal(await scheme(), 'dark');
  await page.evaluate(() => localStorage.removeItem('pulseboard-theme'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the admin-app page: one script tag, provider and standalone elements all live', async () => {
  const { page, errors } = await open('/demo/admin-app.html', 'light');
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.getAttribute('src')));
  assert.deepEqual(scripts, ['/dist/pulseboard.bundle.js']);
  await waitAllLive(page);
  const standalone = await page.evaluate(() => [...document.querySelectorAll('[src]')].filter((el) => el.localName !== 'pulse-source' && el.localName !== 'script' && !el.closest('pulse-source')).map((el) => el.localName));
  assert.ok(standalone.includes('metric-gauge') && standalone.includes('log-firehose'), `standalone elements: ${standalone}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the loader page: only dist/pulseboard.loader.js as a Pulseboard script, each chunk fetched when its tag appears', async () => {
  const { page, errors } = await open('/demo/loader.html', 'light');
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.getAttribute('src')));
  assert.deepEqual(scripts, ['/dist/pulseboard.loader.js', '/demo/loader.js']);
  await waitAllLive(page);
  assert.match(await page.textContent('#status'), /^(Defined: |Every element)/);
  await page.click('#add-chart');
  await page.waitForFunction(() => document.querySelector('time-series')?.shadowRoot?.querySelector('canvas'), null, { timeout: 20_000 });
  assert.ok(fetched.includes('/dist/loader/time-series.js'), `the chart's chunk arrives with the chart: ${fetched}`);
  assert.ok(!fetched.includes('/dist/pulseboard.bundle.js'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the admin-app page fits a 390 px phone: no sideways scroll, agent names and task words unbroken', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(origin + '/demo/admin-app.html');
  await waitAllLive(page);
  await page.waitForFunction(() => document.querySelector('agent-status')?.shadowRoot?.querySelectorAll('tbody tr').length > 0, null, { timeout: 20_000 });
  const seen = await page.evaluate(() => {
    const words = [];
    for (const cell of document.querySelector('agent-status').shadowRoot.querySelectorAll('tbody [part="name"], tbody [part="task"]')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const text = walker.currentNode;
        // Words between spaces and hyphens: a line may break after a hyphen ("PB-" / "142"), never inside.
        for (const match of text.data.matchAll(/[^\s-]+/g)) {
          const range = document.createRange();
          range.setStart(text, match.index);
          range.setEnd(text, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) words.push(match[0]);
        }
      }
    }
    return { width: document.documentElement.scrollWidth, broken: words };
  });
  assert.ok(seen.width <= 390, `the page is ${seen.width} px wide`);
  assert.deepEqual(seen.broken, [], 'words broken across lines');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the dashboard header says how fresh the panels are (pulse-source freshness), not just that the connection is open', async () => {
  const { page, errors } = await open('/');
  await waitAllLive(page);
  await page.waitForFunction(() => document.getElementById('conn').dataset.state !== 'connecting', null, { timeout: 20_000 });
  const header = await page.evaluate(() => {
    const source = document.querySelector('pulse-source');
    const { state, counts, total } = source.freshness;
    return { state, counts, total, attr: source.getAttribute('freshness'), shown: document.getElementById('conn').dataset.state, text: document.getElementById('conn-text').textContent };
  });
  assert.equal(header.shown, header.state);
  assert.equal(header.attr, header.state);
  assert.equal(header.total, 9, 'every data element under the source: four gauges, two charts, the log, the alerts, the agents');
  const stateWord = { live: 'Live', waiting: 'Waiting for data', stale: 'Stale' }[header.state];
  assert.ok(header.text.startsWith(stateWord), `header "${header.text}" for ${JSON.stringify(header.counts)}`);
  if (header.state !== 'live') assert.ok(header.text.endsWith(`${header.counts[header.state]} of ${header.total}`), header.text);
  assert.deepEqual(errors, []);
  await page.close();
});
