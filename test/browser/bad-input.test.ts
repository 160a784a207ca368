// Runs the bad-input catalogue (bad-input-catalogue.ts) against every data element: each case is
// published into a fresh element through an in-page source, then a valid payload follows. For each
// case and element: no exception escapes (window error / unhandledrejection / a subscriber that
// threw inside the hub), the valid data that follows is what the user sees, the malformed counters
// go up where the input is malformed, no markup from the payload became an element, no script ran,
// no javascript: link exists, and Object.prototype is untouched.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/agent-status/agent-status.js';
import '../../src/elements/alert-list/alert-list.js';
import '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/time-series/time-series.js';
import type { PulseElement } from '../../src/render/pulse-element.js';
import { CATALOGUE, INJECTED_CLASS, PWNED_FLAG, WIRE_CATALOGUE, type Expectation, type Kind } from './bad-input-catalogue.js';
import { b64, fixtureUrl, newSession, nextFrames, waitFor } from './helpers.js';

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** One element under test: how to mount it, a valid payload, and what the user sees of it. */
interface Subject {
  readonly tag: string;
  readonly kind: Kind;
  readonly attrs: Record<string, string>;
  /** The n-th valid payload. */
  valid(n: number): unknown;
  /** True when the n-th valid payload is visible. */
  sees(el: HTMLElement, n: number): boolean;
  /** What the user sees, for failure messages. */
  shows(el: HTMLElement): string;
  /** The element has bounded slots (series) that a case can fill; see BadCase.fillsSlots. */
  readonly slots?: true;
}

const sentinelValue = (n: number) => 100 + n + 0.5;
const root = (el: HTMLElement) => el.shadowRoot!;

const SUBJECTS: readonly Subject[] = [
  {
    tag: 'metric-gauge',
    kind: 'metric',
    attrs: { decimals: '1', label: 'Gauge' },
    valid: (n) => ({ ts: Date.now(), value: sentinelValue(n) }),
    sees: (el, n) => clean(root(el).querySelector('.value')?.textContent) === sentinelValue(n).toFixed(1),
    shows: (el) => clean(root(el).querySelector('.value')?.textContent),
  },
  {
    tag: 'time-series',
    kind: 'metric',
    attrs: { decimals: '1', label: 'Chart', style: 'width: 500px' },
    slots: true,
    valid: (n) => ({ ts: Date.now(), value: sentinelValue(n) }),
    sees: (el, n) => [...root(el).querySelectorAll('.legend button')].some((b) => clean(b.textContent).endsWith(sentinelValue(n).toFixed(1))),
    shows: (el) => [...root(el).querySelectorAll('.legend button')].map((b) => clean(b.textContent)).join(' | '),
  },
  {
    tag: 'log-firehose',
    kind: 'log',
    attrs: { style: '--pulse-log-height: 300px; width: 700px' },
    valid: (n) => ({ ts: Date.now(), level: 'info', source: 'api', message: `sentinel line ${n}` }),
    sees: (el, n) => [...root(el).querySelectorAll('.row .msg')].some((m) => clean(m.textContent) === `sentinel line ${n}`),
    shows: (el) => [...root(el).querySelectorAll('.row .msg')].slice(-3).map((m) => clean(m.textContent).slice(0, 60)).join(' | '),
  },
  {
    tag: 'alert-list',
    kind: 'alert',
    attrs: {},
    valid: (n) => ({ id: `sentinel-${n}`, status: 'firing', severity: 'critical', title: `Sentinel alert ${n}`, startsAt: new Date().toISOString() }),
    sees: (el, n) => [...root(el).querySelectorAll('[part="alert"] .title')].some((t) => clean(t.textContent) === `Sentinel alert ${n}`),
    shows: (el) => [...root(el).querySelectorAll('[part="alert"] .title')].map((t) => clean(t.textContent).slice(0, 40)).join(' | '),
  },
  {
    tag: 'agent-status',
    kind: 'agent',
    attrs: {},
    valid: (n) => ({ id: `sentinel-${n}`, name: `Sentinel agent ${n}`, state: 'running', ts: Date.now() }),
    sees: (el, n) => [...root(el).querySelectorAll('[part="card"] [part="name"]')].some((t) => clean(t.textContent) === `Sentinel agent ${n}`),
    shows: (el) => [...root(el).querySelectorAll('[part="card"] [part="name"]')].map((t) => clean(t.textContent).slice(0, 40)).join(' | '),
  },
];

