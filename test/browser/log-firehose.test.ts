import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/log-firehose/log-firehose.js';
import type { LogFirehose } from '../../src/elements/log-firehose/log-firehose.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import '../../src/elements/pulse-source/pulse-source.js';
import { newSession, nextFrames, waitFor } from './helpers.js';

interface Mounted {
  source: PulseSource;
  log: LogFirehose;
  root: ShadowRoot;
}

async function mount(attrs: { maxLines?: number; levels?: string } = {}): Promise<Mounted> {
  const source = await fixture<PulseSource>(
    html`<pulse-source src=${`local:${newSession('log')}`}>
      <log-firehose topic="logs" style="--pulse-log-height: 320px; width: 800px" max-lines=${attrs.maxLines ?? 20000} levels=${attrs.levels ?? ''}></log-firehose>
    </pulse-source>`,
  );
  const log = source.querySelector('log-firehose')!;
  await log.updateComplete;
  await nextFrames();
  return { source, log, root: log.shadowRoot! };
}

const rows = (m: Mounted) => [...m.root.querySelectorAll<HTMLElement>('.row')];
const rowTexts = (m: Mounted) => rows(m).map((r) => r.querySelector('.msg')?.textContent ?? r.textContent?.trim() ?? '');
const viewport = (m: Mounted) => m.root.querySelector<HTMLElement>('.viewport')!;
const publishLines = (m: Mounted, n: number, from = 0, extra: Record<string, unknown> = {}) =>
  m.source.publish(
    'logs',
    Array.from({ length: n }, (_, i) => ({ level: 'info', source: 'api', message: `line ${from + i}`, ...extra })),
  );
