// One naming rule for events (pulse-<element>-<verb>), one emit(): the renamed events fire under
// the new name and, until 0.3.0, the old one with the same detail; a page that listens for an
// old name is told once per name. This file is its own page, so the once-per-page notices start
// unseen here.
import { expect } from '@open-wc/testing';
import { DEPRECATED_EVENTS } from '../../src/pulseboard.js';
import { mountGaugeAndChart } from './events-fixture.js';
import { nextFrames, waitFor } from './helpers.js';

/** Records console.warn calls while `run` goes on. */
async function warnings(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

const mountAll = () => mountGaugeAndChart('events');

// The notice test runs first: the document listeners of the next one read the old events'
// detail, which spends each name's once-per-page notice (events-old-names.test.ts tests that).
describe('events: pulse-<element>-<verb>, one emit()', () => {
  it('a listener for an old name gets one deprecation notice per name, naming the new one; new names get none', async () => {
    const { source, gauge, chart } = await mountAll();
    const seen = await warnings(async () => {
      gauge.addEventListener('pulse-gauge-cross', () => {});
      source.addEventListener('pulse-source-change', () => {});
      gauge.addEventListener('pulse-threshold', () => {});
      gauge.addEventListener('pulse-threshold', () => {}, { once: true });
      chart.addEventListener('pulse-zoom', () => {});
      source.addEventListener('pulse-freshness', () => {});
      source.addEventListener('pulse-freshness', () => {});
    });
    expect(seen).to.have.length(3);
    expect(seen[0]).to.match(/"pulse-threshold" event is deprecated .*0\.3\.0.*"pulse-gauge-cross"/);
    expect(seen[1]).to.match(/"pulse-zoom" .*"pulse-series-zoom"/);
    expect(seen[2]).to.match(/"pulse-freshness" .*"pulse-source-change"/);
    // Once per page: another element of the same kind says nothing more.
    const { gauge: other } = await mountAll();
    expect(await warnings(async () => other.addEventListener('pulse-threshold', () => {}))).to.deep.equal([]);
  });
  it('every renamed event fires under its new name first, then its old name, with the same detail, bubbling and composed', async () => {
    const { source, gauge, chart } = await mountAll();
    const fired: { type: string; detail: unknown; bubbles: boolean; composed: boolean; target: EventTarget | null }[] = [];
    const record = (e: Event) => fired.push({ type: e.type, detail: (e as CustomEvent).detail, bubbles: e.bubbles, composed: e.composed, target: e.target });
    // Heard on the document: proves bubbles + composed, and adds no listener on our elements
    // (that would be the deprecation notice's business, tested below).
    const names = [...Object.keys(DEPRECATED_EVENTS), ...Object.values(DEPRECATED_EVENTS)];
    for (const name of names) document.addEventListener(name, record);
    try {
      source.publish('cpu', 50);
      source.publish('t', { ts: Date.now() - 5000, value: 1 });
      source.publish('t', { ts: Date.now(), value: 2 });
      await nextFrames();
      source.publish('cpu', 80);
      await nextFrames();
      chart.zoom(Date.now() - 4000, Date.now() - 1000);
      await waitFor(() => names.every((n) => fired.some((f) => f.type === n)), `all of ${names.join(', ')} fired; got ${fired.map((f) => f.type).join(', ')}`);
    } finally {
      for (const name of names) document.removeEventListener(name, record);
    }
    for (const [old, name] of Object.entries(DEPRECATED_EVENTS)) {
      const iNew = fired.findIndex((f) => f.type === name);
      const iOld = fired.findIndex((f) => f.type === old);
      expect(iNew, `${name} before ${old}`).to.be.below(iOld);
      expect(fired[iOld]!.detail, `${old} carries ${name}'s detail`).to.equal(fired[iNew]!.detail);
      expect(fired[iNew]!.bubbles && fired[iNew]!.composed, `${name} bubbles, composed`).to.equal(true);
    }
    expect(fired.find((f) => f.type === 'pulse-gauge-cross')!.target).to.equal(gauge);
    expect(fired.find((f) => f.type === 'pulse-gauge-cross')!.detail).to.deep.equal({ level: 'warn', previous: 'ok', value: 80 });
    expect(fired.find((f) => f.type === 'pulse-series-zoom')!.target).to.equal(chart);
    expect(fired.find((f) => f.type === 'pulse-source-change')!.target).to.equal(source);
  });

});
