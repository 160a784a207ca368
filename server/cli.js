#!/usr/bin/env node
// `npx pulseboard serve` / `node server/cli.js serve`: runs the reference server.
// `npx pulseboard agent --hub URL`: runs an agent for this box (server/agent/).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from './app.js';
import { HELP, parseCli } from './cli-args.js';
import { ENABLE_DATA_HINT, driverAvailable, loadDriver } from './history-store.js';
import { PACKAGE_ROOT, VERSION } from './package-info.js';

/** @param {string[]} argv */
async function main(argv) {
  if (argv[0] === 'agent') return (await import('./agent/main.js')).agentMain(argv.slice(1));
  let parsed;
  try {
    parsed = parseCli(argv);
  } catch (err) {
    process.stderr.write(`pulseboard: ${/** @type {Error} */ (err).message}\nTry 'pulseboard --help'.\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (parsed.version) {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  /** @type {Record<string, unknown>} */
  const options = Object.fromEntries(Object.entries(parsed.options).filter(([, v]) => v !== undefined));
  if (parsed.dataIfAvailable && options.data) {
    try {
      loadDriver();
    } catch (err) {
      // A fresh machine that could not compile SQLite still gets a working demo, told why.
      process.stderr.write(`pulseboard: history off, memory only: ${/** @type {Error} */ (err).message}\n`);
      delete options.data;
    }
  }
  let app;
  try {
    app = createServer(/** @type {import('./options.js').ServerOptions} */ (options));
  } catch (err) {
    process.stderr.write(`pulseboard: ${/** @type {Error} */ (err).message}\n`);
    return 2;
  }
  let url;
  try {
    url = await app.listen();
  } catch (err) {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    const hint = e.code === 'EADDRINUSE' ? ' (port in use: try --port 0 or another port)' : '';
    process.stderr.write(`pulseboard: cannot listen on ${parsed.options.host}:${parsed.options.port}: ${e.message}${hint}\n`);
    return 1;
  }
  const demo = existsSync(join(PACKAGE_ROOT, 'demo', 'index.html')) ? 'demo dashboard' : 'demo not built yet: run npm run build';
  process.stdout.write(`pulseboard serving ${url} (${demo})\n`);
  const { access } = parsed.options;
  const jwt = Boolean(access.jwtSecret || access.jwtPublicKeyFile || access.jwksUrl);
  if (parsed.options.token) process.stdout.write('pulseboard: bearer token required on every route\n');
  if (jwt) process.stdout.write(`pulseboard: JWT access on every route${access.publicTopics?.length ? `; public topics: ${access.publicTopics.join(', ')}` : ''}\n`);
  if (!options.data && !driverAvailable()) process.stdout.write(`pulseboard: history in memory only; to keep it across restarts, ${ENABLE_DATA_HINT}\n`);
  if (parsed.options.redis && (parsed.options.simulate || parsed.options.hostMetrics)) {
    process.stderr.write('pulseboard: cluster mode: this node\'s demo sources (simulated agents and log, host metrics) publish into the shared stream; give the other nodes --no-sim --no-host-metrics\n');
  }
  const loopback = /^(127\.|::1$|localhost$)/.test(parsed.options.host);
  if (!loopback && !parsed.options.token && !jwt) {
    process.stderr.write('pulseboard: warning: listening beyond localhost without --token: anyone who can reach it can read the stream and post to /ingest\n');
  }

  await new Promise((resolve) => {
    let signals = 0;
    const stop = (/** @type {string} */ signal) => {
      signals++;
      if (signals > 1) process.exit(1);
      process.stdout.write(`pulseboard: ${signal}, shutting down\n`);
      const force = setTimeout(() => process.exit(1), 5000);
      force.unref();
      app.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`pulseboard: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
