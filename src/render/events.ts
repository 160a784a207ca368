/**
 * Every element's events, under one rule: `pulse-<element>-<verb>` with the short element nouns
 * (source, gauge, series, log, alert, agent), and the detail type named after the event
 * (`pulse-series-zoom` → `PulseSeriesZoomDetail`). `pulse-state` keeps the name the contract
 * fixes. Each element adds its events to `PulseEventMap` (module augmentation), and
 * `HTMLElementEventMap` extends it, so `el.addEventListener('pulse-series-zoom', (e) => e.detail.from)`
 * is typed.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PulseEventMap {}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface HTMLElementEventMap extends PulseEventMap {}
}

export type PulseEventName = keyof PulseEventMap & string;
export type PulseEventDetail<K extends PulseEventName> = PulseEventMap[K] extends CustomEvent<infer D> ? D : never;

export interface EmitOptions {
  /** Default true, so a handler on the page (or a framework's wrapper) hears it. */
  readonly bubbles?: boolean;
  /** Default true: crosses shadow roots, as the host app's own components may hold ours. */
  readonly composed?: boolean;
  /** Default false; true where a handler may veto what the element does next (`preventDefault()`). */
  readonly cancelable?: boolean;
}

/**
 * Renamed in 0.2.0, fired under the old name too until 0.3.0 (CHANGELOG.md). Old name → new name.
 * A listener added for an old name gets one console notice per name (see `noteListener`).
 */
export const DEPRECATED_EVENTS: Readonly<Record<string, PulseEventName>> = {
  'pulse-freshness': 'pulse-source-change',
  'pulse-threshold': 'pulse-gauge-cross',
  'pulse-zoom': 'pulse-series-zoom',
};

const OLD_NAME: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(DEPRECATED_EVENTS).map(([old, name]) => [name, old]));

/**
 * Dispatches `name` on `target` and returns the event (read `defaultPrevented` when cancelable).
 * The body of `PulseElement.emit` and `PulseSource.emit` (two bases, one behaviour). While a
 * renamed event's old name is still supported it fires right after, with the same detail; a
 * handler that cancels either cancels both.
 */
export function emit<K extends PulseEventName>(target: EventTarget, name: K, detail: PulseEventDetail<K>, options: EmitOptions = {}): PulseEventMap[K] {
  const init = { bubbles: options.bubbles ?? true, composed: options.composed ?? true, cancelable: options.cancelable ?? false, detail };
  const event = new CustomEvent(name, init);
  target.dispatchEvent(event);
  const old = OLD_NAME[name];
  if (old && !target.dispatchEvent(new OldNameEvent(old, init))) event.preventDefault();
  return event as PulseEventMap[K];
}

/**
 * A renamed event under its old name. A listener on an ancestor (the document, a framework's
 * root) cannot be seen from the element, but a handler reading `detail` is one: it gets the same
 * once-per-name notice as a listener added on the element. A handler that never reads `detail`
 * stays unnoticed (CHANGELOG.md says so).
 */
class OldNameEvent<D> extends CustomEvent<D> {
  override get detail(): D {
    noteListener(this.type);
    return super.detail;
  }
}

const noticed = new Set<string>();

/** Called from the bases' addEventListener: one deprecation notice per old event name per page. */
export function noteListener(type: string): void {
  const name = DEPRECATED_EVENTS[type];
  if (!name || noticed.has(type)) return;
  noticed.add(type);
  console.warn(`Pulseboard: the "${type}" event is deprecated and will stop firing in 0.3.0; listen for "${name}" (same detail). See CHANGELOG.md.`);
}
