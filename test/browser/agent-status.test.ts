import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/agent-status/agent-status.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { newSession, nextFrames, waitFor } from './helpers.js';

const root = (el: Element) => el.shadowRoot!;
const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const cards = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[part="card"]')];
const card = (el: Element, id: string) => cards(el).find((c) => c.dataset['id'] === id);
const names = (el: Element) => cards(el).map((c) => clean(c.querySelector('[part="name"]')?.textContent));
const field = (c: Element | undefined, selector: string) => clean(c?.querySelector(selector)?.textContent);
const summary = (el: Element) => clean(root(el).querySelector('[part="summary"]')?.textContent);

async function mount(attrs: Record<string, string> = {}) {
  const source = await fixture<PulseSource>(html`<pulse-source src=${`local:${newSession('agents')}`}></pulse-source>`);
  const board = document.createElement('agent-status');
  board.setAttribute('topic', 'agents');
  for (const [name, value] of Object.entries(attrs)) board.setAttribute(name, value);
  source.append(board);
  await board.updateComplete;
  await nextFrames();
  return { source, board };
}

async function publish(source: PulseSource, ...payloads: unknown[]) {
  for (const p of payloads) source.publish('agents', p);
  await nextFrames();
}

const FULL = {
  id: 'a1',
  name: 'Researcher',
  state: 'running',
  ts: Date.now(),
  task: 'Summarise incident 42',
  tool: 'web.search',
  tokensPerSec: 42.5,
  latencyMs: { p50: 350, p99: 1800 },
  errorRate: 0.025,
  costUsd: 1.5,
};

/** A Range over the first occurrence of `text` in the text of `el` (across its text nodes). */
function rangeOf(el: Element, text: string): Range {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode as Text);
  const whole = nodes.map((n) => n.data).join('');
  const start = whole.indexOf(text);
  if (start < 0) throw new Error(`"${text}" not in "${whole}"`);
  const range = document.createRange();
  let offset = 0;
  for (const node of nodes) {
    const end = offset + node.data.length;
    if (start >= offset && start < end) range.setStart(node, start - offset);
    if (start + text.length > offset && start + text.length <= end) range.setEnd(node, start + text.length - offset);
    offset = end;
  }
  return range;
}

