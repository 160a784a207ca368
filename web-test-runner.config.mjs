// Browser tests: TypeScript served through esbuild, run in Debian's headless Chromium.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { startFixtureServer } from './test/fixtures/stream-fixture-server.mjs';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { cssInlineDevPlugin } from './scripts/css-inline.mjs';
import { cjsToEsmDevPlugin } from './scripts/cjs-dev-plugin.mjs';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';
// Reliability suite (issue 9): the real reference server in a child process that tests can kill,
// restart, cut and stall through /__ref/... routes (see test/fixtures/ref-server-control.mjs).
import { createRefControl } from './test/fixtures/ref-server-control.mjs';
// Connectors (issue 15): the real prometheus, node-exporter and alertmanager plus a reference
// server reading them, through /__daemons/... routes (see test/fixtures/daemon-control.mjs).
import { createDaemonControl } from './test/fixtures/daemon-control.mjs';

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

export default {
  files: process.env.WTR_FILES ?? 'test/browser/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  plugins: [
    // anser (ANSI colours) ships CommonJS only.
    cjsToEsmDevPlugin(['anser']),
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: 'tsconfig.json' }), cssInlineDevPlugin(), fixtureServerPlugin, refServerPlugin, daemonPlugin],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), args: chromiumArgs, headless: true },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter('test-results/browser.json')],
};
