// prefers-reduced-motion: the only motion the elements make is a disclosure icon turning (an
// alert group's chevron, a log line's expand arrow). With the OS asking for less motion it must
// snap to its end state with no animation running; without, it turns. Both are asserted, so the
// test can see motion where there is some.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/elements/alert-list/alert-list.js';
import '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { skipIn } from './engine.js';
import { newSession, nextFrames } from './helpers.js';

const NO_EMULATION = 'sets prefers-reduced-motion: emulateMedia has no command in WebKitWebDriver';

/** The transitions running on `el` right now (CSS transitions are Animation objects too). */
const running = (el: Element) => el.getAnimations().filter((a) => a.playState === 'running');

async function alertGroupChevron(): Promise<{ toggle: HTMLButtonElement; chevron: Element }> {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('motion')}`}>
    <alert-list topic="alerts" group-by="service" style="width: 600px"></alert-list>
  </pulse-source>`);
  const list = source.querySelector('alert-list')!;
  await list.updateComplete;
  source.publish('alerts', { id: 'a', severity: 'warning', title: 'api slow', labels: { service: 'api' } });
  await nextFrames();
  const toggle = list.shadowRoot!.querySelector<HTMLButtonElement>('[part="group-toggle"]')!;
  return { toggle, chevron: toggle.querySelector('.chevron')! };
}

async function logExpandIcon(): Promise<{ expand: HTMLButtonElement; icon: Element }> {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('motion')}`}>
    <log-firehose topic="logs" style="--pulse-log-height: 200px; width: 600px"></log-firehose>
  </pulse-source>`);
  const log = source.querySelector('log-firehose')!;
  await log.updateComplete;
  source.publish('logs', { level: 'info', source: 'api', message: 'a line with more to show', extra: { a: 1 } });
  await nextFrames();
  const expand = log.shadowRoot!.querySelector<HTMLButtonElement>('.row .expand')!;
  return { expand, icon: expand.querySelector('.icon-svg')! };
}

describe('prefers-reduced-motion', function () {
  this.timeout(15_000);

  afterEach(async function () {
    if (this.currentTest?.state !== 'pending') await emulateMedia({ reducedMotion: 'no-preference' });
  });

  for (const reduce of [false, true]) {
    const what = reduce ? 'with reduce: snaps, no animation runs' : 'with no preference: turns';

    it(`an alert group's chevron ${what}`, async function () {
      skipIn(this, ['webkit'], NO_EMULATION);
      await emulateMedia({ reducedMotion: reduce ? 'reduce' : 'no-preference' });
      const { toggle, chevron } = await alertGroupChevron();
      toggle.click();
      await nextFrames(1);
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(running(chevron), 'a transition on the chevron').to.have.length(reduce ? 0 : 1);
    });

    it(`a log line's expand arrow ${what}`, async function () {
      skipIn(this, ['webkit'], NO_EMULATION);
      await emulateMedia({ reducedMotion: reduce ? 'reduce' : 'no-preference' });
      const { expand, icon } = await logExpandIcon();
      expand.click();
      await nextFrames(1);
      expect(expand.getAttribute('aria-expanded')).to.equal('true');
      expect(running(icon), 'a transition on the arrow').to.have.length(reduce ? 0 : 1);
    });
  }
});
