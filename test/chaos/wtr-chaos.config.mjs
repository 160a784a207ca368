// `npm run test:chaos`, browser part: the long real-time runs. Same runner setup as the main
// suite (fixture and reference-server plugins), only the files and time limits differ.
// SOAK_MINUTES (default 10) sets the real-time soak's length.
import base from '../../web-test-runner.config.mjs';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);

export default {
  ...base,
  files: process.env.WTR_FILES ?? 'test/chaos/**/*.test.ts',
  testsFinishTimeout: (minutes + 10) * 60_000,
  testFramework: { config: { timeout: (minutes + 5) * 60_000 } },
  plugins: [
    ...base.plugins,
    {
      name: 'chaos-settings',
      serve(context) {
        if (context.path === '/__chaos.js') return { body: `export const SOAK_MINUTES = ${JSON.stringify(minutes)};`, type: 'js' };
      },
    },
  ],
};
