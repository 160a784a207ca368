// A page that still listens for a renamed event's old name on an ancestor (the document, a
// framework's root) rather than on the element: the element cannot see that listener, so the
// notice comes when the handler reads the event's detail. Its own page, so no notice is spent yet.
import { expect } from '@open-wc/testing';
import { mountGaugeAndChart } from './events-fixture.js';
import { nextFrames, waitFor } from './helpers.js';

describe('events: an old name heard on an ancestor', () => {
  it('gets one notice when its handler reads the detail, which is the new event\'s; a handler that never reads it is not noticed', async () => {
    const { source, chart } = await mountGaugeAndChart('old-names');

    const seen: string[] = [];
    const details: unknown[] = [];
    const current: unknown[] = [];
    let zooms = 0;
    const readsDetail = (e: Event) => details.push((e as CustomEvent).detail);
    const readsNothing = () => void zooms++;
    const newName = (e: Event) => current.push((e as CustomEvent).detail);
    const original = console.warn;
    console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
    document.addEventListener('pulse-threshold', readsDetail);
    document.addEventListener('pulse-gauge-cross', newName);
    document.addEventListener('pulse-zoom', readsNothing);
    try {
      source.publish('cpu', 50);
      await nextFrames();
      source.publish('cpu', 80);
      await waitFor(() => details.length === 1, 'the old-name handler on the document heard the crossing');
      expect(seen, 'one notice, naming the old and the new event').to.have.length(1);
      expect(seen[0]).to.match(/"pulse-threshold" event is deprecated .*0\.3\.0.*"pulse-gauge-cross"/);
      expect(details[0], 'the same detail as the new event').to.deep.equal({ level: 'warn', previous: 'ok', value: 80 });
      expect(details[0]).to.equal(current[0]);

      // Once per name per page: a second crossing reads the detail again and says nothing more.
      source.publish('cpu', 40);
      await nextFrames();
      source.publish('cpu', 90);
      await waitFor(() => details.length === 3, 'back to ok, then warn again');
      // A handler that only counts: unnoticed (nothing it does can be seen), and still called.
      source.publish('t', { ts: Date.now() - 5000, value: 1 });
      source.publish('t', { ts: Date.now(), value: 2 });
      await nextFrames();
      chart.zoom(Date.now() - 4000, Date.now() - 1000);
      await waitFor(() => zooms === 1, 'the old zoom event reached the document');
      expect(seen).to.have.length(1);
    } finally {
      console.warn = original;
      document.removeEventListener('pulse-threshold', readsDetail);
      document.removeEventListener('pulse-gauge-cross', newName);
      document.removeEventListener('pulse-zoom', readsNothing);
    }
  });
});