describe('<agent-status>', () => {
  it('shows one card per agent with every field', async () => {
    const { source, board } = await mount();
    expect(clean(root(board).querySelector('[part="empty"]')?.textContent)).to.equal('No agents yet');
    await publish(source, FULL);
    const c = card(board, 'a1')!;
    expect(field(c, '[part="name"]')).to.equal('Researcher');
    expect(field(c, '[part="state"]')).to.equal('Running');
    expect(c.querySelector('[part="state"] .icon')!.getAttribute('aria-hidden')).to.equal('true');
    expect(field(c, '[part="task"]')).to.equal('Summarise incident 42');
    expect(field(c, '[part="tool"]')).to.equal('Tool: web.search');
    expect(field(c, '.tokens')).to.equal('42.5');
    expect(field(c, '.latency')).to.equal('350 ms / 1,800 ms');
    expect(field(c, '.errors')).to.equal('2.5%');
    expect(field(c, '.cost')).to.equal('$1.50');
    expect(field(c, '.seen')).to.match(/^Last seen (just now|\ds ago)$/);
    expect(root(board).querySelector('[part="grid"]')!.getAttribute('role')).to.equal('listbox');
    expect(c.parentElement!.getAttribute('role')).to.equal('listbox');
    expect(c.getAttribute('role')).to.equal('option');
    expect(c.querySelector<SVGElement>('[part="state"] svg')!.dataset['icon']).to.equal('play');
    expect(c.tabIndex).to.equal(0);
  });

  it('merges partial updates into the known agent', async () => {
    const { source, board } = await mount();
    await publish(source, FULL);
    await publish(source, { id: 'a1', state: 'waiting' });
    const c = card(board, 'a1')!;
    expect(field(c, '[part="state"]')).to.equal('Waiting');
    expect(field(c, '[part="name"]')).to.equal('Researcher');
    expect(field(c, '[part="task"]')).to.equal('Summarise incident 42');
    expect(field(c, '.cost')).to.equal('$1.50');
    await publish(source, { id: 'a1', task: null, tool: null, costUsd: 0.0042 });
    expect(field(c, '[part="task"]')).to.equal('No task');
    expect(c.querySelector('[part="tool"]')).to.equal(null);
    expect(field(c, '.cost')).to.equal('$0.0042');
  });

  it('shows A2A and LangGraph state words as ours', async () => {
    const { source, board } = await mount();
    await publish(
      source,
      { id: 'a', name: 'a', state: 'working' },
      { id: 'b', name: 'b', state: 'input-required' },
      { id: 'c', name: 'c', state: 'failed' },
      { id: 'd', name: 'd', status: 'success' },
      { id: 'e', name: 'e', status: { state: 'submitted' } },
      { id: 'f', name: 'f', state: 'timeout' },
      { id: 'g', name: 'g', state: 'interrupted' },
    );
    const state = (id: string) => field(card(board, id), '[part="state"]').replace(/^\S+ /, '');
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(state)).to.deep.equal(['Running', 'Waiting', 'Error', 'Idle', 'Waiting', 'Error', 'Waiting']);
  });

  it('sorts errors and offline first, then running, waiting, idle, then by name', async () => {
    const { source, board } = await mount();
    board.reorderIntervalMs = 0;
    await publish(
      source,
      { id: '1', name: 'idle-a', state: 'idle' },
      { id: '2', name: 'run-10', state: 'running' },
      { id: '3', name: 'run-2', state: 'running' },
      { id: '4', name: 'wait', state: 'waiting' },
      { id: '5', name: 'broken', state: 'error' },
      { id: '6', name: 'gone', state: 'offline' },
    );
    expect(names(board)).to.deep.equal(['broken', 'gone', 'run-2', 'run-10', 'wait', 'idle-a']);
    await publish(source, { id: '1', state: 'error' });
    expect(names(board)).to.deep.equal(['broken', 'idle-a', 'gone', 'run-2', 'run-10', 'wait']);
  });

  it('moves cards at most once per reorder interval, and not while a card has keyboard focus', async () => {
    const { source, board } = await mount();
    await publish(source, { id: 'a', name: 'A', state: 'running' }, { id: 'b', name: 'B', state: 'running' }, { id: 'c', name: 'C', state: 'idle' });
    expect(names(board)).to.deep.equal(['A', 'B', 'C']);
    // A state change shows at once, in place; the card moves on a later frame.
    await publish(source, { id: 'c', state: 'error' });
    expect(field(card(board, 'c'), '[part="state"]')).to.equal('Error');
    await waitFor(() => names(board).join() === 'C,A,B', 'the error to move first', 4000);

    // With keyboard focus on a card, nothing moves: focus and place are kept.
    const b = card(board, 'b')!;
    b.focus();
    await sendKeys({ press: 'Shift' }); // keyboard modality, so the focus is :focus-visible
    await publish(source, { id: 'b', state: 'error' }, { id: 'd', name: 'D', state: 'error' });
    await new Promise((r) => setTimeout(r, 1300));
    await nextFrames();
    expect(names(board)).to.deep.equal(['C', 'A', 'B', 'D'], 'order held, the new agent appended');
    expect(root(board).activeElement).to.equal(b);
    b.blur();
    await waitFor(() => names(board).join() === 'B,C,D,A', 'the held order to catch up', 4000);
  });

  it('summarises counts per state, also in a polite status region', async () => {
    const { source, board } = await mount();
    await publish(
      source,
      { id: '1', state: 'running' },
      { id: '2', state: 'running' },
      { id: '3', state: 'running' },
      { id: '4', state: 'error' },
      { id: '5', state: 'offline' },
    );
    expect(summary(board)).to.equal('3 running · 1 error · 1 offline');
    const status = root(board).querySelector('.visually-hidden[role="status"]')!;
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(clean(status.textContent)).to.equal('3 running · 1 error · 1 offline');
  });

  it('turns an agent offline after offline-after without messages, and back with its next message', async () => {
    const { source, board } = await mount({ 'offline-after': '300ms' });
    await publish(source, { id: 'quiet', name: 'Quiet', state: 'running' }, { id: 'z', name: 'Zed', state: 'idle' });
    expect(field(card(board, 'quiet'), '[part="state"]')).to.equal('Running');
    await waitFor(() => field(card(board, 'quiet'), '[part="state"]') === 'Offline', 'the agent to go offline', 4000);
    expect(card(board, 'quiet')!.dataset['state']).to.equal('offline');
    await waitFor(() => summary(board) === '2 offline', 'the summary to count it', 4000);
    await publish(source, { id: 'quiet' });
    expect(field(card(board, 'quiet'), '[part="state"]')).to.equal('Running', 'the reported state comes back');
  });

  it('fires pulse-agent-select on click, Enter and Space', async () => {
    const { source, board } = await mount();
    await publish(source, { ...FULL, id: 'a1' }, { id: 'b2', name: 'Writer', state: 'idle' });
    const b = card(board, 'b2')!;
    setTimeout(() => b.click());
    const clicked = await oneEvent(board, 'pulse-agent-select');
    expect(clicked.detail.id).to.equal('b2');
    expect(clicked.detail.agent.name).to.equal('Writer');
    expect(clicked.bubbles && clicked.composed).to.equal(true);
    await board.updateComplete;
    expect(b.getAttribute('aria-current')).to.equal('true');
    expect(board.selected).to.equal('b2');

    const a = card(board, 'a1')!;
    a.focus();
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const entered = await oneEvent(board, 'pulse-agent-select');
    expect(entered.detail.id).to.equal('a1');
    expect(entered.detail.agent.latencyMs.p99).to.equal(1800);

    b.focus();
    setTimeout(() => void sendKeys({ press: 'Space' }));
    const spaced = await oneEvent(board, 'pulse-agent-select');
    expect(spaced.detail.id).to.equal('b2');
  });

  it('layout="table" is a real table with column headers, selectable rows and live cells', async () => {
    const { source, board } = await mount({ layout: 'table' });
    await publish(source, FULL, { id: 'b2', name: 'Writer', state: 'error', errorRate: 0.5 });
    const table = root(board).querySelector('table')!;
    expect(table).to.not.equal(null);
    const headers = [...table.querySelectorAll('thead th')].map((th) => clean(th.textContent));
    expect(headers).to.deep.equal(['Agent', 'State', 'Task', 'Tool', 'Tokens/s', 'Tokens/s trend', 'p50', 'p99', 'Errors', 'Cost', 'Last seen']);
    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows.map((r) => clean(r.querySelector('th[scope="row"]')?.textContent))).to.deep.equal(['Writer', 'Researcher']);
    const researcher = rows[1]!;
    expect([...researcher.querySelectorAll('td')].map((td) => clean(td.textContent)).slice(0, 4)).to.deep.equal([
      'Running',
      'Summarise incident 42',
      'web.search',
      '42.5',
    ]);
    expect(clean(researcher.querySelector('.latency-p99')?.textContent)).to.equal('1,800 ms');
    expect(clean(rows[0]!.querySelector('.errors')?.textContent)).to.equal('50%');
    const name = researcher.querySelector<HTMLElement>('th')!;
    setTimeout(() => name.click());
    expect((await oneEvent(board, 'pulse-agent-select')).detail.id).to.equal('a1');
  });

  it('draws a tokens/s sparkline from the kept samples', async () => {
    const { source, board } = await mount();
    await publish(source, { id: 's', tokensPerSec: 10 });
    expect(card(board, 's')!.querySelector('[part="sparkline"]')).to.equal(null, 'one sample is no line');
    await new Promise((r) => setTimeout(r, 1050));
    await publish(source, { id: 's', tokensPerSec: 30 });
    const line = card(board, 's')!.querySelector('[part="sparkline"] polyline');
    expect(line).to.not.equal(null);
    expect(line!.getAttribute('points')!.split(' ')).to.have.length(2);
    expect(card(board, 's')!.querySelector('[part="sparkline"]')!.getAttribute('aria-hidden')).to.equal('true');
  });

  it('renders every text field as text: no element from the stream gets into the DOM', async () => {
    for (const layout of ['grid', 'table']) {
      const { source, board } = await mount({ layout });
      const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b>bold</b>';
      await publish(source, { id: `id${evil}`, name: `N${evil}`, state: 'running', task: `T${evil}`, tool: `U${evil}` }, { id: `only-id${evil}` });
      const shadow = root(board);
      expect(shadow.querySelectorAll('img, script, b'), layout).to.have.length(0);
      const all = clean(shadow.textContent);
      for (const piece of [`N${evil}`, `T${evil}`, `U${evil}`, `only-id${evil}`]) expect(all, `${layout}: ${piece}`).to.include(clean(piece));
      setTimeout(() => (shadow.querySelector(layout === 'grid' ? '[part="card"]' : 'tbody th') as HTMLElement).click());
      const selected = await oneEvent(board, 'pulse-agent-select');
      expect(selected.detail.id.startsWith('id<img') || selected.detail.id.startsWith('only-id<img')).to.equal(true);
    }
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('counts malformed payloads; bad fields are dropped, the rest applies', async () => {
    const { source, board } = await mount();
    await publish(source, 'agent?', { name: 'no id' }, null, { id: 'ok', name: 'Fine', state: 'running', tokensPerSec: Number.NaN, costUsd: 'free' });
    expect(names(board)).to.deep.equal(['Fine']);
    expect(field(card(board, 'ok'), '.tokens')).to.equal('–');
    expect(field(card(board, 'ok'), '.cost')).to.equal('–');
    expect(board.skipped).to.equal(4);
    expect(source.stats.malformed).to.equal(4);
  });

  it('keeps at most max-agents', async () => {
    const { source, board } = await mount({ 'max-agents': '2' });
    await publish(source, { id: 'a' }, { id: 'b' }, { id: 'c' });
    expect(cards(board)).to.have.length(2);
    expect(board.evicted).to.equal(1);
  });

  it('renders once for a burst of 10,000 messages and shows the final state', async () => {
    const { source, board } = await mount();
    await publish(source, ...Array.from({ length: 200 }, (_, i) => ({ id: `agent-${i}`, name: `Agent ${i}`, state: 'idle' })));
    const before = board.renderCount;
    for (let i = 0; i < 10_000; i++) {
      const n = i % 200;
      source.publish('agents', { id: `agent-${n}`, state: i % 3 === 0 ? 'running' : 'waiting', tokensPerSec: i, task: `step ${i}` });
    }
    await new Promise((r) => requestAnimationFrame(r));
    await board.updateComplete;
    expect(board.renderCount).to.equal(before + 1);
    expect(cards(board)).to.have.length(200);
    // The last message for agent-199 was i = 9999, and 9999 % 3 === 0: running.
    const last = card(board, 'agent-199')!;
    expect(field(last, '[part="task"]')).to.equal('step 9999');
    expect(field(last, '.tokens')).to.equal('9,999');
    expect(field(last, '[part="state"]')).to.equal('Running');
    expect(field(card(board, 'agent-0'), '[part="task"]')).to.equal('step 9800');
  });

  it('one format per column: costs, error rates and latencies share their decimals and unit', async () => {
    for (const layout of ['grid', 'table']) {
      const { source, board } = await mount({ layout });
      await publish(
        source,
        { id: 'a', name: 'A', costUsd: 0.7037, errorRate: 0, latencyMs: { p50: 95, p99: 850 }, tokensPerSec: 8.123 },
        { id: 'b', name: 'B', costUsd: 1.29, errorRate: 0.06, latencyMs: { p50: 350, p99: 1200 }, tokensPerSec: 42.5 },
        { id: 'c', name: 'C', costUsd: 0.39, errorRate: 0.0789, latencyMs: { p50: 1200, p99: 4000 }, tokensPerSec: 120 },
      );
      const col = (selector: string) => ['a', 'b', 'c'].map((id) => clean(root(board).querySelector(`[data-key="${id}"] ${selector}`)?.textContent));
      expect(col('.cost'), layout).to.deep.equal(['$0.70', '$1.29', '$0.39']);
      expect(col('.errors'), layout).to.deep.equal(['0.0%', '6.0%', '7.9%']);
      expect(col('.tokens'), layout).to.deep.equal(['8', '43', '120']);
      if (layout === 'grid') expect(col('.latency')).to.deep.equal(['95 ms / 850 ms', '350 ms / 1,200 ms', '1,200 ms / 4,000 ms']);
      else expect(col('.latency-p99')).to.deep.equal(['850 ms', '1,200 ms', '4,000 ms']);
    }
  });

  it('a value never breaks from its unit, on wall-screen cards and narrow ones alike', async () => {
    for (const width of [1920, 1180, 720, 300]) {
      const { source, board } = await mount();
      board.style.width = `${width}px`;
      await publish(
        source,
        ...Array.from({ length: 8 }, (_, i) => ({ id: `w${i}`, name: `Worker ${i}`, state: 'running', costUsd: 1204.5 + i, errorRate: 0.0789, latencyMs: { p50: 3500 + i, p99: 9800 + i }, tokensPerSec: 12345 })),
      );
      const dds = [...root(board).querySelectorAll<HTMLElement>('.metrics dd')];
      expect(dds.length).to.equal(8 * 4);
      for (const dd of dds) {
        // Looked at where a user sees it: cards out of view skip layout (content-visibility:
        // auto), and WebKit then reports no boxes for their text at all.
        dd.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        // Each value with its unit ("9,800 ms", "7.9%", "$1,204.50"): the pieces between " / ".
        for (const value of clean(dd.textContent).split(' / ')) {
          const range = rangeOf(dd, value);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          expect(lines.size, `${width}px: "${value}" on one line`).to.equal(1);
        }
        // "p50 / p99" breaks after the slash, never leaving it alone on a line.
        if (dd.classList.contains('latency')) {
          const p50 = dd.querySelector('.n')!;
          const slash = rangeOf(dd, '/').getClientRects()[0]!;
          expect(Math.round(slash.top), `${width}px: "${clean(p50.textContent)} /" on one line`).to.equal(Math.round(p50.getBoundingClientRect().top));
        }
      }
    }
  });

  it('agent names break between words only, also in a narrow table', async () => {
    const { source, board } = await mount({ layout: 'table' });
    board.style.width = '360px';
    await publish(source, { id: 'o', name: 'Orchestrator Summariser', state: 'running', task: 'a long task description that wraps', tool: 'web.search' });
    const name = root(board).querySelector<HTMLElement>('tbody [part="name"]')!;
    const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode() as Text;
    while (text && !text.data.includes('Orchestrator')) text = walker.nextNode() as Text;
    for (const word of ['Orchestrator', 'Summariser']) {
      const at = text.data.indexOf(word);
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      expect(lines.size, `"${word}" is not split`).to.equal(1);
    }
    expect(board.getBoundingClientRect().width, 'the table scrolls inside the element').to.be.at.most(361);
  });

  it('id-field, name-field and state-field read other shapes', async () => {
    const { source, board } = await mount({ 'id-field': 'agent_id', 'name-field': 'meta.display', 'state-field': 'run.phase' });
    await publish(source, { agent_id: 'p1', meta: { display: 'Planner' }, run: { phase: 'working' }, tokensPerSec: 3 });
    await publish(source, { agent_id: 'p1', run: { phase: 'input-required' } });
    const c = card(board, 'p1')!;
    expect(field(c, '[part="name"]')).to.equal('Planner');
    expect(field(c, '[part="state"]')).to.equal('Waiting');
    expect(cards(board)).to.have.length(1);
  });
});

