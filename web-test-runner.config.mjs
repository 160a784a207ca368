// Browser tests: TypeScript served through esbuild, run in Debian's Chromium, Firefox ESR and
// WebKitGTK (scripts/browsers.mjs). WTR_BROWSERS picks them (comma-separated, default chromium);
// `npm test` runs each engine in its own run, one after another.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { startFixtureServer } from './test/fixtures/stream-fixture-server.mjs';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { cssInlineDevPlugin } from './scripts/css-inline.mjs';
import { cjsToEsmDevPlugin } from './scripts/cjs-dev-plugin.mjs';
import { BROWSERS, launcherFor } from './scripts/browsers.mjs';
// Reliability suite (issue 9): the real reference server in a child process that tests can kill,
// restart, cut and stall through /__ref/... routes (see test/fixtures/ref-server-control.mjs).
import { createRefControl } from './test/fixtures/ref-server-control.mjs';
// Connectors (issue 15): the real prometheus, node-exporter and alertmanager plus a reference
// server reading them, through /__daemons/... routes (see test/fixtures/daemon-control.mjs).
import { createDaemonControl } from './test/fixtures/daemon-control.mjs';
// Lazy loader (issue 18): dist/pulseboard.loader.js and its chunks, gzip-served under /__loader/cdn/.
import { loaderCdnMiddleware } from './test/fixtures/loader-cdn.mjs';

let fixture;

/** Starts the real stream fixture server and tells the browser where it is. */
const fixtureServerPlugin = {
  name: 'stream-fixture-server',
  async serverStart() {
    fixture = await startFixtureServer();
  },
  async serverStop() {
    await fixture?.close();
  },
  serve(context) {
    if (context.path === '/__fixture.js') {
      return { body: `export const FIXTURE_URL = ${JSON.stringify(fixture.url)};`, type: 'js' };
    }
  },
};

// Reliability suite (issue 9): additive; started lazily by the first /__ref/start request.
const refControl = createRefControl();
const refServerPlugin = {
  name: 'reference-server-control',
  serve: (context) => refControl.serve(context),
  serverStop: () => refControl.stopAll(),
};

const daemonControl = createDaemonControl();
const daemonPlugin = {
  name: 'monitoring-daemons-control',
  serve: (context) => daemonControl.serve(context),
  serverStop: () => daemonControl.stopAll(),
};
const browsers = (process.env.WTR_BROWSERS ?? 'chromium').split(',').map((b) => b.trim().toLowerCase()).filter(Boolean);
for (const b of browsers) if (!BROWSERS.includes(b)) throw new Error(`WTR_BROWSERS: unknown browser "${b}" (use ${BROWSERS.join(', ')})`);

export default {
  files: process.env.WTR_FILES ?? 'test/browser/**/*.test.ts',
  nodeResolve: true,
  // `npm test` runs two engines side by side, each on a port of its own.
  port: Number(process.env.WTR_PORT) || 8000,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  middleware: [loaderCdnMiddleware],
  plugins: [
    // anser (ANSI colours) ships CommonJS only.
    cjsToEsmDevPlugin(['anser']),
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: 'tsconfig.json' }), cssInlineDevPlugin(), fixtureServerPlugin, refServerPlugin, daemonPlugin],
  browsers: browsers.map(launcherFor),
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter(process.env.WTR_RESULTS ?? 'test-results/browser.json')],
};
