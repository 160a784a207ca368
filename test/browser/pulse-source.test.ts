import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { sharedHubCount } from '../../src/data/hub-registry.js';
import type { MessageMeta } from '../../src/data/types.js';
import { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { frameScheduler } from '../../src/render/frame-scheduler.js';
import { PulseElement } from '../../src/render/pulse-element.js';
import { fixtureUrl, newSession, nextFrames, sessionInfo, waitFor } from './helpers.js';

/** The smallest data element: shows the last payload and how many it received. */
class ProbeElement extends PulseElement {
  received: unknown[] = [];
  protected override onPayload(payload: unknown, _meta: MessageMeta): void {
    if (typeof payload !== 'number') return this.stream.reject(this.topic, 'not a number');
    this.received.push(payload);
  }
  protected override onReset(): void {
    this.received = [];
  }
  override render() {
    return litHtml`<span class="value">${this.received.at(-1) ?? ''}</span>${this.renderStatus()}`;
  }
}
customElements.define('probe-element', ProbeElement);

const shadowText = (el: Element, selector: string) => el.shadowRoot?.querySelector(selector)?.textContent?.trim() ?? '';

describe('<pulse-source> and the shared element mechanism', () => {
  it('registering the same tag twice (a second copy of the bundle) does not throw', async () => {
    const { defineElement } = await import('../../src/render/define.js');
    expect(() => defineElement('pulse-source', class extends PulseSource {})).not.to.throw();
    expect(customElements.get('pulse-source')).to.equal(PulseSource);
  });

  it('provides its hub to descendants, which show published data and a live status', async () => {
    const src = `local:${newSession()}`;
    const source = await fixture<PulseSource>(html`<pulse-source src=${src}><div><probe-element topic="t"></probe-element></div></pulse-source>`);
    const probe = source.querySelector('probe-element') as ProbeElement;
    source.publish('t', 42);
    await nextFrames();
    expect(shadowText(probe, '.value')).to.equal('42');
    expect(probe.getAttribute('status')).to.equal('live');
    expect(shadowText(probe, '[role="status"]')).to.equal('Live');
    expect(source.getAttribute('state')).to.equal('open');
  });

  it('src set after the element is in the page (as Angular binds it) can be published to at once, and a changed src at once goes to the new source', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const source = document.createElement('pulse-source') as PulseSource;
    const probe = document.createElement('probe-element') as ProbeElement;
    probe.topic = 't';
    source.append(probe);
    host.append(source);
    const first = `local:${newSession()}`;
    source.src = first;
    source.publish('t', 1); // the same task: Lit has not updated the element yet
    const seen: unknown[] = [];
    source.subscribe('t', (payload) => seen.push(payload));
    expect(seen, 'a subscriber in the same task gets the kept payload').to.deep.equal([1]);
    await nextFrames();
    expect(shadowText(probe, '.value')).to.equal('1');

    const second = `local:${newSession()}`;
    source.src = second;
    source.publish('t', 2);
    await nextFrames();
    expect(shadowText(probe, '.value'), 'the probe follows to the new source and shows what was published there').to.equal('2');
    expect(seen, 'the old source got nothing more').to.deep.equal([1]);
  });

  it('an element mounted late shows the kept history at once', async () => {
    const src = `local:${newSession()}`;
    const source = await fixture<PulseSource>(html`<pulse-source src=${src}></pulse-source>`);
    for (let i = 1; i <= 5; i++) source.publish('t', i);
    const probe = document.createElement('probe-element') as ProbeElement;
    probe.topic = 't';
    source.append(probe);
    await probe.updateComplete;
    expect(probe.received).to.deep.equal([1, 2, 3, 4, 5]);
    expect(shadowText(probe, '.value')).to.equal('5');
  });

  it('1,000 messages inside one frame cause one render per element', async () => {
    const src = `local:${newSession()}`;
    const source = await fixture<PulseSource>(
      html`<pulse-source src=${src}><probe-element topic="t"></probe-element><probe-element topic="t"></probe-element></pulse-source>`,
    );
    const probes = [...source.querySelectorAll('probe-element')] as ProbeElement[];
    await nextFrames();
    const before = probes.map((p) => p.renderCount);
    for (let i = 0; i < 1000; i++) source.publish('t', i);
    await nextFrames();
    expect(probes.map((p, i) => p.renderCount - before[i]!)).to.deep.equal([1, 1]);
    expect(probes.map((p) => shadowText(p, '.value'))).to.deep.equal(['999', '999']);
  });

  it('subscribe(topic, callback) delivers batches item by item and returns an unsubscribe function', async () => {
    const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession()}`}></pulse-source>`);
    const got: unknown[] = [];
    const off = source.subscribe('t', (p) => got.push(p));
    source.publish('t', [1, 2]);
    off();
    source.publish('t', 3);
    expect(got).to.deep.equal([1, 2]);
    expect(source.stats.messages).to.equal(3);
  });

  it('wrong shapes are counted at the source and shown by the element, and valid data that follows still renders', async () => {
    const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession()}`}><probe-element topic="t"></probe-element></pulse-source>`);
    const probe = source.querySelector('probe-element') as ProbeElement;
    source.publish('t', 'not a number');
    source.publish('t', { nested: true });
    source.publish('t', 7);
    await nextFrames();
    expect(source.stats.malformed).to.equal(2);
    expect(probe.skipped).to.equal(2);
    expect(shadowText(probe, '.value')).to.equal('7');
    expect(shadowText(probe, '[part="status-skipped"]')).to.contain('2 skipped');
  });

  it('shows stale data visibly and to screen readers after stale-after without messages', async () => {
    const source = await fixture<PulseSource>(
      html`<pulse-source src=${`local:${newSession()}`}><probe-element topic="t" stale-after="300ms"></probe-element></pulse-source>`,
    );
    const probe = source.querySelector('probe-element') as ProbeElement;
    source.publish('t', 1);
    await nextFrames();
    expect(probe.getAttribute('status')).to.equal('live');
    await waitFor(() => probe.getAttribute('status') === 'stale', 'stale status', 3000);
    expect(shadowText(probe, '[role="status"]')).to.equal('Stale');
    source.publish('t', 2);
    await nextFrames();
    expect(probe.getAttribute('status')).to.equal('live');
  });

  it('reflects state and fires pulse-state; a 401 shows as not authorized with the reason', async () => {
    const session = newSession('401');
    const el = document.createElement('pulse-source') as PulseSource;
    el.innerHTML = '<probe-element topic="seq"></probe-element>';
    el.src = `${fixtureUrl}/sse?session=${session}&failFirst=9&failStatus=401`;
    const closed = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('pulse-state', (e) => {
        if (e.detail.state === 'closed') resolve(e);
      }),
    );
    document.body.append(el);
    try {
      const event = await closed;
      expect(event.detail.error?.status).to.equal(401);
      expect(el.getAttribute('state')).to.equal('closed');
      const probe = el.querySelector('probe-element') as ProbeElement;
      await waitFor(() => probe.getAttribute('status') === 'unauthorized', 'unauthorized status');
      await probe.updateComplete;
      expect(shadowText(probe, '[role="status"]')).to.contain('Not authorized: HTTP 401');
    } finally {
      el.remove();
    }
  });

  it('two stand-alone elements on one URL open one connection; removing both closes it', async () => {
    const session = newSession('share');
    const src = `${fixtureUrl}/sse?session=${session}&total=3&topics=t`;
    // An earlier test's hub lingers 250 ms after its elements left (StreamHub lingerMs) and, on a
    // busy machine, was released in the middle of this test (seen: 2 hubs where 3 were expected).
    // A timer set now with a longer delay runs after that linger timer.
    await new Promise((r) => setTimeout(r, 300));
    const hubsBefore = sharedHubCount();
    const container = await fixture(html`<div>
      <probe-element topic="t" src=${src}></probe-element>
      <probe-element topic="t" src=${src}></probe-element>
    </div>`);
    await waitFor(() => [...container.querySelectorAll('probe-element')].every((p) => (p as ProbeElement).received.length === 0), 'mounted');
    let info = await sessionInfo(session);
    for (let i = 0; i < 100 && info.open < 1; i++) info = await new Promise((r) => setTimeout(r, 20)).then(() => sessionInfo(session));
    expect(info.open).to.equal(1);
    expect(info.opened).to.equal(1);
    expect(sharedHubCount()).to.equal(hubsBefore + 1);
    container.replaceChildren();
    await waitFor(() => sharedHubCount() === hubsBefore, 'the hub to be released');
    for (let i = 0; i < 100 && info.open > 0; i++) info = await new Promise((r) => setTimeout(r, 20)).then(() => sessionInfo(session));
    expect(info.open).to.equal(0);
  });

  it('elements under one source showing different topics share its single connection', async () => {
    const session = newSession('one');
    const src = `${fixtureUrl}/sse?session=${session}&total=30&topics=a,b,c`;
    const source = await fixture<PulseSource>(html`<pulse-source src=${src}>
      <probe-element topic="a"></probe-element><probe-element topic="b"></probe-element><probe-element topic="c"></probe-element>
    </pulse-source>`);
    const probes = [...source.querySelectorAll('probe-element')] as ProbeElement[];
    // The fixture sends {seq} objects, which the probe rejects: count arrivals via the source instead.
    await waitFor(() => source.stats.messages >= 30, '30 messages');
    expect((await sessionInfo(session)).opened).to.equal(1);
    expect(probes.every((p) => p.skipped === 10)).to.equal(true);
  });

  it('nothing renders while the tab is hidden; the first visible frame shows the latest state', async () => {
    const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession()}`}><probe-element topic="t"></probe-element></pulse-source>`);
    const probe = source.querySelector('probe-element') as ProbeElement;
    await nextFrames();
    const hidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    try {
      const before = probe.renderCount;
      for (let i = 0; i < 50; i++) source.publish('t', i);
      await new Promise((r) => setTimeout(r, 100));
      expect(probe.renderCount).to.equal(before);
      expect(frameScheduler.isPending(probe)).to.equal(true);
    } finally {
      delete (document as { hidden?: boolean }).hidden;
      Object.defineProperty(Document.prototype, 'hidden', hidden);
    }
    document.dispatchEvent(new Event('visibilitychange'));
    await nextFrames();
    expect(shadowText(probe, '.value')).to.equal('49');
  });

  it('fires pulse-state as the connection opens', async () => {
    const el = document.createElement('pulse-source') as PulseSource;
    const opened = oneEvent(el, 'pulse-state');
    el.src = `local:${newSession()}`;
    document.body.append(el);
    try {
      const event = (await opened) as CustomEvent;
      expect(event.detail.state).to.equal('open');
    } finally {
      el.remove();
    }
  });

  it('an element that never received data says "Waiting for data" after stale-after, not Stale', async () => {
    const source = await fixture<PulseSource>(
      html`<pulse-source src=${`local:${newSession()}`}><probe-element topic="never" stale-after="200ms"></probe-element></pulse-source>`,
    );
    const probe = source.querySelector('probe-element') as ProbeElement;
    await new Promise((r) => setTimeout(r, 1400)); // past stale-after, and a tick of the clock
    await probe.updateComplete;
    expect(probe.getAttribute('status')).to.equal('waiting');
    expect(shadowText(probe, '[role="status"]')).to.equal('Waiting for data');
  });

  it('aggregates the freshness of the elements under it: worst state with counts, as property, attribute and event', async () => {
    const src = `local:${newSession()}`;
    const source = await fixture<PulseSource>(html`<pulse-source src=${src}>
      <probe-element topic="a" stale-after="300ms"></probe-element>
      <probe-element topic="b" stale-after="300ms"></probe-element>
      <div><probe-element topic="c" stale-after="300ms"></probe-element></div>
      <probe-element topic="x" src="local:elsewhere"></probe-element>
    </pulse-source>`);
    const events: { state: string | undefined; counts: Record<string, number>; total: number }[] = [];
    source.addEventListener('pulse-source-change', (e) => events.push(e.detail as (typeof events)[number]));
    source.publish('a', 1);
    source.publish('b', 2);
    await nextFrames();
    await waitFor(() => source.freshness.counts.live === 2, 'two live');
    expect(source.freshness).to.deep.equal({ state: 'waiting', counts: { live: 2, waiting: 1 }, total: 3 }, 'the stand-alone one is not counted');
    expect(source.getAttribute('freshness')).to.equal('waiting');
    // No more data: the two that had some turn stale; the one that never had any still waits.
    await waitFor(() => source.getAttribute('freshness') === 'stale', 'stale', 4000);
    expect(source.freshness.counts).to.deep.equal({ stale: 2, waiting: 1 });
    expect(events.at(-1)).to.deep.equal({ state: 'stale', counts: { stale: 2, waiting: 1 }, total: 3 });
    // An element leaving is no longer counted.
    source.querySelector('div')!.remove();
    await waitFor(() => source.freshness.total === 2, 'one element fewer');
    expect(source.freshness.counts).to.deep.equal({ stale: 2 });
    source.publish('a', 3);
    source.publish('b', 4);
    await waitFor(() => source.getAttribute('freshness') === 'live', 'all live again');
    expect(source.freshness).to.deep.equal({ state: 'live', counts: { live: 2 }, total: 2 });
  });
});
