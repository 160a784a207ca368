import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/alert-list/alert-list.js';
import type { PulseAlertAckDetail } from '../../src/elements/alert-list/alert-list.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { newSession, nextFrames, ref, waitFor } from './helpers.js';
import { backgroundBehind, contrast, hitAtCentre, inside } from './visible.js';

const root = (el: Element) => el.shadowRoot!;
const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const items = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[part="alert"]')];
const titles = (el: Element) => items(el).map((i) => clean(i.querySelector('.title')?.textContent));
const item = (el: Element, title: string) => items(el).find((i) => clean(i.querySelector('.title')?.textContent) === title);
const liveRegion = (el: Element) => root(el).querySelector('.visually-hidden[role="status"]')!;

async function mount(attrs: Record<string, string> = {}, publishFirst?: (s: PulseSource) => void) {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('alerts')}`}></pulse-source>`);
  publishFirst?.(source);
  const list = document.createElement('alert-list');
  list.setAttribute('topic', 'alerts');
  for (const [name, value] of Object.entries(attrs)) list.setAttribute(name, value);
  source.append(list);
  await list.updateComplete;
  await nextFrames();
  return { source, list };
}

async function publish(source: PulseSource, ...payloads: unknown[]) {
  for (const p of payloads) source.publish('alerts', p);
  await nextFrames();
}

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

