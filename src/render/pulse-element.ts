import { ContextConsumer } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { GapInfo } from '../data/stream-hub.js';
import type { MessageMeta, TransportKind } from '../data/types.js';
import type { MessageKey, MessageParams } from '../i18n/messages.js';
import { commaList } from './attributes.js';
import { attachSchemeProbe, checkPageScheme } from './color-scheme.js';
import { emit, noteListener, type EmitOptions, type PulseEventDetail, type PulseEventMap, type PulseEventName } from './events.js';
import { PULSEBOARD_VERSION } from './define.js';
import type { FrameClient } from './frame-scheduler.js';
import { formatClockTime, formatDateTime } from './format.js';
import { freshnessContext, type FreshnessTracker } from './freshness.js';
import { LocaleController } from './locale-controller.js';
import { StreamController, type StreamStatus } from './stream-controller.js';
import { statusStyles, themeStyles } from './theme.styles.js';
import { VERSION } from '../version.js';

/**
 * What the five data elements share: `topic`, `field`, `stale-after`, `src`, the connection and
 * staleness indicator, and rendering on the shared frame. Subclasses turn payloads into state in
 * `onPayload` and draw it in `render`; a burst of messages costs one render per frame.
 */
export abstract class PulseElement extends LitElement implements FrameClient {
  static override styles = [themeStyles, statusStyles];

  /** @internal Which copy of Pulseboard this class came from: a tag taken by it is no clash. */
  static readonly [PULSEBOARD_VERSION] = VERSION;

  /** Fires a Pulseboard event (./events.ts): bubbles and composed unless told, cancelable when asked. */
  protected emit<K extends PulseEventName>(name: K, detail: PulseEventDetail<K>, options?: EmitOptions): PulseEventMap[K] {
    return emit(this, name, detail, options);
  }

