#!/usr/bin/env node
// Pulseboard benchmarks: `npm run bench [-- options]`. Prints figures side by side with a
// baseline measured in the same run; never fails on a threshold (exit 0 unless the harness breaks).
//
//   --scenario a,b     bundle, transport, fanout, connections, firehose, timeseries, gauges, agents, access, connectors, cluster, soak
//                      (default: all but soak)
//   --duration S       measured seconds per page (default 10; soak 600)
//   --rate N           override the scenario's rate (firehose: lines/s; timeseries: points/s per
//                      series; gauges: Hz per gauge; agents: updates/s per agent; fanout: events/s)
//   --clients a,b      fanout client counts (default 100,1000); connections: one count (default 2000)
//   --pattern a,b      connections: broadcast (one topic, one event/s to all at once), spread (a topic per client, events spread over the second); default both
//   --reader R         fanout: how the load generator reads, http (node:http, default) or raw (a socket and a byte scan: cheaper)
//   --events N         transport: items per burst (default 100000)
//   --soak             adds the soak scenario (10 minutes unless --duration)
//   --quick            smoke mode: tiny durations and rates, no rebuild unless dist/ is missing;
//                      proves the harness works (figures not meaningful)
//   --profile          CPU-profile the 'ours' page of each browser scenario and print the top
//                      self-time functions (pages then load an unminified bundle of src/)
//   --no-build         use dist/ as it is (default: rebuild when src/ is newer than dist/)
//   --json FILE        where to write results (default bench/results/<timestamp>.json)
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, startChild, stopChild } from './lib/util.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
process.chdir(root);
const args = parseArgs(process.argv.slice(2));
const quick = Boolean(args.quick);

const ALL = ['bundle', 'transport', 'fanout', 'connections', 'firehose', 'timeseries', 'gauges', 'agents', 'access', 'connectors', 'cluster'];
let names = args.scenario ? String(args.scenario).split(',').map((s) => s.trim()).filter(Boolean) : [...ALL];
if (args.soak && !names.includes('soak')) names.push('soak');
const unknown = names.filter((n) => ![...ALL, 'soak'].includes(n));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${[...ALL, 'soak'].join(', ')}`);
  process.exit(2);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The esbuild bundles below keep every module (`ignoreAnnotations`): package.json's
 * "sideEffects" lists dist files only, so esbuild would otherwise drop the modules that register
 * the tags (src/elements/<name>/<name>.ts), and the pages would find no element defined.
 *
 * Rebuilds dist/ when src/ is newer. If the build fails (someone's work in progress), the browser
 * pages get an esbuild bundle of src/pulseboard.ts instead (returned path), and the run says so.
 */
async function unminifiedBundle() {
  const out = resolve('bench/results/.profile/pulseboard.bundle.js');
  const { build } = await import('esbuild');
  const { cssInlineEsbuildPlugin } = await import('./lib/css-inline-esbuild.mjs');
  await build({ entryPoints: ['src/pulseboard.ts'], bundle: true, minify: false, ignoreAnnotations: true, format: 'esm', target: 'es2022', tsconfig: 'tsconfig.json', outfile: out, logLevel: 'error', plugins: [cssInlineEsbuildPlugin()] });
  console.log(`# --profile: browser pages use an UNMINIFIED esbuild bundle of src/ (${out}) so function names are readable`);
  return out;
}

async function ensureBuild() {
  const bundle = 'dist/pulseboard.bundle.js';
  const stale = !existsSync(bundle) || newestMtime('src') > statSync(bundle).mtimeMs;
  if (!stale || args['no-build'] || (quick && existsSync(bundle))) return undefined;
  console.log('# dist/ is older than src/: rollup -c');
  const r = spawnSync('npx', ['rollup', '-c', '--silent'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status === 0) return undefined;
  const why = (r.stderr ?? '').split('\n').find((l) => /Error/.test(l)) ?? 'unknown error';
  console.log(`# BUILD FAILED (${why.replace(/\x1b\[[0-9;]*m/g, '').trim().slice(0, 200)})`);
  const out = resolve('bench/results/.fallback/pulseboard.bundle.js');
  const { build } = await import('esbuild');
  const { cssInlineEsbuildPlugin } = await import('./lib/css-inline-esbuild.mjs');
  await build({
    entryPoints: ['src/pulseboard.ts'],
    bundle: true,
    minify: true,
    ignoreAnnotations: true, // see unminifiedBundle()
    format: 'esm',
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    outfile: out,
    logLevel: 'error',
    plugins: [cssInlineEsbuildPlugin()],
  });
  console.log(`# browser pages use a FALLBACK esbuild bundle of src/ (${out}); bundle sizes below are of the stale dist/`);
  return out;
}

function machine(browserVersion) {
  const cpus = os.cpus();
  let chromium = browserVersion;
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model,
    memoryGB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    chromium,
    os: `${os.type()} ${os.release()}`,
    commit: (() => {
      try {
        return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
      } catch {
        return undefined;
      }
    })(),
  };
}

const needsBrowser = (n) => !['bundle', 'fanout', 'connections', 'access', 'connectors', 'cluster'].includes(n);

async function main() {
  let fallback = names.some((n) => needsBrowser(n) || n === 'bundle') ? await ensureBuild() : undefined;
  if (args.profile) fallback = await unminifiedBundle();
  const { child: server, info } = await startChild('bench/sse-server.mjs', [], { env: fallback ? { BENCH_BUNDLE: fallback } : {} });
  const base = `http://127.0.0.1:${info.port}`;
  let browser;
  const results = { fallbackBundle: fallback, command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`, scenarios: {} };
  try {
    if (names.some(needsBrowser)) {
      const { launchBrowser } = await import('./lib/browser.mjs');
      browser = await launchBrowser();
    }
    results.machine = machine(browser?.version());
    const m = results.machine;
    console.log(`# Pulseboard bench  ${m.date}  ${m.nproc} cpu (${m.cpu}), ${m.memoryGB} GB, Node ${m.node}${m.chromium ? `, Chromium ${m.chromium}` : ''}, commit ${m.commit}`);
    console.log(`# ${results.command}${quick ? '  (quick smoke mode: figures are not meaningful)' : ''}\n`);
    for (const name of names) {
      const mod = await import(`./scenarios/${name}.mjs`);
      const started = Date.now();
      const load0 = os.loadavg()[0];
      console.log(`## ${mod.title}`);
      try {
        results.scenarios[name] = await mod.run({ browser, base, args, quick, print: (s = '') => console.log(s) });
      } catch (error) {
        console.log(`(scenario failed: ${error.stack ?? error})`);
        results.scenarios[name] = { error: String(error.message ?? error) };
      }
      const load1 = os.loadavg()[0];
      if (results.scenarios[name] && typeof results.scenarios[name] === 'object') results.scenarios[name].loadavg = { start: load0, end: load1 };
      console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s; 1-min load average ${load0.toFixed(1)} -> ${load1.toFixed(1)} on ${os.availableParallelism()} cpus)\n`);
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await stopChild(server);
  }
  const file = args.json ? String(args.json) : `bench/results/${results.machine?.date.replace(/[:.]/g, '-') ?? Date.now()}${quick ? '-quick' : ''}.json`;
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`# results written to ${file}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
