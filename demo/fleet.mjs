#!/usr/bin/env node
// `npm run demo:fleet`: the fleet wall on one machine. Starts a hub (`pulseboard serve`) and three
// `pulseboard agent`s (web-1, web-2, db-1), two of them tailing an application log this script
// writes, and prints the wall's URL (demo/fleet.html).
//
// On one machine the three "hosts" report the same real metrics, so web-2 and db-1 add simulated
// load (`--simulate-load`, marked `simulated: true` in their payloads) and the page says so.
// Users connected and requests/s are simulated here and posted to /ingest like any app would.
//
//   node demo/fleet.mjs [--port 8080] [--duration 0] [--screenshot DIR] [--wait 20000]
//   --duration S     stop after S seconds (0: until Ctrl-C)
//   --screenshot DIR take dark and light screenshots into DIR/fleet-{dark,light}.png, then stop
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'server', 'cli.js');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    duration: { type: 'string', default: '0' },
    screenshot: { type: 'string' },
    wait: { type: 'string', default: '20000' },
  },
});

/** Hosts: name, simulated extra load (percentage points), log file or none, base users. */
const HOSTS = [
  { name: 'web-1', load: 0, log: true, users: 120 },
  { name: 'web-2', load: 45, log: true, users: 310 },
  { name: 'db-1', load: 80, log: false, users: 48 },
];

const dir = mkdtempSync(join(os.tmpdir(), 'pulseboard-fleet-'));
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
const timers = [];
let stopping = false;

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const t of timers) clearInterval(t);
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  }, 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const hub = spawn(process.execPath, [CLI, 'serve', '--port', values.port, '--no-sim', '--no-host-metrics'], { stdio: ['ignore', 'pipe', 'inherit'] });
children.push(hub);
const url = await new Promise((resolve, reject) => {
  let out = '';
  hub.stdout.on('data', (chunk) => {
    out += chunk;
    const m = /https?:\/\/[\w.[\]:-]+:\d+\//.exec(out);
    if (m) resolve(m[0]);
  });
  hub.once('exit', (code) => reject(new Error(`the hub exited (${code}): ${out}`)));
});

for (const host of HOSTS) {
  const args = ['agent', '--hub', url, '--name', host.name, '--heartbeat', '2s'];
  if (host.load > 0) args.push('--simulate-load', String(host.load));
  if (host.log) {
    const file = join(dir, `${host.name}.log`);
    writeFileSync(file, '');
    args.push('--tail', file);
    host.file = file;
  }
  const agent = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(agent);
}

// The application logs the two web boxes tail: mostly requests, some warnings and errors
// (more on the busier web-2).
const PATHS = ['/api/orders', '/api/cart', '/login', '/api/search?q=lamp', '/static/app.js', '/api/users/42', '/checkout'];
const pick = (/** @type {any[]} */ list) => list[Math.floor(Math.random() * list.length)];
timers.push(
  setInterval(() => {
    for (const host of HOSTS) {
      if (!host.file) continue;
      const r = Math.random();
      const busy = host.load / 100;
      const ms = Math.round(20 + Math.random() * 180 * (1 + 3 * busy));
      const requestId = Math.random().toString(36).slice(2, 10);
      let line;
      if (r < 0.04 + 0.08 * busy) line = JSON.stringify({ level: 'error', msg: `upstream timeout after ${ms * 10}ms ${pick(PATHS)} (db-1)`, requestId });
      else if (r < 0.15 + 0.15 * busy) line = JSON.stringify({ level: 'warn', msg: `slow request ${pick(['GET', 'POST'])} ${pick(PATHS)} ${ms * 3}ms`, requestId });
      else if (r < 0.2) line = `${new Date().toISOString()} INFO cache refreshed in ${ms}ms`; // a plain-text line too
      else line = JSON.stringify({ level: 'info', msg: `${pick(['GET', 'GET', 'POST', 'PUT'])} ${pick(PATHS)} ${pick([200, 200, 200, 201, 304, 404])} ${ms}ms`, requestId });
      appendFileSync(host.file, line + '\n');
    }
  }, 350),
);

// Users connected and throughput, per host (simulated, posted like an app's own metrics).
timers.push(
  setInterval(() => {
    const t = Date.now() / 1000;
    const items = HOSTS.flatMap((host, i) => {
      const wave = 1 + 0.18 * Math.sin(t / 25 + i * 2) + 0.06 * (Math.random() - 0.5);
      const users = Math.round(host.users * wave);
      return [
        { topic: `users@${host.name}`, data: { ts: Date.now(), value: users, simulated: true } },
        { topic: `rps@${host.name}`, data: { ts: Date.now(), value: Math.round(users * (host.name.startsWith('db') ? 9 : 1.6) * wave), simulated: true } },
      ];
    });
    fetch(new URL('ingest', url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(items) }).catch(() => {});
  }, 1000),
);

const page = new URL('demo/fleet.html', url).href;
process.stdout.write(`pulseboard fleet demo: ${page}\n  hub ${url}, agents ${HOSTS.map((h) => h.name).join(', ')} (web-2 and db-1 with simulated load); Ctrl-C stops all\n`);

if (values.screenshot) {
  const { chromium } = await import('playwright-core');
  const { chromiumArgs, chromiumPath } = await import('../scripts/chromium.mjs');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  try {
    for (const scheme of /** @type {const} */ (['dark', 'light'])) {
      const p = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
      p.on('pageerror', (err) => process.stderr.write(`page error: ${err.message}\n`));
      await p.goto(page);
      await p.waitForTimeout(Number(values.wait));
      const file = join(values.screenshot, `fleet-${scheme}.png`);
      await p.screenshot({ path: file });
      process.stdout.write(`wrote ${file}\n`);
      await p.close();
    }
  } finally {
    await browser.close();
  }
  stop(0);
} else if (Number(values.duration) > 0) {
  setTimeout(() => stop(0), Number(values.duration) * 1000).unref();
}