/** The rows actually inside the viewport's visible area. */
function visibleTexts(m: Mounted): string[] {
  const box = viewport(m).getBoundingClientRect();
  return rows(m)
    .filter((r) => {
      const b = r.getBoundingClientRect();
      return b.bottom > box.top + 1 && b.top < box.bottom - 1;
    })
    .map((r) => r.querySelector('.msg')?.textContent ?? '');
}
async function userScroll(m: Mounted, delta: number): Promise<void> {
  const vp = viewport(m);
  const scrolled = oneEvent(vp, 'scroll');
  vp.scrollTop += delta;
  await scrolled;
  await nextFrames();
}
const button = (m: Mounted, text: string) => [...m.root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;
const key = async (m: Mounted, k: string) => {
  viewport(m).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
  await nextFrames();
};

describe('<log-firehose>', () => {
  it('shows lines with time, level word, source name and message, and has a polite role="log" summary region', async () => {
    const m = await mount();
    m.source.publish('logs', { ts: Date.now(), level: 'error', source: 'db', message: 'connection refused' });
    m.source.publish('logs', 'plain text line');
    await nextFrames();
    const [first, second] = rows(m);
    expect(first!.querySelector('.lvl')!.textContent).to.equal('ERROR');
    expect(first!.querySelector('[part="source"]')!.textContent).to.equal('db');
    expect(first!.querySelector('.msg')!.textContent).to.equal('connection refused');
    expect(first!.querySelector('.ts')!.textContent).to.match(/\d\d:\d\d:\d\d/);
    expect(second!.querySelector('.msg')!.textContent).to.equal('plain text line');
    const live = m.root.querySelector('[role="log"]')!;
    expect(live.getAttribute('aria-live')).to.equal('polite');
    expect(live.getAttribute('aria-relevant')).to.equal('additions');
    expect(viewport(m).getAttribute('role')).to.equal('grid');
    expect(first!.getAttribute('role')).to.equal('row');
    expect([...first!.children].map((c) => c.getAttribute('role'))).to.deep.equal(['gridcell', 'gridcell', 'gridcell']);
  });

  it('the same source name always gets the same colour class', async () => {
    const m = await mount();
    m.source.publish('logs', [
      { source: 'checkout', message: 'a' },
      { source: 'billing', message: 'b' },
      { source: 'checkout', message: 'c' },
    ]);
    await nextFrames();
    const classes = rows(m).map((r) => r.querySelector('[part="source"]')!.className);
    expect(classes[0]).to.match(/src-c\d/);
    expect(classes[2]).to.equal(classes[0]);
  });

  it('keeps at most max-lines lines: the oldest fall out', async () => {
    const m = await mount({ maxLines: 100 });
    publishLines(m, 250);
    await nextFrames();
    expect(m.log.lineCount).to.equal(100);
    await key(m, 'Home');
    expect(visibleTexts(m)[0]).to.equal('line 150');
  });

  it('with 100,000 lines only the visible rows (plus a small overscan) exist in the DOM', async () => {
    const m = await mount({ maxLines: 100_000 });
    for (let chunk = 0; chunk < 10; chunk++) publishLines(m, 10_000, chunk * 10_000);
    await nextFrames();
    expect(m.log.lineCount).to.equal(100_000);
    expect(rows(m).length).to.be.greaterThan(5).and.lessThan(60);
    expect(visibleTexts(m).at(-1)).to.equal('line 99999');
    await key(m, 'Home');
    expect(rows(m).length).to.be.lessThan(60);
    expect(visibleTexts(m)[0]).to.equal('line 0');
  });

  it('1,000 lines arriving inside one frame cause one render', async () => {
    const m = await mount();
    await nextFrames();
    const before = m.log.renderCount;
    for (let i = 0; i < 1000; i++) m.source.publish('logs', `line ${i}`);
    await nextFrames();
    expect(m.log.renderCount - before).to.equal(1);
    expect(visibleTexts(m).at(-1)).to.equal('line 999');
  });

  it('a batch with bad lines in the middle keeps every other line in order and counts each bad one', async () => {
    const m = await mount();
    // A host-published object whose getter throws is as unreadable as a number or null.
    const throwing = { level: 'info', get message(): string {
      throw new Error('boom');
    } };
    m.source.publish('logs', [{ level: 'info', message: 'first' }, 42, { level: 'warn', message: 'middle' }, throwing, null, 'INFO plain last']);
    m.source.publish('logs', { level: 'error', message: 'alone' });
    await nextFrames();
    expect(rowTexts(m)).to.deep.equal(['first', 'middle', 'INFO plain last', 'alone']);
    expect(m.log.lineCount).to.equal(4);
    expect(m.log.skipped).to.equal(3);
    expect(m.source.stats.malformed).to.equal(3);
    expect(m.source.stats.subscriberErrors).to.equal(0);
    expect(m.source.stats.messages).to.equal(7);
    expect(m.root.querySelector('[part="status-skipped"]')?.textContent).to.contain('3 skipped');
  });

  it('follows the newest line; scrolling up 5 px or more pauses and shows "N new lines", which jumps back', async () => {
    const m = await mount();
    publishLines(m, 200);
    await nextFrames();
    expect(visibleTexts(m).at(-1)).to.equal('line 199');

    await userScroll(m, -3); // a nudge under 5 px keeps following
    expect(m.log.paused).to.equal(false);

    await userScroll(m, -100);
    expect(m.log.paused).to.equal(true);
    expect(m.log.hasAttribute('paused')).to.equal(true);
    const shownBefore = visibleTexts(m);
    publishLines(m, 7, 200);
    await nextFrames();
    expect(visibleTexts(m)).to.deep.equal(shownBefore); // the view holds still while paused
    const jump = m.root.querySelector<HTMLButtonElement>('[part="new-lines-button"]')!;
    expect(jump.textContent!.trim()).to.equal('7 new lines');
    expect(jump.querySelector('svg[data-icon="arrow-down"]')).to.not.equal(null);

    jump.click();
    await nextFrames();
    expect(m.log.paused).to.equal(false);
    expect(m.root.querySelector('[part="new-lines-button"]')).to.equal(null);
    expect(visibleTexts(m).at(-1)).to.equal('line 206');
  });

  it('the pause button stops and restarts following (WCAG 2.2.2) and fires pulse-log-pause', async () => {
    const m = await mount();
    publishLines(m, 100);
    await nextFrames();
    const pause = m.root.querySelector<HTMLButtonElement>('[part="pause-button"]')!;
    const event = oneEvent(m.log, 'pulse-log-pause');
    pause.click();
    expect((await event).detail).to.deep.equal({ paused: true });
    await nextFrames();
    expect(pause.getAttribute('aria-pressed')).to.equal('true');
    expect(pause.textContent).to.include('Resume');
    publishLines(m, 3, 100);
    await nextFrames();
    expect(visibleTexts(m).at(-1)).to.equal('line 99');
    pause.click();
    await nextFrames();
    expect(visibleTexts(m).at(-1)).to.equal('line 102');
  });

  it('keyboard: Space and p pause/resume; Home/End go to the oldest/newest line and hold the view there', async () => {
    const m = await mount();
    publishLines(m, 300);
    await nextFrames();
    await key(m, ' ');
    expect(m.log.paused).to.equal(true);
    await key(m, 'p');
    expect(m.log.paused).to.equal(false);
    await key(m, 'Home');
    expect(m.log.paused).to.equal(true);
    expect(visibleTexts(m)[0]).to.equal('line 0');
    await key(m, 'End');
    expect(visibleTexts(m).at(-1)).to.equal('line 299');
    await key(m, 'PageUp');
    await key(m, 'PageUp');
    expect(m.log.paused).to.equal(true);
    expect(visibleTexts(m), 'two pages up, the newest line is out of view').not.to.include('line 299');
  });

  it('pressing on a row (to select text) pauses; pressing a row button does not', async () => {
    const m = await mount();
    publishLines(m, 50);
    await nextFrames();
    const row = rows(m).at(-1)!;
    row.querySelector('.copy')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0 }));
    expect(m.log.paused).to.equal(false);
    row.querySelector('.msg')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0 }));
    expect(m.log.paused).to.equal(true);
    publishLines(m, 2, 50);
    await nextFrames();
    expect(visibleTexts(m).at(-1)).to.equal('line 49');
  });

  it('says so when the buffer dropped lines while paused', async () => {
    const m = await mount({ maxLines: 50 });
    publishLines(m, 50);
    await nextFrames();
    m.log.pause();
    publishLines(m, 30, 50);
    await nextFrames();
    expect(m.root.querySelector('[part="notice"]')!.textContent).to.match(/30 older lines were dropped while paused/);
  });

  it('a gap announced by the server becomes a marker row', async () => {
    const m = await mount();
    publishLines(m, 3);
    m.source.publish('pulse.gap', { lastEventId: '10', oldestId: '50' });
    publishLines(m, 1, 3);
    await nextFrames();
    const gap = m.root.querySelector('.row.gap')!;
    expect(gap.textContent).to.match(/lost upstream.*10.*50/);
    expect(rowTexts(m).at(-1)).to.equal('line 3');
  });

  it('level chips and the levels attribute filter by level; level words stay visible', async () => {
    const m = await mount({ levels: 'warn,error' });
    m.source.publish('logs', [
      { level: 'info', message: 'i' },
      { level: 'warn', message: 'w' },
      { level: 'error', message: 'e' },
    ]);
    await nextFrames();
    expect(rowTexts(m)).to.deep.equal(['w', 'e']);
    const chip = (level: string) => m.root.querySelector<HTMLButtonElement>(`[part~="chip"][data-level="${level}"]`)!;
    const warnChip = chip('warn');
    expect(warnChip.getAttribute('part'), 'the old part name stays until 0.3.0').to.equal('chip level-chip');
    expect(warnChip.getAttribute('aria-pressed')).to.equal('true');
    warnChip.click();
    await m.log.updateComplete;
    await nextFrames();
    expect(rowTexts(m)).to.deep.equal(['e']);
    expect(warnChip.getAttribute('aria-pressed')).to.equal('false');
    // The last chip shown stays on, as <alert-list>'s: never an empty log, never everything back.
    expect(chip('error').getAttribute('aria-disabled')).to.equal('true');
    chip('error').click();
    await m.log.updateComplete;
    await nextFrames();
    expect(chip('error').getAttribute('aria-pressed')).to.equal('true');
    expect(m.log.levels).to.equal('error');
    expect(rowTexts(m)).to.deep.equal(['e']);
    m.log.levels = 'nonsense';
    await m.log.updateComplete;
    await nextFrames();
    expect(rowTexts(m), 'a list naming no known level shows all').to.deep.equal(['i', 'w', 'e']);
    m.log.levels = 'error';
    await m.log.updateComplete;
    await nextFrames();
    expect(rowTexts(m)).to.deep.equal(['e']);
    m.log.levels = '';
    await m.log.updateComplete;
    await nextFrames();
    expect(rowTexts(m)).to.deep.equal(['i', 'w', 'e']);
  });

  it('text filter keeps matching lines (case-insensitive) and highlights matches with <mark>', async () => {
    const m = await mount();
    m.source.publish('logs', ['GET /health 200', 'POST /login 401', 'get /metrics 200']);
    await nextFrames();
    const input = m.root.querySelector<HTMLInputElement>('[part="filter"]')!;
    input.value = 'get';
    input.dispatchEvent(new Event('input'));
    await m.log.updateComplete;
    await nextFrames();
    expect(rowTexts(m)).to.deep.equal(['GET /health 200', 'get /metrics 200']);
    expect([...m.root.querySelectorAll('mark')].map((e) => e.textContent)).to.deep.equal(['GET', 'get']);
    // new lines are filtered as they arrive
    m.source.publish('logs', ['nothing here', 'GET /again']);
    await nextFrames();
    expect(rowTexts(m)).to.deep.equal(['GET /health 200', 'get /metrics 200', 'GET /again']);
    expect(m.root.querySelector('[part="footer"]')!.textContent).to.match(/5 lines\s*·\s*3 shown/);
  });

  it('regex filter matches and highlights; an invalid regex shows an error instead of throwing', async () => {
    const m = await mount();
    m.source.publish('logs', ['user=42 ok', 'user=abc ok', 'no user']);
    await nextFrames();
    m.log.regex = true;
    m.log.filter = 'user=\\d+';
    await m.log.updateComplete;
    await nextFrames();
    expect(rowTexts(m)).to.deep.equal(['user=42 ok']);
    expect(m.root.querySelector('mark')!.textContent).to.equal('user=42');

    m.log.filter = '(unclosed';
    await m.log.updateComplete;
    await nextFrames();
    const error = m.root.querySelector('[part="filter-error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.match(/Invalid regular expression/);
    expect(m.root.querySelector('[part="filter"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(rowTexts(m)).to.have.length(3);
  });

  it('a catastrophic pattern only ever sees a bounded part of a line', async () => {
    const m = await mount();
    m.source.publish('logs', 'a'.repeat(100_000) + '!');
    await nextFrames();
    m.log.regex = true;
    m.log.filter = '^(a|aa)+$';
    await m.log.updateComplete;
    await nextFrames();
    // The 2,000-char head matches quickly; the page is still responsive and the line is kept.
    expect(rowTexts(m)[0]!.startsWith('aaaa')).to.equal(true);
  });

  it('renders ANSI colours as classes and computed colours, with no escape code left in the text', async () => {
    const m = await mount();
    m.source.publish('logs', { level: 'info', message: '\x1b[31mred\x1b[0m plain \x1b[1;38;2;10;200;30mtrue\x1b[0m' });
    await nextFrames();
    const msg = rows(m)[0]!.querySelector('.msg')!;
    expect(msg.textContent).to.equal('red plain true');
    expect(msg.textContent).not.to.include('\x1b');
    expect(msg.textContent).not.to.include('[31m');
    const red = [...msg.querySelectorAll('span')].find((s) => s.textContent === 'red')!;
    expect(red.classList.contains('f-red')).to.equal(true);
    expect(getComputedStyle(red).color).not.to.equal(getComputedStyle(msg).color);
    const tc = [...msg.querySelectorAll('span')].find((s) => s.textContent === 'true')!;
    expect(tc.style.getPropertyValue('--a-fg')).to.equal('rgb(10 200 30)');
    expect(getComputedStyle(tc).color).to.equal('rgb(10, 200, 30)');
    expect(tc.classList.contains('bold')).to.equal(true);
  });

  it('HTML in message, source and fields stays text: no element is created, no handler runs', async () => {
    const w = window as unknown as Record<string, unknown>;
    delete w['__pwned'];
    const m = await mount();
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    m.source.publish('logs', { level: '<b>lvl</b>', source: '<img src=x onerror="window.__pwned=3">', message: evil, extra: evil });
    await nextFrames();
    rows(m)[0]!.querySelector<HTMLButtonElement>('.expand')!.click();
    await nextFrames();
    await aTimeout(50);
    expect(m.root.querySelector('img, script, b')).to.equal(null);
    expect(rows(m)[0]!.querySelector('.msg')!.textContent).to.equal(evil);
    expect(rows(m)[0]!.querySelector('[part="source"]')!.textContent).to.equal('<img src=x onerror="window.__pwned=3">');
    expect(rows(m)[0]!.querySelector('.lvl')!.textContent).to.equal('<b>lvl</b>');
    expect(m.root.querySelector('[part="detail-fields"]')!.textContent).to.include('<img src=x');
    expect(w['__pwned']).to.equal(undefined);
  });

  it('strips OSC hyperlinks (javascript: URLs) and other escape sequences', async () => {
    const m = await mount();
    m.source.publish('logs', 'see \x1b]8;;javascript:alert(document.domain)\x07here\x1b]8;;\x07 now\x1b[2K\x1b]0;pwned title\x07');
    await nextFrames();
    const msg = rows(m)[0]!.querySelector('.msg')!;
    expect(msg.textContent).to.equal('see here now');
    expect(m.root.querySelector('a')).to.equal(null);
    expect(m.root.innerHTML).not.to.include('javascript:');
  });

  it('bidi overrides and control characters cannot reorder or hide text', async () => {
    const m = await mount();
    m.source.publish('logs', { source: 'x\u202e', message: 'safe \u202egnirts\u202c and \u2066iso\u2069 bell\x07 nul\x00' });
    await nextFrames();
    const row = rows(m)[0]!;
    const text = row.textContent!;
    expect(/[\u202a-\u202e\u2066-\u2069\x00-\x08]/.test(text)).to.equal(false);
    expect(row.querySelector('.msg')!.textContent).to.equal('safe \ufffdgnirts\ufffd and \ufffdiso\ufffd bell\u2407 nul\u2400');
  });

  it('truncates very long lines for display and still copies the full text', async () => {
    const m = await mount();
    const long = 'start ' + 'x'.repeat(4994) + ' end';
    m.source.publish('logs', { level: 'warn', source: 'big', message: long });
    await nextFrames();
    const row = rows(m)[0]!;
    expect(row.querySelector('.msg')!.textContent!.length).to.be.lessThan(2100);
    expect(row.querySelector('[part="truncated"]')!.textContent).to.include('3,004 more chars');
    const copied = oneEvent(m.log, 'pulse-log-copy');
    row.querySelector<HTMLButtonElement>('.copy')!.click();
    const { detail } = await copied;
    expect(detail.lines).to.equal(1);
    expect(detail.text.endsWith(`WARN big: ${long}`)).to.equal(true);
    expect(detail.text).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('"Copy visible" copies the lines in view without escape codes', async () => {
    const m = await mount();
    m.source.publish('logs', ['\x1b[32mgreen\x1b[0m one', 'two']);
    await nextFrames();
    const copied = oneEvent(m.log, 'pulse-log-copy');
    button(m, 'Copy visible').click();
    const { detail } = await copied;
    expect(detail.lines).to.equal(2);
    expect(detail.text.split('\n').map((l: string) => l.replace(/^\S+ /, ''))).to.deep.equal(['green one', 'two']);
  });

  it('expanding a line shows its other fields as JSON and the full message', async () => {
    const m = await mount();
    m.source.publish('logs', { level: 'info', message: 'order placed', orderId: 'o-1', items: [1, 2], nested: { ok: true } });
    await nextFrames();
    const expand = rows(m)[0]!.querySelector<HTMLButtonElement>('.expand')!;
    expand.click();
    await nextFrames();
    expect(expand.getAttribute('aria-expanded')).to.equal('true');
    const detail = m.root.querySelector('[part="detail"]')!;
    expect(detail.querySelector('[part="detail-message"]')!.textContent).to.equal('order placed');
    expect(JSON.parse(detail.querySelector('[part="detail-fields"]')!.textContent!)).to.deep.equal({ orderId: 'o-1', items: [1, 2], nested: { ok: true } });
    await key(m, 'Escape');
    expect(m.root.querySelector('[part="detail"]')).to.equal(null);
  });

  it('wrap shows a long line in full across several row lines', async () => {
    const m = await mount();
    m.source.publish('logs', ['short', 'word '.repeat(120)]);
    await nextFrames();
    const heightOf = (i: number) => rows(m)[i]!.getBoundingClientRect().height;
    expect(heightOf(1)).to.equal(heightOf(0));
    button(m, 'Wrap').click();
    await m.log.updateComplete;
    await nextFrames(3);
    expect(m.log.hasAttribute('wrap')).to.equal(true);
    expect(heightOf(1)).to.be.greaterThan(heightOf(0) * 2);
    const box = viewport(m).getBoundingClientRect();
    expect(rows(m)[1]!.getBoundingClientRect().right).to.be.at.most(box.right + 1);
  });

  it('with wrap, the newest line is in view while following, and a pause holds the view still', async () => {
    const m = await mount();
    m.log.wrap = true;
    await m.log.updateComplete;
    m.source.publish('logs', Array.from({ length: 60 }, (_, i) => `${'word '.repeat(60 + (i % 5) * 20)}#${i}`));
    await nextFrames();
    const last = () => visibleTexts(m).at(-1) ?? '';
    expect(last().endsWith('#59')).to.equal(true);
    const lastRow = rows(m).at(-1)!.getBoundingClientRect();
    expect(lastRow.bottom).to.be.at.most(viewport(m).getBoundingClientRect().bottom + 1);

    await userScroll(m, -150);
    expect(m.log.paused).to.equal(true);
    await nextFrames(3);
    const held = visibleTexts(m);
    m.source.publish('logs', Array.from({ length: 20 }, (_, i) => `${'more '.repeat(90)}#${60 + i}`));
    await nextFrames(3);
    expect(visibleTexts(m)).to.deep.equal(held);
    await key(m, 'End');
    await nextFrames();
    expect(last().endsWith('#79')).to.equal(true);
  });

  it('the Time toggle hides and shows timestamps', async () => {
    const m = await mount();
    m.source.publish('logs', 'x');
    await nextFrames();
    expect(m.root.querySelectorAll('.row .ts').length).to.equal(1);
    button(m, 'Time').click();
    await m.log.updateComplete;
    expect(m.root.querySelectorAll('.row .ts').length).to.equal(0);
  });

  it('counts malformed payloads and keeps lines with unusable timestamps', async () => {
    const m = await mount();
    m.source.publish('logs', [42, null, { ts: 'not a time', message: 'kept anyway' }, [1]]);
    await nextFrames();
    expect(m.log.skipped).to.equal(3);
    expect(m.source.stats.malformed).to.equal(3);
    expect(rowTexts(m)).to.deep.equal(['kept anyway']);
    expect(m.log.timestampFallbacks).to.equal(1);
    expect(m.root.querySelector('[part="status-skipped"]')!.textContent).to.include('3 skipped');
    expect(m.root.querySelector('[part="footer"]')!.textContent).to.include('1 with unusable timestamp');
  });

  it('the announcement region stays the same size however many summaries it has announced', async () => {
    const m = await mount();
    const live = m.root.querySelector('[role="log"]')!;
    const tick = (m.log as unknown as { onSecond(now: number): void }).onSecond.bind(m.log);
    let now = Date.now();
    const sizes: number[] = [];
    for (let i = 0; i < 40; i++) {
      publishLines(m, 3, i * 3);
      tick((now += 10_000)); // a summary every "10 s"
      await nextFrames();
      sizes.push(live.childNodes.length);
    }
    expect(live.textContent).to.contain('3 new lines');
    expect(sizes.at(-1), `child nodes over time: ${sizes.join(',')}`).to.equal(sizes[4]);
  });

  it('announces a bounded summary of new lines, and nothing while paused', async () => {
    const m = await mount();
    m.source.publish('logs', [{ level: 'error', message: 'a' }, { level: 'info', message: 'b' }, 'c']);
    const live = m.root.querySelector('[role="log"]')!;
    await waitFor(() => (live.textContent ?? '').includes('3 new lines, 1 error'), 'a summary', 3000);
    m.log.pause();
    publishLines(m, 5);
    await aTimeout(1300);
    expect(live.querySelectorAll('p').length).to.equal(1);
    expect(m.root.querySelector('[part="footer"]')!.textContent).to.match(/Last line received/);
  });

  it('a row is one line tall: the details toggle, time and message start at its edge, and its icons are drawn, not glyphs', async () => {
    const m = await mount();
    m.source.publish('logs', { level: 'warn', source: 'api', message: 'disk almost full' });
    await nextFrames();
    const row = rows(m)[0]!;
    const box = row.getBoundingClientRect();
    const lineHeight = row.querySelector('.msg')!.getBoundingClientRect().height;
    expect(box.height, 'row height').to.be.at.most(lineHeight + 6);
    const expand = row.querySelector<HTMLButtonElement>('.expand')!.getBoundingClientRect();
    expect(expand.top).to.be.at.least(box.top - 0.5);
    expect(expand.bottom, 'the toggle (and its inset focus ring) fits in the row').to.be.at.most(box.bottom + 0.5);
    const ts = row.querySelector('.ts')!.getBoundingClientRect();
    expect(ts.left - box.left, 'no gutter before the time').to.be.lessThan(32);
    // The disclosure and copy controls are drawn shapes: hit-testing their middle finds the icon.
    for (const selector of ['.expand', '.copy']) {
      const button = row.querySelector<HTMLButtonElement>(selector)!;
      expect(button.textContent!.trim(), `${selector} has no text glyph`).to.equal('');
      expect(button.getAttribute('aria-label')).to.match(/\w/);
      const icon = button.querySelector('svg')!.getBoundingClientRect();
      expect(icon.width, `${selector} icon width`).to.be.greaterThan(6);
      row.dispatchEvent(new PointerEvent('pointerover', { bubbles: true })); // hover shows the copy button
      const hit = m.root.elementFromPoint(icon.left + icon.width / 2, icon.top + icon.height / 2);
      expect(hit && button.contains(hit), `${selector} icon is what is at its centre`).to.equal(true);
    }
    // A gap marker row is one line too.
    m.source.publish('pulse.gap', { lastEventId: '1', oldestId: '9' });
    await nextFrames();
    expect(m.root.querySelector('.row.gap')!.getBoundingClientRect().height).to.be.at.most(lineHeight + 6);
  });

  it('an invalid regular expression is reported once, with the reason the engine gave', async () => {
    const m = await mount();
    m.source.publish('logs', 'x');
    m.log.regex = true;
    m.log.filter = '(unclosed';
    await m.log.updateComplete;
    const text = m.root.querySelector('[part="filter-error"]')!.textContent!.trim();
    expect(text.match(/invalid regular expression/gi), text).to.have.length(1);
    expect(text.replace(/^Invalid regular expression:\s*/, '').length, text).to.be.greaterThan(3);
  });

  it('maps fields of a FastAPI backend: agent_id shows as the source, epoch seconds as the time', async () => {
    const source = await fixture<PulseSource>(
      html`<pulse-source src=${`local:${newSession('log')}`}>
        <log-firehose topic="logs" source-field="agent_id" style="--pulse-log-height: 320px; width: 900px"></log-firehose>
      </pulse-source>`,
    );
    const log = source.querySelector('log-firehose')!;
    await log.updateComplete;
    const ts = Math.floor(Date.now() / 1000) - 90 + 0.25; // epoch seconds, a float
    source.publish('logs', { timestamp: ts, agent_id: 'planner-7', level: 'warning', message: 'retrying tool call', metadata: { attempt: 2 } });
    await nextFrames();
    const row = log.shadowRoot!.querySelector('.row')!;
    expect(row.querySelector('[part="source"]')!.textContent).to.equal('planner-7');
    expect(row.querySelector('[part="level"]')!.textContent).to.equal('WARN');
    expect(row.querySelector('[part="message"]')!.textContent).to.equal('retrying tool call');
    const expected = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' }).format(ts * 1000);
    expect(row.querySelector('[part="timestamp"]')!.textContent).to.equal(expected);
    row.querySelector<HTMLButtonElement>('.expand')!.click();
    await nextFrames();
    const fields = JSON.parse(log.shadowRoot!.querySelector('[part="detail-fields"]')!.textContent!);
    expect(fields).to.deep.equal({ metadata: { attempt: 2 } }, 'agent_id is shown as the source, not again among the fields');
  });

  it('level-field, message-field and time-field read dot paths', async () => {
    const source = await fixture<PulseSource>(
      html`<pulse-source src=${`local:${newSession('log')}`}>
        <log-firehose topic="logs" source-field="who.name" level-field="sev.text" message-field="text" time-field="at.epochMs" style="--pulse-log-height: 320px; width: 900px"></log-firehose>
      </pulse-source>`,
    );
    const log = source.querySelector('log-firehose')!;
    await log.updateComplete;
    const at = Date.now() - 5000;
    source.publish('logs', { at: { epochMs: at }, sev: { text: 'ERROR' }, text: 'payment declined', who: { name: 'billing' }, message: 'not this one' });
    await nextFrames();
    const row = log.shadowRoot!.querySelector('.row')!;
    expect(row.querySelector('[part="source"]')!.textContent).to.equal('billing');
    expect(row.querySelector('[part="level"]')!.textContent).to.equal('ERROR');
    expect(row.querySelector('[part="message"]')!.textContent).to.equal('payment declined');
    expect(row.classList.contains('lvl-error')).to.equal(true);
    expect(log.timestampFallbacks).to.equal(0);
  });

  it('in a phone-sized box, lines wrap so a whole message is readable; a wide box keeps one line per row', async () => {
    const source = await fixture<PulseSource>(
      html`<pulse-source src=${`local:${newSession('log')}`}>
        <log-firehose topic="logs" style="--pulse-log-height: 420px; width: 370px"></log-firehose>
      </pulse-source>`,
    );
    const log = source.querySelector('log-firehose')!;
    await log.updateComplete;
    const message = 'GET /api/v1/orders/81723/items?expand=product,price returned 502 from upstream checkout-7 after 3 retries END';
    source.publish('logs', { level: 'error', source: 'gateway', message });
    await nextFrames(3);
    const msg = log.shadowRoot!.querySelector('.row [part="message"]')!;
    expect(msg.textContent).to.equal(message);
    const vp = log.shadowRoot!.querySelector('.viewport')!.getBoundingClientRect();
    const walker = document.createTreeWalker(msg, NodeFilter.SHOW_TEXT);
    let last: Text | undefined;
    while (walker.nextNode()) last = walker.currentNode as Text;
    const range = document.createRange();
    range.setStart(last!, last!.length - 3);
    range.setEnd(last!, last!.length);
    const end = range.getBoundingClientRect();
    expect(end.right, 'the end of the message is inside the box').to.be.at.most(vp.right + 1);
    expect(end.bottom).to.be.at.most(vp.bottom + 1);
    expect(log.wrap).to.equal(true);
    // The user's choice stands: wrap off stays off in the narrow box.
    [...log.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Wrap')!.click();
    await nextFrames();
    log.style.width = '360px';
    await nextFrames(3);
    expect(log.wrap).to.equal(false);
    // A wide box keeps fixed one-line rows by default.
    const wide = await mount();
    expect(wide.log.wrap).to.equal(false);
  });

  it('the focused line stays the same line while new lines stream in and old ones fall out', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div>
        <button id="before">before</button>
        <pulse-source src=${`local:${newSession('log')}`}>
          <log-firehose topic="logs" max-lines="100" style="--pulse-log-height: 320px; width: 800px"></log-firehose>
        </pulse-source>
        <button id="after">after</button>
      </div>`,
    );
    const source = wrapper.querySelector('pulse-source')!;
    const log = wrapper.querySelector('log-firehose')!;
    const m: Mounted = { source, log, root: log.shadowRoot! };
    publishLines(m, 100);
    await nextFrames();
    const focusedLine = () => {
      const active = m.root.activeElement as HTMLElement | null;
      return active?.closest('.row')?.querySelector('.msg')?.textContent ?? null;
    };
    // Into the grid from the toolbar's last control (one Tab), then three lines up.
    button(m, 'Copy visible').focus();
    await sendKeys({ press: 'Tab' });
    await nextFrames();
    expect(focusedLine()).to.equal('line 99');
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowUp' });
    await nextFrames();
    expect(focusedLine()).to.equal('line 96');
    for (let burst = 0; burst < 5; burst++) {
      publishLines(m, 7, 100 + burst * 7); // the buffer is full: every burst evicts old lines
      await nextFrames();
      expect(focusedLine(), `after burst ${burst}`).to.equal('line 96');
    }
    expect(visibleTexts(m), 'the focused line is in view').to.include('line 96');
    // Leaving the log follows the newest line again.
    await sendKeys({ press: 'Tab' }); // the "new lines" button
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement === wrapper.querySelector('#after'), 'focus left the log').to.equal(true);
    await nextFrames();
    expect(log.paused).to.equal(false);
    expect(visibleTexts(m).at(-1)).to.equal('line 134');
  });
});

describe('<log-firehose> keyboard (grid pattern, real key presses)', () => {
  async function page(lines: number) {
    const wrapper = await fixture<HTMLElement>(
      html`<div>
        <button id="before">before</button>
        <pulse-source src=${`local:${newSession('log')}`}>
          <log-firehose topic="logs" style="--pulse-log-height: 400px; width: 800px"></log-firehose>
        </pulse-source>
        <button id="after">after</button>
      </div>`,
    );
    const source = wrapper.querySelector('pulse-source')!;
    const log = wrapper.querySelector('log-firehose')!;
    await log.updateComplete;
    const m: Mounted = { source, log, root: log.shadowRoot! };
    publishLines(m, lines);
    await nextFrames();
    return { m, before: wrapper.querySelector<HTMLButtonElement>('#before')!, after: wrapper.querySelector<HTMLButtonElement>('#after')! };
  }
  const active = (m: Mounted) => m.root.activeElement as HTMLElement | null;
  const focusedLine = (m: Mounted) => active(m)?.closest('.row')?.querySelector('.msg')?.textContent ?? null;

  /** Tab presses from `before` until focus reaches `after`. */
  async function tabStops(m: Mounted, before: HTMLElement, after: HTMLElement): Promise<number> {
    before.focus();
    let presses = 0;
    while (document.activeElement !== after && presses < 400) {
      await sendKeys({ press: 'Tab' });
      await nextFrames(1);
      presses++;
    }
    void m;
    return presses;
  }

  it('the lines are one Tab stop, however many there are, and Tab leaves them in one step', async () => {
    const few = await page(3);
    const fewStops = await tabStops(few.m, few.before, few.after);
    const many = await page(300);
    const manyStops = await tabStops(many.m, many.before, many.after);
    expect(manyStops, 'Tab stops do not grow with the rows shown').to.equal(fewStops);
    // toolbar (pause, 7 chips, filter, regex, wrap, time, copy) + the grid + the "follow" button + after
    expect(manyStops).to.be.at.most(16);
    expect(many.m.root.querySelectorAll('.rows [tabindex="0"]').length, 'one cell is tabbable').to.equal(1);
  });

  it('arrows move between lines and between a line\'s cells; Home/End go to the oldest/newest; Enter opens details', async () => {
    const { m } = await page(300);
    button(m, 'Copy visible').focus();
    await sendKeys({ press: 'Tab' });
    await nextFrames();
    expect(focusedLine(m)).to.equal('line 299');
    expect(active(m)!.classList.contains('line')).to.equal(true);
    expect(m.log.paused, 'keyboard focus holds the lines still').to.equal(true);

    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    await nextFrames();
    expect(focusedLine(m)).to.equal('line 297');
    await sendKeys({ press: 'ArrowLeft' });
    await nextFrames();
    expect(active(m)!.classList.contains('expand')).to.equal(true);
    expect(focusedLine(m)).to.equal('line 297');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await nextFrames();
    expect(active(m)!.classList.contains('copy')).to.equal(true);
    await sendKeys({ press: 'ArrowDown' });
    await nextFrames();
    expect(focusedLine(m), 'down keeps the column').to.equal('line 298');
    expect(active(m)!.classList.contains('copy')).to.equal(true);
    await sendKeys({ press: 'ArrowLeft' });

    await sendKeys({ press: 'Home' });
    await nextFrames(3);
    expect(focusedLine(m)).to.equal('line 0');
    expect(visibleTexts(m)[0]).to.equal('line 0');
    await sendKeys({ press: 'PageDown' });
    await nextFrames(3);
    const afterPage = Number(focusedLine(m)!.split(' ')[1]);
    expect(afterPage).to.be.greaterThan(5);
    expect(visibleTexts(m)).to.include(`line ${afterPage}`);
    await sendKeys({ press: 'End' });
    await nextFrames(3);
    expect(focusedLine(m)).to.equal('line 299');
    expect(visibleTexts(m).at(-1)).to.equal('line 299');

    await sendKeys({ press: 'Enter' });
    await nextFrames();
    expect(m.root.querySelector('[part="detail-message"]')!.textContent).to.equal('line 299');
    await sendKeys({ press: 'Escape' });
    await nextFrames();
    expect(m.root.querySelector('[part="detail"]')).to.equal(null);
    expect(focusedLine(m)).to.equal('line 299');
  });

  it('under dir="rtl", ArrowLeft moves toward the line end (the copy button)', async () => {
    const { m } = await page(5);
    m.log.setAttribute('dir', 'rtl');
    await nextFrames();
    button(m, 'Copy visible').focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowLeft' });
    await nextFrames();
    expect(active(m)!.classList.contains('copy')).to.equal(true);
    const row = active(m)!.closest('.row')!;
    expect(row.querySelector('.copy')!.getBoundingClientRect().left, 'copy sits on the left in rtl').to.be.lessThan(row.querySelector('.ts')!.getBoundingClientRect().left);
  });
});
