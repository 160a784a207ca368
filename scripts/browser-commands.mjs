// @web/test-runner-commands in every engine. web-test-runner puts its own command plugins ahead
// of the config's, and they know Playwright's and Puppeteer-over-CDP's pages: Puppeteer over
// WebDriver BiDi (Firefox) has no "Space" key name and no media emulation, and a WebDriver session
// (WebKit) gets neither setViewport nor emulateMedia nor key down/up. Each of our launchers puts a
// plugin in front of those that answers the commands it can do better for its own sessions, and
// lets everything else through.
//
// What no engine here can do is said plainly, so a test can skip there with that reason:
// WebKitWebDriver has no way to emulate prefers-color-scheme or prefers-reduced-motion (see
// test/browser/engine.ts › canEmulateMedia). Firefox ESR's BiDi has no command for them either,
// but the browser's own preferences behind both media features can be set from its chrome
// scope (firefoxMediaPrefs below).
import { Key } from 'webdriverio';

/**
 * Registers `commands` (name → handler(session, payload)) for the sessions of `launcher`, ahead
 * of web-test-runner's own command plugins. Call from the launcher's initialize(config).
 */
export function overrideCommands(config, launcher, commands) {
  const plugin = {
    name: `commands-for-${launcher.name}`,
    async executeCommand({ command, payload, session }) {
      if (session.browser !== launcher || !Object.hasOwn(commands, command)) return undefined;
      return commands[command](session, payload);
    },
  };
  // config.plugins is the array the test runner's command dispatcher walks, in order.
  if (!config.plugins.some((p) => p.name === plugin.name)) config.plugins.unshift(plugin);
}

const noMediaEmulation = (engine) => () => {
  throw new Error(
    `emulateMedia is not available in ${engine}: its automation protocol cannot emulate media features; ` +
      'skip the test there (test/browser/engine.ts › canEmulateMedia) and say why',
  );
};

/** Playwright-style "Shift+Tab" → ['Shift', 'Tab']; a lone "+" stays a key. */
const chord = (keys) => (keys.length > 1 && keys.includes('+') ? keys.split('+').map((k) => k || '+') : [keys]);

/**
 * The Firefox preferences behind the media features emulateMedia sets. They apply to the whole
 * browser, not one page as Chromium's emulation does; web-test-runner runs one test file at a
 * time here (concurrency 1) and the launcher clears them before each file (resetFirefoxMedia).
 */
const FIREFOX_MEDIA_PREFS = {
  colorScheme: {
    pref: 'layout.css.prefers-color-scheme.content-override',
    values: { dark: 0, light: 1, 'no-preference': 2 },
    query: { dark: '(prefers-color-scheme: dark)', light: '(prefers-color-scheme: light)' },
  },
  reducedMotion: {
    pref: 'ui.prefersReducedMotion',
    values: { reduce: 1, 'no-preference': 0 },
    query: { reduce: '(prefers-reduced-motion: reduce)', 'no-preference': '(prefers-reduced-motion: no-preference)' },
  },
};

/**
 * Runs `expression` in Firefox's browser window (chrome scope) over the session's own BiDi
 * connection: Firefox allows one WebDriver session, so a second (Marionette) is refused. Needs
 * Firefox started with `-remote-allow-system-access` (scripts/browsers.mjs).
 */
async function inFirefoxChrome(page, expression) {
  const connection = page.browser().connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = tree.result.contexts[0]?.context;
  if (!context) throw new Error('Firefox: no chrome browsing context (was it started with -remote-allow-system-access?)');
  const { result } = await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: false });
  if (result.type === 'exception') throw new Error(`Firefox chrome script failed: ${result.exceptionDetails?.text ?? 'unknown error'}`);
}

/** Puts every media preference back to the browser's default. */
export function resetFirefoxMedia(page) {
  const prefs = Object.values(FIREFOX_MEDIA_PREFS).map(({ pref }) => `Services.prefs.clearUserPref(${JSON.stringify(pref)});`);
  return inFirefoxChrome(page, prefs.join(''));
}

