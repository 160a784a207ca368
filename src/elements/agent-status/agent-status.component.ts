import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { AGENT_STATES, parseAgent, type AgentFieldMap, type AgentState } from '../../data/agent-payload.js';
import { AGENT_STATE_RANK, AgentStore, type AgentRecord, type AgentSnapshot } from '../../data/agent-store.js';
import { parseDuration } from '../../data/duration.js';
import { readField } from '../../data/field-path.js';
import type { MessageMeta } from '../../data/types.js';
import { columnDecimals } from '../../render/column-format.js';
import { formatValueParts, numberFormat } from '../../render/format.js';
import { formatAge } from '../../render/format-time.js';
import { icons } from '../../render/icons.js';
import { AnnounceController } from '../../render/announce-controller.js';
import { positiveIntOr } from '../../render/attributes.js';
import { PulseElement } from '../../render/pulse-element.js';
import { RovingFocusController } from '../../render/roving-focus.js';
import { styles } from './agent-status.styles.js';
import '../../i18n/en/agent-status.js'; // this element's English strings, out of the shared core

/** Detail of `pulse-agent-select`. */
export interface PulseAgentSelectDetail {
  readonly id: string;
  /** A snapshot of everything known about the agent. */
  readonly agent: AgentSnapshot;
}

/** Shapes that differ without colour: play, pause, ring, cross, slashed circle (drawn, never a font's glyph). */
const STATE_ICON: Record<AgentState, () => TemplateResult> = {
  running: icons.play,
  waiting: icons.pause,
  idle: icons.ring,
  error: icons.cross,
  offline: icons.offline,
};
/** Order of the summary line. */
const SUMMARY_ORDER: readonly AgentState[] = ['running', 'waiting', 'idle', 'error', 'offline'];

const DEFAULT_OFFLINE_MS = 30_000;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const dash = '–';

/** How each metric column is written this frame: one format per column, value and unit unbroken. */
interface Columns {
  readonly tokens: (v: number | undefined) => string;
  readonly errors: (v: number | undefined) => string;
  readonly latency: (v: number | undefined) => string;
  readonly cost: (v: number | undefined) => string;
  /** Changes when any format changes: cached cards then redraw. */
  readonly key: string;
}

/**
 * The formats of the metric columns, from the values in them: decimals from each column's
 * largest value (costs keep at least cents), latency in ms below 10 s across both quantiles and
 * in s above, all in the element's language.
 */
