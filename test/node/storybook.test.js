// Builds Storybook and opens every story and docs page in headless Chromium. Each fails on any
// console error or uncaught page error, on Storybook's error overlay, and when its elements did not
// render (no shadow root with content). This is what catches a build that succeeds while the
// browser throws (e.g. decorators Vite left unlowered).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const OUT = resolve('test-results/storybook-static');
const DATA_TAGS = ['metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };
/** The one console error a story may cause on purpose: its stream URL answers 404 ("disconnected"). */
const EXPECTED_404 = /^Failed to load resource: the server responded with a status of 404 \(Not Found\)$/;
const MISSING_STREAM_PATH = '/does-not-exist';

execFileSync('npx', ['storybook', 'build', '--quiet', '-o', OUT], { env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' }, stdio: 'pipe' });
const entries = Object.values(JSON.parse(readFileSync(join(OUT, 'index.json'), 'utf8')).entries);

let server;
let browser;
let page;
let origin;
let loaded = false;

before(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const file = normalize(join(OUT, path === '/' ? 'index.html' : path));
    if (!file.startsWith(OUT) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

/** What the status indicator of every element in a story must come to say, by story name. */
const EXPECTED_STATUS = { live: 'live', stale: 'stale', offline: 'stale', empty: 'waiting', disconnected: 'disconnected' };

/** Opens one entry; returns what went wrong (empty when it rendered cleanly). */
async function open(entry) {
  const errors = [];
  const onConsole = (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location()?.url ?? '';
    if (EXPECTED_404.test(msg.text()) && new URL(url, origin).pathname.startsWith(MISSING_STREAM_PATH)) return;
    errors.push(`console.error: ${msg.text()} ${url}`);
  };
  const onPageError = (err) => errors.push(`page error: ${err.message}`);
  const onResponse = (res) => {
    if (res.status() >= 400 && !new URL(res.url()).pathname.startsWith(MISSING_STREAM_PATH)) errors.push(`failed request: ${res.status()} ${res.url()}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('response', onResponse);
  try {
    const isDocs = entry.type === 'docs';
    const viewMode = isDocs ? 'docs' : 'story';
    // Load Storybook's preview once, then switch stories over its channel (as the manager does):
    // re-parsing the whole preview per story would take most of the time budget.
    const switched = loaded
      ? await page.evaluate(
          ({ storyId, viewMode }) =>
            new Promise((resolve) => {
              const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
              if (!channel) return resolve({ error: 'no Storybook channel' });
              const events = { storyRendered: null, docsRendered: null, storyErrored: 'story errored', storyThrewException: 'story threw', storyMissing: 'story missing' };
              const handlers = {};
              const finish = (result) => {
                for (const [name, handler] of Object.entries(handlers)) channel.off(name, handler);
                clearTimeout(timer);
                resolve(result);
              };
              for (const [name, failure] of Object.entries(events)) {
                handlers[name] = (arg) => finish(failure ? { error: `${failure}: ${JSON.stringify(arg)?.slice(0, 300)}` } : {});
                channel.on(name, handlers[name]);
              }
              const timer = setTimeout(() => finish({ error: 'no render event within 8 s' }), 8000);
              channel.emit('setCurrentStory', { storyId, viewMode });
            }),
          { storyId: entry.id, viewMode },
        )
      : undefined;
    if (switched?.error) errors.push(switched.error);
    if (!loaded) {
      await page.goto(`${origin}/iframe.html?id=${entry.id}&viewMode=${viewMode}`, { waitUntil: 'load' });
      loaded = true;
    }
    const result = await page
      .waitForFunction(
        ({ dataTags, isDocs }) => {
          if (document.body.classList.contains('sb-show-errordisplay')) {
            return { error: `Storybook error: ${document.querySelector('#error-message')?.textContent ?? '?'}` };
          }
          const root = document.querySelector(isDocs ? '#storybook-docs' : '#storybook-root');
          if (!root) return false;
          const found = [...root.querySelectorAll([...dataTags, 'pulse-source'].join(','))];
          const data = found.filter((el) => dataTags.includes(el.localName));
          const checked = data.length ? data : found;
          if (!checked.length) return false;
          const empty = checked.filter((el) => !el.shadowRoot || (el.shadowRoot.childElementCount === 0 && !el.shadowRoot.textContent?.trim()));
          return empty.length ? false : { rendered: checked.length };
        },
        { dataTags: DATA_TAGS, isDocs },
        { timeout: 8000, polling: 100 },
      )
      .then(
        (handle) => handle.jsonValue(),
        (err) => ({ error: `elements did not render (undefined tag or empty shadow root): ${err.message.split('\n')[0]}` }),
      );
    if (result.error) errors.push(result.error);
    const expected = !isDocs && !result.error ? EXPECTED_STATUS[entry.id.split('--')[1]] : undefined;
    if (expected) {
      await page
        .waitForFunction(
          ({ dataTags, expected }) => {
            const els = [...document.querySelectorAll(`#storybook-root :is(${dataTags.join(',')})`)];
            return els.length > 0 && els.every((el) => el.getAttribute('status') === expected);
          },
          { dataTags: DATA_TAGS, expected },
          { timeout: 6000, polling: 100 },
        )
        .catch(async () => {
          const seen = await page.evaluate((tags) => [...document.querySelectorAll(`#storybook-root :is(${tags.join(',')})`)].map((el) => `${el.localName}: ${el.getAttribute('status')}`), DATA_TAGS);
          errors.push(`expected every element to show "${expected}", saw ${seen.join(', ')}`);
        });
    }
    // Let timers, the frame loop and a failing stream run for a moment before judging.
    await page.waitForTimeout(isDocs ? 300 : 150);
  } catch (err) {
    errors.push(`navigation: ${err.message}`);
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('response', onResponse);
  }
  return errors;
}

describe('Storybook in Chromium', () => {
  test('index.json lists stories for every element that has a source folder', () => {
    const titles = new Set(entries.map((e) => e.title));
    for (const tag of ['pulse-source', ...DATA_TAGS]) {
      if (!existsSync(`src/elements/${tag}/${tag}.ts`)) continue;
      assert.ok([...titles].some((t) => t.endsWith(`/${tag}`)), `no stories for <${tag}>`);
    }
  });
  for (const entry of entries) {
    test(`${entry.type} ${entry.id}`, async () => {
      const errors = await open(entry);
      assert.deepEqual(errors, []);
    });
  }
});
