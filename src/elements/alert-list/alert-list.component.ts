import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { requestAlertAction, type AlertAction, type AlertActionResult } from '../../data/alert-actions.js';
import { ALERT_SEVERITIES, parseAlerts, severityRank, type AlertFieldMap, type AlertSeverity, type AlertSilence } from '../../data/alert-payload.js';
import { AlertStore, compareAlerts, type AlertEntry } from '../../data/alert-store.js';
import { parseDuration } from '../../data/duration.js';
import { readField } from '../../data/field-path.js';
import type { MessageMeta } from '../../data/types.js';
import { formatClockTime, formatDateTime } from '../../render/format.js';
import { formatDurationCompact, formatRelativeTime } from '../../render/format-time.js';
import { icons } from '../../render/icons.js';
import { AnnounceController } from '../../render/announce-controller.js';
import { commaList, positiveIntOr, wordList } from '../../render/attributes.js';
import { PulseElement } from '../../render/pulse-element.js';
import { RovingFocusController } from '../../render/roving-focus.js';
import { styles } from './alert-list.styles.js';
import '../../i18n/en/alert-list.js'; // this element's English strings, out of the shared core

/** Detail of `pulse-alert-ack` (and, with the silence form's fields, of `pulse-alert-silence` and `pulse-alert-unsilence`). */
export interface PulseAlertAckDetail {
  readonly id: string;
  /** A snapshot of the alert as the list shows it. */
  readonly alert: AlertEntry;
  /** Silence only, with a server that takes actions: the length chosen in the form (`2h`). */
  readonly duration?: string;
  /** Silence only, with a server that takes actions: the comment typed in the form. */
  readonly comment?: string;
}

/** Silence lengths offered in the form: the value sent, and the amount and unit it reads as (through Intl). */
const SILENCE_DURATIONS: readonly [value: string, amount: number, unit: 'minute' | 'hour' | 'day' | 'week'][] = [
  ['15m', 15, 'minute'],
  ['1h', 1, 'hour'],
  ['2h', 2, 'hour'],
  ['4h', 4, 'hour'],
  ['1d', 1, 'day'],
  ['7d', 1, 'week'],
];

/** An action sent to the server for one alert: under way, or failed (worded when drawn, in the element's language). */
interface ActionState {
  readonly action: AlertAction;
  readonly pending: boolean;
  readonly failure?: Extract<AlertActionResult, { ok: false }>;
}

/** Shapes that differ without colour: octagon, crossed circle, triangle, "i" (drawn, never a font's glyph). */
const SEVERITY_ICON: Record<AlertSeverity, () => TemplateResult> = {
  critical: icons.critical,
  error: icons.error,
  warning: icons.warning,
  info: icons.info,
};

const DEFAULT_TTL_MS = 5 * 60_000;
const DEFAULT_FLAP_WINDOW_MS = 10 * 60_000;
/** Titles named in one announcement; more are counted. */
const ANNOUNCE_TITLES = 3;

interface Group {
  readonly key: string;
  readonly name: string;
  readonly entries: AlertEntry[];
  readonly worst: number;
  readonly shared: ReadonlyMap<string, string>;
  /** `shared` as text, so an alert's cached template knows when its group's shared labels changed. */
  readonly sharedKey: string;
}