const TOPIC: Record<Kind, string> = { metric: 'bad-metric', log: 'bad-log', alert: 'bad-alert', agent: 'bad-agent' };

/** Every shadow root under `node`, nested ones included. */
function shadowRoots(node: Element | ShadowRoot | Document): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  for (const el of node.querySelectorAll('*')) {
    if (el.shadowRoot) found.push(el.shadowRoot, ...shadowRoots(el.shadowRoot));
  }
  return found;
}

/** Markup or links that could only have come from a payload. Empty when the page is clean. */
function injected(container: Element): string[] {
  const problems: string[] = [];
  for (const scope of [container, ...shadowRoots(container)]) {
    for (const el of scope.querySelectorAll(`.${INJECTED_CLASS}, script, iframe, img[onerror], svg[onload], [srcdoc]`)) {
      problems.push(`<${el.tagName.toLowerCase()}> in ${scope instanceof ShadowRoot ? (scope.host as Element).tagName.toLowerCase() : 'light DOM'}`);
    }
    for (const el of scope.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href]')) {
      for (const name of ['href', 'src', 'action', 'formaction', 'xlink:href']) {
        const value = el.getAttribute(name);
        // Browsers strip ASCII whitespace and controls before reading the scheme.
        // eslint-disable-next-line no-control-regex
        if (value && /^javascript:/i.test(value.replace(/[\u0000-\u0020]/g, ''))) problems.push(`${name}="${value.slice(0, 40)}" on <${el.tagName.toLowerCase()}>`);
      }
    }
  }
  return problems;
}

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const PROTO_KEYS = protoKeys();
const flag = () => (window as unknown as Record<string, unknown>)[PWNED_FLAG];

