// Browser tests: TypeScript served through esbuild, run in Debian's headless Chromium.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { startFixtureServer } from './test/fixtures/stream-fixture-server.mjs';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { cssInlineDevPlugin } from './scripts/css-inline.mjs';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';

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

export default {
  files: process.env.WTR_FILES ?? 'test/browser/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'auto', tsconfig: 'tsconfig.json' }), cssInlineDevPlugin(), fixtureServerPlugin],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), args: chromiumArgs, headless: true },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter('test-results/browser.json')],
};
