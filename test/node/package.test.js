// What a web app gets from `npm install pulseboard`: the packed tarball, installed offline (npm's
// cache has the dependencies) into an empty app. It must compile nothing, ship nothing broken,
// load every export (Node, TypeScript, and a browser through a bundler) and run
// `npx pulseboard serve`. Prints the tarball size and the install time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let dir = '';
let app = '';
let installed = ''; // node_modules/pulseboard inside the app
/** @type {{ filename: string, integrity: string, size: number, unpackedSize: number, files: { path: string }[] }} */
let packed;
let installMs = 0;
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'pulseboard.bundle.js')), 'dist/ is built (npm run build)');
  dir = mkdtempSync(join(tmpdir(), 'pulseboard-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  packed = JSON.parse(stdout)[0];
  app = join(dir, 'app');
  mkdirSync(app);
  const spec = `file:../${packed.filename}`;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'empty-web-app', private: true, type: 'module', dependencies: { pulseboard: spec } }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(appLockfile(spec)));
  const started = Date.now();
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
  installMs = Date.now() - started;
  installed = join(app, 'node_modules', 'pulseboard');
  console.log(`tarball ${(packed.size / 1024).toFixed(0)} KiB (${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${packed.files.length} files); offline install into an empty app ${(installMs / 1000).toFixed(1)} s`);
});

/**
 * The app's lockfile: the tarball plus the versions this repository's lockfile pins for its
 * runtime dependencies. npm's cache holds those tarballs (this repository's install fetched them)
 * but not always the registry's package documents, which a lockfile-less `--offline` install needs.
 */
function appLockfile(spec) {
  const ours = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages;
  const packages = {
    '': { name: 'empty-web-app', dependencies: { pulseboard: spec } },
    'node_modules/pulseboard': {
      version: PKG.version,
      resolved: spec,
      integrity: packed.integrity,
      license: PKG.license,
      dependencies: PKG.dependencies,
      bin: PKG.bin,
      engines: PKG.engines,
      peerDependencies: PKG.peerDependencies,
      peerDependenciesMeta: PKG.peerDependenciesMeta,
    },
  };
  const queue = Object.keys(PKG.dependencies);
  for (let name; (name = queue.shift()); ) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const entry = ours[key];
    assert.ok(entry, `${name} is not in package-lock.json`);
    const { dev, optional, devOptional, peer, ...kept } = entry;
    packages[key] = kept;
    queue.push(...Object.keys(entry.dependencies ?? {}));
  }
  return { name: 'empty-web-app', lockfileVersion: 3, requires: true, packages };
}

/** Stops npx and the server it started (the whole process group) and waits for npx to exit. */
async function stopGroup(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return; // already gone
  }
  await exited;
}

