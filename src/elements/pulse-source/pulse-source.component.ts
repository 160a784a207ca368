import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { TokenProvider } from '../../data/auth.js';
import { sharedHub } from '../../data/hub-registry.js';
import type { StreamHub, SubscribeOptions } from '../../data/stream-hub.js';
import type { ConnectionState, PayloadCallback, StreamStats, TransportKind } from '../../data/types.js';
import { aggregateFreshness, freshnessContext, type FreshnessTracker, type PulseFreshness } from '../../render/freshness.js';
import { emit, noteListener, type EmitOptions, type PulseEventDetail, type PulseEventMap, type PulseEventName } from '../../render/events.js';
import { hubContext } from '../../render/hub-context.js';
import type { StreamStatus } from '../../render/stream-controller.js';
import { PULSEBOARD_VERSION } from '../../render/define.js';
import { VERSION } from '../../version.js';

export type { PulseFreshness } from '../../render/freshness.js';

/** Detail of the `pulse-state` event. */
export interface PulseStateDetail {
  readonly state: ConnectionState;
  readonly error: StreamStats['error'];
}

/**
 * Provides one shared stream to every Pulseboard element inside it. All elements under it (and
 * anywhere else on the page using the same URL) share ONE connection, however many topics they
 * show.
 *
 * `subscribe(topic, callback)` lets host code listen too: `callback(payload, meta)` runs for each
 * payload, and for each item of a batch separately. It first receives the kept history of the
 * topic. `'*'` receives every topic.
 *
 * It also says how fresh the dashboard under it is: every data element taking its data from this
 * source reports its status (live, waiting, stale, reconnecting, disconnected...), and `freshness`
 * holds the worst of them with a count per status. It is reflected as the `freshness` attribute
 * (absent while no element reports) and announced with `pulse-source-change` whenever it changes, so
 * a header can say "2 stale of 7" instead of a connection-level "Live" that hides stale panels.
 *
 * @summary Shared data context: one SSE or WebSocket connection for every element inside.
 * @tagname pulse-source
 * @slot - Dashboard content: any elements, Pulseboard or not.
 * @fires pulse-state - The connection state changed; `detail` is `{state, error}`.
 * @fires pulse-source-change - The aggregate freshness of the elements under it changed; `detail` is `{state, counts, total}`.
 * @fires pulse-freshness - Deprecated old name of `pulse-source-change` (fired too until 0.3.0).
 * @cssprop --pulse-color-scheme - `light`, `dark` or `light dark` (default) for every element inside.
 */
export class PulseSource extends LitElement {
  /** @internal Which copy of Pulseboard this class came from: a tag taken by it is no clash. */
  static readonly [PULSEBOARD_VERSION] = VERSION;

  /** Fires a Pulseboard event (render/events.ts), as PulseElement.emit does. */
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

  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /**
   * Stream URL: `http(s)://` or relative means Server-Sent Events, `ws(s)://` WebSocket, and
   * `local:name` an in-page source fed by `publish()`.
   */
  @property() src = '';

  /** Overrides the transport guessed from `src`. */
  @property() transport?: TransportKind;

  /** Send cookies with the stream request. */
  @property({ type: Boolean, attribute: 'with-credentials' }) withCredentials = false;

  /** Payloads kept per topic for elements that mount late. */
  @property({ type: Number }) history = 1000;

  /**
   * Extra request headers for SSE (e.g. `{Authorization: 'Bearer ...'}`) for a static token. Set
   * as a property. Over WebSocket, which cannot send headers, an `Authorization` here is sent to
   * the server's `auth/ticket` and the socket connects with the single-use ticket it returns.
   */
  @property({ attribute: false }) headers?: Record<string, string>;

  /**
   * `async () => token`: called before connecting and whenever the server says the token expired
   * or was refused; the stream then resumes from its last event, so a refresh loses and repeats
   * nothing (and shows no "Reconnecting" if it takes under a second). A second refusal in a row
   * shows "Not authorized" on every element of this source instead of retrying. Set as a property;
   * it takes precedence over an `Authorization` in `headers`.
   */
  @property({ attribute: false }) tokenProvider?: TokenProvider;

  private readonly provider = new ContextProvider(this, { context: hubContext });
  private readonly members = new Map<Element, StreamStatus>();
  private freshnessValue: PulseFreshness = aggregateFreshness([]);
  private freshnessQueued = false;
  private readonly tracker: FreshnessTracker = {
    report: (element, status) => {
      if (this.members.get(element) === status) return;
      this.members.set(element, status);
      this.queueFreshness();
    },
    remove: (element) => {
      if (this.members.delete(element)) this.queueFreshness();
    },
  };

  constructor() {
    super();
    // Elements from another copy of the bundle find it through the same registered symbol.
    new ContextProvider(this, { context: freshnessContext, initialValue: this.tracker });
  }
  private hubValue: StreamHub | undefined;
  private releaseHub: (() => void) | undefined;
  private stopListening: (() => void) | undefined;

