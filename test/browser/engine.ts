// Which engine runs this test file, for the few tests that cannot run in every engine. A test
// that skips must say why: `skipIn(this, ['webkit'], 'the reason')` logs the reason and skips.

export type Engine = 'chromium' | 'firefox' | 'webkit';

export const engine: Engine = /\bFirefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /\b(HeadlessChrome|Chrome|Chromium)\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/**
 * `emulateMedia` (prefers-color-scheme, prefers-reduced-motion) works in Chromium (per page) and
 * Firefox (the browser's preferences, reset after each test file); WebKitWebDriver has no command
 * for it (scripts/browser-commands.mjs).
 */
export const canEmulateMedia = engine !== 'webkit';

/** MiniBrowser's window cannot get narrower than its toolbar, so WebKit's viewport has a floor. */
export const minViewportWidth = engine === 'webkit' ? 460 : 0;

/** Skips the running test in the given engines, logging exactly why. */
export function skipIn(context: Mocha.Context, engines: readonly Engine[], reason: string): void {
  if (!engines.includes(engine)) return;
  console.log(`skipped in ${engine}: ${context.test?.fullTitle() ?? 'a test'}: ${reason}`);
  context.skip();
}
