import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { GapInfo } from '../data/stream-hub.js';
import type { MessageMeta, TransportKind } from '../data/types.js';
import { attachSchemeProbe, checkPageScheme } from './color-scheme.js';
import type { FrameClient } from './frame-scheduler.js';
import { formatClockTime, formatDateTime } from './format.js';
import { StreamController, type StreamStatus } from './stream-controller.js';
import { statusStyles, themeStyles } from './theme.styles.js';

const STATUS_TEXT: Record<StreamStatus, string> = {
  'no-source': 'No source',
  unauthorized: 'Not authorized',
  connecting: 'Connecting',
  waiting: 'Waiting for data',
  live: 'Live',
  stale: 'Stale',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
  // issue-15 (pulse.source); the lead moves it into the locale table at merge.
  'source-error': 'Source error',
};

/**
 * What the five data elements share: `topic`, `field`, `stale-after`, `src`, the connection and
 * staleness indicator, and rendering on the shared frame. Subclasses turn payloads into state in
 * `onPayload` and draw it in `render`; a burst of messages costs one render per frame.
 */
export abstract class PulseElement extends LitElement implements FrameClient {
  static override styles = [themeStyles, statusStyles];

  /** Which stream: a topic, or a comma-separated list where the element shows several. */
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
    onReset: () => this.onReset(),
    onGap: (gap) => this.onGap(gap),
    onSecond: (now) => this.onSecond(now),
  });

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
      const list = this.topic
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      this.topicsOf = { topic: this.topic, list };
    }
    return this.topicsOf.list;
  }

  /** The "Last data" tooltip changes once a second at most: formatted once per second, not per render. */
  private lastDataTitle = { second: -1, text: '' };

  private lastDataText(at: number): string {
    if (!at) return 'No data yet';
    const second = Math.floor(at / 1000);
    if (this.lastDataTitle.second !== second) this.lastDataTitle = { second, text: `Last data ${formatDateTime(at)}` };
    return this.lastDataTitle.text;
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
  }

  /**
   * The indicator: a dot AND a word (never colour alone), plus counts of skipped payloads and
   * gaps. The state word sits in a polite live region; ages and counts stay out of it so a
   * screen reader hears "Stale" once, not a new number every second.
   */
  protected renderStatus(): TemplateResult {
    const status = this.stream.status();
    const error = status === 'disconnected' ? this.stream.error : status === 'unauthorized' ? { message: this.stream.unauthorized ?? '' } : undefined;
    const source = status === 'source-error' ? this.stream.sourceError : undefined;
    const sourceText = source ? `${source.message ?? 'upstream failing'}${source.since ? ` since ${formatClockTime(source.since)}` : ''}` : '';
    const { skipped, gaps } = this.stream;
    const title = [
      error ? `Stopped: ${error.message}` : '',
      source ? `Source error: ${source.message ?? 'upstream failing'}${source.since ? ` since ${formatDateTime(source.since)}` : ''}` : '',
      this.lastDataText(this.stream.lastDataAt),
      skipped ? `${skipped} malformed payload(s) skipped` : '',
      gaps ? `${gaps} gap(s): some events were lost upstream` : '',
    ]
      .filter(Boolean)
      .join('. ');
    return html`<span class="status" part="status" data-status=${status} title=${title}>
      <span class="dot" aria-hidden="true"></span>
      <span role="status" aria-live="polite">${STATUS_TEXT[status]}${error ? html`: ${error.message}` : source ? html`: ${sourceText}` : nothing}</span>
      ${skipped ? html`<span class="extra" part="status-skipped">· ${skipped} skipped</span>` : nothing}
      ${gaps ? html`<span class="extra" part="status-gap">· gap in data</span>` : nothing}
    </span>`;
  }
}
