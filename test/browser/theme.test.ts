// Elements follow the page they are in, in this order: the `theme` attribute, then
// --pulse-color-scheme, then the page's own color-scheme, then prefers-color-scheme; and a change
// of any of them at runtime restyles every element, the chart's canvas included, at once.
// What is checked is what is seen: text contrast against what is behind it, and canvas pixels.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { TimeSeries } from '../../src/elements/time-series/time-series.js';
import { canEmulateMedia, skipIn } from './engine.js';
import { newSession, nextFrames, waitFor } from './helpers.js';
import { backgroundBehind, contrast, drawnLuminance, luminance, rgb } from './visible.js';

interface Page {
  page: HTMLElement;
  source: PulseSource;
  gauge: MetricGauge;
  chart: TimeSeries;
}

/** A page region with its own CSS (`style`), holding a gauge and a chart with no data (grid only). */
async function mount(style: string, attrs = ''): Promise<Page> {
  const page = await fixture<HTMLElement>(html`<div></div>`);
  page.setAttribute('style', style);
  const source = document.createElement('pulse-source') as PulseSource;
  source.setAttribute('src', `local:${newSession('theme')}`);
  // Static test markup, no stream data.
  source.innerHTML = `<metric-gauge topic="g" label="CPU" unit="percent" ${attrs}></metric-gauge>
    <time-series topic="t" unit="percent" min="0" max="100" ${attrs} style="display:block;width:400px;height:200px"></time-series>`;
  page.append(source);
  const gauge = source.querySelector('metric-gauge') as MetricGauge;
  const chart = source.querySelector('time-series') as TimeSeries;
  source.publish('g', 42);
  await waitFor(() => !!chart.plot, 'uPlot created');
  await nextFrames(2);
  return { page, source, gauge, chart };
}

const valueEl = (p: Page) => p.gauge.shadowRoot!.querySelector<HTMLElement>('.value')!;
/** Contrast of the gauge's value against what is behind it on the page. */
const valueContrast = (p: Page) => contrast(getComputedStyle(valueEl(p)).color, backgroundBehind(valueEl(p)));
const textIsLight = (p: Page) => luminance(rgb(getComputedStyle(valueEl(p)).color)) > 0.5;
/** The chart's grid as drawn on its canvas: light lines on dark, or dark lines on light. */
const gridIsDark = (p: Page) => drawnLuminance(p.chart.plot!) < 0.3;
const gridIsLight = (p: Page) => drawnLuminance(p.chart.plot!) > 0.4;

const DARK_PAGE = 'color-scheme: dark; background: rgb(13, 17, 23); padding: 8px';
const LIGHT_PAGE = 'color-scheme: light; background: rgb(255, 255, 255); padding: 8px';

/** Sets the OS preference the page sees (not in WebKit: see `canEmulateMedia` in engine.ts). */
async function preferDark(dark: boolean): Promise<void> {
  await emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
}
const NO_MEDIA_EMULATION = 'changes prefers-color-scheme at run time: emulateMedia has no command in WebKitWebDriver';