  /** A listener for a renamed event's old name gets its deprecation notice here. */
  override addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: HTMLElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
    noteListener(type);
    super.addEventListener(type, listener, options);
  }

  /**
   * Which stream: a topic, or a comma-separated list where the element shows several. Entries may
   * be `*` patterns (`cpu@*`, `logs@*`): every matching topic, up to the source's cap of topics
   * per pattern.
   */
  @property({ reflect: true }) topic = '';

  /** Dot path into each payload (`cpu.percent`) for streams not shaped for this element. */
  @property() field?: string;

  /** Show the data as stale after this long without a message: `10s`, `2m`, or milliseconds. */
  @property({ attribute: 'stale-after' }) staleAfter?: string;

  /** Stand-alone source URL when there is no `<pulse-source>` around; same URLs share one connection. */
  @property() src?: string;

  /** Overrides the transport guessed from `src` (`ws(s)://` means WebSocket). */
  @property() transport?: TransportKind;

  /** Send cookies with a stand-alone `src`. */
  @property({ type: Boolean, attribute: 'with-credentials' }) withCredentials = false;

  /**
   * Forces `light` or `dark`. Without it the element follows `--pulse-color-scheme`, else the
   * page's own `color-scheme`, else the user's `prefers-color-scheme` (docs/theming.md).
   */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** How many times this element has rendered; one per frame at most, whatever the message rate. */
  renderCount = 0;

  protected readonly stream = new StreamController(this, {
    onPayload: (payload, meta) => this.onPayload(payload, meta),
    onBatch: this.onBatch ? (payloads, meta) => this.onBatch!(payloads, meta) : undefined,
    onReset: () => this.onReset(),
    onGap: (gap) => this.onGap(gap),
    onSecond: (now) => this.onSecond(now),
  });

  /**
   * The element's language: its `lang`, else the nearest ancestor's, else the document's. Every
   * built-in string comes from the locale table for it, and numbers and dates follow it.
   */
  protected readonly i18n = new LocaleController(this);

  /** A built-in string in this element's language (see src/i18n/messages.ts). */
  protected t(key: MessageKey, params?: MessageParams): string {
    return this.i18n.t(key, params);
  }

  /** The `<pulse-source>` this element reports its status to (aggregate freshness). */
  private freshness: FreshnessTracker | undefined;
  private reportedStatus: StreamStatus | undefined;

  private topicsOf: { topic: string; list: string[] } = { topic: '', list: [] };

  /** Custom states (`page-scheme-none`) the styles read; subclasses may add their own. */
  protected readonly internals: ElementInternals | undefined = this.attachInternals?.();

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    attachSchemeProbe(this, root as ShadowRoot, this.internals?.states);
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    checkPageScheme(this);
  }

  /** Topics from the `topic` attribute, trimmed, empty ones dropped (parsed once per value). */
  topics(): string[] {
    if (this.topicsOf.topic !== this.topic) {
      const list = commaList(this.topic);
      this.topicsOf = { topic: this.topic, list };
    }
    return this.topicsOf.list;
  }

  /** The "Last data" tooltip changes once a second at most: formatted once per second, not per render. */
  private lastDataTitle = { second: -1, lang: '', text: '' };

  private lastDataText(at: number): string {
    if (!at) return this.t('status.noData');
    const second = Math.floor(at / 1000);
    const lang = this.i18n.key;
    if (this.lastDataTitle.second !== second || this.lastDataTitle.lang !== lang) {
      this.lastDataTitle = { second, lang, text: this.t('status.lastData', { time: formatDateTime(at, this.i18n.lang) }) };
    }
    return this.lastDataTitle.text;
  }

  constructor() {
    super();
    new ContextConsumer(this, {
      context: freshnessContext,
      subscribe: true,
      callback: (tracker) => {
        if (tracker === this.freshness) return;
        this.freshness?.remove(this);
        this.freshness = tracker;
        this.reportedStatus = undefined;
        this.reportStatus(this.stream.status());
      },
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.freshness?.remove(this);
    this.freshness = undefined;
    this.reportedStatus = undefined;
  }

  /** Tells the surrounding `<pulse-source>` this element's status, when it takes data from it. */
  private reportStatus(status: StreamStatus): void {
    const tracker = this.freshness;
    if (!tracker || status === this.reportedStatus) return;
    if (this.src) {
      // Its own stream: not part of the source's freshness.
      tracker.remove(this);
      this.reportedStatus = undefined;
      return;
    }
    this.reportedStatus = status;
    tracker.report(this, status);
  }

  /** Payloads the element skipped because they were malformed. */
  get skipped(): number {
    return this.stream.skipped;
  }

  /** The word the indicator shows: live, stale, reconnecting, disconnected... */
  get status(): StreamStatus {
    return this.stream.status();
  }

  /** Turn a payload into state. Do not touch the DOM here: the frame does that. */
  protected abstract onPayload(payload: unknown, meta: MessageMeta): void;

  /**
   * Optional: take the items of one event in one call instead of `onPayload` per item (an element
   * that gets many items per event, such as a log tail). Defined on the class, it replaces `onPayload`.
   */
  protected onBatch?(payloads: readonly unknown[], meta: MessageMeta): void;

  /** Forget shown data; the topic or source changed. */
  protected onReset(): void {}

  /** Events were lost upstream. The indicator says so; subclasses may also mark the spot. */
  protected onGap(_gap: GapInfo): void {}

  /**
   * Once a second while connected, from the page's one shared clock (no timer per element):
   * for what changes with time alone, such as ages, durations and offline timeouts.
   */
  protected onSecond(_now: number): void {}

  /** Called by the shared scheduler at most once per frame. */
  renderFrame(): void {
    this.requestUpdate();
  }

  protected override update(changed: PropertyValues): void {
    this.renderCount++;
    super.update(changed);
    const status = this.stream.status();
    if (this.getAttribute('status') !== status) this.setAttribute('status', status);
    this.reportStatus(status);
  }

  /**
   * The indicator: a dot AND a word (never colour alone), plus counts of skipped payloads and
   * gaps. The state word sits in a polite live region; ages and counts stay out of it so a
   * screen reader hears "Stale" once, not a new number every second.
   */
  protected renderStatus(): TemplateResult {
    const status = this.stream.status();
    const lang = this.i18n.lang;
    const reason = this.statusReason(status, (ms) => formatClockTime(ms, lang));
    const { skipped, gaps } = this.stream;
    const { offline, shown } = this.stream.offline();
    // Some of several sources offline (one host of `cpu@*`): still live, and said so next to it.
    const someOffline = offline.length > 0 && offline.length < shown ? offline : [];
    const word = this.t(`status.${status}`);
    return html`<span class="status" part="status" data-status=${status} title=${live(this.statusTitle(status, reason, offline))}>
      <span class="dot" aria-hidden="true"></span>
      <span class="word" role="status" aria-live="polite">${reason ? this.t('status.withReason', { status: word, reason }) : word}</span>
      ${skipped ? html`<span class="extra" part="status-skipped">· ${this.t('status.skipped', { count: skipped })}</span>` : nothing}
      ${gaps ? html`<span class="extra" part="status-gap">· ${this.t('status.gap')}</span>` : nothing}
      ${someOffline.length ? html`<span class="extra" part="status-offline">· ${this.t('status.offlineCount', { count: someOffline.length })}</span>` : nothing}
    </span>`;
  }

  /**
   * The indicator's tooltip. Bound with live(): an element may write a newer one between renders
   * (the gauge's value-only frames), and the next render must not trust its own last value.
   */
  protected statusTitle(status: StreamStatus, reason = this.statusReason(status, (ms) => formatClockTime(ms, this.i18n.lang)), offline = this.stream.offline().offline): string {
    const lang = this.i18n.lang;
    const { skipped, gaps } = this.stream;
    // The server's message says which agent and why, as it sent it; without one, the topic.
    const offlineText = offline.map((topic) => this.stream.currentHub?.sourceStatus(topic)?.message ?? this.t('status.topicOffline', { topic })).join('; ');
    return [
      status === 'disconnected' || status === 'unauthorized' ? (reason ? this.t('status.stopped', { reason }) : '') : '',
      status === 'source-error' ? this.t('status.withReason', { status: this.t('status.source-error'), reason: this.statusReason(status, (ms) => formatDateTime(ms, lang)) }) : '',
      offlineText,
      this.lastDataText(this.stream.lastDataAt),
      skipped ? this.t('status.skippedTitle', { count: skipped }) : '',
      gaps ? this.t('status.gapsTitle', { count: gaps }) : '',
    ]
      .filter(Boolean)
      .join('. ');
  }

  /**
   * What follows the status word, in this element's language ('' when nothing): the transport's
   * error when disconnected, the server's refusal or the denied topics when not authorized, the
   * upstream's failure and since when (`when` formats that time) on a source error. Messages
   * that come from the server are shown as it sent them.
   */
  protected statusReason(status: StreamStatus, when: (ms: number) => string): string {
    if (status === 'disconnected') return this.stream.error?.message ?? '';
    if (status === 'unauthorized') {
      const refusal = this.stream.unauthorized;
      if (!refusal) return '';
      return refusal.denied.length ? this.t('status.noAccess', { topics: refusal.denied.join(', ') }) : refusal.message;
    }
    if (status === 'source-error') {
      const source = this.stream.sourceError;
      if (!source) return '';
      const message = source.message ?? this.t('status.sourceFailing');
      return source.since ? this.t('status.sourceSince', { reason: message, since: when(source.since) }) : message;
    }
    return '';
  }
}
