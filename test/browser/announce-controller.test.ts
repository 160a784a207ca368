// The one announcer every element uses: at most one announcement per interval, the latest offer
// spoken when the interval is over, unchanged words dropped unless the host wants repeats.
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { AnnounceController } from '../../src/render/announce-controller.js';
import { waitFor } from './helpers.js';

class AnnounceProbe extends LitElement {
  intervalMs = 150;
  repeat = false;
  announcer!: AnnounceController;
  override connectedCallback(): void {
    this.announcer ??= new AnnounceController(this, { intervalMs: () => this.intervalMs, repeat: this.repeat });
    super.connectedCallback();
  }
  override render() {
    return html`<div role="status" aria-live="polite">${this.announcer.text}</div>`;
  }
}
customElements.define('announce-probe', AnnounceProbe);

async function probe(repeat = false): Promise<AnnounceProbe> {
  const el = document.createElement('announce-probe') as AnnounceProbe;
  el.repeat = repeat;
  document.body.append(el);
  await el.updateComplete;
  return el;
}
const region = (el: AnnounceProbe) => el.shadowRoot!.querySelector('[role="status"]')!.textContent!;

describe('AnnounceController', () => {
  it('speaks at once, then at most once per interval: the latest offer, composed when spoken', async () => {
    const el = await probe();
    el.announcer.announce('CPU warning');
    await el.updateComplete;
    expect(region(el)).to.equal('CPU warning');
    const started = performance.now();
    let composed = 0;
    el.announcer.announce('CPU critical');
    el.announcer.announce(() => (composed++, 'CPU back to normal'));
    await el.updateComplete;
    expect(region(el), 'within the interval nothing new is spoken').to.equal('CPU warning');
    await waitFor(() => region(el) === 'CPU back to normal', 'the latest offer after the interval');
    expect(performance.now() - started).to.be.at.least(100);
    expect(composed).to.equal(1);
    expect(el.announcer.serial).to.equal(2, 'the replaced offer was never spoken');
    el.remove();
  });

  it('drops unchanged words, or makes them new when the host repeats; a composer may say nothing', async () => {
    const quiet = await probe();
    quiet.intervalMs = 0;
    quiet.announcer.announce('2 running');
    quiet.announcer.announce('2 running');
    quiet.announcer.announce(() => undefined);
    expect(quiet.announcer.serial).to.equal(1);
    const loud = await probe(true);
    loud.intervalMs = 0;
    loud.announcer.announce('New critical alert: Disk full');
    loud.announcer.announce('New critical alert: Disk full');
    await loud.updateComplete;
    expect(loud.announcer.serial).to.equal(2);
    expect(region(loud)).to.equal('New critical alert: Disk full\u00a0');
    quiet.remove();
    loud.remove();
  });

  it('quiet() starts a new interval without speaking', async () => {
    const el = await probe();
    el.announcer.quiet();
    el.announcer.announce('after the pause');
    await el.updateComplete;
    expect(region(el)).to.equal('');
    await waitFor(() => region(el) === 'after the pause', 'spoken once the interval is over');
    el.remove();
  });

  it('a host that leaves drops what waits', async () => {
    const el = await probe();
    el.announcer.announce('first');
    el.announcer.announce('second');
    el.remove();
    await new Promise((r) => setTimeout(r, 250));
    expect(el.announcer.text).to.equal('first');
  });
});
