#!/usr/bin/env node
// Screenshots the demo dashboard in headless Chromium, for the README and for looking at it
// before calling it done:
//   npm run build && node demo/screenshot.mjs [--out docs] [--wait 12000] [--size 1440x900] [--page /]
// Starts the reference server on a free port, waits for data to flow, writes
// <out>/demo-dark.png and <out>/demo-light.png. With --all it also writes the views a change to
// layout or theming must be looked at in: demo-switched.png (dark OS, then the page's Theme
// button pressed: light, switched at run time), demo-1920.png (1920x1080), demo-1280x800.png
// (a short laptop wall) and demo-390.png (a phone, the whole page).
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
    // Send a few alerts through the server's Alertmanager receiver once the page is connected (one
    // of them silenced through the server), so the alert list is not empty on a quiet machine.
    // --no-alerts to screenshot only what fires.
    alerts: { type: 'boolean', default: true },
    all: { type: 'boolean', default: false },
  },
  allowNegative: true,
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
/** The demo's disk alert is silenced once per server run (see sendDemoAlerts). */
let silenced = false;
/** One screenshot: `scheme` is the OS preference; `switchTheme` presses the demo's Theme button first. */
const shots = [
  { name: `${values.name}-dark`, width, height, scheme: 'dark' },
  { name: `${values.name}-light`, width, height, scheme: 'light' },
  ...(values.all
    ? [
        { name: `${values.name}-switched`, width, height, scheme: 'dark', switchTheme: true },
        { name: `${values.name}-1920`, width: 1920, height: 1080, scheme: 'dark' },
        { name: `${values.name}-1280x800`, width: 1280, height: 800, scheme: 'light' },
        { name: `${values.name}-390`, width: 390, height: 844, scheme: 'light', fullPage: true },
      ]
    : []),
];
try {
  mkdirSync(values.out, { recursive: true });
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width, height: shot.height }, colorScheme: shot.scheme });
    page.on('console', (msg) => msg.type() === 'error' && errors.push(`${shot.name}: ${msg.text()}`));
    page.on('pageerror', (err) => errors.push(`${shot.name}: ${err.message}`));
    await page.goto(`${origin}${values.page}`);
    if (values.alerts) {
      await page.waitForFunction(() => document.querySelector('pulse-source')?.getAttribute('state') === 'open', null, { timeout: 15000 });
      await sendDemoAlerts(origin);
    }
    await page.waitForTimeout(Number(values.wait));
    if (shot.switchTheme) {
      await page.click('#theme-toggle');
      await page.waitForTimeout(500);
    }
    if (shot.fullPage) {
      // The whole page in the viewport: content out of view (content-visibility: auto) is not
      // painted, so a full-page capture of a short viewport would show those parts blank.
      const full = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: shot.width, height: full });
      await page.waitForTimeout(800);
    }
    const file = join(values.out, `${shot.name}.png`);
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

/** A realistic Alertmanager webhook body, POSTed to the reference server as any Alertmanager would. */
async function sendDemoAlerts(base) {
  const ago = (min) => new Date(Date.now() - min * 60_000).toISOString();
  const alert = (labels, annotations, startsAt) => ({ status: 'firing', labels, annotations, startsAt, endsAt: '0001-01-01T00:00:00Z', fingerprint: labels.alertname + (labels.instance ?? labels.service ?? '') });
  const body = {
    version: '4',
    status: 'firing',
    receiver: 'pulseboard',
    groupLabels: {},
    commonLabels: {},
    alerts: [
      alert({ alertname: 'ErrorBudgetBurn', severity: 'error', service: 'checkout', team: 'payments' }, { summary: 'Checkout error budget burning fast', description: '5xx ratio above 2% for 10 minutes (14x burn rate).' }, ago(12)),
      alert({ alertname: 'DiskFilling', severity: 'warning', instance: 'db-1', mount: '/var', team: 'data' }, { summary: 'Disk /var 85% full on db-1', description: '/var will be full in about 6 hours at the current rate.' }, ago(47)),
      alert({ alertname: 'CertExpiry', severity: 'info', instance: 'api.example.com', team: 'platform' }, { summary: 'TLS certificate expires in 14 days', description: 'Renew before it expires.' }, ago(180)),
    ],
  };
  const res = await fetch(`${base}/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST /alertmanager: ${res.status} ${await res.text()}`);
  // One of them silenced through the server, as Silence in the list does: every viewer sees
  // "Silenced by … until …" and Unsilence. Once per server (it keeps the silence).
  if (silenced) return;
  const silence = await fetch(`${base}/alerts/silence`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'DiskFillingdb-1', duration: '4h', comment: 'Volume resize scheduled' }),
  });
  if (!silence.ok) throw new Error(`POST /alerts/silence: ${silence.status} ${await silence.text()}`);
  silenced = true;
}