after(async () => {
  for (const child of children) await stopGroup(child, 'SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarball ships dist, types, the manifest, the server, the demo and the docs, without source maps or images', () => {
  const files = packed.files.map((f) => f.path);
  for (const needed of ['dist/pulseboard.js', 'dist/pulseboard.bundle.js', 'dist/pulseboard.loader.js', 'dist/loader/metric-gauge.js', 'dist/loader/integrity.json', 'dist/types/pulseboard.d.ts', 'custom-elements.json', 'server/cli.js', 'demo/index.html', 'docs/server.md', 'README.md']) {
    assert.ok(files.includes(needed), `${needed} missing from the tarball`);
  }
  const unwanted = files.filter((f) => /\.(map|png|jpe?g|tsbuildinfo)$/.test(f) || /^(src|test|scripts|bench|stories|examples)\//.test(f));
  assert.deepEqual(unwanted, [], 'files a web app does not need');
});

test('nothing shipped imports a file that is not shipped, or a package that is not declared', () => {
  const declared = new Set([...Object.keys(PKG.dependencies ?? {}), ...Object.keys(PKG.peerDependencies ?? {})]);
  const builtins = new Set(builtinModules);
  const problems = [];
  for (const file of packed.files.map((f) => f.path).filter((f) => /\.(m?js)$/.test(f))) {
    const code = readFileSync(join(installed, file), 'utf8');
    const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\s]+)['"]/g)].map((m) => m[1]);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(join(installed, file)), spec);
        if (!existsSync(target)) problems.push(`${file} imports ${spec}, which is not in the package`);
      } else if (!spec.startsWith('node:') && !builtins.has(spec) && !spec.startsWith('/')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!declared.has(name)) problems.push(`${file} imports ${spec}, which is not a dependency`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('installing it compiles nothing: no SQLite driver, no native addon, no install script that builds one', () => {
  assert.equal(existsSync(join(app, 'node_modules', 'better-sqlite3')), false, 'better-sqlite3 was installed');
  const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8'));
  // npm 11 skips dependency install scripts anyway; none may be a native build where it would not.
  const builds = Object.entries(lock.packages)
    .filter(([path, p]) => path && p.hasInstallScript)
    .filter(([path]) => {
      const manifest = JSON.parse(readFileSync(join(app, path, 'package.json'), 'utf8'));
      const scripts = ['preinstall', 'install', 'postinstall'].map((k) => manifest.scripts?.[k] ?? '').join(' ');
      return manifest.gypfile || existsSync(join(app, path, 'binding.gyp')) || /node-gyp|prebuild|cmake-js|node-pre-gyp/.test(scripts);
    })
    .map(([path]) => path);
  assert.deepEqual(builds, [], 'packages whose install script builds native code');
  const addons = readdirSync(join(app, 'node_modules'), { recursive: true }).map(String).filter((f) => f.endsWith('.node') || f.endsWith('binding.gyp'));
  assert.deepEqual(addons, []);
  assert.ok(installMs < 60_000, `install took ${installMs} ms`);
});

/**
 * A Chromium page with `body` that runs `entry` (a file in the app) as esbuild bundles it from the
 * app, as a web app's bundler would; `use(page, errors)` runs on it, the browser closes after.
 */
async function inBundledPage(entry, body, use) {
  const bundled = await build({ entryPoints: [join(app, entry)], absWorkingDir: app, bundle: true, format: 'esm', write: false, logLevel: 'silent' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent(`<!doctype html><html lang="en"><body>${body}</body></html>`);
    await page.addScriptTag({ type: 'module', content: bundled.outputFiles[0].text });
    await use(page, errors);
  } finally {
    await browser.close();
  }
}

test('every export loads: the server and JSON in Node, the types in TypeScript, the elements in a browser through a bundler', async () => {
  const exportsOf = Object.entries(PKG.exports);
  // Node: what a server-side user imports.
  const server = await import(join(installed, 'server', 'app.js'));
  assert.equal(typeof server.createServer, 'function');
  const fromApp = await run(process.execPath, ['--input-type=module', '-e', `
    const s = await import('pulseboard/server');
    const m = await import('pulseboard/custom-elements.json', { with: { type: 'json' } });
    const p = await import('pulseboard/package.json', { with: { type: 'json' } });
    console.log(JSON.stringify([typeof s.createServer, m.default.modules.length > 0, p.default.name]));`], { cwd: app });
  assert.deepEqual(JSON.parse(fromApp.stdout), ['function', true, 'pulseboard']);

  // TypeScript: every `types` entry exists and the main ones type-check from the app.
  for (const [key, value] of exportsOf) {
    if (typeof value === 'object' && value.types) assert.ok(existsSync(join(installed, value.types)), `types of ${key} missing: ${value.types}`);
  }
  writeFileSync(join(app, 'check.ts'), `import { MetricGauge, PulseSource } from 'pulseboard';\nimport { StreamHub, parseMetric } from 'pulseboard/data';\nimport type { TimeSeries } from 'pulseboard/time-series.js';\nconst hub: StreamHub = new StreamHub({ url: '/events', transport: 'sse' });\nexport const used: unknown[] = [MetricGauge, PulseSource, hub, parseMetric, null as TimeSeries | null];\n` +
    // The events are typed: strict mode refuses \`e.detail\` on an untyped Event.
    `import type {} from 'pulseboard/loader';\ndocument.addEventListener('pulse-loader-complete', (e) => { const tags: readonly string[] = e.detail.defined.concat(e.detail.failed); void tags; });\ndocument.createElement('metric-gauge').addEventListener('pulse-gauge-cross', (e) => { const v: number = e.detail.value; void v; });\n`);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2023', 'DOM'] }, files: ['check.ts'] }));
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app }).catch((e) => assert.fail(`tsc in the app: ${e.stdout}${e.stderr}`));

  // Browser: a bundler (esbuild, resolving from the app) takes every JavaScript export.
  const jsExports = exportsOf.filter(([key, value]) => !key.endsWith('.json') && key !== './server' && (typeof value === 'string' || value.default)).map(([key]) => `pulseboard${key.slice(1)}`);
  assert.ok(jsExports.length >= 9, `JavaScript exports: ${jsExports.join(', ')}`);
  const entry = jsExports.map((spec, i) => `import * as m${i} from '${spec}';`).join('\n') + `\nwindow.__exports = { ${jsExports.map((spec, i) => `'${spec}': Object.keys(m${i})`).join(', ')} };\n`;
  writeFileSync(join(app, 'main.js'), entry);
  await inBundledPage('main.js', '<metric-gauge topic="x"></metric-gauge>', async (page, errors) => {
    const loaded = await page.waitForFunction(() => /** @type {any} */ (window).__exports, null, { timeout: 10_000 }).then((h) => h.jsonValue());
    assert.deepEqual(errors, []);
    assert.deepEqual(Object.keys(loaded).sort(), [...jsExports].sort());
    assert.ok(loaded['pulseboard'].includes('MetricGauge') && loaded['pulseboard/data'].includes('StreamHub'));
    const defined = await page.evaluate(() => ['pulse-source', 'metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'].filter((t) => customElements.get(t)));
    assert.equal(defined.length, 6, `defined: ${defined}`);
    assert.ok(await page.evaluate(() => document.querySelector('metric-gauge')?.shadowRoot?.childElementCount), 'the gauge rendered');
  });
});

test('pulseboard/<name>.component.js: each class without its tag; a host registers it under its own and it works', async () => {
  const tags = ['pulse-source', 'metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'];
  // Through a bundler, from the installed package, as a host app would.
  writeFileSync(join(app, 'components.js'), `${tags.map((t, i) => `import * as c${i} from 'pulseboard/${t}.component.js';`).join('\n')}
const classes = [${tags.map((_, i) => `c${i}`).join(', ')}].map((m) => Object.values(m).find((v) => typeof v === 'function' && v.prototype instanceof HTMLElement)?.name);
window.__afterImport = { classes, defined: ${JSON.stringify(tags)}.filter((t) => customElements.get(t)) };
customElements.define('acme-source', c0.PulseSource);
customElements.define('acme-gauge', c1.MetricGauge);
window.__registered = true;
`);
  await inBundledPage('components.js', '<acme-source src="local:host"><acme-gauge topic="cpu" unit="percent" decimals="1" style="width:200px"></acme-gauge></acme-source>', async (page, errors) => {
    await page.waitForFunction(() => /** @type {any} */ (window).__registered, null, { timeout: 10_000 });
    const afterImport = await page.evaluate(() => /** @type {any} */ (window).__afterImport);
    assert.deepEqual(afterImport.defined, [], 'importing a .component.js export registered a tag');
    assert.deepEqual(afterImport.classes, ['PulseSource', 'MetricGauge', 'TimeSeries', 'LogFirehose', 'AlertList', 'AgentStatus']);
    await page.evaluate(() => /** @type {any} */ (document.querySelector('acme-source')).publish('cpu', 42.25));
    // Wait for the value itself: the gauge shows '–' until the frame that draws it (an earlier
    // version returned on the first non-empty text, '–', and failed on a busy machine).
    const shownText = () => document.querySelector('acme-gauge')?.shadowRoot?.querySelector('.value')?.textContent?.replace(/\s+/g, '');
    await page.waitForFunction(`(${shownText})() === '42.3%'`, null, { timeout: 10_000 }).catch(() => {});
    assert.equal(await page.evaluate(shownText), '42.3%');
    assert.deepEqual(errors, []);
  });
});

/** Starts `npx pulseboard ...` in the app; resolves with its URL, or with its exit when it stops first. */
function npxPulseboard(args) {
  // Its own process group: npx runs the server as a child of its own, and both must go.
  const child = spawn('npx', ['--no', 'pulseboard', ...args], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`npx pulseboard ${args.join(' ')}: nothing after 20 s: ${stdout}${stderr}`)), 20_000);
    child.stdout.on('data', () => {
      const url = /pulseboard serving (\S+)/.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      // The memory-only hint is written right after the URL line.
      setTimeout(() => resolvePromise({ child, url, code: null, stdout, stderr }), 100);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ child, url: null, code, stdout, stderr });
    });
  });
}