function columnsFor(records: Iterable<AgentRecord>, lang: string): Columns {
  const tokens: (number | undefined)[] = [];
  const errors: (number | undefined)[] = [];
  const latency: (number | undefined)[] = [];
  const costs: (number | undefined)[] = [];
  for (const r of records) {
    tokens.push(r.tokensPerSec);
    errors.push(r.errorRate === undefined ? undefined : r.errorRate * 100);
    latency.push(r.latencyP50, r.latencyP99);
    costs.push(r.costUsd);
  }
  const tokenDigits = columnDecimals(tokens, { significant: 3, max: 1 });
  const errorDigits = columnDecimals(errors, { significant: 2, max: 2 });
  const costDigits = columnDecimals(costs, { significant: 2, min: 2, max: 4 });
  const longest = Math.max(0, ...latency.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const seconds = longest >= 10_000;
  const latencyDigits = seconds ? columnDecimals(latency.map((v) => (v === undefined ? v : v / 1000)), { significant: 3, max: 2 }) : longest >= 100 ? 0 : longest >= 10 ? 1 : 2;
  const fixed = (d: number) => ({ minimumFractionDigits: d, maximumFractionDigits: d });
  const plain = numberFormat(lang, fixed(tokenDigits));
  const compact = numberFormat(lang, { notation: 'compact', ...fixed(1) });
  const duration = numberFormat(lang, { style: 'unit', unit: seconds ? 'second' : 'millisecond', unitDisplay: 'short', ...fixed(latencyDigits) });
  let money: Intl.NumberFormat;
  try {
    money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD', ...fixed(costDigits) });
  } catch {
    money = numberFormat(lang, fixed(costDigits));
  }
  const or = (f: (v: number) => string) => (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? dash : f(v));
  return {
    tokens: or((v) => (v >= 10_000 ? compact.format(v) : plain.format(v))),
    errors: or((v) => {
      const { number, suffix } = formatValueParts(v, { unit: 'percentunit', decimals: errorDigits, locale: lang });
      return number + suffix;
    }),
    latency: or((v) => duration.format(seconds ? v / 1000 : v)),
    cost: or((v) => money.format(v)),
    key: `${lang}|${tokenDigits}|${errorDigits}|${costDigits}|${seconds ? 's' : 'ms'}${latencyDigits}`,
  };
}

/** SVG polyline points for a sparkline `w` × `h` from samples (oldest first); '' under two points. */
function sparkPoints(samples: Float64Array, w: number, h: number): string {
  const n = samples.length;
  if (n < 2) return '';
  let min = Infinity;
  let max = -Infinity;
  for (const v of samples) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min || 1;
  const flat = max === min;
  let points = '';
  for (let i = 0; i < n; i++) {
    const x = (i / (n - 1)) * w;
    const y = flat ? h / 2 : h - 1 - ((samples[i]! - min) / range) * (h - 2);
    points += `${x.toFixed(1)},${y.toFixed(1)} `;
  }
  return points.trimEnd();
}

/**
 * Who is working: one card (`layout="grid"`, the default) or table row (`layout="table"`) per
 * agent, keyed by `id`, with its state (idle, running, waiting, error, offline; word and icon),
 * current task and tool call, last-seen age, tokens/s with a sparkline, latency p50/p99, error
 * rate and cost. Payloads are updates: `{id, state}` alone changes only the state. A2A task
 * states and LangGraph run statuses are understood too.
 *
 * An agent with no message for `offline-after` turns offline by itself. Errors and offline agents
 * sort first, then running, waiting and idle ones, then by name. A summary line counts agents per
 * state, and a polite status region repeats it for screen readers at a bounded rate.
 *
 * Built for hundreds of agents updating many times a second: state is merged on arrival, the
 * element renders at most once per frame, and a card whose agent did not change is not rendered
 * again. Clicking a card (or Enter/Space on it) fires `pulse-agent-select`.
 *
 * Numbers in one column share one format (decimals chosen from the column's largest value), and
 * a value never breaks from its unit. Streams shaped otherwise: `id-field`, `name-field` and
 * `state-field` point at those parts by dot path (`id-field="agent_id"`).
 *
 * Keyboard: the board is ONE Tab stop. Cards (a WAI-ARIA listbox; the selected agent is
 * `aria-selected`): arrow keys move to the previous/next card and to the card above/below,
 * Home/End to the first/last, Enter or Space selects. Table (an APG grid): arrows move between
 * cells, Home/End to the first/last cell of the row, Ctrl+Home/End to the first/last row.
 *
 * Everything from the stream is rendered as text, never as HTML.
 *
 * @summary Live agent board: state, task, tool, tokens/s, latency, error rate, cost; offline detection.
 * @tagname agent-status
 * @fires pulse-agent-select - An agent was clicked or chosen with Enter/Space; `detail` is `{id, agent}`.
 * @csspart frame - Everything the board shows; it fills a box the page gives the element, and the cards scroll inside it.
 * @csspart header - The summary line and connection indicator.
 * @csspart summary - The summary line ("3 running · 1 error · 1 offline").
 * @csspart grid - The list of cards (grid layout, a listbox).
 * @csspart card - One agent's card (grid layout).
 * @csspart table - The table (table layout).
 * @csspart row - One agent's row (table layout).
 * @csspart name - An agent's name.
 * @csspart state - An agent's state icon and word.
 * @csspart task - An agent's current task.
 * @csspart tool - An agent's current tool call.
 * @csspart sparkline - The tokens/s sparkline (an SVG).
 * @csspart empty - The message shown before any agent reported.
 * @csspart status - The connection/staleness indicator.
 * @cssprop --pulse-agent-running - Colour of running agents (default `--pulse-ok`).
 * @cssprop --pulse-agent-waiting - Colour of waiting agents (default `--pulse-warn`).
 * @cssprop --pulse-agent-idle - Colour of idle agents (default `--pulse-muted`).
 * @cssprop --pulse-agent-error - Colour of agents in error (default `--pulse-crit`).
 * @cssprop --pulse-agent-offline - Colour of offline agents (default `--pulse-muted`).
 * @cssprop --pulse-agent-sparkline - Sparkline stroke (default `--pulse-info`).
 * @cssprop --pulse-agent-card-width - Minimum card width in the grid (default `16rem`).
 */
export class AgentStatus extends PulseElement {
  static override styles = [...PulseElement.styles, styles];

  /** `grid` (cards, default) or `table` (one compact row per agent). */
  @property({ reflect: true }) layout: 'grid' | 'table' = 'grid';

  /** An agent with no message for this long is shown offline: `30s` (default), `2m`, or milliseconds. */
  @property({ attribute: 'offline-after' }) offlineAfter = '30s';

  /** Most agents kept; beyond it the agent not heard from for longest leaves (offline ones first). */
  @property({ type: Number, attribute: 'max-agents' }) maxAgents = 1000;

  /** Id of the selected agent (set when one is chosen); its card is marked. */
  @property({ reflect: true }) selected?: string;

  /** Accessible name of the list or table; "Agents" in the element's language when empty. */
  @property() label = '';

  /** Dot path of each agent's id, when it is not `id` (`agent_id`). */
  @property({ attribute: 'id-field' }) idField?: string;

  /** Dot path of each agent's name, when it is not `name`. */
  @property({ attribute: 'name-field' }) nameField?: string;

  /** Dot path of each agent's state word, when it is not `state` or `status`. */
  @property({ attribute: 'state-field' }) stateField?: string;

  /** Least time between two updates of the screen-reader summary, in ms. */
  announceIntervalMs = 5000;

  /** @deprecated Since 0.2.0, removed in 0.3.0: `announceIntervalMs`, the name every element uses. */
  get liveSummaryIntervalMs(): number {
    return this.announceIntervalMs;
  }
  set liveSummaryIntervalMs(ms: number) {
    this.announceIntervalMs = ms;
  }

  private readonly announcer = new AnnounceController(this, { intervalMs: () => this.announceIntervalMs });

  /**
   * Least time between two re-sorts caused by state changes, in ms. Cards update in place on
   * every frame but move at most this often, so they can be read and clicked. Arrivals and
   * departures are placed at once. While focus is inside the list nothing moves at all.
   */
  reorderIntervalMs = 1000;

  private readonly store = new AgentStore(1000);
  private order: AgentRecord[] = [];
  private nameRank = new Map<AgentRecord, number>();
  private sortedAt = -Infinity;
  private fieldMap: AgentFieldMap = {};

  /** One Tab stop for the board: arrows move between cards (a listbox)... */
  protected readonly cardFocus = new RovingFocusController(this, {
    container: () => this.renderRoot.querySelector<HTMLElement>('.grid'),
    items: (container) => [...container.querySelectorAll<HTMLElement>(':scope > [data-key]')],
    cells: (item) => [item],
    layout: 'cards',
  });
  /** ...or between the cells of the table (a grid). */
  protected readonly tableFocus = new RovingFocusController(this, {
    container: () => this.renderRoot.querySelector<HTMLElement>('tbody'),
    items: (container) => [...container.querySelectorAll<HTMLElement>(':scope > [data-key]')],
    cells: (item) => [...item.querySelectorAll<HTMLElement>(':scope > th, :scope > td')],
    layout: 'rows',
    homeEnd: 'cells',
  });

  /** Every agent known, in display order, as snapshots. */
  get agents(): AgentSnapshot[] {
    this.sortIfNeeded(Date.now());
    return this.order.map((r) => r.snapshot());
  }

  /** One agent's snapshot, or undefined. */
  getAgent(id: string): AgentSnapshot | undefined {
    return this.store.get(id)?.snapshot();
  }

  /** Agents dropped because `max-agents` was reached. */
  get evicted(): number {
    return this.store.evicted;
  }

  /** Forgets every agent. */
  clear(): void {
    this.store.clear();
    this.stream.requestFrame();
  }

  private get offlineAfterMs(): number {
    return parseDuration(this.offlineAfter) ?? DEFAULT_OFFLINE_MS;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('maxAgents')) this.store.maxAgents = positiveIntOr(this.maxAgents, 1000);
    if (changed.has('idField') || changed.has('nameField') || changed.has('stateField')) {
      this.fieldMap = { id: this.idField, name: this.nameField, state: this.stateField };
    }
  }

  protected override onPayload(payload: unknown, meta: MessageMeta): void {
    const data = this.field ? readField(payload, this.field) : payload;
    const result = parseAgent(data, meta.receivedAt, this.fieldMap);
    if (!result.ok) return this.stream.reject(meta.topic, result.reason);
    // Bad fields are dropped one by one; the payload still counts once as malformed.
    if (result.errors.length) this.stream.reject(meta.topic, result.errors.join('; '));
    this.store.apply(result.update, meta.receivedAt);
  }

  protected override onReset(): void {
    this.store.clear();
  }

  override renderFrame(): void {
    const now = Date.now();
    this.store.sweep(now, this.offlineAfterMs);
    // Composed when spoken, so it is the summary of that moment; unchanged counts say nothing.
    this.announcer.announce(() => (this.store.size ? this.summaryText(this.counts()) : ''), now);
    super.renderFrame();
  }

  /** Once a second: agents go offline by themselves, and last-seen ages move on. */
  protected override onSecond(now: number): void {
    if (this.store.size === 0) return;
    this.store.sweep(now, this.offlineAfterMs);
    this.stream.requestFrame();
  }

  private counts(): Map<AgentState, number> {
    const counts = new Map<AgentState, number>(AGENT_STATES.map((s) => [s, 0]));
    for (const record of this.store.values()) counts.set(record.state, counts.get(record.state)! + 1);
    return counts;
  }

  private summaryText(counts: Map<AgentState, number>): string {
    if (this.store.size === 0) return this.t('agent.none');
    return SUMMARY_ORDER.filter((s) => counts.get(s)! > 0)
      .map((s) => this.t(`agent.count.${s}`, { count: counts.get(s)! }))
      .join(' · ');
  }

  /**
   * Display order: state rank, then name. Names are collated only when names change (arrivals,
   * renames); a state change, the frequent case, re-sorts with plain number comparisons.
   */
  private sortIfNeeded(now: number): void {
    if (!this.store.orderChanged && this.order.length === this.store.size) return;
    const membership = this.store.namesChanged || this.order.length !== this.store.size;
    if (this.focusInList() || (!membership && now - this.sortedAt < this.reorderIntervalMs)) {
      // Not now (orderChanged stays set, a later frame sorts); arrivals and departures still show.
      if (membership) this.reconcileOrder();
      return;
    }
    this.store.orderChanged = false;
    this.sortedAt = now;
    const records = [...this.store.values()];
    if (this.store.namesChanged) {
      this.store.namesChanged = false;
      const byName = records.slice().sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.nameRank = new Map(byName.map((r, i) => [r, i]));
    }
    const rank = this.nameRank;
    this.order = records.sort((a, b) => AGENT_STATE_RANK[a.state] - AGENT_STATE_RANK[b.state] || (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  }

  /** Keeps the current order, drops departed agents and appends new ones. */
  private reconcileOrder(): void {
    const kept = this.order.filter((r) => this.store.get(r.id) === r);
    const known = new Set(kept);
    for (const record of this.store.values()) if (!known.has(record)) kept.push(record);
    this.order = kept;
  }

  /**
   * Whether keyboard focus is on a card or row: moving it would lose the user's place (a moved
   * node loses focus). Focus left by a mouse click does not count, or one click would freeze the board.
   */
  private focusInList(): boolean {
    const active = (this.renderRoot as ShadowRoot).activeElement;
    return !!active?.closest('.grid, tbody') && active.matches(':focus-visible');
  }

  private select(id: string): void {
    const record = this.store.get(id);
    if (!record) return;
    this.selected = id;
    this.emit('pulse-agent-select', { id, agent: record.snapshot() });
  }

  private readonly onClick = (event: Event): void => {
    const target = (event.target as Element | null)?.closest<HTMLElement>('[data-id]');
    if (target) this.select(target.dataset['id'] ?? '');
  };

  /** Enter or Space on a card, or on any cell of a table row, selects that agent. */
  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = (event.target as HTMLElement | null)?.closest<HTMLElement>('[data-key]');
    if (!target) return;
    event.preventDefault();
    this.select(target.dataset['id'] ?? '');
  };

  override render(): TemplateResult {
    const now = Date.now();
    this.sortIfNeeded(now);
    const summary = this.summaryText(this.counts());
    const columns = columnsFor(this.order, this.i18n.lang);
    // The frame fills the host (styles: sizing); the body scrolls under the header.
    return html`<div class="frame" part="frame">
      <div class="header" part="header">
        <p class="summary" part="summary">${summary}</p>
        ${this.renderStatus()}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcer.text}</div>
      <div class="body">
      ${this.order.length === 0
        ? html`<p class="empty" part="empty">${this.t('agent.none')}</p>`
        : this.layout === 'table'
          ? this.renderTable(now, columns)
          : this.renderGrid(now, columns)}
      </div>
    </div>`;
  }

  private renderGrid(now: number, columns: Columns): TemplateResult {
    const lang = this.i18n.lang;
    return html`<div
      class="grid"
      part="grid"
      role="listbox"
      aria-label=${this.label || this.t('agent.label')}
      @click=${this.onClick}
      @keydown=${this.onKeydown}
    >
      ${repeat(
        this.order,
        (r) => r.id,
        (r) => html`<div
          class="card"
          part="card"
          role="option"
          tabindex="-1"
          data-key=${r.id}
          data-id=${r.id}
          data-state=${r.state}
          aria-selected=${this.selected === r.id ? 'true' : 'false'}
          aria-current=${this.selected === r.id ? 'true' : 'false'}
        >
          ${guard([r.version, columns.key, this.i18n.key], () => this.renderCardBody(r, columns))}
          <div class="foot">
            <span class="seen">${this.t('agent.lastSeen')} <span class="age">${formatAge(r.lastSeen, now, lang)}</span></span>
            ${guard([r.version], () => this.renderSparkline(r))}
          </div>
        </div>`,
      )}
    </div>`;
  }

  private renderState(state: AgentState): TemplateResult {
    return html`<span class="state" part="state"><span class="icon" aria-hidden="true">${STATE_ICON[state]()}</span>${this.t(`agent.state.${state}`)}</span>`;
  }

  private renderCardBody(r: AgentRecord, c: Columns): TemplateResult {
    return html`<div class="head">
        <span class="name" part="name">${r.name}</span>
        ${this.renderState(r.state)}
      </div>
      <div class="task" part="task">${r.task ?? html`<span class="none">${this.t('agent.noTask')}</span>`}</div>
      ${r.tool !== undefined ? html`<div class="tool" part="tool"><span class="k">${this.t('agent.tool')}</span> <span class="v">${r.tool}</span></div>` : nothing}
      <dl class="metrics">
        <div><dt>${this.t('agent.tokens')}</dt><dd class="tokens"><span class="n">${c.tokens(r.tokensPerSec)}</span></dd></div>
        <div><dt>${this.t('agent.errors')}</dt><dd class="errors"><span class="n">${c.errors(r.errorRate)}</span></dd></div>
        <div>
          <dt>${this.t('agent.latency')}</dt>
          <dd class="latency"><span class="n">${c.latency(r.latencyP50)}</span>\u00a0/ <span class="n">${c.latency(r.latencyP99)}</span></dd>
        </div>
        <div><dt>${this.t('agent.cost')}</dt><dd class="cost"><span class="n">${c.cost(r.costUsd)}</span></dd></div>
      </dl>`;
  }

  private renderSparkline(r: AgentRecord): TemplateResult | typeof nothing {
    const points = sparkPoints(r.samples(), 60, 16);
    if (!points) return nothing;
    return html`<svg class="spark" part="sparkline" viewBox="0 0 60 16" preserveAspectRatio="none" aria-hidden="true">
      <polyline points=${points}></polyline>
    </svg>`;
  }

  private renderTable(now: number, columns: Columns): TemplateResult {
    const lang = this.i18n.lang;
    // The table scrolls sideways inside the element rather than making the page wider.
    return html`<div class="table-scroll">
      <table part="table" role="grid" aria-readonly="true">
        <caption class="visually-hidden">${this.label || this.t('agent.label')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('agent.col.agent')}</th>
            <th scope="col">${this.t('agent.col.state')}</th>
            <th scope="col">${this.t('agent.col.task')}</th>
            <th scope="col">${this.t('agent.col.tool')}</th>
            <th scope="col">${this.t('agent.col.tokens')}</th>
            <th scope="col"><span class="visually-hidden">${this.t('agent.col.trend')}</span></th>
            <th scope="col">${this.t('agent.col.p50')}</th>
            <th scope="col">${this.t('agent.col.p99')}</th>
            <th scope="col">${this.t('agent.col.errors')}</th>
            <th scope="col">${this.t('agent.col.cost')}</th>
            <th scope="col">${this.t('agent.col.lastSeen')}</th>
          </tr>
        </thead>
        <tbody @click=${this.onClick} @keydown=${this.onKeydown}>
          ${repeat(
            this.order,
            (r) => r.id,
            (r) => html`<tr
              part="row"
              data-key=${r.id}
              data-id=${r.id}
              data-state=${r.state}
              aria-selected=${this.selected === r.id ? 'true' : 'false'}
              aria-current=${this.selected === r.id ? 'true' : 'false'}
            >
              ${guard([r.version, columns.key, this.i18n.key], () => this.renderCells(r, columns))}
              <td class="seen" tabindex="-1">${formatAge(r.lastSeen, now, lang)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCells(r: AgentRecord, c: Columns): TemplateResult {
    return html`<th scope="row" tabindex="-1"><span class="name" part="name">${r.name}</span></th>
      <td tabindex="-1">${this.renderState(r.state)}</td>
      <td class="task" part="task" tabindex="-1">${r.task ?? ''}</td>
      <td class="tool" part="tool" tabindex="-1">${r.tool ?? ''}</td>
      <td class="num tokens" tabindex="-1">${c.tokens(r.tokensPerSec)}</td>
      <td tabindex="-1">${this.renderSparkline(r)}</td>
      <td class="num latency-p50" tabindex="-1">${c.latency(r.latencyP50)}</td>
      <td class="num latency-p99" tabindex="-1">${c.latency(r.latencyP99)}</td>
      <td class="num errors" tabindex="-1">${c.errors(r.errorRate)}</td>
      <td class="num cost" tabindex="-1">${c.cost(r.costUsd)}</td>`;
  }
}

/** @deprecated Since 0.2.0, removed in 0.3.0: use `PulseAgentSelectDetail`. */
export type AgentSelectDetail = PulseAgentSelectDetail;

declare module '../../render/events.js' {
  interface PulseEventMap {
    'pulse-agent-select': CustomEvent<PulseAgentSelectDetail>;
  }
}