/**
 * What is on fire: a live list of alerts, keyed by `id` (or Alertmanager's `fingerprint`, or a
 * hash of the labels). A firing alert is updated in place; a resolved one shows as resolved and
 * leaves after `resolved-ttl`. Sorted by severity (critical, error, warning, info), then newest
 * start first; resolved alerts sink below firing ones. Accepts Pulseboard's alert payload and a
 * Prometheus Alertmanager webhook body as-is.
 *
 * Filter by severity (chips, which also count firing alerts) and by text; group by a label with
 * `group-by="service"` (collapsible groups, labels shared by a whole group shown once). Ack and
 * Silence buttons fire cancellable events for the host app to act on. When the server takes alert
 * actions (the reference server announces `alertActionsUrl` in `pulse.hello`), Silence opens a
 * small form (duration, comment) and, unless the host calls `preventDefault()`, the server
 * creates the silence (in Alertmanager with `--alertmanager`, else its own) and publishes the
 * alert again, so every viewer sees "Silenced by … until …"; Ack is a short silence; Unsilence
 * ends it. Errors (Alertmanager down, refused) show next to the button that caused them. Without
 * such a server, the alert is simply marked as acknowledged or silenced here. An alert that switches
 * between firing and resolved `flap-threshold` times within `flap-window` is marked "Flapping"
 * and is not announced again each time it fires. New critical alerts are announced through a
 * polite live region, at most one announcement per `announceIntervalMs`.
 *
 * Until the source has said anything about alerts, the list says the alert state is unknown
 * rather than "No alerts firing": an empty list is only news once the source spoke. A payload of
 * alerts, or an Alertmanager-style body with an empty `alerts` array (nothing firing), counts.
 * Resolved alerts keep the title they fired with, marked "Resolved" (with what the resolution
 * said beside it), never struck through.
 *
 * Streams shaped otherwise: `id-field`, `severity-field` and `title-field` point at those parts
 * of each alert by dot path (`severity-field="labels.priority"`).
 *
 * Keyboard (a grid, WAI-ARIA APG): the alerts are ONE Tab stop; ArrowUp/ArrowDown move between
 * alerts (and group headings), Home/End to the first/last, ArrowLeft/ArrowRight (mirrored under
 * `dir="rtl"`) to an alert's Ack and Silence buttons.
 *
 * Everything from the stream is rendered as text, never as HTML.
 *
 * @summary Live alert list: severity order, grouping, filters, ack/silence, flapping, Alertmanager webhooks.
 * @tagname alert-list
 * @fires pulse-alert-ack - Ack pressed; cancellable. `detail` is `{id, alert}`. Without `preventDefault()` the alert shows as acknowledged.
 * @fires pulse-alert-silence - Silence chosen; cancellable. `detail` is `{id, alert, duration?, comment?}`. Without `preventDefault()` the server silences it (or, without a server that takes actions, the alert shows as silenced).
 * @fires pulse-alert-unsilence - Unsilence pressed; cancellable. `detail` is `{id, alert}`. Without `preventDefault()` the server ends its silences.
 * @csspart frame - The bordered box holding everything; it fills a box the page gives the element, and the alerts scroll inside it.
 * @csspart header - The bar with the firing count, severity chips and text filter.
 * @csspart summary - The firing count.
 * @csspart chip - A severity filter toggle (with icon, name and count).
 * @csspart filter - The text filter input.
 * @csspart list - A list of alerts.
 * @csspart group - One group (with `group-by`).
 * @csspart group-toggle - The button that collapses or expands a group.
 * @csspart group-labels - Labels every alert of a group shares, shown once.
 * @csspart alert - One alert.
 * @csspart severity - An alert's severity icon and word.
 * @csspart title - An alert's title.
 * @csspart description - An alert's description.
 * @csspart labels - An alert's labels.
 * @csspart badge - Flapping / acknowledged / silenced badges.
 * @csspart actions - The Ack and Silence buttons of an alert.
 * @csspart action-error - Why the last action on an alert failed, next to its buttons.
 * @csspart silence-form - The form Silence opens (duration, comment).
 * @csspart empty - The "No alerts firing" message.
 * @csspart resolution - What the resolving payload said about a resolved alert.
 * @csspart status - The connection/staleness indicator.
 * @cssprop --pulse-alert-critical - Colour of critical alerts (default `--pulse-crit`).
 * @cssprop --pulse-alert-error - Colour of error alerts.
 * @cssprop --pulse-alert-warning - Colour of warnings (default `--pulse-warn`).
 * @cssprop --pulse-alert-info - Colour of info alerts (default `--pulse-info`).
 * @cssprop --pulse-bg - Background.
 * @cssprop --pulse-fg - Text colour.
 * @cssprop --pulse-border - Border colour.
 */
export class AlertList extends PulseElement {
  static override styles = [...PulseElement.styles, styles];

  /** Group alerts by this label (or comma-separated labels), e.g. `service`. Empty: one flat list. */
  @property({ attribute: 'group-by' }) groupBy = '';

  /** How long a resolved alert stays visible: `5m` (default), `30s`, or milliseconds. */
  @property({ attribute: 'resolved-ttl' }) resolvedTtl = '5m';

  /** Most alerts kept; beyond it resolved alerts leave first, then the least severe. */
  @property({ type: Number, attribute: 'max-alerts' }) maxAlerts = 500;

  /** Status flips (firing ⇄ resolved) within `flap-window` that mark an alert as flapping. */
  @property({ type: Number, attribute: 'flap-threshold' }) flapThreshold = 3;

  /** The window flips are counted in: `10m` (default). */
  @property({ attribute: 'flap-window' }) flapWindow = '10m';

  /** Text filter: shows alerts whose title, description, id or a `label=value` contains it (any case). */
  @property() filter = '';

  /** Severities shown, comma-separated (`critical,error`); empty shows all. The chips change it. */
  @property() severities = '';

  /** Accessible name of the list; "Alerts" in the element's language when empty. */
  @property() label = '';

  /** Dot path of each alert's id, when it is not `id` or `fingerprint`. */
  @property({ attribute: 'id-field' }) idField?: string;