describe('colour scheme: elements follow the page', function () {
  this.timeout(15_000);

  afterEach(async () => {
    if (canEmulateMedia) await emulateMedia({ colorScheme: 'light' });
    document.querySelectorAll('meta[name="color-scheme"]').forEach((m) => m.remove());
  });

  it("a dark page (color-scheme: dark) in a light-OS browser: the gauge's text is light, the chart's grid dark", async () => {
    const p = await mount(DARK_PAGE);
    expect(valueContrast(p), 'value text readable on the dark page').to.be.at.least(4.5);
    expect(textIsLight(p)).to.equal(true);
    expect(gridIsDark(p), `grid luminance ${drawnLuminance(p.chart.plot!)}`).to.equal(true);
  });

  it('a runtime switch of a class on an ancestor restyles text and canvas in the next frames', async () => {
    const style = document.createElement('style');
    style.textContent = '.app-dark { color-scheme: dark; background: rgb(13, 17, 23); } .app-light { color-scheme: light; background: rgb(255, 255, 255); }';
    document.head.append(style);
    try {
      const p = await mount('');
      p.page.className = 'app-dark';
      await nextFrames(3);
      expect(textIsLight(p)).to.equal(true);
      expect(gridIsDark(p), 'dark grid').to.equal(true);
      p.page.className = 'app-light';
      await nextFrames(3);
      expect(valueContrast(p)).to.be.at.least(4.5);
      expect(textIsLight(p)).to.equal(false);
      expect(gridIsLight(p), `light grid after the switch (${drawnLuminance(p.chart.plot!)})`).to.equal(true);
      p.page.className = 'app-dark';
      await nextFrames(3);
      expect(gridIsDark(p), `dark grid again (${drawnLuminance(p.chart.plot!)})`).to.equal(true);
      // The series colours follow too.
      p.source.publish('t', 50);
      await nextFrames(2);
      const stroke = (p.chart.plot!.series[1]!.stroke as unknown as (u: unknown, i: number) => string)(p.chart.plot, 1);
      p.page.className = 'app-light';
      await nextFrames(3);
      expect((p.chart.plot!.series[1]!.stroke as unknown as (u: unknown, i: number) => string)(p.chart.plot, 1)).not.to.equal(stroke);
    } finally {
      style.remove();
    }
  });

  it('the theme attribute overrides the page, at runtime too', async () => {
    const p = await mount(DARK_PAGE, 'theme="light"');
    expect(textIsLight(p)).to.equal(false);
    expect(gridIsLight(p)).to.equal(true);
    p.chart.theme = 'dark';
    p.gauge.theme = 'dark';
    await nextFrames(3);
    expect(textIsLight(p)).to.equal(true);
    expect(gridIsDark(p)).to.equal(true);
    p.chart.removeAttribute('theme');
    p.gauge.removeAttribute('theme');
    await nextFrames(3);
    expect(gridIsDark(p), 'back to the page: dark').to.equal(true);
  });

  it('--pulse-color-scheme on an ancestor overrides the page and is overridden by theme', async () => {
    const p = await mount(`${LIGHT_PAGE}; --pulse-color-scheme: dark`);
    expect(textIsLight(p)).to.equal(true);
    expect(gridIsDark(p)).to.equal(true);
    p.page.style.setProperty('--pulse-color-scheme', 'light');
    await nextFrames(3);
    expect(gridIsLight(p), 'follows the property at runtime').to.equal(true);
  });

  it('a page that declares no scheme follows prefers-color-scheme, live; one that declares a scheme keeps it', async function () {
    skipIn(this, ['webkit'], NO_MEDIA_EMULATION);
    const none = await mount('');
    const light = await mount(LIGHT_PAGE);
    await preferDark(true);
    await nextFrames(3);
    expect(textIsLight(none), 'no page scheme: the OS decides (dark)').to.equal(true);
    expect(gridIsDark(none), 'and the canvas follows').to.equal(true);
    expect(textIsLight(light), 'the page said light: light').to.equal(false);
    expect(gridIsLight(light)).to.equal(true);
    await preferDark(false);
    await nextFrames(3);
    expect(gridIsLight(none), 'back to light with the OS').to.equal(true);
  });

  it('a page that starts without a scheme and then declares one is followed at once', async () => {
    // Chromium, Firefox: the OS says dark (emulated) and the page then declares light. Where media cannot
    // be emulated, the engine's own preference stands and the page declares the other scheme:
    // the same switch (out of "the page says nothing" and back), in the other direction.
    if (canEmulateMedia) await preferDark(true);
    const osDark = matchMedia('(prefers-color-scheme: dark)').matches;
    const followsOs = (p: Page) => (osDark ? gridIsDark(p) : gridIsLight(p));
    const p = await mount('');
    expect(followsOs(p), `${osDark ? 'dark' : 'light'} from the OS`).to.equal(true);
    p.page.style.colorScheme = osDark ? 'light' : 'dark';
    await nextFrames(3);
    expect(textIsLight(p), `the page now says ${p.page.style.colorScheme}`).to.equal(!osDark);
    expect(osDark ? gridIsLight(p) : gridIsDark(p), 'and the canvas follows').to.equal(true);
    p.page.style.colorScheme = '';
    await nextFrames(3);
    expect(followsOs(p), 'and back to the OS when it stops saying').to.equal(true);
  });

  it('<meta name="color-scheme" content="dark"> counts as the page declaring dark', async () => {
    const meta = document.createElement('meta');
    meta.name = 'color-scheme';
    meta.content = 'dark';
    document.head.append(meta);
    const p = await mount('background: rgb(13, 17, 23)');
    expect(textIsLight(p)).to.equal(true);
    expect(valueContrast(p)).to.be.at.least(4.5);
    expect(gridIsDark(p)).to.equal(true);
  });

  it("what an element paints itself (a log's frame) is in its own scheme", async () => {
    const page = await fixture<HTMLElement>(html`<div style=${DARK_PAGE}>
      <pulse-source src=${`local:${newSession('theme')}`}><log-firehose topic="l" style="height:200px"></log-firehose></pulse-source>
    </div>`);
    const log = page.querySelector('log-firehose')!;
    await nextFrames(2);
    const frame = log.shadowRoot!.querySelector('.frame')!;
    expect(luminance(rgb(getComputedStyle(frame).backgroundColor)), 'dark frame on the dark page').to.be.below(0.1);
    log.setAttribute('theme', 'light');
    await nextFrames(2);
    expect(luminance(rgb(getComputedStyle(frame).backgroundColor)), 'light frame with theme="light"').to.be.above(0.8);
  });
});