describe('<agent-status> keyboard (real key presses)', () => {
  async function page(layout: string, n: number) {
    const wrapper = await fixture<HTMLElement>(
      html`<div style="width: 900px">
        <button id="before">before</button>
        <pulse-source src=${`local:${newSession('agents')}`}><agent-status topic="agents" layout=${layout}></agent-status></pulse-source>
        <button id="after">after</button>
      </div>`,
    );
    const source = wrapper.querySelector('pulse-source')!;
    const board = wrapper.querySelector('agent-status')!;
    await board.updateComplete;
    await publish(source, ...Array.from({ length: n }, (_, i) => ({ id: `a${String(i).padStart(2, '0')}`, name: `Agent ${String(i).padStart(2, '0')}`, state: 'running' })));
    return { board, before: wrapper.querySelector<HTMLElement>('#before')!, after: wrapper.querySelector<HTMLElement>('#after')! };
  }
  const active = (board: Element) => root(board).activeElement as HTMLElement | null;
  const activeId = (board: Element) => active(board)?.closest<HTMLElement>('[data-key]')?.dataset['key'];

  it('cards are one Tab stop; arrows move left/right and up/down the rows of cards; Home/End; Enter selects', async () => {
    const { board, before, after } = await page('grid', 12);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(activeId(board)).to.equal('a00');
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement === after, 'Tab leaves the board in one step').to.equal(true);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(activeId(board)).to.equal('a00');
    await sendKeys({ press: 'ArrowRight' });
    expect(activeId(board)).to.equal('a01');
    const perRow = [...root(board).querySelectorAll<HTMLElement>('[part="card"]')].filter((c, _, all) => c.getBoundingClientRect().top === all[0]!.getBoundingClientRect().top).length;
    expect(perRow).to.be.greaterThan(1);
    await sendKeys({ press: 'ArrowDown' });
    expect(activeId(board)).to.equal(`a${String(1 + perRow).padStart(2, '0')}`);
    await sendKeys({ press: 'ArrowUp' });
    expect(activeId(board)).to.equal('a01');
    await sendKeys({ press: 'End' });
    expect(activeId(board)).to.equal('a11');
    await sendKeys({ press: 'Home' });
    expect(activeId(board)).to.equal('a00');
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const chosen = await oneEvent(board, 'pulse-agent-select');
    expect(chosen.detail.id).to.equal('a00');
    await board.updateComplete;
    expect(active(board)!.getAttribute('aria-selected')).to.equal('true');
    expect(root(board).querySelectorAll('.grid [tabindex="0"]').length).to.equal(1);
  });

  it('the table is one Tab stop; arrows move between cells, Home/End within the row, Ctrl+End to the last row', async () => {
    const { board, before, after } = await page('table', 6);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(activeId(board)).to.equal('a00');
    expect(active(board)!.localName).to.equal('th');
    await sendKeys({ press: 'ArrowRight' });
    expect(clean(active(board)!.textContent)).to.equal('Running');
    await sendKeys({ press: 'ArrowDown' });
    expect(activeId(board)).to.equal('a01');
    await sendKeys({ press: 'End' });
    expect(active(board)!.classList.contains('seen')).to.equal(true);
    await sendKeys({ press: 'Home' });
    expect(active(board)!.localName).to.equal('th');
    await sendKeys({ press: 'Control+End' });
    expect(activeId(board)).to.equal('a05');
    setTimeout(() => void sendKeys({ press: 'Space' }));
    expect((await oneEvent(board, 'pulse-agent-select')).detail.id).to.equal('a05');
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement === after, 'Tab leaves the table in one step').to.equal(true);
  });
});
