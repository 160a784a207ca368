// The three browser engines the browser suites run in, all from Debian packages (`.ci/run`
// installs them): Chromium through Playwright's launcher, Firefox ESR through Puppeteer over
// WebDriver BiDi, WebKitGTK's MiniBrowser through WebKitWebDriver under a virtual X display.
// `launcherFor(name)` gives a web-test-runner BrowserLauncher; web-test-runner.config.mjs picks
// them by WTR_BROWSERS (scripts/test.mjs runs one engine per process, one after another).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { freePort } from './free-port.mjs';
import { firefoxCommands, overrideCommands, resetFirefoxMedia, webkitCommands } from './browser-commands.mjs';

export const BROWSERS = ['chromium', 'firefox', 'webkit'];

function firstExisting(label, candidates, hint) {
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error(`${label} not found: ${hint}`);
  return found;
}

export const firefoxPath = () =>
  firstExisting('Firefox', [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'], 'apt-get install firefox-esr, or set FIREFOX_PATH');

const webkitDriverPath = () =>
  firstExisting('WebKitWebDriver', [process.env.WEBKIT_DRIVER_PATH, '/usr/bin/WebKitWebDriver'], 'apt-get install webkit2gtk-driver');

const miniBrowserPath = () =>
  firstExisting(
    'MiniBrowser',
    [process.env.MINIBROWSER_PATH, '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser'],
    'apt-get install webkit2gtk-driver (it brings libwebkit2gtk-4.1 and MiniBrowser)',
  );

const xvfbPath = () => firstExisting('Xvfb', ['/usr/bin/Xvfb'], 'apt-get install xvfb');

/** Resolves once something accepts TCP connections on 127.0.0.1:port, or rejects after timeoutMs. */
async function waitForPort(port, timeoutMs, proc, label) {
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${label} exited (${proc.exitCode ?? proc.signalCode})`);
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${label} did not listen on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The process id in a display's lock file, or undefined. */
function lockedBy(display) {
  try {
    return Number(readFileSync(`/tmp/.X${display}-lock`, 'latin1').trim());
  } catch {
    return undefined;
  }
}

/** Whether an X server holds `display`: its lock file names a live process. */
function displayInUse(display) {
  if (!existsSync(`/tmp/.X${display}-lock`)) return false;
  const pid = lockedBy(display);
  if (!pid || !Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM'; // alive, someone else's
  }
}

/**
 * Xvfb on the first free display from :90 up. A stale lock (its process gone) does not count:
 * Xvfb replaces it. Xvfb refuses a display in use, so a race with another run costs a retry.
 */
async function startXvfb() {
  for (let display = 90; display < 190; display++) {
    if (displayInUse(display)) continue;
    const proc = spawn(xvfbPath(), [`:${display}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'], { stdio: 'ignore' });
    const ready = await new Promise((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(`/tmp/.X11-unix/X${display}`) && lockedBy(display) === proc.pid) done(true);
      }, 50);
      const done = (value) => {
        clearInterval(timer);
        clearTimeout(giveUp);
        proc.off('exit', onExit);
        resolve(value);
      };
      const onExit = () => done(false);
      const giveUp = setTimeout(() => done(false), 10_000);
      proc.once('exit', onExit);
    });
    if (ready) return { display: `:${display}`, proc };
    proc.kill('SIGKILL');
  }
  throw new Error('no free X display between :90 and :189 for Xvfb');
}

/**
 * Every process a launcher started, stopped when this Node process ends however it ends
 * (SIGTERM, so Xvfb removes its lock file).
 */
const children = new Set();
process.once('exit', () => {
  for (const proc of children) proc.kill('SIGTERM');
});

function stopProcess(proc) {
  children.delete(proc);
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    proc.kill('SIGTERM');
  });
}

/**
 * WebKitGTK: starts Xvfb on a free display and WebKitWebDriver on a free port when the runner
 * initialises the launcher, drives MiniBrowser through @web/test-runner-webdriver, and stops both
 * after the run. MiniBrowser has no headless mode; the virtual display stands in for one.
 */