  /** Dot path of each alert's severity word, when it is not `severity` or the `severity`/`priority` label. */
  @property({ attribute: 'severity-field' }) severityField?: string;

  /** Dot path of each alert's title, when it is not `title` (or the `summary` annotation, or `alertname`). */
  @property({ attribute: 'title-field' }) titleField?: string;

  /**
   * True once the source said something about alerts (an alert, or an empty list of them). Until
   * then the list cannot tell "nothing fires" from "nobody said yet".
   */
  get known(): boolean {
    return this.stateKnown;
  }

  /** The silence length the Silence form starts with: `15m`, `1h`, `2h` (default), `4h`, `1d`, `7d`. */
  @property({ attribute: 'silence-duration' }) silenceDuration = '2h';

  /** Least time between two live-region announcements, in ms. */
  announceIntervalMs = 2000;

  private readonly store = new AlertStore({
    maxAlerts: 500,
    resolvedTtlMs: DEFAULT_TTL_MS,
    flapThreshold: 3,
    flapWindowMs: DEFAULT_FLAP_WINDOW_MS,
  });
  private readonly collapsed = new Set<string>();
  /** Actions sent to the server, per alert id (bounded by the alerts shown). */
  private readonly actions = new Map<string, ActionState>();
  /** The alert whose Silence form is open. */
  private silenceFormFor: string | null = null;
  /** Element ids for action errors, one per alert entry (alert ids can hold any text at all). */
  private readonly errorIds = new WeakMap<AlertEntry, string>();
  private errorSerial = 0;
  private pendingTitles: string[] = [];
  private pendingCount = 0;
  // The same words twice in a row (another critical alert with the same title) are spoken again.
  private readonly announcer = new AnnounceController(this, { intervalMs: () => this.announceIntervalMs, repeat: true });
  private stateKnown = false;
  private fieldMap: AlertFieldMap = {};

  /** One Tab stop for the whole list; arrows move between alerts and to their buttons. */
  protected readonly roving = new RovingFocusController(this, {
    container: () => this.renderRoot.querySelector<HTMLElement>('.alerts'),
    items: (container) => [...container.querySelectorAll<HTMLElement>('[data-key]')],
    cells: (item) => [...item.querySelectorAll<HTMLElement>('[data-cell]')],
    layout: 'rows',
  });

  /** The alerts held now, in display order (filters not applied). */
  get alerts(): AlertEntry[] {
    return [...this.store.values()].sort(compareAlerts);
  }

  /** Alerts dropped because `max-alerts` was reached. */
  get evicted(): number {
    return this.store.evicted;
  }

  /** Marks an alert acknowledged without an event (e.g. after the host's own API call succeeded). */
  acknowledge(id: string, on = true): boolean {
    const ok = this.store.setAcknowledged(id, on);
    if (ok) this.stream.requestFrame();
    return ok;
  }

  /** Marks an alert silenced without an event. */
  silence(id: string, on = true): boolean {
    const ok = this.store.setSilenced(id, on);
    if (ok) this.stream.requestFrame();
    return ok;
  }

