import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/metric-gauge/metric-gauge.js';
import type { MetricGauge } from '../../src/elements/metric-gauge/metric-gauge.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { fixtureUrl, newSession, nextFrames, waitFor } from './helpers.js';

const part = (el: Element, selector: string) => el.shadowRoot!.querySelector(selector);
const text = (el: Element, selector: string) => part(el, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const meter = (el: Element) => part(el, '[role="meter"]')!;

async function mount(attrs: string, { publishFirst }: { publishFirst?: (s: PulseSource) => void } = {}) {
  const src = `local:${newSession('gauge')}`;
  const source = await fixture<PulseSource>(html`<pulse-source src=${src}></pulse-source>`);
  publishFirst?.(source);
  const holder = document.createElement('div');
  holder.innerHTML = `<metric-gauge ${attrs}></metric-gauge>`; // static test markup, not stream data
  const gauge = holder.firstElementChild as MetricGauge;
  source.append(gauge);
  await gauge.updateComplete;
  await nextFrames();
  return { source, gauge };
}

describe('<metric-gauge>', () => {
  it('shows the latest value formatted with unit and decimals, and the label', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="percent" decimals="1"');
    source.publish('cpu', { ts: Date.now(), value: 42.345 });
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('42.3%');
    expect(text(gauge, '.label')).to.equal('CPU');
    source.publish('cpu', 43);
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('43.0%');
  });

  it('centres the value inside the radial dial, clear of the arc', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="percent" max="100" style="width: 200px"');
    source.publish('cpu', 72);
    await nextFrames();
    const dial = part(gauge, '.dial')!.getBoundingClientRect();
    const value = part(gauge, '.value')!.getBoundingClientRect();
    const offset = value.left + value.width / 2 - (dial.left + dial.width / 2);
    expect(Math.abs(offset), `value is ${offset.toFixed(1)} px off the dial's centre`).to.be.below(dial.width * 0.05);
    // The arc's inner radius (in a 100-wide dial: 40 - thickness/2 = 35) bounds the text.
    expect(value.width).to.be.below(dial.width * 0.7);
  });

  it('is a meter with aria-valuenow/min/max and a valuetext that reads well', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="%" decimals="0" max="100" warn="75" crit="90"');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU no data');
    source.publish('cpu', 91.6);
    await nextFrames();
    const m = meter(gauge);
    expect(m.getAttribute('aria-label')).to.equal('CPU');
    expect(m.getAttribute('aria-valuenow')).to.equal('91.6');
    expect(m.getAttribute('aria-valuemin')).to.equal('0');
    expect(m.getAttribute('aria-valuemax')).to.equal('100');
    expect(m.getAttribute('aria-valuetext')).to.equal('CPU 92 percent, critical');
  });

  it('clamps aria-valuenow to the scale while the text keeps the real value', async () => {
    const { source, gauge } = await mount('topic="t" label="Load" max="10" decimals="0"');
    source.publish('t', 25);
    await nextFrames();
    expect(meter(gauge).getAttribute('aria-valuenow')).to.equal('10');
    expect(text(gauge, '.value')).to.equal('25');
  });

  it('crossing warn and crit changes the level attribute AND shows a text cue', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="%" warn="75" crit="90"');
    source.publish('cpu', 50);
    await nextFrames();
    expect(gauge.getAttribute('level')).to.equal('ok');
    expect(part(gauge, '.level')!.hasAttribute('hidden')).to.equal(true);
    source.publish('cpu', 80);
    await nextFrames();
    expect(gauge.getAttribute('level')).to.equal('warn');
    expect(text(gauge, '.level')).to.equal('▲ warning');
    source.publish('cpu', 95);
    await nextFrames();
    expect(gauge.getAttribute('level')).to.equal('crit');
    expect(text(gauge, '.level')).to.equal('▲ critical');
    const colour = getComputedStyle(part(gauge, '.value')!).color;
    source.publish('cpu', 10);
    await nextFrames();
    expect(getComputedStyle(part(gauge, '.value')!).color).not.to.equal(colour);
  });

  it('the arc takes the new level colour in the frame that shows it (no transition to repaint a wall)', async () => {
    const { source, gauge } = await mount('topic="cpu" warn="75" crit="90"');
    const arc = part(gauge, 'path.indicator')!;
    source.publish('cpu', 50);
    await nextFrames();
    const ok = getComputedStyle(arc).stroke;
    source.publish('cpu', 95);
    await nextFrames();
    expect(gauge.getAttribute('level')).to.equal('crit');
    const crit = getComputedStyle(part(gauge, '.level')!).color; // the cue's colour, never animated
    expect(crit).not.to.equal(ok);
    expect(getComputedStyle(arc).stroke).to.equal(crit);
  });

  it('with invert, lower is worse', async () => {
    const { source, gauge } = await mount('topic="disk" label="Free disk" unit="%" warn="20" crit="10" invert');
    source.publish('disk', 50);
    await nextFrames();
    expect(gauge.level).to.equal('ok');
    source.publish('disk', 15);
    await nextFrames();
    expect(gauge.level).to.equal('warn');
    expect(text(gauge, '.level')).to.equal('▼ warning');
    source.publish('disk', 5);
    await nextFrames();
    expect(gauge.level).to.equal('crit');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.match(/^Free disk 5 percent, critical$/);
  });

  it('fires pulse-gauge-cross when the level changes', async () => {
    const { source, gauge } = await mount('topic="cpu" warn="75"');
    source.publish('cpu', 50);
    await nextFrames();
    setTimeout(() => source.publish('cpu', 80));
    const event = await oneEvent(gauge, 'pulse-gauge-cross');
    expect(event.detail).to.deep.equal({ level: 'warn', previous: 'ok', value: 80 });
  });

  it('announces threshold changes in a polite live region, and only changes', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="%" decimals="0" warn="75" crit="90"');
    const region = part(gauge, '[data-announce]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      const t = region.textContent!.trim();
      if (t && t !== seen.at(-1)) seen.push(t);
    });
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    for (const v of [10, 20, 30, 40]) {
      source.publish('cpu', v);
      await nextFrames();
    }
    expect(region.textContent!.trim()).to.equal('');
    source.publish('cpu', 80);
    await waitFor(() => seen.length === 1, 'warning announced');
    expect(seen[0]).to.equal('CPU warning, 80 percent');
    for (const v of [81, 82, 83]) {
      source.publish('cpu', v);
      await nextFrames();
    }
    source.publish('cpu', 95);
    await waitFor(() => seen.length === 2, 'critical announced');
    expect(seen[1]).to.equal('CPU critical, 95 percent');
    source.publish('cpu', 20);
    await waitFor(() => seen.length === 3, 'normal announced');
    expect(seen[2]).to.equal('CPU back to normal, 20 percent');
    observer.disconnect();
    expect(seen).to.have.length(3);
  });

  it('shows that its data is stale, visibly and in the valuetext', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="%" decimals="0" stale-after="300ms"');
    source.publish('cpu', 42);
    await nextFrames();
    expect(text(gauge, '.status [role="status"]')).to.equal('Live');
    await waitFor(() => text(gauge, '.status [role="status"]') === 'Stale', 'stale indicator', 4000);
    expect(gauge.getAttribute('status')).to.equal('stale');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 42 percent, stale');
    source.publish('cpu', 43);
    await waitFor(() => text(gauge, '.status [role="status"]') === 'Live', 'live again');
  });

  for (const [how, expected] of [
    ['last', '5'],
    ['avg', '3'],
    ['min', '1'],
    ['max', '5'],
    ['p95', '5'],
  ] as const) {
    it(`aggregate="${how}" reduces the window`, async () => {
      const { source, gauge } = await mount(`topic="t" aggregate="${how}" window="1m" decimals="0"`);
      const now = Date.now();
      [1, 2, 3, 4, 5].forEach((v, i) => source.publish('t', { ts: now - 5000 + i * 1000, value: v }));
      await nextFrames();
      expect(text(gauge, '.value')).to.equal(expected);
    });
  }

  it('p95 is the nearest-rank percentile of the window', async () => {
    const { source, gauge } = await mount('topic="t" aggregate="p95" window="5m" decimals="0"');
    const now = Date.now();
    for (let i = 1; i <= 100; i++) source.publish('t', { ts: now - 100_000 + i * 1000, value: i });
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('95');
  });

  it('aggregates only over its window: older samples are trimmed', async () => {
    const { source, gauge } = await mount('topic="t" aggregate="max" window="10s" decimals="0"');
    const now = Date.now();
    source.publish('t', { ts: now - 60_000, value: 99 });
    source.publish('t', { ts: now - 5000, value: 7 });
    source.publish('t', { ts: now, value: 3 });
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('7');
  });

  it('backfills from the hub history when mounted after data arrived', async () => {
    const { gauge } = await mount('topic="cpu" unit="%" decimals="0"', {
      publishFirst: (s) => {
        s.publish('cpu', [10, 20, 30]);
      },
    });
    expect(text(gauge, '.value')).to.equal('30%');
  });

  it('an out-of-order sample does not replace the newest value', async () => {
    const { source, gauge } = await mount('topic="t" decimals="0"');
    const now = Date.now();
    source.publish('t', { ts: now, value: 5 });
    source.publish('t', { ts: now - 2000, value: 1 });
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('5');
  });

  it('reads field paths and named fields', async () => {
    const { source, gauge } = await mount('topic="host" field="cpu.percent" decimals="0"');
    source.publish('host', { cpu: { percent: 64 }, mem: 10 });
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('64');
  });

  it('counts malformed payloads, skips them and keeps the last good value', async () => {
    const { source, gauge } = await mount('topic="t" decimals="0"');
    source.publish('t', 12);
    source.publish('t', 'banana');
    source.publish('t', { value: 'NaN' });
    source.publish('t', { ts: 'not a time', value: 3 });
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('12');
    expect(gauge.skipped).to.equal(3);
    expect(source.stats.malformed).to.equal(3);
    expect(text(gauge, '.status')).to.contain('3 skipped');
  });

  it('skips an explicit null without counting it (last non-null)', async () => {
    const { source, gauge } = await mount('topic="t" decimals="0"');
    source.publish('t', { value: 8 });
    source.publish('t', { value: null });
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('8');
    expect(gauge.skipped).to.equal(0);
  });

  it('1,000 payloads within one frame cause one render, reusing the same nodes', async () => {
    const { source, gauge } = await mount('topic="t" sparkline');
    source.publish('t', 1);
    await nextFrames();
    const indicator = part(gauge, '.indicator');
    const before = gauge.renderCount;
    const now = Date.now();
    for (let i = 0; i < 1000; i++) source.publish('t', { ts: now + i, value: i % 100 });
    await nextFrames();
    expect(gauge.renderCount - before).to.equal(1);
    expect(part(gauge, '.indicator')).to.equal(indicator);
    expect(text(gauge, '.value')).to.equal('99');
  });

  it('draws a new value alone without evaluating its template, every word exact', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="%" decimals="0" warn="75" crit="90"');
    // Two samples (distinct times: one per millisecond is kept): the trend arrow is there from now on.
    source.publish('cpu', { ts: Date.now() - 1000, value: 40 });
    source.publish('cpu', { ts: Date.now() - 500, value: 41 });
    await nextFrames();
    let templateRenders = 0;
    gauge.addController({ hostUpdate: () => templateRenders++ });
    const before = gauge.renderCount;
    const arc = part(gauge, 'path.indicator')!;
    for (const v of [42, 43, 60]) {
      source.publish('cpu', v);
      await nextFrames();
    }
    expect(templateRenders, 'value-only frames').to.equal(0);
    expect(gauge.renderCount - before).to.equal(3);
    expect(text(gauge, '.value')).to.equal('60%');
    expect(meter(gauge).getAttribute('aria-valuenow')).to.equal('60');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 60 percent');
    expect(parseFloat(getComputedStyle(arc).strokeDasharray)).to.equal(600);
    expect(part(gauge, '.trend')!.getAttribute('data-trend')).to.equal('up');
    expect(part(gauge, '.trend')!.getAttribute('title')).to.equal('rising');
  });

  it('a value-only frame never leaves a stale value, unit or level behind', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="%" decimals="0" warn="75" crit="90"');
    for (const v of [40, 41, 42]) {
      source.publish('cpu', v);
      await nextFrames();
    }
    // A value and a new unit in one frame: a whole render, which must not keep the 42 drawn in
    // the last value-only frame because its own last copy of the text said 40 too.
    source.publish('cpu', 40);
    gauge.unit = 'ms';
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('40 ms');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 40 milliseconds');
    source.publish('cpu', 41);
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('41 ms');
    // A value, then new thresholds with no new value: the level follows at once.
    source.publish('cpu', 70);
    await nextFrames();
    expect(gauge.getAttribute('level')).to.equal('ok');
    gauge.warn = 60;
    await nextFrames();
    expect(gauge.getAttribute('level')).to.equal('warn');
    expect(text(gauge, '.level')).to.equal('▲ warning');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 70 milliseconds, warning');
    source.publish('cpu', 65); // still warn: a value-only frame keeps the level's words
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('65 ms');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 65 milliseconds, warning');
    source.publish('cpu', 50); // back to ok
    await nextFrames();
    expect(gauge.getAttribute('level')).to.equal('ok');
    expect(part(gauge, '.level')!.hasAttribute('hidden')).to.equal(true);
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 50 milliseconds');
    // Another language: the next value-only frame speaks it too (number, words, trend tooltip).
    gauge.lang = 'de';
    source.publish('cpu', 60);
    await nextFrames();
    await waitFor(() => part(gauge, '.trend')!.getAttribute('title') !== 'rising', 'trend word in German');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.not.contain('milliseconds');
  });

  it('a value after a status change shows the live status, and the tooltip follows each value', async () => {
    const { source, gauge } = await mount('topic="cpu" label="CPU" unit="%" decimals="0" stale-after="300ms"');
    const status = () => part(gauge, '.status')!;
    source.publish('cpu', 42);
    source.publish('cpu', 43);
    await nextFrames();
    await waitFor(() => text(gauge, '.status [role="status"]') === 'Stale', 'stale indicator', 4000);
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 43 percent, stale');
    source.publish('cpu', 44);
    await nextFrames();
    expect(text(gauge, '.status [role="status"]')).to.equal('Live');
    expect(gauge.getAttribute('status')).to.equal('live');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 44 percent');
    const title = status().getAttribute('title');
    // In a later second: a value-only frame, whose tooltip must say the newer time.
    await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
    source.publish('cpu', 45);
    await nextFrames();
    expect(text(gauge, '.value')).to.equal('45%');
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('CPU 45 percent');
    expect(status().getAttribute('title')).to.match(/^Last data /);
    expect(status().getAttribute('title')).to.not.equal(title);
    const newest = status().getAttribute('title');
    gauge.label = 'Load'; // a whole render keeps the newest tooltip
    await nextFrames();
    expect(status().getAttribute('title')).to.equal(newest);
    expect(meter(gauge).getAttribute('aria-valuetext')).to.equal('Load 45 percent');
  });

  it('fills the arc in proportion to the value, and a bar with variant="bar"', async () => {
    const { source, gauge } = await mount('topic="t" min="0" max="200"');
    // The arc is drawn as one dash along the full 240° track: its length is the share shown.
    const shown = (arc: Element) => parseFloat(getComputedStyle(arc).strokeDasharray) / Number(arc.getAttribute('pathLength'));
    source.publish('t', 50);
    await nextFrames();
    const arc = part(gauge, 'path.indicator')!;
    expect(shown(arc)).to.equal(0.25);
    source.publish('t', 180);
    await nextFrames();
    expect(part(gauge, 'path.indicator')).to.equal(arc);
    expect(shown(arc)).to.equal(0.9);
    expect(getComputedStyle(arc).visibility).to.equal('visible');
    source.publish('t', 0);
    await nextFrames();
    expect(shown(arc)).to.equal(0);
    expect(getComputedStyle(arc).visibility).to.equal('hidden'); // no dot from a themed round cap
    source.publish('t', 30);
    await nextFrames();
    expect(shown(arc)).to.equal(0.15);
    expect(getComputedStyle(arc).visibility).to.equal('visible'); // the same arc shown again
    source.publish('t', 50);
    gauge.variant = 'bar';
    await nextFrames();
    const bar = part(gauge, '.bar .indicator') as HTMLElement;
    expect(getComputedStyle(bar).transform).to.equal('matrix(0.25, 0, 0, 1, 0, 0)');
    expect(text(gauge, '.readout .value')).to.equal('50');
    gauge.variant = 'radial'; // a new arc element, filled at once
    await nextFrames();
    expect(shown(part(gauge, 'path.indicator')!)).to.equal(0.25);
  });

  it('a small gauge keeps its dial inside its width when a long level cue appears', async () => {
    const { source, gauge } = await mount('topic="t" label="Memory" warn="50" crit="90"');
    gauge.style.width = '60px';
    source.publish('t', 10);
    await nextFrames();
    const dialWidth = () => part(gauge, '.dial')!.getBoundingClientRect().width;
    const before = dialWidth();
    source.publish('t', 95);
    await nextFrames();
    expect(text(gauge, '.level')).to.contain('critical');
    expect(before).to.be.at.most(60);
    expect(dialWidth()).to.equal(before);
  });

  it('sizes the value from the dial width', async () => {
    const { source, gauge } = await mount('topic="t"');
    source.publish('t', 50);
    gauge.style.width = '100px';
    await waitFor(() => getComputedStyle(part(gauge, '.value')!).fontSize === '17px', 'font follows a 100px dial');
    gauge.style.width = '200px';
    await waitFor(() => getComputedStyle(part(gauge, '.value')!).fontSize === '34px', 'font follows a 200px dial');
  });

  it('shows a sparkline and a trend arrow with its word as tooltip', async () => {
    const { source, gauge } = await mount('topic="t" sparkline');
    const now = Date.now();
    [10, 10, 10, 50].forEach((v, i) => source.publish('t', { ts: now - 4000 + i * 1000, value: v }));
    await nextFrames();
    const points = part(gauge, '.sparkline polyline')!.getAttribute('points')!;
    expect(points.split(' ')).to.have.length(4);
    expect(text(gauge, '.trend')).to.equal('↑');
    expect(part(gauge, '.trend')!.getAttribute('title')).to.equal('rising');
  });

  it('shows no sparkline unless asked', async () => {
    const { source, gauge } = await mount('topic="t"');
    source.publish('t', 1);
    await nextFrames();
    expect(part(gauge, '.sparkline')).to.equal(null);
  });

  for (const variant of ['radial', 'bar']) {
    it(`a disconnected ${variant} gauge shows its whole reason inside its box`, async () => {
      const url = `${fixtureUrl}/sse?session=${newSession("gone")}&failFirst=9&failStatus=404`;
      const wrapper = await fixture<HTMLElement>(html`<div style="width: 180px"><metric-gauge src=${url} topic="cpu" label="CPU" variant=${variant}></metric-gauge></div>`);
      const gauge = wrapper.querySelector('metric-gauge')!;
      await waitFor(() => gauge.getAttribute('status') === 'disconnected', 'disconnected', 8000);
      await gauge.updateComplete;
      const word = part(gauge, '.status .word')!;
      expect(word.textContent).to.match(/^Disconnected: HTTP 404/);
      const box = gauge.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(word);
      for (const rect of range.getClientRects()) {
        expect(rect.left, 'no text cut on the left').to.be.at.least(box.left - 0.5);
        expect(rect.right, 'no text cut on the right').to.be.at.most(box.right + 0.5);
      }
      // The first and the last character are what is drawn there.
      const rects = [...range.getClientRects()];
      for (const rect of [rects[0]!, rects.at(-1)!]) {
        const hit = gauge.shadowRoot!.elementFromPoint(rect.left + 2, rect.top + rect.height / 2);
        expect(hit && word.contains(hit), 'the reason is visible where it is laid out').to.equal(true);
      }
    });
  }
});