class WebKitLauncher extends WebdriverLauncher {
  /** @type {import('node:child_process').ChildProcess[]} */
  started = [];

  constructor() {
    super({ capabilities: { browserName: 'MiniBrowser' } });
  }

  async initialize(config) {
    const xvfb = await startXvfb();
    this.track(xvfb.proc);
    const port = await freePort();
    // en-US, as Chromium and Firefox report here whatever the machine's locale: under this
    // machine's LANG=C.UTF-8 WebKitGTK reports navigator.language "C" and formats like POSIX
    // (src/render/navigator-language.ts handles that page-side; the suites expect en-US).
    const driver = this.track(
      spawn(webkitDriverPath(), [`--port=${port}`], {
        env: { ...process.env, DISPLAY: xvfb.display, LANG: 'en_US.UTF-8', LANGUAGE: 'en_US' },
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    let driverLog = '';
    driver.stderr?.on('data', (d) => (driverLog = (driverLog + d).slice(-4000)));
    await waitForPort(port, 15_000, driver, 'WebKitWebDriver').catch((error) => {
      throw new Error(`${error.message}\n${driverLog}`);
    });
    // Private in the typings, but what the base class hands to webdriverio's remote() on the
    // first session; the port is only known now.
    /** @type {any} */ (this).options = {
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks classic WebDriver only: webdriverio must not ask for BiDi.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
      },
    };
    await super.initialize(config);
    this.name = 'WebKit';
    overrideCommands(config, this, webkitCommands());
  }

  async stop() {
    try {
      await super.stop();
    } finally {
      for (const proc of this.started.splice(0).reverse()) await stopProcess(proc);
    }
  }

  track(proc) {
    children.add(proc);
    this.started.push(proc);
    return proc;
  }
}

/** @param {string} name one of BROWSERS */
export function launcherFor(name) {
  if (name === 'chromium') {
    return playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), args: chromiumArgs, headless: true },
    });
  }
  if (name === 'firefox') {
    const launcher = /** @type {import('@web/test-runner-chrome').ChromeLauncher} */ (puppeteerLauncher({
      launchOptions: {
        browser: 'firefox',
        executablePath: firefoxPath(),
        headless: true,
        // Lets the emulate-media command set the media preferences from the browser's chrome
        // scope (scripts/browser-commands.mjs); the test pages themselves get no privileges.
        args: ['-remote-allow-system-access'],
        // A closed network: no update checks, telemetry or captive-portal probes.
        extraPrefsFirefox: {
          'app.update.enabled': false,
          'network.captive-portal-service.enabled': false,
          'network.connectivity-service.enabled': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.enabled': false,
          // Firefox delays a WebSocket reconnect to a host:port whose earlier handshakes failed
          // (RFC 6455 7.2.3), for up to a minute; the fault tests refuse handshakes on purpose,
          // so a later test file's reconnects to the same fixture waited for them. Each file
          // starts without another file's history, as a user's page would.
          'network.websocket.delay-failed-reconnects': false,
        },
      },
    }));
    const initialize = launcher.initialize.bind(launcher);
    launcher.initialize = (config, testFiles) => {
      overrideCommands(config, launcher, firefoxCommands());
      return initialize(config, testFiles);
    };
    // The media preferences are the browser's, not the page's: each test file leaves none behind.
    const stopSession = launcher.stopSession.bind(launcher);
    launcher.stopSession = async (sessionId) => {
      if (launcher.isActive(sessionId)) {
        await resetFirefoxMedia(launcher.getPage(sessionId)).catch((e) => console.warn(`[firefox] media preferences not reset after a test file: ${e.message}`));
      }
      return stopSession(sessionId);
    };
    return launcher;
  }
  if (name === 'webkit') return new WebKitLauncher();
  throw new Error(`unknown browser "${name}": use one of ${BROWSERS.join(', ')}`);
}