test('npx pulseboard serve runs from the app and answers /health; --data says in one line how to enable it', async () => {
  const served = await npxPulseboard(['serve', '--port', '0', '--no-sim', '--no-host-metrics']);
  assert.ok(served.url, `no URL: ${served.stdout}${served.stderr}`);
  const health = await fetch(new URL('/health', served.url));
  assert.equal(health.status, 200);
  assert.equal((await health.json()).status, 'ok');
  assert.equal((await fetch(new URL('/', served.url))).status, 200, 'the demo page');
  assert.equal((await fetch(new URL('/dist/pulseboard.bundle.js', served.url))).status, 200, 'the bundle the demo loads');
  assert.match(served.stdout, /history in memory only; .*npm install better-sqlite3/);
  // OTLP: JSON needs nothing more; protobuf's optional packages are not installed, and the 415 says what to install.
  const otlpJson = await fetch(new URL('/v1/logs', served.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ resourceLogs: [] }) });
  assert.equal(otlpJson.status, 200);
  const otlpProto = await fetch(new URL('/v1/logs', served.url), { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: new Uint8Array([0x0a, 0x00]) });
  assert.equal(otlpProto.status, 415);
  assert.match((await otlpProto.json()).message, /npm install @opentelemetry\/otlp-transformer@0\.200\.0 protobufjs/);
  await stopGroup(served.child);

  const refused = await npxPulseboard(['serve', '--port', '0', '--data', join(dir, 'db')]);
  assert.equal(refused.url, null);
  assert.equal(refused.code, 2);
  const lines = refused.stderr.trim().split('\n');
  assert.equal(lines.length, 1, refused.stderr);
  assert.match(lines[0], /--data needs the SQLite driver better-sqlite3, which is not installed: run `npm install better-sqlite3`/);
  assert.equal(existsSync(join(dir, 'db', 'pulseboard.db')), false, 'no database was created');

  const noRedis = await npxPulseboard(['serve', '--port', '0', '--redis', 'redis://127.0.0.1:1']);
  assert.equal(noRedis.url, null);
  assert.equal(noRedis.code, 2);
  assert.match(noRedis.stderr.trim(), /^pulseboard: --redis needs the Redis client ioredis, which is not installed: run `npm install ioredis`/);
});
