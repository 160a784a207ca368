// The test commands other suites rely on (@web/test-runner-commands) do the same thing in every
// engine: scripts/browser-commands.mjs fills in what Firefox's BiDi and WebKit's WebDriver lack.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { canEmulateMedia, engine, minViewportWidth, skipIn } from './engine.js';

describe(`test commands in ${engine}`, () => {
  // The page is reused by the next test file: leave the viewport as it was.
  const initial = { width: innerWidth, height: innerHeight };
  after(() => setViewport(initial));

  it('setViewport sizes the page viewport exactly', async () => {
    const width = Math.max(640, minViewportWidth);
    await setViewport({ width, height: 480 });
    expect([innerWidth, innerHeight]).to.deep.equal([width, 480]);
    await setViewport({ width: 800, height: 600 });
    expect([innerWidth, innerHeight]).to.deep.equal([800, 600]);
  });

  it('sendKeys presses Space and Enter on the focused button, and Shift+Tab goes back', async () => {
    const root = await fixture<HTMLDivElement>(html`<div><button id="a">a</button><button id="b">b</button></div>`);
    const [a, b] = root.querySelectorAll('button');
    const clicks: string[] = [];
    for (const button of [a!, b!]) button.addEventListener('click', () => clicks.push(button.id));
    b!.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    expect(clicks).to.deep.equal(['b', 'b']);
    await sendKeys({ press: 'Shift+Tab' });
    expect(document.activeElement).to.equal(a);
    await sendKeys({ down: 'Shift' });
    const typed: string[] = [];
    a!.addEventListener('keydown', (e) => typed.push(`${e.shiftKey ? 'shift+' : ''}${e.key.toLowerCase()}`));
    await sendKeys({ press: 'x' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'x' });
    expect(typed).to.deep.equal(['shift+x', 'x']);
  });

  it('emulateMedia switches prefers-color-scheme where the engine allows it', async function () {
    skipIn(this, ['webkit'], 'no media emulation over WebKitWebDriver');
    expect(canEmulateMedia).to.equal(true);
    await emulateMedia({ colorScheme: 'dark' });
    expect(matchMedia('(prefers-color-scheme: dark)').matches).to.equal(true);
    await emulateMedia({ colorScheme: 'light' });
    expect(matchMedia('(prefers-color-scheme: dark)').matches).to.equal(false);
  });

  it('emulateMedia switches prefers-reduced-motion where the engine allows it, and a change event fires', async function () {
    skipIn(this, ['webkit'], 'no media emulation over WebKitWebDriver');
    const query = matchMedia('(prefers-reduced-motion: reduce)');
    const changes: boolean[] = [];
    query.addEventListener('change', (e) => changes.push(e.matches));
    try {
      await emulateMedia({ reducedMotion: 'reduce' });
      await waitUntil(() => changes.length > 0, 'change event');
      expect(query.matches).to.equal(true);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
    await waitUntil(() => changes.length === 2, 'change event back to no preference');
    expect(changes).to.deep.equal([true, false]);
  });

  it('says plainly where emulateMedia cannot work', async function () {
    skipIn(this, ['chromium'], 'Chromium emulates every media feature (the tests above)');
    let message = '';
    // Firefox sets colour scheme and motion through preferences, nothing for the media type.
    const unsupported = engine === 'firefox' ? { media: 'print' as const } : { colorScheme: 'dark' as const };
    await emulateMedia(unsupported).catch((e: unknown) => (message = String(e)));
    expect(message).to.match(/emulateMedia is not available in (Firefox for media|WebKit)/);
  });
});
