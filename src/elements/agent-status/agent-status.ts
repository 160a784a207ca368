import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { AGENT_STATES, parseAgent, type AgentState } from '../../data/agent-payload.js';
import { AGENT_STATE_RANK, AgentStore, type AgentRecord, type AgentSnapshot } from '../../data/agent-store.js';
import { parseDuration } from '../../data/duration.js';
import { readField } from '../../data/field-path.js';
import type { MessageMeta } from '../../data/types.js';
import { defineElement } from '../../render/define.js';
import { formatAge, formatCurrency, formatValue } from '../../render/format.js';
import { PulseElement } from '../../render/pulse-element.js';
import { styles } from './agent-status.styles.js';

/** Detail of `pulse-agent-select`. */
export interface AgentSelectDetail {
  readonly id: string;
  /** A snapshot of everything known about the agent. */
  readonly agent: AgentSnapshot;
}

const STATE_TEXT: Record<AgentState, string> = { idle: 'Idle', running: 'Running', waiting: 'Waiting', error: 'Error', offline: 'Offline' };
/** Shapes that differ without colour: play, pause, ring, cross, slashed circle. */
const STATE_ICON: Record<AgentState, string> = { running: '▶', waiting: '❚❚', idle: '○', error: '✖', offline: '⊘' };
/** Order of the summary line. */
const SUMMARY_ORDER: readonly AgentState[] = ['running', 'waiting', 'idle', 'error', 'offline'];

