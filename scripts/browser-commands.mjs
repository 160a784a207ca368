// @web/test-runner-commands in every engine. web-test-runner puts its own command plugins ahead
// of the config's, and they know Playwright's and Puppeteer-over-CDP's pages: Puppeteer over
// WebDriver BiDi (Firefox) has no "Space" key name and no media emulation, and a WebDriver session
// (WebKit) gets neither setViewport nor emulateMedia nor key down/up. Each of our launchers puts a
// plugin in front of those that answers the commands it can do better for its own sessions, and
// lets everything else through.
//
// What no engine here can do is said plainly, so a test can skip there with that reason:
// Firefox ESR 153's BiDi and WebKitWebDriver have no way to emulate prefers-color-scheme or
// prefers-reduced-motion (see test/browser/engine.ts › canEmulateMedia).
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

/** Firefox (Puppeteer over BiDi): Playwright's key names and chords. */
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
    'emulate-media': noMediaEmulation('Firefox ESR over WebDriver BiDi'),
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