describe('<alert-list>', () => {
  it('says the alert state is unknown until the source has said what fires; an empty list from it means none', async () => {
    const { source, list } = await mount();
    const summary = () => clean(root(list).querySelector('[part="summary"]')?.textContent);
    const empty = () => clean(root(list).querySelector('[part="empty"]')?.textContent);
    expect(summary()).to.equal('Alert state unknown');
    expect(empty()).to.equal('Alert state unknown The source has not said which alerts are firing yet.');
    expect(empty()).to.not.include('No alerts firing');
    expect(list.known).to.equal(false);
    // Junk on the topic is not an answer.
    await publish(source, 42);
    expect(summary()).to.equal('Alert state unknown');
    // An Alertmanager-style body with nothing in it is: nothing fires.
    await publish(source, { alerts: [] });
    expect(list.known).to.equal(true);
    expect(summary()).to.equal('No alerts firing');
    expect(empty()).to.equal('No alerts firing');
    expect(items(list)).to.have.length(0);
  });

  it('fires, updates in place, resolves, and leaves after resolved-ttl', async () => {
    const { source, list } = await mount({ 'resolved-ttl': '200ms' });
    await publish(source, { id: 'db', status: 'firing', severity: 'critical', title: 'DB down', startsAt: iso(12 * 60_000 + 5000), labels: { service: 'db' } });
    expect(titles(list)).to.deep.equal(['DB down']);
    const node = item(list, 'DB down')!;
    expect(clean(node.querySelector('[part="severity"]')?.textContent)).to.equal('Critical');
    expect(node.querySelector<SVGElement>('[part="severity"] svg')!.dataset['icon']).to.equal('critical');
    expect(clean(node.querySelector('.since')?.textContent)).to.equal('firing for 12m');
    expect(clean(root(list).querySelector('[part="summary"]')?.textContent)).to.equal('1 firing');

    await publish(source, { id: 'db', status: 'firing', severity: 'critical', title: 'DB still down', description: 'replica lag', labels: { service: 'db' } });
    expect(titles(list)).to.deep.equal(['DB still down']);
    expect(items(list)[0]).to.equal(node, 'same element, updated in place');
    expect(clean(node.querySelector('.since')?.textContent)).to.equal('firing for 12m', 'start time kept');

    await publish(source, { id: 'db', status: 'resolved', severity: 'critical', title: 'DB still down', endsAt: iso(0), labels: { service: 'db' } });
    expect(node.dataset['status']).to.equal('resolved');
    expect(clean(node.querySelector('.since')?.textContent)).to.match(/^resolved /);
    expect(node.querySelector('[data-action="ack"]')).to.equal(null, 'no actions on a resolved alert');
    expect(clean(root(list).querySelector('[part="summary"]')?.textContent)).to.equal('No alerts firing · 1 resolved');

    await waitFor(() => items(list).length === 0, 'the resolved alert leaves after its TTL', 4000);
    await list.updateComplete;
    expect(clean(root(list).querySelector('[part="empty"]')?.textContent)).to.equal('No alerts firing');
  });

  it('accepts an Alertmanager webhook body as-is', async () => {
    const { source, list } = await mount();
    await publish(source, {
      version: '4',
      status: 'firing',
      receiver: 'pulseboard',
      groupLabels: { alertname: 'HighLatency' },
      commonLabels: { alertname: 'HighLatency' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighLatency', severity: 'page', instance: 'api-1' },
          annotations: { summary: 'p99 above 2s', description: 'api-1 is slow' },
          startsAt: iso(3 * 60_000),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus/graph',
          fingerprint: 'fp1',
        },
        {
          status: 'firing',
          labels: { alertname: 'DiskFilling', severity: 'warning', instance: 'db-1' },
          annotations: { summary: 'Disk 85% full' },
          startsAt: iso(60_000),
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'fp2',
        },
      ],
    });
    expect(titles(list)).to.deep.equal(['p99 above 2s', 'Disk 85% full']);
    const first = item(list, 'p99 above 2s')!;
    expect(first.dataset['severity']).to.equal('critical');
    expect(clean(first.querySelector('[part="description"]')?.textContent)).to.equal('api-1 is slow');
    expect(clean(first.querySelector('[part="labels"]')?.textContent)).to.include('instance=api-1');
    expect(clean(first.querySelector('.since')?.textContent)).to.equal('firing for 3m', 'the zero endsAt means still firing');
    // The same alert resolved by a later webhook, matched by fingerprint.
    await publish(source, {
      version: '4',
      status: 'resolved',
      alerts: [{ status: 'resolved', labels: { alertname: 'HighLatency' }, annotations: { summary: 'p99 above 2s' }, startsAt: iso(3 * 60_000), endsAt: iso(0), fingerprint: 'fp1' }],
    });
    expect(items(list)).to.have.length(2);
    expect(item(list, 'p99 above 2s')!.dataset['status']).to.equal('resolved');
  });

  it('sorts by severity, then newest start first, with severity as text and icon', async () => {
    const { source, list } = await mount();
    await publish(
      source,
      { id: '1', severity: 'info', title: 'info', startsAt: iso(1000) },
      { id: '2', severity: 'critical', title: 'old critical', startsAt: iso(60_000) },
      { id: '3', severity: 'warning', title: 'warning', startsAt: iso(1000) },
      { id: '4', severity: 'critical', title: 'new critical', startsAt: iso(1000) },
      { id: '5', severity: 'error', title: 'error', startsAt: iso(1000) },
    );
    expect(titles(list)).to.deep.equal(['new critical', 'old critical', 'error', 'warning', 'info']);
    expect(items(list).map((i) => clean(i.querySelector('[part="severity"]')?.textContent))).to.deep.equal(['Critical', 'Critical', 'Error', 'Warning', 'Info']);
    // A drawn shape per severity (never a font glyph that may be missing), different for each.
    const icons = items(list).map((i) => i.querySelector<SVGElement>('[part="severity"] svg')!);
    expect(icons.map((svg) => svg.dataset['icon'])).to.deep.equal(['critical', 'critical', 'error', 'warning', 'info']);
    for (const svg of icons) expect(svg.getBoundingClientRect().width).to.be.greaterThan(8);
    const chips = [...root(list).querySelectorAll('[part="chip"]')].map((c) => clean(c.textContent));
    expect(chips).to.deep.equal(['Critical 2', 'Error 1', 'Warning 1', 'Info 1']);
    expect(root(list).querySelector('[role="grid"]')!.querySelectorAll(':scope > [role="row"]')).to.have.length(5);
  });

  it('groups by a label, shows shared labels once, and collapses groups by mouse and keyboard', async () => {
    const { source, list } = await mount({ 'group-by': 'service' });
    await publish(
      source,
      { id: 'a', severity: 'warning', title: 'api slow', startsAt: iso(1000), labels: { service: 'api', team: 'core', pod: 'api-1' } },
      { id: 'b', severity: 'warning', title: 'api errors', startsAt: iso(2000), labels: { service: 'api', team: 'core', pod: 'api-2' } },
      { id: 'c', severity: 'critical', title: 'db down', labels: { service: 'db', team: 'data' } },
      { id: 'd', severity: 'info', title: 'no service', labels: { team: 'x' } },
    );
    const groups = () => [...root(list).querySelectorAll<HTMLElement>('[part="group"]')];
    expect(groups().map((g) => clean(g.querySelector('.group-name')?.textContent))).to.deep.equal(['service=db', 'service=api', 'no service']);
    const api = groups()[1]!;
    expect(clean(api.querySelector('.group-counts')?.textContent)).to.equal('2 alerts · 2 Warning');
    expect(clean(api.querySelector('[part="group-labels"]')?.textContent)).to.equal('team=core');
    const apiAlertLabels = [...api.querySelectorAll('[part="alert"] [part="labels"]')].map((l) => clean(l.textContent));
    expect(apiAlertLabels).to.deep.equal(['pod=api-1', 'pod=api-2'], 'shared labels and the group label are not repeated');

    const toggle = api.querySelector<HTMLButtonElement>('[part="group-toggle"]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    toggle.click();
    await list.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(api.querySelectorAll('[part="alert"]')).to.have.length(0);
    expect(titles(list)).to.deep.equal(['db down', 'no service']);

    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await list.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'Space' });
    await list.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    // Collapsed stays collapsed while the group updates.
    await publish(source, { id: 'e', severity: 'error', title: 'api new', labels: { service: 'api' } });
    expect(titles(list)).to.not.include('api new');
  });

  it('the last severity chip shown stays on: never an empty list, never everything back', async () => {
    const { source, list } = await mount();
    await publish(source, { id: 'a', severity: 'critical', title: 'Disk full' }, { id: 'b', severity: 'warning', title: 'CPU high' });
    const chip = (s: string) => root(list).querySelector<HTMLButtonElement>(`[part~="chip"][data-severity="${s}"]`)!;
    list.severities = 'warning';
    await list.updateComplete;
    expect(titles(list)).to.deep.equal(['CPU high']);
    expect(chip('warning').getAttribute('aria-disabled')).to.equal('true');
    chip('warning').click();
    await list.updateComplete;
    expect(chip('warning').getAttribute('aria-pressed')).to.equal('true');
    expect(list.severities).to.equal('warning');
    expect(titles(list)).to.deep.equal(['CPU high']);
    chip('critical').click();
    await list.updateComplete;
    expect(chip('warning').hasAttribute('aria-disabled')).to.equal(false, 'two shown: either can go');
    expect(titles(list)).to.deep.equal(['Disk full', 'CPU high']);
  });

  it('filters by severity chips and by text', async () => {
    const { source, list } = await mount();
    await publish(
      source,
      { id: 'a', severity: 'critical', title: 'Disk full', labels: { host: 'db-1' } },
      { id: 'b', severity: 'warning', title: 'CPU high', labels: { host: 'web-1' } },
      { id: 'c', severity: 'info', title: 'Deploy done', description: 'web release 42' },
    );
    const chip = (s: string) => root(list).querySelector<HTMLButtonElement>(`[part="chip"][data-severity="${s}"]`)!;
    chip('warning').click();
    await list.updateComplete;
    expect(chip('warning').getAttribute('aria-pressed')).to.equal('false');
    expect(titles(list)).to.deep.equal(['Disk full', 'Deploy done']);
    expect(list.severities).to.equal('critical,error,info');
    chip('warning').click();
    await list.updateComplete;
    expect(titles(list)).to.have.length(3);

    const input = root(list).querySelector<HTMLInputElement>('[part="filter"]')!;
    input.value = 'WEB';
    input.dispatchEvent(new Event('input'));
    await list.updateComplete;
    expect(titles(list)).to.deep.equal(['CPU high', 'Deploy done'], 'label values and descriptions match, any case');
    input.value = 'host=db';
    input.dispatchEvent(new Event('input'));
    await list.updateComplete;
    expect(titles(list)).to.deep.equal(['Disk full']);
    input.value = 'nothing like it';
    input.dispatchEvent(new Event('input'));
    await list.updateComplete;
    expect(clean(root(list).querySelector('[part="empty"]')?.textContent)).to.equal('No alerts match the filter');
  });

  it('Ack and Silence fire cancellable events and show the state unless prevented', async () => {
    const { source, list } = await mount();
    await publish(source, { id: 'x', severity: 'error', title: 'Queue backlog' }, { id: 'y', severity: 'error', title: 'Other' });
    const ack = () => item(list, 'Queue backlog')!.querySelector<HTMLButtonElement>('[data-action="ack"]')!;
    const silence = () => item(list, 'Queue backlog')!.querySelector<HTMLButtonElement>('[data-action="silence"]')!;
    expect(clean(ack().textContent)).to.equal('Ack: Queue backlog');

    let prevent = true;
    const seen: { type: string; detail: PulseAlertAckDetail; composed: boolean; cancelable: boolean }[] = [];
    const handler = (e: Event) => {
      const ce = e as CustomEvent<PulseAlertAckDetail>;
      seen.push({ type: e.type, detail: ce.detail, composed: e.composed, cancelable: e.cancelable });
      if (prevent) e.preventDefault();
    };
    document.addEventListener('pulse-alert-ack', handler);
    document.addEventListener('pulse-alert-silence', handler);
    try {
      ack().click();
      await list.updateComplete;
      expect(seen).to.have.length(1);
      expect(seen[0]!.type).to.equal('pulse-alert-ack');
      expect(seen[0]!.detail.id).to.equal('x');
      expect(seen[0]!.detail.alert.title).to.equal('Queue backlog');
      expect(seen[0]!.composed && seen[0]!.cancelable).to.equal(true);
      expect(item(list, 'Queue backlog')!.querySelector('.badge')).to.equal(null, 'prevented: not shown as acknowledged');

      prevent = false;
      ack().click();
      await nextFrames();
      expect(clean(item(list, 'Queue backlog')!.querySelector('.badge.acked')?.textContent)).to.equal('Acknowledged');
      expect(ack().getAttribute('aria-disabled')).to.equal('true');
      ack().click(); // already acknowledged: no second event
      expect(seen).to.have.length(2);

      silence().click();
      await nextFrames();
      expect(seen.at(-1)!.type).to.equal('pulse-alert-silence');
      expect(clean(item(list, 'Queue backlog')!.querySelector('.badge.silenced')?.textContent)).to.equal('Silenced');
      expect(item(list, 'Other')!.querySelector('.badge')).to.equal(null);

      // The acknowledged state survives an update in place.
      await publish(source, { id: 'x', severity: 'error', title: 'Queue backlog' });
      expect(item(list, 'Queue backlog')!.querySelector('.badge.acked')).to.not.equal(null);
    } finally {
      document.removeEventListener('pulse-alert-ack', handler);
      document.removeEventListener('pulse-alert-silence', handler);
    }
  });

  it('marks a flapping alert and does not announce it again each time it fires', async () => {
    const { source, list } = await mount({ 'flap-threshold': '3', 'flap-window': '10m' });
    list.announceIntervalMs = 0;
    const fire = { id: 'f', status: 'firing', severity: 'critical', title: 'Flappy' };
    const resolve = { ...fire, status: 'resolved' };
    await publish(source, fire);
    expect(clean(liveRegion(list).textContent)).to.equal('New critical alert: Flappy');
    await publish(source, resolve, fire, resolve); // 3 flips
    expect(clean(item(list, 'Flappy')!.querySelector('.badge.flapping')?.textContent)).to.equal('Flapping');
    const before = liveRegion(list).textContent;
    await publish(source, fire);
    await publish(source, resolve, fire);
    expect(liveRegion(list).textContent).to.equal(before, 'no new announcement while flapping');
    expect(item(list, 'Flappy')!.querySelector('.badge.flapping')).to.not.equal(null);
  });

  it('announces new critical alerts politely, in one message per burst, and not the replayed history', async () => {
    const { source, list } = await mount({}, (s) => s.publish('alerts', { id: 'old', severity: 'critical', title: 'Before mount' }));
    expect(titles(list)).to.deep.equal(['Before mount']);
    const region = liveRegion(list);
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(clean(region.textContent)).to.equal('', 'history is not announced');

    await publish(source, { id: 'w', severity: 'warning', title: 'Just a warning' });
    expect(clean(region.textContent)).to.equal('', 'warnings are not announced');

    await publish(
      source,
      { id: 'c1', severity: 'critical', title: 'One' },
      { id: 'c2', severity: 'critical', title: 'Two' },
      { id: 'c3', severity: 'critical', title: 'Three' },
      { id: 'c4', severity: 'critical', title: 'Four' },
    );
    expect(clean(region.textContent)).to.equal('4 new critical alerts: One; Two; Three and more');
    // Within the interval a new one waits; it is announced once the interval has passed.
    await publish(source, { id: 'c5', severity: 'critical', title: 'Five' });
    expect(clean(region.textContent)).to.equal('4 new critical alerts: One; Two; Three and more');
    await waitFor(() => clean(region.textContent) === 'New critical alert: Five', 'the waiting announcement', 5000);
  });

  it('renders every text field as text: no element from the stream gets into the DOM', async () => {
    const { source, list } = await mount({ 'group-by': 'service' });
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b>bold</b>';
    await publish(source, {
      id: `id${evil}`,
      severity: 'critical',
      title: `T${evil}`,
      description: `D${evil}`,
      labels: { service: `S${evil}`, [`k${evil}`]: `v${evil}`, shared: `x${evil}` },
    });
    await publish(source, {
      version: '4',
      status: 'firing',
      alerts: [{ labels: { service: `S${evil}`, alertname: `A${evil}`, shared: `x${evil}` }, annotations: { summary: `Sum${evil}`, description: `Desc${evil}` }, fingerprint: `fp${evil}` }],
    });
    const shadow = root(list);
    expect(shadow.querySelectorAll('img, script, b')).to.have.length(0);
    const all = clean(shadow.textContent);
    for (const piece of [`T${evil}`, `D${evil}`, `S${evil}`, `k${evil}=v${evil}`, `shared=x${evil}`, `Sum${evil}`, `Desc${evil}`, `alertname=A${evil}`]) {
      expect(all, piece).to.include(clean(piece));
    }
    // The filter box echoes text too.
    const input = shadow.querySelector<HTMLInputElement>('[part="filter"]')!;
    input.value = evil;
    input.dispatchEvent(new Event('input'));
    await list.updateComplete;
    expect(shadow.querySelectorAll('img, script, b')).to.have.length(0);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('counts malformed payloads and keeps the good ones', async () => {
    const { source, list } = await mount();
    await publish(source, 'not an alert', { id: 'x', status: 'on fire' }, { title: 'no key' }, { id: 'ok', title: 'Fine', severity: 'info' });
    expect(titles(list)).to.deep.equal(['Fine']);
    expect(list.skipped).to.equal(3);
    expect(source.stats.malformed).to.equal(3);
    expect(clean(root(list).querySelector('[part="status-skipped"]')?.textContent)).to.equal('· 3 skipped');
  });

  it('keeps at most max-alerts, dropping resolved ones first', async () => {
    const { source, list } = await mount({ 'max-alerts': '3' });
    await publish(
      source,
      { id: 'r', status: 'resolved', severity: 'critical', title: 'resolved one' },
      { id: 'a', severity: 'info', title: 'a' },
      { id: 'b', severity: 'critical', title: 'b' },
      { id: 'c', severity: 'warning', title: 'c' },
    );
    expect(titles(list)).to.deep.equal(['b', 'c', 'a']);
    expect(list.evicted).to.equal(1);
  });

  it('renders once for a burst of messages, showing the final state', async () => {
    const { source, list } = await mount();
    await nextFrames();
    const before = list.renderCount;
    for (let i = 0; i < 2000; i++) source.publish('alerts', { id: `a${i % 50}`, severity: 'warning', title: `alert ${i % 50} v${i}` });
    await new Promise((r) => requestAnimationFrame(r));
    await list.updateComplete;
    expect(list.renderCount).to.equal(before + 1);
    expect(items(list)).to.have.length(50);
    expect(titles(list)).to.include('alert 49 v1999');
  });

  it('a resolved alert keeps the title it fired with, marked resolved, and is not struck through', async () => {
    const { source, list } = await mount();
    await publish(source, { id: 'cpu', status: 'firing', severity: 'warning', title: 'CPU above 75%', description: 'CPU is 82%' });
    await publish(source, { id: 'cpu', status: 'resolved', severity: 'warning', title: 'CPU back below 75%', description: 'CPU is 40%', endsAt: iso(0) });
    expect(titles(list)).to.deep.equal(['CPU above 75%']);
    const node = item(list, 'CPU above 75%')!;
    expect(clean(node.querySelector('.badge.resolved')?.textContent)).to.equal('Resolved');
    expect(node.querySelector('.badge.resolved svg')).to.not.equal(null);
    expect(clean(node.querySelector('[part="resolution"]')?.textContent)).to.equal('Resolution: CPU back below 75%');
    expect(getComputedStyle(node.querySelector('.title')!).textDecorationLine).to.equal('none');
    // Firing again takes the new title.
    await publish(source, { id: 'cpu', status: 'firing', severity: 'critical', title: 'CPU above 90%' });
    expect(titles(list)).to.deep.equal(['CPU above 90%']);
    expect(item(list, 'CPU above 90%')!.querySelector('[part="resolution"]')).to.equal(null);
  });

  it('id-field, severity-field and title-field read other shapes, also inside an Alertmanager body', async () => {
    const { source, list } = await mount({ 'id-field': 'key', 'severity-field': 'labels.priority', 'title-field': 'annotations.headline' });
    await publish(source, {
      alerts: [
        { key: 'k1', status: 'firing', labels: { priority: 'P1', alertname: 'A' }, annotations: { headline: 'Checkout down', summary: 'not this' } },
        { key: 'k2', status: 'firing', labels: { priority: 'low', severity: 'critical', alertname: 'B' }, annotations: { headline: 'Slow report' } },
      ],
    });
    expect(titles(list)).to.deep.equal(['Checkout down', 'Slow report']);
    expect(items(list).map((i) => i.dataset['severity'])).to.deep.equal(['critical', 'info']);
    await publish(source, { key: 'k2', status: 'resolved', labels: { priority: 'low' }, annotations: { headline: 'Slow report' } });
    expect(item(list, 'Slow report')!.dataset['status']).to.equal('resolved');
    expect(items(list)).to.have.length(2, 'matched by the mapped id');
  });
});