const DEFAULT_OFFLINE_MS = 30_000;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const dash = '–';
const num = (v: number | undefined, unit?: string): string => (v === undefined ? dash : formatValue(v, unit ? { unit } : { compact: v >= 10_000 }));

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
 * Everything from the stream is rendered as text, never as HTML.
 *
 * @summary Live agent board: state, task, tool, tokens/s, latency, error rate, cost; offline detection.
 * @tagname agent-status
 * @fires pulse-agent-select - An agent was clicked or chosen with Enter/Space; `detail` is `{id, agent}`.
 * @csspart frame - Everything the board shows; it fills a box the page gives the element, and the cards scroll inside it.
 * @csspart header - The summary line and connection indicator.
 * @csspart summary - The summary line ("3 running · 1 error · 1 offline").
 * @csspart grid - The list of cards (grid layout).
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

  /** Accessible name of the list or table. */
  @property() label = 'Agents';

  /** Least time between two updates of the screen-reader summary, in ms. */
  liveSummaryIntervalMs = 5000;

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
  private liveSummary = '';
  private liveSummaryAt = -Infinity;

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
    if (changed.has('maxAgents')) this.store.maxAgents = Number.isInteger(this.maxAgents) && this.maxAgents > 0 ? this.maxAgents : 1000;
  }

  protected override onPayload(payload: unknown, meta: MessageMeta): void {
    const data = this.field ? readField(payload, this.field) : payload;
    const result = parseAgent(data, meta.receivedAt);
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
    this.updateLiveSummary(now);
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
    if (this.store.size === 0) return 'No agents yet';
    return SUMMARY_ORDER.filter((s) => counts.get(s)! > 0)
      .map((s) => `${counts.get(s)} ${s}`)
      .join(' · ');
  }

  private updateLiveSummary(now: number): void {
    if (now - this.liveSummaryAt < this.liveSummaryIntervalMs) return;
    const text = this.store.size ? this.summaryText(this.counts()) : '';
    if (text === this.liveSummary) return;
    this.liveSummary = text;
    this.liveSummaryAt = now;
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
    this.dispatchEvent(
      new CustomEvent<AgentSelectDetail>('pulse-agent-select', { detail: { id, agent: record.snapshot() }, bubbles: true, composed: true }),
    );
  }

  private readonly onClick = (event: Event): void => {
    const target = (event.target as Element | null)?.closest<HTMLElement>('[data-id]');
    if (target) this.select(target.dataset['id'] ?? '');
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target as HTMLElement | null;
    // Only the card itself acts as a button; native buttons (table names) handle keys themselves.
    if (!target?.classList.contains('card')) return;
    event.preventDefault();
    this.select(target.dataset['id'] ?? '');
  };

  override render(): TemplateResult {
    const now = Date.now();
    this.sortIfNeeded(now);
    const summary = this.summaryText(this.counts());
    // The frame fills the host (styles: sizing); the body scrolls under the header.
    return html`<div class="frame" part="frame">
      <div class="header" part="header">
        <p class="summary" part="summary">${summary}</p>
        ${this.renderStatus()}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.liveSummary}</div>
      <div class="body">
      ${this.order.length === 0
        ? html`<p class="empty" part="empty">No agents yet</p>`
        : this.layout === 'table'
          ? this.renderTable(now)
          : this.renderGrid(now)}
      </div>
    </div>`;
  }

  private renderGrid(now: number): TemplateResult {
    return html`<div
      class="grid"
      part="grid"
      role="list"
      aria-label=${this.label}
      @click=${this.onClick}
      @keydown=${this.onKeydown}
    >
      ${repeat(
        this.order,
        (r) => r.id,
        (r) => html`<div role="listitem">
          <div
            class="card"
            part="card"
            role="button"
            tabindex="0"
            data-id=${r.id}
            data-state=${r.state}
            aria-current=${this.selected === r.id ? 'true' : 'false'}
          >
            ${guard([r.version], () => this.renderCardBody(r))}
            <div class="foot">
              <span class="seen">Last seen <span class="age">${formatAge(r.lastSeen, now)}</span></span>
              ${guard([r.version], () => this.renderSparkline(r))}
            </div>
          </div>
        </div>`,
      )}
    </div>`;
  }

  private renderCardBody(r: AgentRecord): TemplateResult {
    const state = r.state;
    return html`<div class="head">
        <span class="name" part="name">${r.name}</span>
        <span class="state" part="state"><span class="icon" aria-hidden="true">${STATE_ICON[state]}</span> ${STATE_TEXT[state]}</span>
      </div>
      <div class="task" part="task">${r.task ?? html`<span class="none">No task</span>`}</div>
      ${r.tool !== undefined ? html`<div class="tool" part="tool"><span class="k">Tool:</span> <span class="v">${r.tool}</span></div>` : nothing}
      <dl class="metrics">
        <div><dt>Tokens/s</dt><dd class="tokens">${num(r.tokensPerSec)}</dd></div>
        <div><dt>Errors</dt><dd class="errors">${num(r.errorRate, 'percentunit')}</dd></div>
        <div><dt>p50 / p99</dt><dd class="latency">${num(r.latencyP50, 'ms')} / ${num(r.latencyP99, 'ms')}</dd></div>
        <div><dt>Cost</dt><dd class="cost">${r.costUsd === undefined ? dash : formatCurrency(r.costUsd, 'USD')}</dd></div>
      </dl>`;
  }

  private renderSparkline(r: AgentRecord): TemplateResult | typeof nothing {
    const points = sparkPoints(r.samples(), 60, 16);
    if (!points) return nothing;
    return html`<svg class="spark" part="sparkline" viewBox="0 0 60 16" preserveAspectRatio="none" aria-hidden="true">
      <polyline points=${points}></polyline>
    </svg>`;
  }

  private renderTable(now: number): TemplateResult {
    return html`<table part="table">
      <caption class="visually-hidden">${this.label}</caption>
      <thead>
        <tr>
          <th scope="col">Agent</th>
          <th scope="col">State</th>
          <th scope="col">Task</th>
          <th scope="col">Tool</th>
          <th scope="col">Tokens/s</th>
          <th scope="col"><span class="visually-hidden">Tokens/s trend</span></th>
          <th scope="col">p50</th>
          <th scope="col">p99</th>
          <th scope="col">Errors</th>
          <th scope="col">Cost</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody @click=${this.onClick}>
        ${repeat(
          this.order,
          (r) => r.id,
          (r) => html`<tr part="row" data-id=${r.id} data-state=${r.state} aria-current=${this.selected === r.id ? 'true' : 'false'}>
            ${guard([r.version], () => this.renderCells(r))}
            <td class="seen">${formatAge(r.lastSeen, now)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderCells(r: AgentRecord): TemplateResult {
    const state = r.state;
    return html`<th scope="row"><button type="button" class="name" part="name" data-id=${r.id}>${r.name}</button></th>
      <td><span class="state" part="state"><span class="icon" aria-hidden="true">${STATE_ICON[state]}</span> ${STATE_TEXT[state]}</span></td>
      <td class="task" part="task">${r.task ?? ''}</td>
      <td class="tool" part="tool">${r.tool ?? ''}</td>
      <td class="num tokens">${num(r.tokensPerSec)}</td>
      <td>${this.renderSparkline(r)}</td>
      <td class="num latency-p50">${num(r.latencyP50, 'ms')}</td>
      <td class="num latency-p99">${num(r.latencyP99, 'ms')}</td>
      <td class="num errors">${num(r.errorRate, 'percentunit')}</td>
      <td class="num cost">${r.costUsd === undefined ? dash : formatCurrency(r.costUsd, 'USD')}</td>`;
  }
}

defineElement('agent-status', AgentStatus);

declare global {
  interface HTMLElementTagNameMap {
    'agent-status': AgentStatus;
  }
  interface HTMLElementEventMap {
    'pulse-agent-select': CustomEvent<AgentSelectDetail>;
  }
}
