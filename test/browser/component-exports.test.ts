// Names you can keep (issue 18 §2): a host registers our classes under tags of its own
// (`<name>.component.js` exports them unregistered), and the built-in registration warns once,
// naming both versions, when another library already holds one of our tags, but stays silent
// when the holder is another copy of Pulseboard. The clash pages are iframes (each a fresh
// registry) that load the built dist/pulseboard.bundle.js, as a page with a script tag would.
import { expect } from '@open-wc/testing';
import { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.component.js';
import '../../src/elements/pulse-source/pulse-source.component.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.component.js';
import { VERSION } from '../../src/version.js';
import { newSession, nextFrames, waitFor } from './helpers.js';
import { hitAtCentre } from './visible.js';

const TAGS = ['pulse-source', 'metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'];
const defined = (registry: CustomElementRegistry) => TAGS.filter((t) => registry.get(t));

const cleanup: Element[] = [];
afterEach(() => {
  for (const el of cleanup.splice(0)) el.remove();
});

/** A gauge (tag `tag`) under a real `<pulse-source>` on a local feed, showing one published value. */
async function gaugeShowing(tag: string, value: number): Promise<Element> {
  const source = document.createElement('pulse-source') as PulseSource;
  source.setAttribute('src', `local:${newSession('rename')}`);
  const gauge = document.createElement(tag);
  for (const [k, v] of Object.entries({ topic: 'cpu', label: 'CPU', unit: 'percent', decimals: '1', style: 'width: 200px' })) gauge.setAttribute(k, v);
  source.append(gauge);
  document.body.append(source);
  cleanup.push(source);
  await (gauge as MetricGauge).updateComplete;
  source.publish('cpu', value);
  await nextFrames();
  return gauge;
}

/** The gauge's value as a user sees it: the text under the centre of its value box. */
function visibleValue(gauge: Element): string {
  const box = gauge.shadowRoot!.querySelector('.value')!;
  const hit = hitAtCentre(box);
  expect(hit && box.contains(hit), `the value box is covered by ${hit?.outerHTML.slice(0, 80)}`).to.equal(true);
  return box.textContent!.replace(/\s+/g, '');
}

describe('component exports', () => {
  it('importing the .component.js modules registers no tag', () => {
    expect(defined(customElements)).to.deep.equal([]);
  });

  it('a gauge registered as <acme-gauge> gets its data from a real <pulse-source> and shows it', async () => {
    customElements.define('acme-gauge', MetricGauge);
    await import('../../src/elements/pulse-source/pulse-source.js'); // the ordinary registering entry
    const gauge = await gaugeShowing('acme-gauge', 42.25);
    expect(visibleValue(gauge)).to.equal('42.3%');
    expect(gauge.shadowRoot!.querySelector('[role="meter"]')!.getAttribute('aria-valuetext')).to.equal('CPU 42.3 percent');
  });

  it('<metric-gauge> still registers (a subclass) after the host took the class for its own tag', async () => {
    await import('../../src/elements/metric-gauge/metric-gauge.js');
    const registered = customElements.get('metric-gauge')!;
    expect(registered).to.not.equal(MetricGauge);
    expect(registered.prototype).to.be.instanceOf(MetricGauge);
    expect(visibleValue(await gaugeShowing('metric-gauge', 7))).to.equal('7.0%');
  });
});

type ClashWindow = Window & typeof globalThis & { __warns: string[]; __errors: string[]; __done?: boolean; __twoCopies?: boolean; Theirs?: CustomElementConstructor };

const BUNDLE = `import '/dist/pulseboard.bundle.js';`;
const frames: HTMLIFrameElement[] = [];
afterEach(() => {
  for (const f of frames.splice(0)) f.remove();
});

/** A fresh page that runs `before` (a classic script), then the module `body` (its imports load Pulseboard). */
async function page(before: string, body: string): Promise<ClashWindow> {
  const frame = document.createElement('iframe');
  frame.width = '600';
  frame.height = '400';
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script>window.__warns = []; window.__errors = [];
const warn = console.warn; console.warn = (...args) => { window.__warns.push(args.map(String).join(' ')); warn.apply(console, args); };
addEventListener('error', (e) => window.__errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
${before}</script>
<script type="module">${body}
window.__done = true;</script>
</head><body><metric-gauge topic="cpu"></metric-gauge></body></html>`;
  frames.push(frame);
  document.body.append(frame);
  await waitFor(() => Boolean((frame.contentWindow as ClashWindow | null)?.__done), 'the page ran its modules', 15_000);
  return frame.contentWindow as ClashWindow;
}

describe('built-in registration when a tag is taken', () => {
  it('warns once, naming the tag and both versions, when another library holds <time-series>; defines the rest', async () => {
    const win = await page(`window.Theirs = class extends HTMLElement {}; customElements.define('time-series', window.Theirs);`, BUNDLE);
    expect(win.__errors).to.deep.equal([]);
    expect(win.__warns).to.have.length(1);
    const [warning] = win.__warns;
    expect(warning).to.contain('<time-series>').and.contain(`Pulseboard ${VERSION}`).and.contain('version unknown');
    expect(warning).to.contain('time-series.component.js');
    expect(win.customElements.get('time-series')).to.equal(win.Theirs);
    expect(defined(win.customElements)).to.deep.equal(TAGS);
    expect(win.document.querySelector('metric-gauge')!.shadowRoot, 'the gauge upgraded').to.not.equal(null);
  });

  it("names the other library's version when its class has a static version", async () => {
    const win = await page(`customElements.define('alert-list', class extends HTMLElement { static version = '3.1.4'; });`, BUNDLE);
    expect(win.__errors).to.deep.equal([]);
    expect(win.__warns).to.have.length(1);
    expect(win.__warns[0]).to.contain('<alert-list>').and.contain(`Pulseboard ${VERSION}`).and.contain('version 3.1.4');
  });

  it('stays silent when the tags are held by another copy of Pulseboard (the bundle loaded twice)', async () => {
    const win = await page(
      '',
      `import { MetricGauge as first } from '/dist/pulseboard.bundle.js';
import { MetricGauge as second } from '/dist/pulseboard.bundle.js?second-copy';
window.__twoCopies = first !== second;`,
    );
    expect(win.__twoCopies, 'two module instances of the bundle ran').to.equal(true);
    expect(win.__errors).to.deep.equal([]);
    expect(win.__warns).to.deep.equal([]);
    expect(defined(win.customElements)).to.deep.equal(TAGS);
  });
});