describe('<alert-list> keyboard (grid pattern, real key presses)', () => {
  async function page(n: number) {
    const wrapper = await fixture<HTMLElement>(
      html`<div>
        <button id="before">before</button>
        <pulse-source src=${`local:${newSession('alerts')}`}><alert-list topic="alerts"></alert-list></pulse-source>
        <button id="after">after</button>
      </div>`,
    );
    const source = wrapper.querySelector('pulse-source')!;
    const list = wrapper.querySelector('alert-list')!;
    await list.updateComplete;
    await publish(
      source,
      ...Array.from({ length: n }, (_, i) => ({ id: `a${i}`, severity: 'warning', title: `alert ${i}`, startsAt: iso(i * 1000) })),
    );
    return { wrapper, source, list, before: wrapper.querySelector<HTMLElement>('#before')!, after: wrapper.querySelector<HTMLElement>('#after')! };
  }
  const active = (list: Element) => root(list).activeElement as HTMLElement | null;
  const activeTitle = (list: Element) => clean(active(list)?.closest('[part="alert"]')?.querySelector('.title')?.textContent);

  async function stops(before: HTMLElement, after: HTMLElement): Promise<number> {
    before.focus();
    let n = 0;
    while (document.activeElement !== after && n < 200) {
      await sendKeys({ press: 'Tab' });
      n++;
    }
    return n;
  }

  it('the alerts are one Tab stop however many there are, and Tab leaves them in one step', async () => {
    const few = await page(2);
    const fewStops = await stops(few.before, few.after);
    const many = await page(25);
    const manyStops = await stops(many.before, many.after);
    expect(manyStops).to.equal(fewStops);
    // 4 severity chips + the filter + the list + leaving
    expect(manyStops).to.equal(7);
    expect(root(many.list).querySelectorAll('.alerts [tabindex="0"]').length).to.equal(1);
  });

  it('arrows move between alerts and to their buttons; Home/End go to the first/last; focus stays on its alert as others arrive', async () => {
    const { source, list } = await page(5);
    root(list).querySelector<HTMLInputElement>('[part="filter"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(activeTitle(list)).to.equal('alert 0');
    expect(active(list)!.classList.contains('content')).to.equal(true);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(activeTitle(list)).to.equal('alert 2');
    await sendKeys({ press: 'ArrowRight' });
    expect(active(list)!.dataset['action']).to.equal('ack');
    await sendKeys({ press: 'ArrowRight' });
    expect(active(list)!.dataset['action']).to.equal('silence');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    expect(active(list)!.classList.contains('content')).to.equal(true);
    await sendKeys({ press: 'End' });
    expect(activeTitle(list)).to.equal('alert 4');
    await sendKeys({ press: 'Home' });
    expect(activeTitle(list)).to.equal('alert 0');
    await sendKeys({ press: 'ArrowDown' });
    // A new critical alert sorts above: the focus stays on the alert the user was on.
    await publish(source, { id: 'new', severity: 'critical', title: 'fresh critical', startsAt: iso(0) });
    await list.updateComplete;
    expect(titles(list)[0]).to.equal('fresh critical');
    expect(activeTitle(list)).to.equal('alert 1');
    // Its own alert leaving moves the focus to a neighbour, not to the page.
    await publish(source, { id: 'a1', status: 'resolved', title: 'alert 1' });
    list.clear();
    await publish(source, { id: 'z', severity: 'info', title: 'only one' });
    await list.updateComplete;
    expect(root(list).querySelectorAll('.alerts [tabindex="0"]').length).to.equal(1);
  });

  it('a silence by keyboard against the real server: Enter on Silence opens the form, its fields keep their keys, Escape returns; Unsilence is a cell of the row', async function () {
    this.timeout(40_000);
    const info = await ref('start', { cors: ['*'], heartbeatMs: 500 });
    try {
      const ingest = (items: unknown[]) =>
        fetch(`${info.url}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(items) });
      expect(
        (
          await ingest([
            { topic: 'alerts', data: { id: 'disk', severity: 'critical', title: 'Disk full', startsAt: iso(60_000) } },
            { topic: 'alerts', data: { id: 'cpu', severity: 'warning', title: 'CPU high', startsAt: iso(30_000) } },
          ])
        ).ok,
      ).to.equal(true);
      const wrapper = await fixture<HTMLElement>(
        html`<div>
          <button id="before">before</button>
          <alert-list topic="alerts" src=${`${info.url}/events?topics=alerts`}></alert-list>
          <button id="after">after</button>
        </div>`,
      );
      const list = wrapper.querySelector('alert-list')!;
      await waitFor(() => titles(list).join() === 'Disk full,CPU high', `both alerts (have ${titles(list).join()})`, 5000);
      const action = () => active(list)?.dataset['action'];

      root(list).querySelector<HTMLInputElement>('[part="filter"]')!.focus();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      expect([activeTitle(list), action()]).to.deep.equal(['Disk full', 'silence']);
      expect(active(list)!.getAttribute('aria-expanded')).to.equal('false');

      // Enter opens the form and puts focus in it; its text field keeps its own arrow and Home keys.
      await sendKeys({ press: 'Enter' });
      await waitFor(() => active(list)?.tagName === 'SELECT', 'focus in the form');
      expect(root(list).querySelector('[data-action="silence"]')!.getAttribute('aria-expanded')).to.equal('true');
      await sendKeys({ press: 'Tab' });
      expect(active(list)?.getAttribute('name')).to.equal('comment');
      await sendKeys({ type: 'by keyboard' });
      await sendKeys({ press: 'Home' });
      await sendKeys({ press: 'ArrowRight' });
      const comment = active(list) as HTMLInputElement;
      expect([comment.getAttribute('name'), comment.selectionStart], 'the caret moved; the grid did not').to.deep.equal(['comment', 1]);
      await sendKeys({ press: 'ArrowDown' });
      expect(active(list)?.getAttribute('name'), 'ArrowDown in the field does not leave it').to.equal('comment');

      // Escape leaves the form for the button that opened it.
      await sendKeys({ press: 'Escape' });
      await waitFor(() => !root(list).querySelector('.silence-form'), 'the form closed');
      expect([activeTitle(list), action()]).to.deep.equal(['Disk full', 'silence']);

      // Again, and submit with Enter in the comment: the server silences it, shown to every viewer.
      await sendKeys({ press: 'Enter' });
      await waitFor(() => active(list)?.tagName === 'SELECT', 'focus in the form again');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'by keyboard' });
      await sendKeys({ press: 'Enter' });
      const badge = () => item(list, 'Disk full')?.querySelector('.badge.silenced');
      await waitFor(() => Boolean(badge()), 'Disk full shows silenced', 5000);
      expect(clean(badge()!.textContent)).to.match(/^Silenced( by \S.*)? until \d\d:\d\d:\d\d$/);
      expect(badge()!.getAttribute('title')).to.contain('by keyboard');
      // Focus stays on the row, in the cell the user was on: now Unsilence.
      await waitFor(() => action() === 'unsilence', `focus on Unsilence (is on ${action()})`);
      expect(activeTitle(list)).to.equal('Disk full');
      expect(root(list).querySelectorAll('.alerts [tabindex="0"]').length, 'still one Tab stop').to.equal(1);

      // Unsilence is a cell like the others: left to the alert, right back, down to the next row's cell.
      await sendKeys({ press: 'ArrowLeft' });
      expect(active(list)!.classList.contains('content')).to.equal(true);
      await sendKeys({ press: 'ArrowRight' });
      expect(action()).to.equal('unsilence');
      await sendKeys({ press: 'ArrowDown' });
      expect([activeTitle(list), action()]).to.deep.equal(['CPU high', 'ack']);
      await sendKeys({ press: 'ArrowUp' });
      expect(action()).to.equal('unsilence');
      await sendKeys({ press: 'Enter' });
      await waitFor(() => !badge(), 'unsilenced', 5000);
      await waitFor(() => action() === 'ack', `focus back on the row's Ack (is on ${action()})`);
      expect(activeTitle(list)).to.equal('Disk full');
    } finally {
      await ref('stop');
    }
  });
});

describe('<alert-list> rows of one list have one shape', () => {
  it('at any width from 320 to 720 px, every row puts its severity and buttons in the same place, whatever its buttons say', async () => {
    const { source, list } = await mount();
    await publish(
      source,
      { id: 'a', severity: 'error', title: 'Checkout error budget burning fast', startsAt: iso(720_000), description: '5xx ratio above 2% for 10 minutes.' },
      // A shared silence: this row has one wide Unsilence button instead of Ack and Silence.
      { id: 'b', severity: 'warning', title: 'Disk /var 85% full on db-1', startsAt: iso(2_820_000), silence: { state: 'silenced', by: 'pulseboard', until: Date.now() + 4 * 3_600_000, comment: '' } },
      { id: 'c', severity: 'info', title: 'TLS certificate expires in 14 days', startsAt: iso(3_600_000) },
    );
    const shapeOf = (row: HTMLElement) => {
      const sev = row.querySelector('.severity')!.getBoundingClientRect();
      const title = row.querySelector('.title')!.getBoundingClientRect();
      const buttons = row.querySelector('.actions')!.getBoundingClientRect();
      return `${sev.bottom <= title.top + 1 ? 'severity above' : 'severity beside'}, ${buttons.top >= title.bottom - 1 ? 'buttons under' : 'buttons beside'}`;
    };
    for (let width = 320; width <= 720; width += 20) {
      list.style.width = `${width}px`;
      await nextFrames(2);
      const shapes = items(list).map(shapeOf);
      expect(new Set(shapes).size, `${width} px: ${shapes.join(' / ')}`).to.equal(1);
    }
  });
});

describe('<alert-list> on a phone, in German, right to left, on a dark page', () => {
  // The rows (grid cells), the frame that fills the box, and the shared-silence display, drawn
  // together where they are hardest to fit: 390 px, long German words, mirrored, dark. The list
  // is 390 px wide inside the page (no viewport change: WebKit's window cannot be that narrow).
  it('a silenced alert, an action error and the open Silence form all fit inside the list, readable, and are what is hit', async function () {
    this.timeout(40_000);
    const info = await ref('start', { cors: ['*'], heartbeatMs: 500 });
    try {
      const ingest = (items: unknown[]) =>
        fetch(`${info.url}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(items) });
      await ingest([
        { topic: 'alerts', data: { id: 'disk', severity: 'critical', title: 'Festplatte /var auf db-1 zu 97 % voll', startsAt: iso(600_000), labels: { instance: 'db-1', mount: '/var' } } },
        { topic: 'alerts', data: { id: 'cpu', severity: 'warning', title: 'CPU-Last über 90 %', startsAt: iso(120_000) } },
      ]);
      const page = await fixture<HTMLElement>(
        html`<div lang="de" dir="rtl" style="width: 390px; color-scheme: dark; background: rgb(13, 17, 23); padding: 0">
          <alert-list topic="alerts" src=${`${info.url}/events?topics=alerts`}></alert-list>
        </div>`,
      );
      const list = page.querySelector('alert-list')!;
      await waitFor(() => items(list).length === 2, 'both alerts', 5000);
      await pulseLocaleReadyFor(list);

      // Silence "cpu" through the server's form, then take the server down and Ack "disk".
      const cpu = () => item(list, 'CPU-Last über 90 %')!;
      const disk = () => item(list, 'Festplatte /var auf db-1 zu 97 % voll')!;
      cpu().querySelector<HTMLButtonElement>('[data-action="silence"]')!.click();
      await waitFor(() => Boolean(cpu().querySelector('.silence-form')), 'the form');
      cpu().querySelector<HTMLFormElement>('.silence-form')!.requestSubmit();
      await waitFor(() => Boolean(cpu().querySelector('.badge.silenced')), 'cpu silenced', 5000);
      await ref('kill');
      disk().querySelector<HTMLButtonElement>('[data-action="ack"]')!.click();
      await waitFor(() => Boolean(disk().querySelector('[part="action-error"]')), 'the Ack error', 5000);
      disk().querySelector<HTMLButtonElement>('[data-action="silence"]')!.click();
      await waitFor(() => Boolean(disk().querySelector('.silence-form')), 'the form on disk');
      await nextFrames(2);

      // German words, from the table.
      expect(clean(cpu().querySelector('.badge.silenced')!.textContent)).to.match(/^Stummgeschaltet( von \S.*)? bis \d\d:\d\d:\d\d$/);
      expect(clean(cpu().querySelector('[data-action="unsilence"]')!.textContent)).to.match(/^Stummschaltung aufheben/);
      expect(clean(disk().querySelector('[part="action-error"]')!.textContent)).to.equal('Bestätigen fehlgeschlagen: Server nicht erreichbar');
      const form = disk().querySelector<HTMLFormElement>('.silence-form')!;
      expect(clean(form.querySelector('label')!.textContent)).to.match(/^Dauer/);
      expect([...form.querySelectorAll('option')].map((o) => clean(o.textContent))).to.include('2 Stunden');
      expect(form.getAttribute('aria-label')).to.equal('Festplatte /var auf db-1 zu 97 % voll stummschalten');

      // Everything fits: nothing sideways, each part inside the list and what is painted at its centre.
      const box = list.getBoundingClientRect();
      expect(box.width).to.be.closeTo(390, 1);
      const body = root(list).querySelector<HTMLElement>('.body')!;
      expect(body.scrollWidth, 'no sideways scroll').to.be.at.most(body.clientWidth + 1);
      const parts = [
        ...[cpu(), disk()].flatMap((a) => [a.querySelector('.severity')!, a.querySelector('.title')!, ...a.querySelectorAll('.badge, button, .action-error, select, input')]),
      ] as HTMLElement[];
      const seen: DOMRect[] = [];
      for (const part of parts) {
        part.scrollIntoView({ block: 'nearest' });
        const r = part.getBoundingClientRect();
        expect(inside(r, list.getBoundingClientRect()), `${part.className || part.tagName} inside the list`).to.equal(true);
        const hit = hitAtCentre(part);
        expect(hit === part || part.contains(hit), `${part.className || part.tagName} is what is painted at its centre (hit ${hit?.tagName}.${hit?.className})`).to.equal(true);
        seen.push(r);
      }
      // Right to left: the severity sits at the right edge of its alert.
      const sev = disk().querySelector('.severity')!.getBoundingClientRect();
      expect(sev.right, 'severity at the inline start (right)').to.be.greaterThan(box.right - 80);
      // Readable on the dark page: the badge and the error against what is behind them.
      for (const el of [cpu().querySelector('.badge.silenced')!, disk().querySelector('[part="action-error"]')!]) {
        expect(contrast(getComputedStyle(el).color, backgroundBehind(el)), `${el.className} contrast`).to.be.at.least(4.5);
      }
    } finally {
      await ref('stop');
    }
  });
});

/** Waits until the element's language table is loaded (German loads on first use). */
async function pulseLocaleReadyFor(el: Element): Promise<void> {
  await waitFor(() => clean(root(el).querySelector('[part="summary"]')?.textContent).includes('aktiv'), 'German words');
}
