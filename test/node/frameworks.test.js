// React 19, Vue 3 and Angular 21 use the elements with no wrappers: the examples in examples/ are bundled
// with esbuild against dist/ (as an app would consume the package) and driven in Chromium.
// Each test proves that properties arrive as properties (numbers stay numbers, objects stay
// objects), that `pulse-*` events reach the framework's handlers, and that the element rendered.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { buildExamples } from '../../examples/build.mjs';

const OUT = resolve('test-results/examples');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

let server;
let browser;
let origin;

before(async () => {
  await buildExamples(OUT);
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(OUT, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(OUT) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

async function openExample(name) {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${origin}/${name}/`);
  await page.locator('agent-status').getByText('Planner').first().waitFor({ timeout: 10_000 });
  return { page, errors };
}

const FRAMEWORKS = { react: 'React 19', vue: 'Vue 3', angular: 'Angular 21 (standalone, zoneless)' };
for (const [name, title] of Object.entries(FRAMEWORKS)) {
  describe(`${title} example`, () => {
    test('numbers and objects arrive as element properties, and the elements render', async () => {
      const { page, errors } = await openExample(name);
      const seen = await page.evaluate(() => {
        const gauge = document.querySelector('metric-gauge');
        const source = document.querySelector('pulse-source');
        return {
          warn: gauge.warn,
          warnAttribute: gauge.getAttribute('warn'),
          crit: gauge.crit,
          sparkline: gauge.sparkline,
          staleAfter: gauge.staleAfter,
          headers: source.headers,
          meterName: gauge.shadowRoot.querySelector('[role="meter"]')?.getAttribute('aria-label'),
        };
      });
      assert.equal(seen.warn, 75);
      assert.equal(seen.warnAttribute, null, 'set as a property, not serialised into an attribute');
      assert.equal(seen.crit, 90);
      assert.equal(seen.sparkline, true);
      assert.equal(seen.staleAfter, '10s');
      assert.deepEqual(seen.headers, { 'X-Dashboard': `${name}-example` });
      assert.equal(seen.meterName, 'CPU');
      assert.deepEqual(errors, []);
      await page.close();
    });

    test('pulse-* events reach the handlers: threshold crossed, agent selected, stream state', async () => {
      const { page, errors } = await openExample(name);
      assert.equal(await page.locator('#state').textContent(), 'open');
      // Drive the gauge past `crit` through the same source the app feeds.
      await page.evaluate(() => document.querySelector('pulse-source').publish('cpu', { ts: Date.now(), value: 97 }));
      await page.waitForFunction(() => document.querySelector('#level')?.textContent === 'crit', null, { timeout: 5000 });
      // A user click on an agent card (inside the shadow root) fires pulse-agent-select.
      await page.locator('agent-status').getByText('Coder').first().click();
      await page.waitForFunction(() => document.querySelector('#selected')?.textContent === 'coder', null, { timeout: 5000 });
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}
