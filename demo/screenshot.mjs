#!/usr/bin/env node
// Screenshots the demo dashboard in headless Chromium, dark and light, for the README and for
// looking at it before calling it done:
//   npm run build && node demo/screenshot.mjs [--out docs] [--wait 12000] [--size 1440x900] [--page /]
// Starts the reference server on a free port, waits for data to flow, writes
// <out>/demo-dark.png and <out>/demo-light.png.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs' },
    wait: { type: 'string', default: '12000' },
    size: { type: 'string', default: '1440x900' },
    page: { type: 'string', default: '/' },
    name: { type: 'string', default: 'demo' },
  },
});
const [width, height] = values.size.split('x').map(Number);

const server = spawn(process.execPath, ['server/cli.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /https?:\/\/[\w.[\]:-]+:\d+/.exec(out);
    if (match) resolve(match[0]);
  });
  server.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  setTimeout(() => reject(new Error(`no URL printed by the server: ${out}`)), 15000);
});

const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
const errors = [];
try {
  mkdirSync(values.out, { recursive: true });
  for (const theme of ['dark', 'light']) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: theme });
    page.on('console', (msg) => msg.type() === 'error' && errors.push(`${theme}: ${msg.text()}`));
    page.on('pageerror', (err) => errors.push(`${theme}: ${err.message}`));
    await page.goto(`${origin}${values.page}`);
    await page.waitForTimeout(Number(values.wait));
    const file = join(values.out, `${values.name}-${theme}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
if (errors.length) {
  console.error(`console errors:\n  ${errors.join('\n  ')}`);
  process.exitCode = 1;
}