  /** Forgets every alert. */
  clear(): void {
    this.store.clear();
    this.collapsed.clear();
    this.stream.requestFrame();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('idField') || changed.has('severityField') || changed.has('titleField')) {
      this.fieldMap = { id: this.idField, severity: this.severityField, title: this.titleField };
    }
    if (changed.has('maxAlerts') || changed.has('resolvedTtl') || changed.has('flapThreshold') || changed.has('flapWindow')) {
      this.store.options = {
        maxAlerts: positiveIntOr(this.maxAlerts, 500),
        resolvedTtlMs: parseDuration(this.resolvedTtl) ?? DEFAULT_TTL_MS,
        flapThreshold: Number.isFinite(this.flapThreshold) && this.flapThreshold >= 1 ? this.flapThreshold : 3,
        flapWindowMs: parseDuration(this.flapWindow) ?? DEFAULT_FLAP_WINDOW_MS,
      };
    }
  }

  protected override onPayload(payload: unknown, meta: MessageMeta): void {
    const data = this.field ? readField(payload, this.field) : payload;
    const { alerts, errors } = parseAlerts(data, meta.receivedAt, this.fieldMap);
    for (const reason of errors) this.stream.reject(meta.topic, reason);
    // The source spoke about alerts: even "none" (an empty list) is an answer; junk alone is not.
    if (alerts.length > 0 || errors.length === 0) this.stateKnown = true;
    for (const alert of alerts) {
      const { entry, startedFiring } = this.store.upsert(alert, meta.receivedAt);
      if (startedFiring && !meta.replay && entry.severity === 'critical' && !entry.flapping && !entry.silenced) {
        this.pendingCount++;
        if (this.pendingTitles.length < ANNOUNCE_TITLES) this.pendingTitles.push(entry.title);
      }
    }
  }

  protected override onReset(): void {
    this.store.clear();
    this.stateKnown = false;
    this.pendingTitles = [];
    this.pendingCount = 0;
    this.announcer.cancel();
  }

  override renderFrame(): void {
    if (this.pendingCount > 0) this.announcer.announce(() => this.pendingAnnouncement());
    super.renderFrame();
  }

  protected override onSecond(now: number): void {
    if (this.store.size === 0 && this.pendingCount === 0) return;
    this.store.expire(now);
    // Durations ("firing for 12m") move on: one render per second for the whole list.
    this.stream.requestFrame();
  }

  /** The new critical alerts since the last announcement, in one sentence; composed when spoken. */
  private pendingAnnouncement(): string | undefined {
    const n = this.pendingCount;
    if (n === 0) return undefined;
    const titles = this.pendingTitles.join('; ');
    this.pendingCount = 0;
    this.pendingTitles = [];
    return n === 1 ? this.t('alert.newCritical', { titles }) : this.t(n > ANNOUNCE_TITLES ? 'alert.newCriticalMore' : 'alert.newCriticalMany', { count: n, titles });
  }

  private shownSeverities(): Set<AlertSeverity> {
    const words = wordList(this.severities, ALERT_SEVERITIES);
    return new Set(words.length ? words : ALERT_SEVERITIES);
  }

  private toggleSeverity(severity: AlertSeverity): void {
    const shown = this.shownSeverities();
    // The last one shown stays on (docs/theming.md "Filter chips"): an empty list would look
    // like a quiet system, and showing everything again would contradict the chip just pressed.
    if (shown.has(severity) && shown.size === 1) return;
    if (shown.has(severity)) shown.delete(severity);
    else shown.add(severity);
    this.severities = shown.size === ALERT_SEVERITIES.length ? '' : ALERT_SEVERITIES.filter((s) => shown.has(s)).join(',');
  }

  private matchesText(entry: AlertEntry, needle: string): boolean {
    if (!needle) return true;
    if (entry.title.toLowerCase().includes(needle)) return true;
    if (entry.description.toLowerCase().includes(needle)) return true;
    if (entry.id.toLowerCase().includes(needle)) return true;
    for (const [k, v] of entry.labels) if (`${k}=${v}`.toLowerCase().includes(needle)) return true;
    return false;
  }

  /** Whether the server this list reads takes alert actions (it said so in `pulse.hello`). */
  private get remoteActions(): boolean {
    return Boolean(this.stream.currentHub?.alertActionsUrl);
  }

  private act(kind: AlertAction, id: string, form?: { duration: string; comment: string }): void {
    const entry = this.store.get(id);
    if (!entry || entry.status !== 'firing' || this.actions.get(id)?.pending) return;
    const remote = this.remoteActions;
    if (kind === 'unsilence' ? !entry.silence && !entry.silenced && !entry.acknowledged : kind === 'ack' ? entry.acknowledged : entry.silenced) return;
    if (kind === 'silence' && remote && !form) {
      this.silenceFormFor = id;
      // A person is waiting on this one: render now, not on the next shared frame, so focus can move.
      this.requestUpdate();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLSelectElement>('.silence-form select')?.focus());
      return;
    }
    const detail: PulseAlertAckDetail = { id, alert: Object.freeze({ ...entry }), ...(form ?? {}) };
    this.silenceFormFor = null;
    if (this.emit(`pulse-alert-${kind}`, detail, { cancelable: true }).defaultPrevented) {
      this.stream.requestFrame();
      return;
    }
    if (remote) {
      void this.sendAction(kind, id, form);
      return;
    }
    if (kind === 'ack') this.acknowledge(id);
    else if (kind === 'silence') this.silence(id);
    else {
      this.acknowledge(id, false);
      this.silence(id, false);
    }
  }

  /** Asks the server; the new state comes back on the stream, a failure stays on the button. */
  private async sendAction(action: AlertAction, id: string, form?: { duration: string; comment: string }): Promise<void> {
    const hub = this.stream.currentHub;
    if (!hub) return;
    this.setAction(id, { action, pending: true });
    const result = await requestAlertAction(hub, action, { id, ...(form?.duration ? { duration: form.duration } : {}), ...(form?.comment ? { comment: form.comment } : {}) });
    if (result.ok) this.actions.delete(id);
    else this.setAction(id, { action, pending: false, failure: result });
    this.stream.requestFrame();
  }

  private setAction(id: string, state: ActionState): void {
    this.actions.set(id, state);
    // Bounded: states of alerts that left go first.
    if (this.actions.size > this.store.size + 16) for (const key of this.actions.keys()) if (!this.store.get(key)) this.actions.delete(key);
    this.stream.requestFrame();
  }

  private readonly onSilenceSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const id = form.dataset['id'] ?? '';
    const duration = (form.elements.namedItem('duration') as HTMLSelectElement | null)?.value ?? this.silenceDuration;
    const comment = ((form.elements.namedItem('comment') as HTMLInputElement | null)?.value ?? '').trim().slice(0, 1000);
    this.act('silence', id, { duration, comment });
  };

  private closeSilenceForm(): void {
    const id = this.silenceFormFor;
    this.silenceFormFor = null;
    this.requestUpdate();
    if (id) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-action="silence"][data-id="${CSS.escape(id)}"]`)?.focus());
  }

  /** One delegated listener for every Ack, Silence and group toggle button. */
  private readonly onClick = (event: Event): void => {
    const target = (event.target as Element | null)?.closest<HTMLElement>('[data-action]');
    if (!target) return;
    const action = target.dataset['action'];
    if (action === 'toggle-group') {
      const key = target.dataset['group'] ?? '';
      if (this.collapsed.has(key)) this.collapsed.delete(key);
      else if (this.collapsed.size < 1000) this.collapsed.add(key);
      this.requestUpdate();
    } else if (action === 'ack' || action === 'silence' || action === 'unsilence') {
      this.act(action, target.dataset['id'] ?? '');
    } else if (action === 'cancel-silence') {
      this.closeSilenceForm();
    } else if (action === 'severity') {
      this.toggleSeverity(target.dataset['severity'] as AlertSeverity);
    }
  };

  private readonly onFilterInput = (event: Event): void => {
    this.filter = (event.target as HTMLInputElement).value;
  };

  private groupKeys(): string[] {
    return commaList(this.groupBy);
  }

  private groups(entries: AlertEntry[], keys: string[]): Group[] {
    const byKey = new Map<string, AlertEntry[]>();
    for (const entry of entries) {
      const key = JSON.stringify(keys.map((k) => entry.labels.get(k) ?? null));
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(entry);
    }
    const groups: Group[] = [];
    for (const [key, list] of byKey) {
      const first = list[0]!;
      const name = keys.map((k) => (first.labels.has(k) ? `${k}=${first.labels.get(k)}` : this.t('alert.noLabel', { key: k }))).join(', ');
      const shared = new Map<string, string>();
      for (const [k, v] of first.labels) if (!keys.includes(k) && list.every((e) => e.labels.get(k) === v)) shared.set(k, v);
      let worst: number = ALERT_SEVERITIES.length;
      for (const e of list) if (e.status === 'firing') worst = Math.min(worst, severityRank(e.severity));
      groups.push({ key, name, entries: list, worst, shared, sharedKey: JSON.stringify([...shared]) });
    }
    return groups.sort((a, b) => a.worst - b.worst || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  override render(): TemplateResult {
    const now = Date.now();
    const all = [...this.store.values()];
    const firing = new Map<AlertSeverity, number>(ALERT_SEVERITIES.map((s) => [s, 0]));
    let firingTotal = 0;
    let resolvedTotal = 0;
    for (const entry of all) {
      if (entry.status === 'firing') {
        firing.set(entry.severity, firing.get(entry.severity)! + 1);
        firingTotal++;
      } else resolvedTotal++;
    }
    const shown = this.shownSeverities();
    const needle = this.filter.trim().toLowerCase();
    const visible = all.filter((e) => shown.has(e.severity) && this.matchesText(e, needle)).sort(compareAlerts);
    const keys = this.groupKeys();
    const label = this.label || this.t('alert.label');
    const known = this.stateKnown;
    const summary = firingTotal
      ? this.t('alert.firing', { count: firingTotal })
      : known
        ? this.t('alert.noneFiring')
        : this.t('alert.unknown');

    // The frame fills the host (styles: sizing); its content is not re-indented to keep diffs small.
    return html`<div class="frame" part="frame">
      <div class="header" part="header">
        <span class="summary" part="summary" data-known=${known ? 'true' : 'false'}
          >${summary}${resolvedTotal ? ` · ${this.t('alert.resolvedCount', { count: resolvedTotal })}` : ''}</span
        >
        <div class="chips" role="group" aria-label=${this.t('alert.showSeverities')} @click=${this.onClick}>
          ${ALERT_SEVERITIES.map(
            (s) => html`<button
              type="button"
              class="chip"
              part="chip"
              data-action="severity"
              data-severity=${s}
              aria-pressed=${shown.has(s) ? 'true' : 'false'}
              aria-disabled=${shown.size === 1 && shown.has(s) ? 'true' : nothing}
            >
              <span class="icon" aria-hidden="true">${SEVERITY_ICON[s]()}</span>${this.t(`alert.severity.${s}`)} <span class="count">${firing.get(s)}</span>
            </button>`,
          )}
        </div>
        <input
          class="filter"
          part="filter"
          type="search"
          placeholder=${this.t('alert.filter')}
          aria-label=${this.t('alert.filterLabel')}
          .value=${this.filter}
          @input=${this.onFilterInput}
        />
        ${this.renderStatus()}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcer.text}</div>
      <div class="body" @click=${this.onClick}>
        ${visible.length === 0
          ? all.length === 0 && !known
            ? html`<p class="empty unknown" part="empty"><strong>${this.t('alert.unknown')}</strong> ${this.t('alert.unknownDetail')}</p>`
            : html`<p class="empty" part="empty">${all.length === 0 || firingTotal === 0 ? this.t('alert.noneFiring') : this.t('alert.noMatch')}</p>`
          : keys.length
            ? this.renderGroups(this.groups(visible, keys), now, label)
            : html`<div class="list alerts" part="list" role="grid" aria-label=${label} aria-rowcount=${visible.length}>
                ${repeat(
                  visible,
                  (e) => e.id,
                  (e) => this.alertItem(e, undefined, '', now),
                )}
              </div>`}
      </div>
    </div>`;
  }

  private renderGroups(groups: Group[], now: number, label: string): TemplateResult {
    return html`<div class="groups alerts" role="grid" aria-label=${this.t('alert.groupsLabel', { label, keys: this.groupKeys().join(', ') })}>
      ${repeat(
        groups,
        (g) => g.key,
        (g) => {
          const expanded = !this.collapsed.has(g.key);
          const firing = g.entries.filter((e) => e.status === 'firing');
          const counts = ALERT_SEVERITIES.map((s) => [s, firing.filter((e) => e.severity === s).length] as const)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => this.t('alert.severityCount', { count: n, severity: this.t(`alert.severity.${s}`) }));
          return html`<div class="group" part="group" role="rowgroup">
            <div class="group-row" role="row" data-key=${`group:${g.key}`}>
              <div class="group-cell" role="gridcell">
                <h3 class="group-heading">
                  <button
                    type="button"
                    class="group-toggle"
                    part="group-toggle"
                    data-cell
                    tabindex="-1"
                    data-action="toggle-group"
                    data-group=${g.key}
                    aria-expanded=${expanded ? 'true' : 'false'}
                  >
                    <span class="chevron" aria-hidden="true">${icons.chevron()}</span>
                    <span class="group-name">${g.name}</span>
                    <span class="group-counts">${this.t('alert.groupCount', { count: g.entries.length })}${counts.length ? ` · ${counts.join(', ')}` : ''}</span>
                  </button>
                </h3>
                ${g.shared.size
                  ? html`<div class="labels shared-labels" part="group-labels" aria-label=${this.t('alert.sharedLabels')}>${this.renderLabels(g.shared)}</div>`
                  : nothing}
              </div>
            </div>
            ${expanded
              ? html`<div class="list" part="list" role="presentation">
                  ${repeat(
                    g.entries,
                    (e) => e.id,
                    (e) => this.alertItem(e, g.shared, g.sharedKey, now),
                  )}
                </div>`
              : nothing}
          </div>`;
        },
      )}
    </div>`;
  }

  private renderLabels(labels: Iterable<readonly [string, string]>): TemplateResult[] {
    const out: TemplateResult[] = [];
    for (const [k, v] of labels) out.push(html`<span class="label"><span class="k">${k}</span>=<span class="v">${v}</span></span>`);
    return out;
  }

  /**
   * One alert, re-rendered only when it changed or its duration text moved on: with hundreds of
   * alerts, a frame costs what changed, not the whole list.
   */
  private alertItem(e: AlertEntry, shared: ReadonlyMap<string, string> | undefined, sharedKey: string, now: number): unknown {
    const lang = this.i18n.lang;
    const since =
      e.status === 'firing'
        ? this.t('alert.firingFor', { duration: formatDurationCompact(now - e.startsAt, lang) })
        : this.t('alert.resolvedAgo', { ago: formatRelativeTime(Math.min(0, (e.endsAt ?? e.resolvedAt ?? e.updatedAt) - now), lang) });
    const action = this.actions.get(e.id);
    const formOpen = this.silenceFormFor === e.id;
    return guard([e, e.revision, since, sharedKey, this.groupBy, action, formOpen, this.i18n.key], () => this.renderAlert(e, shared, since, action, formOpen));
  }

  private renderAlert(e: AlertEntry, shared: ReadonlyMap<string, string> | undefined, since: string, action: ActionState | undefined, formOpen: boolean): TemplateResult {
    const firing = e.status === 'firing';
    const hideKeys = new Set(this.groupKeys());
    const own: [string, string][] = [];
    for (const [k, v] of e.labels) if (!hideKeys.has(k) && shared?.get(k) !== v) own.push([k, v]);
    const resolvedAt = e.endsAt ?? e.resolvedAt ?? e.updatedAt;
    const lang = this.i18n.lang;
    return html`<div
      class="alert"
      part="alert"
      role="row"
      data-key=${e.id}
      data-severity=${e.severity}
      data-status=${e.status}
      ?data-flapping=${e.flapping}
      ?data-acknowledged=${e.acknowledged}
      ?data-silenced=${e.silenced}
    >
      <div class="content" role="gridcell" data-cell tabindex="-1">
        <div class="severity" part="severity"><span class="icon" aria-hidden="true">${SEVERITY_ICON[e.severity]()}</span>${this.t(`alert.severity.${e.severity}`)}</div>
        <div class="main">
          <div class="title" part="title">${e.title}</div>
          <div class="meta">
            ${firing
              ? nothing
              : html`<span class="badge resolved" part="badge"><span class="icon" aria-hidden="true">${icons.check()}</span>${this.t('alert.resolved')}</span>`}
            ${firing
              ? html`<time class="since" datetime=${new Date(e.startsAt).toISOString()} title=${this.t('alert.started', { time: formatDateTime(e.startsAt, lang) })}
                  >${since}</time
                >`
              : html`<time class="since" datetime=${new Date(resolvedAt).toISOString()} title=${this.t('alert.resolvedAt', { time: formatDateTime(resolvedAt, lang) })}
                  >${since}</time
                >`}
            ${e.flapping ? html`<span class="badge flapping" part="badge">${this.t('alert.flapping')}</span>` : nothing}
            ${e.silence
              ? this.renderSilenceBadge(e.silence)
              : html`${e.acknowledged ? html`<span class="badge acked" part="badge">${this.t('alert.acknowledged')}</span>` : nothing}
                ${e.silenced ? html`<span class="badge silenced" part="badge">${this.t('alert.silenced')}</span>` : nothing}`}
          </div>
          ${!firing && e.resolution ? html`<div class="resolution" part="resolution">${this.t('alert.resolution', { text: e.resolution })}</div>` : nothing}
          ${e.description ? html`<div class="description" part="description">${e.description}</div>` : nothing}
          ${own.length ? html`<div class="labels" part="labels">${this.renderLabels(own)}</div>` : nothing}
        </div>
      </div>
      ${firing ? this.renderActions(e, action, formOpen) : nothing}
    </div>`;
  }

  /** "Silenced by alice until 16:03" / "Acknowledged by bob until 14:18", the comment in the tooltip. */
  private renderSilenceBadge(s: AlertSilence): TemplateResult {
    const lang = this.i18n.lang;
    const until = s.until === undefined ? '' : s.until - Date.now() > 20 * 3_600_000 ? formatDateTime(s.until, lang) : formatClockTime(s.until, lang);
    const state = s.state === 'acknowledged' ? 'acknowledged' : 'silenced';
    const text = s.by
      ? until
        ? this.t(`alert.${state}ByUntil`, { by: s.by, until })
        : this.t(`alert.${state}By`, { by: s.by })
      : until
        ? this.t(`alert.${state}Until`, { until })
        : this.t(`alert.${state}`);
    const title = [s.until !== undefined ? this.t('alert.until', { time: formatDateTime(s.until, lang) }) : '', s.comment].filter(Boolean).join(' · ');
    return html`<span class="badge ${state === 'acknowledged' ? 'acked' : 'silenced'}" part="badge" title=${title}>${text}</span>`;
  }

  /**
   * The row's action cells (grid cells the arrow keys reach): Ack and Silence, or Unsilence while
   * a silence holds; then, in a cell of their own, why the last action failed and the Silence
   * form. The form's fields are ordinary Tab stops while it is open (a cell being edited, as in
   * the APG grid); Escape closes it and returns to its Silence button.
   */
  private renderActions(e: AlertEntry, action: ActionState | undefined, formOpen: boolean): TemplateResult {
    const pending = action?.pending ? action.action : undefined;
    const errorId = this.errorIdOf(e);
    const failed = action && !action.pending ? action : undefined;
    const described = (kind: AlertAction) => (failed?.action === kind ? errorId : nothing);
    // One grid cell per button: `text` when idle, its busy word while the request is under way.
    const cell = (kind: AlertAction, text: string, state: { disabled?: boolean; expanded?: boolean } = {}) =>
      html`<span role="gridcell"
        ><button
          type="button"
          data-cell
          tabindex="-1"
          data-action=${kind}
          data-id=${e.id}
          aria-disabled=${state.disabled === undefined ? nothing : state.disabled ? 'true' : 'false'}
          aria-expanded=${state.expanded === undefined ? nothing : state.expanded ? 'true' : 'false'}
          aria-busy=${pending === kind ? 'true' : 'false'}
          aria-describedby=${described(kind)}
        >
          ${pending === kind ? this.t(`alert.${kind}Pending`) : text}<span class="visually-hidden">: ${e.title}</span>
        </button></span
      >`;
    const buttons = e.silence
      ? cell('unsilence', this.t(e.silence.state === 'acknowledged' ? 'alert.unack' : 'alert.unsilence'))
      : html`${cell('ack', this.t(e.acknowledged ? 'alert.acked' : 'alert.ack'), { disabled: e.acknowledged })}
        ${cell('silence', this.t(e.silenced ? 'alert.silencedButton' : 'alert.silence'), {
          disabled: e.silenced,
          expanded: this.remoteActions && !e.silenced ? formOpen : undefined,
        })}`;
    // The error and the form are a cell of their own under the whole row (styles: one line).
    return html`<div class="actions" part="actions">${buttons}</div>
      ${failed || formOpen
        ? html`<div class="action-detail" role="gridcell">
            ${failed
              ? html`<span class="action-error" part="action-error" id=${errorId} role="alert"
                  ><span class="icon" aria-hidden="true">${icons.warning()}</span>${this.t(`alert.${failed.action}Failed`, { error: this.failureText(failed.failure) })}</span
                >`
              : nothing}
            ${formOpen ? this.renderSilenceForm(e) : nothing}
          </div>`
        : nothing}`;
  }

  /** Why an action failed: the server's own words when it gave some, else ours. */
  private failureText(failure: ActionState['failure']): string {
    if (!failure) return '';
    if (failure.error) return failure.error;
    if (failure.failure === 'unreachable') return this.t('alert.actionUnreachable');
    if (failure.failure === 'no-actions') return this.t('alert.actionsNone');
    return this.t('alert.actionStatus', { status: String(failure.status) });
  }

  private errorIdOf(e: AlertEntry): string {
    let id = this.errorIds.get(e);
    if (!id) this.errorIds.set(e, (id = `action-error-${++this.errorSerial}`));
    return id;
  }

  private renderSilenceForm(e: AlertEntry): TemplateResult {
    const initial = SILENCE_DURATIONS.some(([v]) => v === this.silenceDuration) ? this.silenceDuration : '2h';
    const lang = this.i18n.lang;
    return html`<form
      class="silence-form"
      part="silence-form"
      data-id=${e.id}
      aria-label=${this.t('alert.silenceForm', { title: e.title })}
      @submit=${this.onSilenceSubmit}
      @keydown=${this.onSilenceKeyDown}
    >
      <label
        >${this.t('alert.duration')}
        <select name="duration" dir="auto">
          ${SILENCE_DURATIONS.map(([value, amount, unit]) => html`<option value=${value} dir="auto" ?selected=${value === initial}>${durationWords(amount, unit, lang)}</option>`)}
        </select>
      </label>
      <label>${this.t('alert.comment')} <input name="comment" type="text" dir="auto" maxlength="1000" autocomplete="off" /></label>
      <div class="form-buttons">
        <button type="submit">${this.t('alert.silence')}</button>
        <button type="button" data-action="cancel-silence">${this.t('alert.cancel')}</button>
      </div>
    </form>`;
  }

  /** Escape leaves the form (the cell being edited) and returns to its Silence button. */
  private readonly onSilenceKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.closeSilenceForm();
  };
}

const durationFormats = new Map<string, Intl.NumberFormat>();

/** "2 hours", "2 Stunden", "2 時間": the length in the language's own words. */
function durationWords(amount: number, unit: 'minute' | 'hour' | 'day' | 'week', lang: string): string {
  const key = `${lang} ${unit}`;
  let format = durationFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' });
    if (durationFormats.size < 32) durationFormats.set(key, format);
  }
  return format.format(amount);
}

/** Detail of `pulse-alert-silence`: the ack detail plus the form's `duration` and `comment`. */
export type PulseAlertSilenceDetail = PulseAlertAckDetail;
/** Detail of `pulse-alert-unsilence`. */
export type PulseAlertUnsilenceDetail = PulseAlertAckDetail;
/** @deprecated Since 0.2.0, removed in 0.3.0: use `PulseAlertAckDetail` (or the silence/unsilence names). */
export type AlertActionDetail = PulseAlertAckDetail;

declare module '../../render/events.js' {
  interface PulseEventMap {
    'pulse-alert-ack': CustomEvent<PulseAlertAckDetail>;
    'pulse-alert-silence': CustomEvent<PulseAlertSilenceDetail>;
    'pulse-alert-unsilence': CustomEvent<PulseAlertUnsilenceDetail>;
  }
}