/** Collects what escapes to the page while a case runs. */
function watchErrors() {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => errors.push(`error: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandledrejection: ${String(e.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

function expectation(malformed: Expectation | Readonly<Record<Kind, Expectation>>, kind: Kind): Expectation {
  return typeof malformed === 'object' ? malformed[kind] : malformed;
}

async function mount(subject: Subject, src: string): Promise<{ source: PulseSource; el: PulseElement }> {
  const source = await fixture<PulseSource>(html`<pulse-source src=${src}></pulse-source>`);
  const el = document.createElement(subject.tag) as PulseElement;
  el.setAttribute('topic', TOPIC[subject.kind]);
  for (const [name, value] of Object.entries(subject.attrs)) el.setAttribute(name, value);
  source.append(el);
  await el.updateComplete;
  await nextFrames();
  return { source, el };
}

let sentinel = 0;

describe('bad input: the catalogue against every element', () => {
  it('has at least 30 cases, each with payloads for every kind', () => {
    expect(CATALOGUE.length).to.be.at.least(30);
    for (const c of CATALOGUE) for (const kind of ['metric', 'log', 'alert', 'agent'] as const) expect(c.payloads(kind).length, `${c.name} / ${kind}`).to.be.at.least(1);
  });

  afterEach(() => {
    delete (window as unknown as Record<string, unknown>)[PWNED_FLAG];
  });

  it('the detectors catch what they look for (a planted element, a javascript: link, a flag)', async () => {
    const { source, el } = await mount(SUBJECTS[2]!, `local:${newSession('bad')}`);
    expect(injected(source)).to.deep.equal([]);
    const planted = document.createElement('img');
    planted.className = INJECTED_CLASS;
    el.shadowRoot!.append(planted);
    const link = document.createElement('a');
    link.setAttribute('href', ' \tJaVaScRiPt:void(0)');
    el.shadowRoot!.append(link);
    expect(injected(source)).to.have.length(2);
    planted.remove();
    link.remove();
    (window as unknown as Record<string, unknown>)[PWNED_FLAG] = 1;
    expect(flag()).to.equal(1);
  });

  for (const subject of SUBJECTS) {
    describe(`<${subject.tag}>`, () => {
      for (const badCase of CATALOGUE) {
        it(badCase.name, async () => {
          const { source, el } = await mount(subject, `local:${newSession('bad')}`);
          const n = ++sentinel;
          const watch = watchErrors();
          const before = { malformed: source.stats.malformed, skipped: el.skipped, subscriberErrors: source.stats.subscriberErrors };
          try {
            for (const payload of badCase.payloads(subject.kind)) source.publish(TOPIC[subject.kind], payload);
            await nextFrames(3);
            const skippedBefore = el.skipped;
            source.publish(TOPIC[subject.kind], subject.valid(n));
            if (badCase.fillsSlots && subject.slots) {
              // Every slot is taken by the junk: the valid series cannot be drawn, so it must be
              // counted and shown as skipped, never dropped silently.
              await nextFrames(3);
              expect(subject.sees(el, n)).to.equal(false);
              expect(el.skipped, 'the undrawable valid series is counted').to.equal(skippedBefore + 1);
              expect(clean(root(el).querySelector('[part="status-skipped"]')?.textContent)).to.match(/\d+ skipped/);
            } else {
              await waitFor(() => subject.sees(el, n), `<${subject.tag}> shows the valid payload published after "${badCase.name}"`, 4000).catch((e: Error) => {
                throw new Error(`${e.message}; it shows: ${subject.shows(el)}`);
              });
            }
            await new Promise((r) => setTimeout(r, 30)); // let any injected onerror/onload fire
          } finally {
            watch.stop();
          }
          expect(watch.errors, 'nothing escaped to window').to.deep.equal([]);
          expect(source.stats.subscriberErrors - before.subscriberErrors, 'no subscriber threw inside the hub').to.equal(0);
          expect(injected(source), 'no element or javascript: link from the payload').to.deep.equal([]);
          expect(flag(), 'no payload code ran').to.equal(undefined);
          expect(({} as Record<string, unknown>)['polluted'], 'Object.prototype not polluted').to.equal(undefined);
          expect(protoKeys(), 'Object.prototype keys untouched').to.equal(PROTO_KEYS);
          const expected = expectation(badCase.malformed, subject.kind);
          const counted = { source: source.stats.malformed - before.malformed, element: el.skipped - before.skipped };
          if (expected === true) {
            expect(counted.element, 'element.skipped went up').to.be.at.least(1);
            expect(counted.source, 'source.stats.malformed went up').to.be.at.least(1);
            expect(clean(root(el).querySelector('[part="status-skipped"]')?.textContent), 'the indicator shows the skipped count').to.match(/\d+ skipped/);
          } else if (expected === false) {
            expect(counted, 'usable input is not counted as malformed').to.deep.equal({ source: 0, element: 0 });
          }
        });
      }
    });
  }
});

describe('bad input on the wire (raw SSE bytes), all elements under one source', () => {
  /** SSE text to bytes; `<FF>` becomes a raw 0xFF byte. */
  function bytes(text: string): Uint8Array {
    const parts = text.split('<FF>').map((p) => new TextEncoder().encode(p));
    const out: number[] = [];
    parts.forEach((p, i) => {
      if (i) out.push(0xff);
      out.push(...p);
    });
    return new Uint8Array(out);
  }

  for (const wire of WIRE_CATALOGUE) {
    it(wire.name, async () => {
      const n = ++sentinel;
      const valid = SUBJECTS.map((s, i) => `id: ${i + 1}\nevent: ${TOPIC[s.kind]}\ndata: ${JSON.stringify(s.valid(n))}\n\n`).join('');
      const body = b64(bytes(wire.body(TOPIC) + valid));
      const src = `${fixtureUrl}/raw?session=${newSession('wire')}&body=${encodeURIComponent(body)}`;
      const watch = watchErrors();
      const source = await fixture<PulseSource>(html`<pulse-source src=${src}></pulse-source>`);
      const els = SUBJECTS.map((subject) => {
        const el = document.createElement(subject.tag) as PulseElement;
        el.setAttribute('topic', TOPIC[subject.kind]);
        for (const [name, value] of Object.entries(subject.attrs)) el.setAttribute(name, value);
        source.append(el);
        return el;
      });
      try {
        for (const [i, subject] of SUBJECTS.entries()) {
          await waitFor(() => subject.sees(els[i]!, n), `<${subject.tag}> shows the valid event after "${wire.name}"`, 6000).catch((e: Error) => {
            throw new Error(`${e.message}; it shows: ${subject.shows(els[i]!)}`);
          });
        }
        await new Promise((r) => setTimeout(r, 30));
      } finally {
        watch.stop();
      }
      expect(watch.errors).to.deep.equal([]);
      expect(source.stats.subscriberErrors).to.equal(0);
      expect(source.stats.malformed, 'malformed events counted at the source').to.be.at.least(wire.malformedAtLeast);
      expect(injected(source)).to.deep.equal([]);
      expect(flag()).to.equal(undefined);
      for (const el of els) expect(el.getAttribute('status'), `${el.tagName} live`).to.equal('live');
    });
  }
});
