// `pulse.source` in the hub and the indicator: per topic or `*` pattern, `full` replaces what
// was known, bad entries are counted and skipped, and the words a person (and a screen reader)
// gets: "Source error: <message> since <time>".
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { newSession, nextFrames } from './helpers.js';

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const statusOf = (el: Element) => clean(el.shadowRoot!.querySelector('[part="status"] [role="status"]')?.textContent);

describe('pulse.source', () => {
  it('marks the elements of an erroring topic, by name or pattern, and clears on ok / full', async () => {
    const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('src')}`}>
      <metric-gauge topic="load1"></metric-gauge>
      <metric-gauge topic="app.jobs"></metric-gauge>
      <metric-gauge topic="other"></metric-gauge>
    </pulse-source>`);
    const [load, jobs, other] = [...source.querySelectorAll<MetricGauge>('metric-gauge')];
    for (const topic of ['load1', 'app.jobs', 'other']) source.publish(topic, { value: 1 });
    await nextFrames();
    expect(statusOf(load!)).to.equal('Live');
    const since = new Date(2026, 0, 1, 14, 3, 7).getTime();
    source.publish('pulse.source', {
      full: true,
      topics: {
        load1: { status: 'error', source: 'prometheus', message: 'Prometheus unreachable', since },
        'app.*': { status: 'error', source: 'scrape', message: 'Scrape target app unreachable', since },
      },
    });
    await nextFrames();
    expect(statusOf(load!)).to.equal('Source error: Prometheus unreachable since 14:03:07');
    expect(load!.status).to.equal('source-error');
    expect(load!.getAttribute('status')).to.equal('source-error');
    expect(load!.shadowRoot!.querySelector('[part="status"]')!.getAttribute('title')).to.contain('Source error: Prometheus unreachable since');
    expect(statusOf(jobs!)).to.equal('Source error: Scrape target app unreachable since 14:03:07', 'matched by the pattern');
    expect(statusOf(other!)).to.equal('Live');

    source.publish('pulse.source', { topics: { load1: { status: 'ok', source: 'prometheus' } } });
    await nextFrames();
    expect(statusOf(load!)).to.equal('Live', 'ok clears it');
    expect(statusOf(jobs!)).to.match(/^Source error/, 'a change leaves the others');
    source.publish('pulse.source', { full: true, topics: {} });
    await nextFrames();
    expect(statusOf(jobs!)).to.equal('Live', 'full replaces');
  });

  it('counts unusable source events as malformed and never throws', async () => {
    const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('bad')}`}>
      <metric-gauge topic="x"></metric-gauge>
    </pulse-source>`);
    const gauge = source.querySelector<MetricGauge>('metric-gauge')!;
    source.publish('x', 1);
    const before = source.stats.malformed;
    source.publish('pulse.source', { topics: 'nope' });
    source.publish('pulse.source', { topics: { x: { status: 'broken' }, y: null } });
    source.publish('pulse.source', null);
    await nextFrames();
    expect(source.stats.malformed - before).to.equal(4);
    expect(statusOf(gauge)).to.equal('Live');
    // Stream text is text: markup in a message is shown, not parsed.
    source.publish('pulse.source', { topics: { x: { status: 'error', message: '<img src=x onerror=alert(1)>' } } });
    await nextFrames();
    expect(statusOf(gauge)).to.equal('Source error: <img src=x onerror=alert(1)>');
    expect(gauge.shadowRoot!.querySelector('img')).to.equal(null);
  });
});