/** Firefox (Puppeteer over BiDi): Playwright's key names and chords, media by preferences. */
export function firefoxCommands() {
  const name = (key) => (key === 'Space' ? ' ' : key);
  return {
    'send-keys': async (session, payload) => {
      if (!payload || !('press' in payload || 'down' in payload || 'up' in payload)) return undefined; // `type`: the default works
      const { keyboard } = session.browser.getPage(session.id);
      if ('down' in payload) await keyboard.down(name(payload.down));
      else if ('up' in payload) await keyboard.up(name(payload.up));
      else {
        const keys = chord(payload.press).map(name);
        for (const key of keys.slice(0, -1)) await keyboard.down(key);
        await keyboard.press(keys[keys.length - 1]);
        for (const key of keys.slice(0, -1).reverse()) await keyboard.up(key);
      }
      return true;
    },
    'emulate-media': async (session, payload) => {
      const statements = [];
      const queries = [];
      for (const [feature, value] of Object.entries(payload ?? {})) {
        const setting = FIREFOX_MEDIA_PREFS[feature];
        if (value === undefined) continue;
        if (!setting || !Object.hasOwn(setting.values, value)) {
          throw new Error(`emulateMedia is not available in Firefox for ${feature}: ${JSON.stringify(value)} (only colorScheme and reducedMotion, through preferences)`);
        }
        statements.push(`Services.prefs.setIntPref(${JSON.stringify(setting.pref)}, ${setting.values[value]});`);
        if (setting.query[value]) queries.push(setting.query[value]);
      }
      const page = session.browser.getPage(session.id);
      await inFirefoxChrome(page, statements.join(''));
      // A preference reaches the page's media queries a moment later; Chromium's emulation is in
      // place when its command returns, so wait until the page sees what was asked.
      await page.waitForFunction(`${JSON.stringify(queries)}.every((q) => matchMedia(q).matches)`, { timeout: 5_000, polling: 'raf' });
      return true;
    },
  };
}

/** WebKit (classic WebDriver through webdriverio): viewport by window size, key down/up, chords. */
export function webkitCommands() {
  const driverOf = (session) => session.browser.driver;
  const keyValue = (key) => (Object.hasOwn(Key, key) ? Key[key] : key);
  return {
    'set-viewport': async (session, { width, height }) => {
      const driver = driverOf(session);
      // The window's frame around the page differs per platform: measure it, then size to fit.
      for (let attempt = 0; attempt < 3; attempt++) {
        const [innerW, innerH, outerW, outerH] = await driver.execute('return [innerWidth, innerHeight, outerWidth, outerHeight]');
        if (innerW === width && innerH === height) return true;
        await driver.setWindowRect(null, null, width + (outerW - innerW), height + (outerH - innerH));
      }
      const [innerW, innerH] = await driver.execute('return [innerWidth, innerHeight]');
      if (innerW !== width || innerH !== height) {
        // MiniBrowser's toolbar sets a minimum window width (about 450 px here).
        throw new Error(`WebKit: asked for a ${width}x${height} viewport, got ${innerW}x${innerH} (MiniBrowser's window has a minimum size)`);
      }
      return true;
    },
    'send-keys': async (session, payload) => {
      const driver = driverOf(session);
      if (payload && 'press' in payload) await driver.keys(chord(payload.press).map(keyValue));
      else if (payload && 'type' in payload) await driver.keys(payload.type.split(''));
      else if (payload && ('down' in payload || 'up' in payload)) {
        const type = 'down' in payload ? 'keyDown' : 'keyUp';
        await driver.performActions([{ type: 'key', id: 'keyboard', actions: [{ type, value: keyValue(payload.down ?? payload.up) }] }]);
      } else return undefined;
      return true;
    },
    'emulate-media': noMediaEmulation('WebKitGTK over WebDriver'),
  };
}
