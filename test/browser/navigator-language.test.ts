// WebKitGTK run with LANG=C reports navigator.language "C", and uPlot's module code calls
// `new Intl.NumberFormat(navigator.language)`: without the repair no chart (and, in the one-file
// bundle, no element) loads. Found running the suites in WebKit; see src/render/navigator-language.ts.
import { expect } from '@open-wc/testing';
import { repairNavigatorLanguage } from '../../src/render/navigator-language.js';

const UPLOT = '/node_modules/uplot/dist/uPlot.esm.js';
let fresh = 0;
/** A new instance of uPlot's module (a new URL is a new module), so its module code runs again. */
const importFreshUplot = () => import(/* @vite-ignore */ `${UPLOT}?fresh=${Date.now()}-${fresh++}`);

describe('a navigator.language that is no language tag ("C")', () => {
  afterEach(() => {
    // Back to the engine's own getters on Navigator.prototype.
    delete (navigator as unknown as Record<string, unknown>)['language'];
    delete (navigator as unknown as Record<string, unknown>)['languages'];
  });

  function pretend(language: string, languages: string[] = [language]) {
    Object.defineProperty(navigator, 'language', { configurable: true, get: () => language });
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => languages });
  }

  it('breaks uPlot without the repair (the failure this guards against)', async () => {
    pretend('C');
    let error: unknown;
    await importFreshUplot().catch((e: unknown) => (error = e));
    expect(error, 'uPlot loaded although navigator.language is "C"').to.be.instanceOf(RangeError);
  });

  it('after the repair, uPlot loads, draws a chart, and Intl accepts navigator.language', async () => {
    pretend('C', ['C', 'de-DE']);
    expect(repairNavigatorLanguage()).to.equal(true);
    expect(() => new Intl.NumberFormat(navigator.language)).not.to.throw();
    expect(navigator.language).to.equal(new Intl.NumberFormat().resolvedOptions().locale);
    expect(navigator.languages, 'usable entries kept after the fallback').to.deep.equal([navigator.language, 'de-DE']);
    const { default: UPlot } = (await importFreshUplot()) as { default: new (...args: unknown[]) => { destroy(): void; root: HTMLElement } };
    const host = document.createElement('div');
    document.body.append(host);
    const plot = new UPlot({ width: 300, height: 150, series: [{}, { label: 'cpu' }] }, [[1, 2, 3], [10, 20, 15]], host);
    try {
      expect(host.querySelector('canvas'), 'a drawn chart').to.exist;
    } finally {
      plot.destroy();
      host.remove();
    }
  });

  it('leaves a usable language alone, and an absent one too', () => {
    expect(repairNavigatorLanguage({ language: 'de-DE', languages: ['de-DE'] } as unknown as Navigator)).to.equal(false);
    expect(repairNavigatorLanguage({ languages: [] } as unknown as Navigator)).to.equal(false);
    const broken = { language: '', languages: [''] } as unknown as Navigator;
    expect(repairNavigatorLanguage(broken)).to.equal(true);
    expect(() => new Intl.NumberFormat(broken.language)).not.to.throw();
  });
});