  /** The shared hub for `src`, or undefined without one. */
  get hub(): StreamHub | undefined {
    return this.currentHub();
  }

  /** `connecting | open | reconnecting | closed`, also reflected as the `state` attribute. */
  get state(): ConnectionState {
    return this.hubValue?.state ?? 'closed';
  }

  /**
   * How fresh the elements under this source are: the worst status any of them shows (`state`,
   * also the `freshness` attribute), how many show each status (`counts`), and how many report
   * (`total`). Elements with their own `src` are not counted.
   */
  get freshness(): PulseFreshness {
    return this.freshnessValue;
  }

  /** Counters: messages, malformed, duplicates, gaps, reconnects, last event id, error. */
  get stats(): StreamStats {
    return (
      this.hubValue?.stats ?? {
        state: 'closed',
        messages: 0,
        replayed: 0,
        malformed: 0,
        duplicates: 0,
        gaps: 0,
        reconnects: 0,
        subscriberErrors: 0,
        patternOverflow: 0,
        lastMessageAt: 0,
        lastEventId: undefined,
        error: undefined,
      }
    );
  }

  /**
   * Calls `callback(payload, meta)` for every payload of `topic` (batches item by item), after
   * replaying the topic's kept history. Returns the function that unsubscribes.
   */
  subscribe(topic: string, callback: PayloadCallback, options?: SubscribeOptions): () => void {
    const hub = this.currentHub();
    if (!hub) throw new Error('pulse-source: set `src` (and connect the element) before subscribing');
    return hub.subscribe(topic, callback, options);
  }

  /**
   * Feeds a payload (or a batch array) to every subscriber of `topic` as if it came from the
   * stream. With `src="local:any-name"` this is the only data there is: in-page simulations,
   * Storybook, or data the host app already has.
   */
  publish(topic: string, payload: unknown): void {
    const hub = this.currentHub();
    if (!hub) throw new Error('pulse-source: set `src` (e.g. "local:demo") before publishing');
    hub.publish(topic, payload);
  }

  /**
   * The hub for the properties as they are now. Lit applies a changed `src` in its next update (a
   * microtask later); a framework that inserts the element and then sets its properties (Angular)
   * and publishes in the same task must not get the old hub, or none.
   */
  private currentHub(): StreamHub | undefined {
    if (this.isUpdatePending && this.isConnected) this.attach();
    return this.hubValue;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.detach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.isConnected) return;
    if (changed.has('src') || changed.has('transport') || changed.has('withCredentials') || changed.has('headers') || changed.has('history') || changed.has('tokenProvider')) {
      this.attach();
    }
  }

  override render() {
    return html`<slot></slot>`;
  }

  private attach(): void {
    const hub = this.src
      ? sharedHub({
          url: this.src,
          transport: this.transport,
          withCredentials: this.withCredentials,
          historySize: this.history > 0 ? this.history : 1000,
          ...(this.headers ? { headers: this.headers } : {}),
          ...(this.tokenProvider ? { tokenProvider: this.tokenProvider } : {}),
        })
      : undefined;
    if (hub === this.hubValue && this.releaseHub) return;
    this.detach();
    this.hubValue = hub;
    this.provider.setValue(hub);
    if (!hub) return;
    this.releaseHub = hub.retain();
    this.stopListening = hub.on('state', () => this.reflectState());
    this.reflectState();
  }

  private detach(): void {
    this.stopListening?.();
    this.releaseHub?.();
    this.stopListening = this.releaseHub = undefined;
  }

  /** Many elements report in the same frame: aggregate once, after them. */
  private queueFreshness(): void {
    if (this.freshnessQueued) return;
    this.freshnessQueued = true;
    queueMicrotask(() => {
      this.freshnessQueued = false;
      const next = aggregateFreshness(this.members.values());
      const before = this.freshnessValue;
      if (next.state === before.state && next.total === before.total && JSON.stringify(next.counts) === JSON.stringify(before.counts)) return;
      this.freshnessValue = next;
      if (next.state) this.setAttribute('freshness', next.state);
      else this.removeAttribute('freshness');
      this.emit('pulse-source-change', next);
    });
  }

  private reflectState(): void {
    const { state, error } = this.stats;
    if (this.getAttribute('state') === state) return;
    this.setAttribute('state', state);
    this.emit('pulse-state', { state, error });
  }
}

/** Detail of `pulse-source-change`: the aggregate freshness, as `source.freshness` reads it. */
export type PulseSourceChangeDetail = PulseFreshness;

declare module '../../render/events.js' {
  interface PulseEventMap {
    'pulse-state': CustomEvent<PulseStateDetail>;
    'pulse-source-change': CustomEvent<PulseSourceChangeDetail>;
    /** @deprecated Since 0.2.0, removed in 0.3.0: listen for `pulse-source-change`. */
    'pulse-freshness': CustomEvent<PulseSourceChangeDetail>;
  }
}
